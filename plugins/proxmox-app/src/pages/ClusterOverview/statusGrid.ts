import { PanelBuilders, type VizPanel } from '@grafana/scenes';
import { BigValueColorMode, BigValueGraphMode, BigValueTextMode } from '@grafana/schema';
import type { PanelQuery } from '../../queries/types';
import { statusMappings } from '../../shared/panels/statusMappings';
import { queryRunner } from '../../shared/queryRunner';

/** One coloured tile per series (node or guest), its name as label, click → its drill-down page. */
export function statusGrid(
  title: string,
  queries: PanelQuery[],
  codes: Record<string, number>,
  link: string
): VizPanel {
  return PanelBuilders.stat()
    .setTitle(title)
    .setData(queryRunner(queries))
    .setOption('textMode', BigValueTextMode.ValueAndName)
    .setOption('colorMode', BigValueColorMode.Background)
    .setOption('graphMode', BigValueGraphMode.None)
    .setOption('reduceOptions', { calcs: ['lastNotNull'], values: false })
    .setMappings(statusMappings(codes))
    .setLinks([{ title: 'Open', url: link }])
    .build();
}
