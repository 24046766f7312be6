import { VizPanel } from '@grafana/scenes';
import { interpolatedExprs, panels, setVariables } from '../../../test/support/sceneQueries';
import { resolveSettings } from '../../settings/appSettings';
import { clusterOverviewScene } from './clusterOverviewScene';

describe('Cluster Overview', () => {
  const build = () => {
    const scene = clusterOverviewScene(resolveSettings({ datasourceUid: 'prom' }));
    setVariables(scene, { ds: 'prom', cluster: ['lab'], node: ['$__all'] });
    return scene;
  };

  it('has totals, alert counts, node and guest status grids and top-N panels', () => {
    const titles = panels(build()).map((p) => p.state.title);
    expect(titles).toEqual([
      'Nodes online',
      'Guests running',
      'CPU used',
      'Memory used',
      'Storage used',
      'vCPUs per physical core',
      'Firing alerts',
      'Nodes',
      'Guests',
      'Top guests by CPU (host view)',
      'Top guests by memory (host view)',
      'Top guests by disk latency (in-guest)',
      'Top guests by network (in + out)',
      'Node CPU',
      'Storage used',
    ]);
  });

  it('colour-codes the status grids and links tiles to Host/VM detail', () => {
    const byTitle = new Map(panels(build()).map((p) => [p.state.title, p] as [string, VizPanel]));
    const guests = byTitle.get('Guests')!;
    expect(guests.state.pluginId).toBe('stat');
    expect(guests.state.options).toMatchObject({ colorMode: 'background' });
    const links = guests.state.fieldConfig.defaults.links ?? [];
    expect(links[0]?.url).toBe(
      '/a/pvemon-proxmox-app/vms/${__field.labels.vm_id}?${__url_time_range}&${ds:queryparam}&${cluster:queryparam}'
    );
    const mappings = guests.state.fieldConfig.defaults.mappings ?? [];
    expect(JSON.stringify(mappings)).toContain('"text":"stopped"');
    expect(byTitle.get('Nodes')!.state.fieldConfig.defaults.links?.[0]?.url).toContain('/hosts/${__field.labels.node}');
  });

  it('interpolates the cluster into inventory queries and reads recording rules for top-N', () => {
    const exprs = interpolatedExprs(build());
    expect(exprs).toContain('count(pvemon_node_info{job="pvemon-sd", cluster=~"lab", online="1"}) or vector(0)');
    expect(exprs).toContain('topk(10, guest:pve_cpu_usage:ratio{node=~".*"})');
    expect(exprs.some((e) => e.includes('ALERTS{alertstate="firing", severity="critical"}'))).toBe(true);
    expect(exprs.every((e) => !/\$\{?\w/.test(e))).toBe(true);
  });
});
