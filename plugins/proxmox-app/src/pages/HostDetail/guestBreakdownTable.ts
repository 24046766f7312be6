import { PanelBuilders, type VizPanel } from '@grafana/scenes';
import type { DataTransformerConfig } from '@grafana/data';
import type { PanelQuery } from '../../queries/types';
import { csvMenu } from '../../shared/csv/csvMenu';
import { drilldownLinks } from '../../shared/links';
import { transformed } from '../../shared/queryRunner';

const COLUMNS: Array<[string, string]> = [
  ['vm_id', 'ID'],
  ['vm_name', 'Name'],
  ['guest_type', 'Type'],
  ['Value #cpu', 'CPU (host view)'],
  ['Value #memory', 'Memory (host view)'],
  ['Value #disk', 'Disk read + write'],
  ['Value #network', 'Network in + out'],
];

/** Keeps the guest identity and one value column per query, merged on vm_id. */
export function breakdownTransformations(): DataTransformerConfig[] {
  return [
    { id: 'merge', options: {} },
    {
      id: 'organize',
      options: {
        excludeByName: Object.fromEntries(
          ['Time', '__name__', 'job', 'instance', 'id', 'node', 'cluster'].map((f) => [f, true])
        ),
        indexByName: Object.fromEntries(COLUMNS.map(([f], i) => [f, i])),
        renameByName: Object.fromEntries(COLUMNS),
      },
    },
    { id: 'sortBy', options: { sort: [{ field: 'CPU (host view)', desc: true }] } },
  ];
}

/** The node's guests, one row each, sortable, CSV export, click a name → VM Detail. */
export function guestBreakdownTable(queries: PanelQuery[]): VizPanel {
  return PanelBuilders.table()
    .setTitle('Guests on this node')
    .setData(transformed(queries, breakdownTransformations()))
    .setMenu(csvMenu())
    .setOverrides((b) => {
      b.matchFieldsWithName('Name').overrideLinks([{ title: 'VM detail', url: drilldownLinks.vmFromField('ID') }]);
      b.matchFieldsWithName('CPU (host view)').overrideUnit('percentunit').overrideDecimals(1);
      b.matchFieldsWithName('Memory (host view)').overrideUnit('percentunit').overrideDecimals(1);
      b.matchFieldsWithName('Disk read + write').overrideUnit('Bps');
      b.matchFieldsWithName('Network in + out').overrideUnit('Bps');
    })
    .build();
}
