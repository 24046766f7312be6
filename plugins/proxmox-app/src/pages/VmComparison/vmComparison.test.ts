import { QueryVariable, sceneGraph } from '@grafana/scenes';
import { interpolatedExprs, panels, setVariables } from '../../../test/support/sceneQueries';
import { resolveSettings } from '../../settings/appSettings';
import { vmComparisonScene } from './vmComparisonScene';

describe('VM Comparison', () => {
  const build = () => {
    const scene = vmComparisonScene(resolveSettings({}));
    setVariables(scene, {
      ds: 'prom',
      cluster: ['lab'],
      node: ['$__all'],
      vcpus: ['2', '4'],
      memory_gb: ['$__all'],
      tag: ['prod'],
      vm: ['100', '105'],
    });
    return scene;
  };

  it('chains cluster → node → filters → guest picker (the filters narrow the picker)', () => {
    const scene = build();
    const vm = sceneGraph.lookupVariable('vm', scene) as QueryVariable;
    expect(vm.state.isMulti).toBe(true);
    expect(vm.state.includeAll).toBe(false);
    const deps = vm.variableDependency?.getNames() ?? new Set();
    expect([...deps].sort()).toEqual(['cluster', 'ds', 'memory_gb', 'node', 'tag', 'vcpus']);
    const picker = sceneGraph.interpolate(vm, (vm.state.query as unknown as { query: string }).query);
    expect(picker).toBe(
      'query_result(max by (vm_id, vm_name) (guest:pvemon_guest_info:join{cluster=~"lab", node=~".*", vcpus=~"(2|4)", memory_gb=~".*", tags=~"(.*;)?(prod)(;.*)?"}))'
    );
    expect(vm.state.regex).toBe('/vm_id="(?<value>[^"]+)".*vm_name="(?<text>[^"]*)"/');
    const node = sceneGraph.lookupVariable('node', scene) as QueryVariable;
    expect([...(node.variableDependency?.getNames() ?? [])].sort()).toEqual(['cluster', 'ds']);
  });

  it('tag filter matches whole tags and, for All, guests without tags', () => {
    const re = (v: string) => new RegExp(`^(.*;)?(${v})(;.*)?$`);
    expect(re('prod').test(';db;prod;')).toBe(true);
    expect(re('prod').test(';preprod;')).toBe(false);
    expect(re('.*').test('')).toBe(true);
  });

  it('shows one series per selected guest in side-by-side panels and embeds the config table', () => {
    const scene = build();
    expect(panels(scene).map((p) => p.state.title)).toEqual([
      'CPU (host view)',
      'Memory (host view)',
      'Disk latency (in-guest, worst disk)',
      'Disk IOPS (in-guest)',
      'Network in + out (host view)',
      'vGPU utilisation',
      'Configuration of the selected guests',
    ]);
    const exprs = interpolatedExprs(scene);
    expect(exprs[0]).toBe('guest:pve_cpu_usage:ratio{vm_id=~"(100|105)"}');
    expect(exprs.filter((e) => e.includes('vm_id=~"(100|105)"')).length).toBeGreaterThanOrEqual(11);
  });
});
