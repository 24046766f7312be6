/** Prometheus metric types pvemon publishes. */
export type MetricType = 'gauge' | 'counter' | 'histogram' | 'summary';

/**
 * One metric of the contract: its name, type, help text and the exact label names every series
 * carries. Producers (sd-server, vgpu-exporter) register from it; consumers (rules, the Grafana
 * app) build selectors from it, so a rename happens here and nowhere else.
 */
export interface MetricDef<L extends string = string> {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  readonly labels: readonly L[];
}

export function defineMetric<const L extends string>(def: MetricDef<L>): MetricDef<L> {
  return def;
}

/** Label names of a metric definition, as a union type. */
export type LabelsOf<M> = M extends MetricDef<infer L> ? L : never;
