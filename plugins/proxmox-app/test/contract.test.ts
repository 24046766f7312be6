/**
 * Query contract: every PromQL expression the app can issue — each panel query and each
 * variable query of each page, interpolated by Scenes with variables picked from the data —
 * returns a non-empty result from a REAL Prometheus fed by the demo stack (the Proxmox simulator's
 * exporters, pvemon-vgpu, the sd-server) with pvemon's generated rules loaded. A wrong metric or label name anywhere shows up here as "No data".
 */
import { recordingRules as R } from '@pvemon/rules';
import { resolveSettings } from '../src/settings/appSettings';
import { startDemoStack, type DemoStack } from './demo/demoStack';
import { issuedQueries, pageScenes, type IssuedQuery, type PageParams } from './support/pageScenes';
import { instant, parseLabelValues, parseQueryResult, promGet } from './support/prometheusApi';

let stack: DemoStack;
let params: PageParams;

/**
 * Queries that legitimately return nothing for a given page, and why; each panel says so to the
 * user (description or no-value text). Steal is a Linux kernel counter, windows_exporter has
 * none. The simulator's Linux guests run node_exporter only (no process-exporter), so the Linux
 * process list is empty; the Windows guest (process collector) covers those queries.
 */
function exempt(q: IssuedQuery): string | undefined {
  if (q.page.includes('Windows') && q.source === 'CPU — in-guest / steal') {
    return 'steal is a Linux kernel counter; windows_exporter has none';
  }
  if (q.page.includes('Linux') && q.source.startsWith('Top processes (in-guest) /')) {
    return 'no process-exporter in the simulated Linux guests';
  }
  return undefined;
}

async function resultCount(base: string, q: IssuedQuery): Promise<number> {
  switch (q.kind) {
    case 'label_values': {
      const lv = parseLabelValues(q.expr);
      if (!lv) {
        throw new Error(`unparsable variable query: ${q.expr}`);
      }
      const series = await promGet<Array<Record<string, string>>>(base, '/api/v1/series', { 'match[]': lv.expr });
      return series.filter((s) => s[lv.label] !== undefined).length;
    }
    case 'query_result':
      return (await instant(base, parseQueryResult(q.expr) ?? q.expr)).length;
    case 'instant':
      return (await instant(base, q.expr)).length;
    case 'range': {
      const end = Math.floor(Date.now() / 1000);
      const data = await promGet<{ result: unknown[] }>(base, '/api/v1/query_range', {
        query: q.expr,
        start: end - 300,
        end,
        step: 5,
      });
      return data.result.length;
    }
  }
}

beforeAll(async () => {
  stack = await startDemoStack({ guests: 16, salt: 1 });
  const base = stack.prometheusUrl;
  const first = async (expr: string, label: string) => {
    const v = (await instant(base, expr))[0]?.metric[label];
    if (!v) {
      throw new Error(`no ${label} in ${expr}`);
    }
    return v;
  };
  // Guests with a vGPU and an in-guest exporter that is up: one Linux, one Windows.
  const pick = (os: string) => {
    const g = stack.guests.find((x) => x.os === os && x.vgpu && x.exporter === 'up');
    if (!g) {
      throw new Error(`the demo has no running ${os} guest with a vGPU: ${JSON.stringify(stack.guests)}`);
    }
    return g.vmId;
  };
  params = {
    datasourceUid: 'prometheus',
    cluster: stack.clusterName,
    gpuNode: await first(R.vgpuUtilization, 'node'),
    linuxVm: pick('linux'),
    windowsVm: pick('windows'),
  };
});

afterAll(async () => {
  await stack?.close();
});

describe('query contract against a real Prometheus', () => {
  it('every query of every page returns data', async () => {
    const scenes = pageScenes(resolveSettings({}), params);
    const queries = scenes.flatMap(({ page, scene }) => issuedQueries(page, scene));
    const empty: string[] = [];
    const perPage = new Map<string, number>();
    for (const q of queries) {
      perPage.set(q.page, (perPage.get(q.page) ?? 0) + 1);
      expect(q.expr).not.toMatch(/\$\{?[a-z_]+/); // fully interpolated
      const count = await resultCount(stack.prometheusUrl, q);
      if (count === 0 && !exempt(q)) {
        empty.push(`${q.page} › ${q.source}: ${q.expr}`);
      }
    }
    console.log(
      `[contract] ${queries.length} queries, all non-empty except documented exemptions:\n` +
        [...perPage].map(([p, n]) => `  ${p}: ${n}`).join('\n')
    );
    expect(empty).toEqual([]);
    // Exactly those three (one steal, two process queries); the other guest checks them non-empty.
    const exempted = queries.filter((q) => exempt(q)).map((q) => `${q.page} › ${q.source}`);
    expect(exempted).toHaveLength(3);
    expect(queries.length).toBeGreaterThan(60);
  });

  it('fails on a wrong metric or label name (the check can fail)', async () => {
    const wrong: IssuedQuery = { page: 'x', source: 'x', kind: 'instant', expr: `${R.guestCpuHost}{vm_idd="100"}` };
    expect(await resultCount(stack.prometheusUrl, wrong)).toBe(0);
  });
});
