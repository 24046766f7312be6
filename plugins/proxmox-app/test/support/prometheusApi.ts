import { request } from 'node:http';

/** Minimal Prometheus HTTP API client over node:http (works in jest's jsdom environment too). */
export async function promGet<T>(base: string, path: string, params: Record<string, string | number>): Promise<T> {
  const url = new URL(path, base);
  for (const [k, v] of Object.entries(params)) {
    url.searchParams.append(k, String(v));
  }
  const text = await new Promise<string>((resolve, reject) => {
    const req = request(url, { method: 'GET', timeout: 30_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve(body));
    });
    req.on('timeout', () => req.destroy(new Error(`timeout: ${url}`)));
    req.on('error', reject);
    req.end();
  });
  const body = JSON.parse(text) as { status: string; data: T; error?: string };
  if (body.status !== 'success') {
    throw new Error(`${path} ${JSON.stringify(params)}: ${body.error ?? text}`);
  }
  return body.data;
}

export interface VectorSample {
  metric: Record<string, string>;
  value: [number, string];
}

export const instant = (base: string, query: string) =>
  promGet<{ result: VectorSample[] }>(base, '/api/v1/query', { query }).then((d) => d.result);

/** Parses `label_values(expr, label)` as Grafana's Prometheus datasource does (series API). */
export function parseLabelValues(q: string): { expr: string; label: string } | undefined {
  const match = /^label_values\((.*),\s*([a-zA-Z_][a-zA-Z0-9_]*)\)\s*$/s.exec(q);
  return match ? { expr: match[1]!.trim(), label: match[2]! } : undefined;
}

export function parseQueryResult(q: string): string | undefined {
  const match = /^query_result\((.*)\)\s*$/s.exec(q);
  return match ? match[1] : undefined;
}
