import { PanelBuilders, type VizPanel } from '@grafana/scenes';
import type { DataTransformerConfig } from '@grafana/data';
import type { PanelQuery } from '../../queries/types';
import { csvMenu } from '../../shared/csv/csvMenu';
import { transformed } from '../../shared/queryRunner';

export function processTransformations(): DataTransformerConfig[] {
  return [
    { id: 'merge', options: {} },
    {
      id: 'organize',
      options: {
        excludeByName: { Time: true },
        indexByName: { process: 0, 'Value #cpu': 1, 'Value #memory': 2 },
        renameByName: { process: 'Process', 'Value #cpu': 'CPU (cores)', 'Value #memory': 'Memory' },
      },
    },
    { id: 'sortBy', options: { sort: [{ field: 'CPU (cores)', desc: true }] } },
  ];
}

/** Top processes by CPU and memory (Windows process collector or Linux process-exporter). */
export function processTable(queries: PanelQuery[]): VizPanel {
  return (
    PanelBuilders.table()
      .setTitle('Top processes (in-guest)')
      .setDescription('windows_exporter `process` collector, or process-exporter on Linux, when the guest runs one.')
      .setData(transformed(queries, processTransformations()))
      .setMenu(csvMenu())
      // Said in the panel: an empty list means no process metrics, not an idle guest.
      .setNoValue(
        'No process metrics: this guest runs neither windows_exporter (process collector) nor process-exporter'
      )
      .setOverrides((b) => {
        b.matchFieldsWithName('CPU (cores)').overrideUnit('short').overrideDecimals(2);
        b.matchFieldsWithName('Memory').overrideUnit('bytes');
      })
      .build()
  );
}
