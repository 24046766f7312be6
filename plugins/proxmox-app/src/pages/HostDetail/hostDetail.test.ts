import { FieldType, toDataFrame, transformDataFrame } from '@grafana/data';
import { lastValueFrom } from 'rxjs';
import { registerStandardTransformers } from '../../../test/support/transformers';
import { interpolatedExprs, panels, setVariables } from '../../../test/support/sceneQueries';
import { resolveSettings } from '../../settings/appSettings';
import { framesToCsv } from '../../shared/csv/frameCsv';
import { breakdownTransformations } from './guestBreakdownTable';
import { hostDetailScene } from './hostDetailScene';

beforeAll(registerStandardTransformers);

describe('Host Detail', () => {
  const build = (node = 'pve1') => {
    const scene = hostDetailScene(resolveSettings({ jobs: { gpu: 'gpus' } }), node);
    setVariables(scene, { ds: 'prom', cluster: ['$__all'] });
    return scene;
  };

  it('covers CPU/PSI, memory/ARC, disks, network, GPUs, vGPU and the guest breakdown', () => {
    const titles = panels(build()).map((p) => p.state.title);
    expect(titles).toEqual([
      'CPU',
      'Pressure (PSI)',
      'Memory',
      'Swap activity',
      'Disk latency per device',
      'Disk IOPS per device',
      'Network per interface',
      'GPU utilisation',
      'GPU memory used',
      'GPU temperature',
      'GPU power',
      'vGPU use per VM',
      'Guests on this node',
    ]);
    const table = panels(build()).at(-1)!;
    expect(table.state.menu?.state.items?.[0]?.text).toBe('Download CSV');
  });

  it('pins every query to the node of the route, escaped, and uses the configured job names', () => {
    const exprs = interpolatedExprs(build('pve"1'));
    expect(exprs.every((e) => !e.includes('node="pve"1"'))).toBe(true);
    expect(exprs).toContain('node:node_cpu_utilisation:rate5m{node="pve\\"1"}');
    expect(exprs.find((e) => e.startsWith('nvidia_smi_temperature_gpu'))).toContain('job="gpus"');
  });

  it('breakdown table: one row per guest with renamed columns, CSV with headers', async () => {
    const frame = (refId: string, value: number) =>
      toDataFrame({
        refId,
        fields: [
          { name: 'Time', type: FieldType.time, values: [1, 1] },
          { name: 'guest_type', type: FieldType.string, values: ['qemu', 'lxc'] },
          { name: 'node', type: FieldType.string, values: ['pve1', 'pve1'] },
          { name: 'vm_id', type: FieldType.string, values: ['100', '101'] },
          { name: 'vm_name', type: FieldType.string, values: ['a', 'b'] },
          { name: `Value #${refId}`, type: FieldType.number, values: [value, value / 2] },
        ],
      });
    const [out] = await lastValueFrom(
      transformDataFrame(breakdownTransformations(), [
        frame('cpu', 0.5),
        frame('memory', 0.25),
        frame('disk', 100),
        frame('network', 10),
      ])
    );
    const csv = framesToCsv([out!]).slice(1).split('\r\n');
    expect(csv[0]).toBe(
      '"ID","Name","Type","CPU (host view)","Memory (host view)","Disk read + write","Network in + out"'
    );
    expect(csv[1]).toBe('100,a,qemu,0.5,0.25,100,10');
  });
});
