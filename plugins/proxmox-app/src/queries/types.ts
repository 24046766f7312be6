/** One Prometheus query of a panel, in the shape Grafana's Prometheus datasource reads. */
export interface PanelQuery {
  readonly refId: string;
  readonly expr: string;
  readonly legendFormat?: string;
  /** Instant query (tables, stats, top-N); range otherwise. */
  readonly instant?: boolean;
  readonly range?: boolean;
  readonly format?: 'time_series' | 'table';
}

export function rangeQuery(refId: string, expr: string, legendFormat?: string): PanelQuery {
  return { refId, expr, legendFormat, range: true, instant: false, format: 'time_series' };
}

/** Instant query: `table` rows for tables, `time_series` (one value per series) for stats and bars. */
export function instantQuery(
  refId: string,
  expr: string,
  legendFormat?: string,
  format: PanelQuery['format'] = legendFormat === undefined ? 'table' : 'time_series'
): PanelQuery {
  return { refId, expr, legendFormat, instant: true, range: false, format };
}
