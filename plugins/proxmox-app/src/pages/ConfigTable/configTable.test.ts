import { FieldType, toDataFrame, transformDataFrame, type DataFrame } from '@grafana/data';
import { lastValueFrom } from 'rxjs';
import { VizPanel } from '@grafana/scenes';
import { recordingRules } from '@pvemon/rules';
import { registerStandardTransformers } from '../../../test/support/transformers';
import { interpolatedExprs, panels, setVariables } from '../../../test/support/sceneQueries';
import { resolveSettings } from '../../settings/appSettings';
import { framesToCsv, UTF8_BOM } from '../../shared/csv/frameCsv';
import { configTableScene } from './configTablePage';
import { configTableTransformations } from './configTableTransformations';

beforeAll(registerStandardTransformers);

const T = 1_764_000_000_000;
/** Frames as Grafana's Prometheus datasource returns instant `table` queries (`Value #<refId>`). */
function table(refId: string, rows: Array<Record<string, string | number>>): DataFrame {
  const labels = [...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => k !== 'value')))].sort();
  return toDataFrame({
    refId,
    fields: [
      { name: 'Time', type: FieldType.time, values: rows.map(() => T) },
      ...labels.map((l) => ({ name: l, type: FieldType.string, values: rows.map((r) => r[l] ?? '') })),
      { name: `Value #${refId}`, type: FieldType.number, values: rows.map((r) => r.value) },
    ],
  });
}

const INFO = {
  __name__: recordingRules.guestInfo,
  cluster: 'lab',
  guest_type: 'qemu',
  node: 'pve1',
  os: 'linux',
  ostype: 'l26',
  status: 'running',
  template: '0',
  memory_gb: '4',
  vcpus: '2',
};
const frames = [
  table('info', [
    { ...INFO, vm_id: '101', vm_name: 'web, "blue"', tags: ';prod;web;', pool: 'prod', agent: '1', value: 1 },
    { ...INFO, vm_id: '100', vm_name: 'db', tags: ';prod;', pool: 'prod', agent: '0', value: 1 },
  ]),
  table('status', [
    { vm_id: '100', value: 1 },
    { vm_id: '101', value: 2 },
  ]),
  table('gpus', [{ vm_id: '100', value: 1 }]),
  table('exporter', [{ vm_id: '100', instance: '127.1.1.100:9100', value: 1 }]),
  table('uptime', [
    { vm_id: '100', value: 3600 },
    { vm_id: '101', value: 60 },
  ]),
];

describe('VM config table', () => {
  it('merges the instant queries into one row per guest with display names as headers', async () => {
    const [out] = await lastValueFrom(transformDataFrame(configTableTransformations(), frames));
    expect(out).toBeDefined();
    const headers = out!.fields.map((f) => f.config.displayName ?? f.name);
    expect(headers).toEqual([
      'Cluster',
      'Node',
      'ID',
      'Name',
      'Type',
      'OS',
      'OS type',
      'Status',
      'vCPUs',
      'Memory (GiB)',
      'Tags',
      'Pool',
      'Agent',
      'GPU/vGPU devices',
      'Exporter address',
      'In-guest exporter',
      'Uptime',
    ]);
    expect(out!.length).toBe(2);
    const col = (h: string) => out!.fields.find((f) => (f.config.displayName ?? f.name) === h)!.values;
    expect(col('Name')).toEqual(['db', 'web, "blue"']); // sorted by name
    expect(col('Status')).toEqual([1, 2]);
    expect(col('Agent')).toEqual(['0', '1']);
    expect(col('Exporter address')[0]).toBe('127.1.1.100:9100');
    expect(col('GPU/vGPU devices')[1]).toBeUndefined();
  });

  it('exports CSV with a BOM, quoted headers and escaped quotes/commas', async () => {
    const [out] = await lastValueFrom(transformDataFrame(configTableTransformations(), frames));
    const csv = framesToCsv([out!]);
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe(
      '"Cluster","Node","ID","Name","Type","OS","OS type","Status","vCPUs","Memory (GiB)","Tags","Pool","Agent","GPU/vGPU devices","Exporter address","In-guest exporter","Uptime"'
    );
    expect(lines[2]).toContain('"web, ""blue"""');
    expect(lines).toHaveLength(3);
  });

  it('builds one table with CSV export whose queries select the inventory of the chosen nodes', () => {
    const scene = configTableScene(resolveSettings({}));
    setVariables(scene, { ds: 'prom', cluster: ['$__all'], node: ['pve1', 'pve2'] });
    const [panel] = panels(scene);
    expect(panel).toBeInstanceOf(VizPanel);
    expect(panel!.state.pluginId).toBe('table');
    expect(panel!.state.menu?.state.items?.map((i) => i.text)).toEqual(['Download CSV']);
    const exprs = interpolatedExprs(scene);
    expect(exprs[0]).toBe('guest:pvemon_guest_info:join{cluster=~".*", node=~"(pve1|pve2)"}');
    expect(exprs.every((e) => !e.includes('$'))).toBe(true);
  });
});
