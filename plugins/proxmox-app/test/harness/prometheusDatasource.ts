import {
  FieldType,
  toDataFrame,
  type DataFrame,
  type DataQuery,
  type DataQueryRequest,
  type DataQueryResponse,
  type MetricFindValue,
  type ScopedVars,
} from '@grafana/data';
import { RuntimeDataSource, sceneGraph, type SceneObject } from '@grafana/scenes';

export interface PromQuery extends DataQuery {
  expr: string;
  legendFormat?: string;
  instant?: boolean;
  format?: 'time_series' | 'table';
}

interface Series {
  metric: Record<string, string>;
  value?: [number, string];
  values?: Array<[number, string]>;
}

/** Every request the harness datasource sent, for the benchmark (count, slowest). */
export const requestLog: Array<{ expr: string; ms: number; at: number }> = [];

/**
 * A Prometheus datasource for rendering the app outside Grafana: it talks to a REAL Prometheus
 * over the HTTP API (proxied by the harness server) and shapes frames as Grafana's Prometheus
 * datasource does (legend → displayNameFromDS, instant tables with `Value #<refId>`).
 */
export class PrometheusHttpDatasource extends RuntimeDataSource<PromQuery> {
  constructor(
    uid: string,
    private readonly base: string
  ) {
    super('prometheus', uid);
  }

  private interpolate(text: string, scopedVars: ScopedVars): string {
    const holder = scopedVars.__sceneObject?.value as { valueOf(): SceneObject } | undefined;
    return holder ? sceneGraph.interpolate(holder.valueOf(), text, scopedVars) : text;
  }

  private async api(path: string, params: Record<string, string | number>): Promise<{ result: Series[] }> {
    const qs = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
    const started = performance.now();
    const res = await fetch(`${this.base}${path}?${qs}`);
    const body = (await res.json()) as { status: string; data: { result: Series[] }; error?: string };
    requestLog.push({
      expr: String(params.query ?? params['match[]']),
      ms: performance.now() - started,
      at: Date.now(),
    });
    if (body.status !== 'success') {
      throw new Error(`Prometheus: ${body.error}`);
    }
    return body.data;
  }

  async query(request: DataQueryRequest<PromQuery>): Promise<DataQueryResponse> {
    const end = request.range.to.unix();
    const start = request.range.from.unix();
    const step = Math.max(1, Math.ceil((end - start) / 300));
    const targets = request.targets.filter((t) => !t.hide && t.expr);
    const tableMode = targets.length > 1;
    const frames = await Promise.all(
      targets.map(async (t) => {
        const expr = this.interpolate(t.expr, request.scopedVars);
        if (t.instant) {
          const { result } = await this.api('/api/v1/query', { query: expr, time: end });
          return t.format === 'table'
            ? [tableFrame(t.refId, result, tableMode)]
            : result.map((s) => seriesFrame(t, s, [s.value!]));
        }
        const { result } = await this.api('/api/v1/query_range', { query: expr, start, end, step });
        return result.map((s) => seriesFrame(t, s, s.values ?? []));
      })
    );
    return { data: frames.flat() };
  }

  /** `label_values(expr, label)` and `query_result(expr)`, as Grafana's Prometheus variable support. */
  async metricFindQuery(
    query: string | { query: string },
    options?: { scopedVars?: ScopedVars }
  ): Promise<MetricFindValue[]> {
    const raw = typeof query === 'string' ? query : query.query;
    const q = this.interpolate(raw, options?.scopedVars ?? {});
    const lv = /^label_values\((.*),\s*(\w+)\)$/s.exec(q);
    if (lv) {
      const { result } = await this.api('/api/v1/query', { query: `count by (${lv[2]}) (${lv[1]})` });
      return [...new Set(result.map((s) => s.metric[lv[2]!]).filter((v): v is string => Boolean(v)))].map((text) => ({
        text,
      }));
    }
    const qr = /^query_result\((.*)\)$/s.exec(q);
    if (qr) {
      const { result } = await this.api('/api/v1/query', { query: qr[1]! });
      return result.map((s) => ({ text: `${metricText(s.metric)} ${s.value?.[1]} ${(s.value?.[0] ?? 0) * 1000}` }));
    }
    throw new Error(`unsupported variable query: ${q}`);
  }

  async testDatasource() {
    return { status: 'success', message: 'ok' };
  }
}

function metricText(metric: Record<string, string>): string {
  const { __name__: name = '', ...labels } = metric;
  return `${name}{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ')}}`;
}

function legend(format: string | undefined, metric: Record<string, string>): string | undefined {
  if (!format) {
    return undefined;
  }
  return format.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, l: string) => metric[l] ?? '');
}

function seriesFrame(t: PromQuery, s: Series, values: Array<[number, string]>): DataFrame {
  const { __name__, ...labels } = s.metric;
  return toDataFrame({
    refId: t.refId,
    name: __name__,
    fields: [
      { name: 'Time', type: FieldType.time, values: values.map((v) => v[0] * 1000) },
      {
        name: 'Value',
        type: FieldType.number,
        labels,
        values: values.map((v) => Number(v[1])),
        config: { displayNameFromDS: legend(t.legendFormat, s.metric) ?? metricText(s.metric) },
      },
    ],
  });
}

function tableFrame(refId: string, result: Series[], multi: boolean): DataFrame {
  const labels = [...new Set(result.flatMap((s) => Object.keys(s.metric)))].sort();
  return toDataFrame({
    refId,
    fields: [
      { name: 'Time', type: FieldType.time, values: result.map((s) => (s.value?.[0] ?? 0) * 1000) },
      ...labels.map((l) => ({ name: l, type: FieldType.string, values: result.map((s) => s.metric[l] ?? '') })),
      {
        name: multi ? `Value #${refId}` : 'Value',
        type: FieldType.number,
        values: result.map((s) => Number(s.value?.[1])),
      },
    ],
  });
}
