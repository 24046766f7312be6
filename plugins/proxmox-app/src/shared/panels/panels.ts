import { PanelBuilders, SceneFlexItem, VizPanel, type SceneDataProvider } from '@grafana/scenes';
import { BigValueColorMode, BigValueTextMode, LegendDisplayMode } from '@grafana/schema';
import type { PanelQuery } from '../../queries/types';
import { queryRunner } from '../queryRunner';

/** Small factories for the panel kinds the app uses, so pages read as layouts. */
export function timeseries(title: string, queries: PanelQuery[], unit: string, description?: string): VizPanel {
  return PanelBuilders.timeseries()
    .setTitle(title)
    .setDescription(description ?? '')
    .setData(queryRunner(queries))
    .setUnit(unit)
    .setOption('legend', { showLegend: true, displayMode: LegendDisplayMode.List, placement: 'bottom', calcs: [] })
    .build();
}

export function stat(title: string, data: SceneDataProvider, unit: string): VizPanel {
  return PanelBuilders.stat()
    .setTitle(title)
    .setData(data)
    .setUnit(unit)
    .setOption('textMode', BigValueTextMode.ValueAndName)
    .setOption('colorMode', BigValueColorMode.Value)
    .build();
}

export function topN(title: string, queries: PanelQuery[], unit: string): VizPanel {
  return PanelBuilders.bargauge().setTitle(title).setData(queryRunner(queries)).setUnit(unit).setMin(0).build();
}

export function item(body: VizPanel, height = 260, minWidth = 320): SceneFlexItem {
  return new SceneFlexItem({ body, height, minWidth });
}
