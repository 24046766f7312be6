// Benchmark: discovery of a 32-node × 10,000-guest simulated cluster with 20 ms API latency,
// steady-state API cost, /targets latency and throughput under autocannon, and RSS.
// Targets (issue #3): cold < 15 s, steady ≤ 2 calls/refresh, /targets p99 < 10 ms, RSS < 200 MB.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { build } from '../src/app.js';
import { resolveConfig } from '../src/config/load.js';

const NODES = Number(process.env.BENCH_NODES ?? 32);
const GUESTS = Number(process.env.BENCH_GUESTS ?? 10_000);
const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 20);
const CONCURRENCY = process.env.BENCH_CONCURRENCY ? Number(process.env.BENCH_CONCURRENCY) : undefined;
const mb = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MB`;

interface Counts {
  total: number;
  byRoute: Record<string, number>;
}

const child = spawn(
  process.execPath,
  ['--conditions=@pvemon/source', '--import', 'tsx', fileURLToPath(new URL('./sim-child.ts', import.meta.url)), String(NODES), String(GUESTS), String(LATENCY)],
  { stdio: ['pipe', 'pipe', 'inherit'] },
);
const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
const next = async <T>(): Promise<T> => JSON.parse(String((await lines.next()).value)) as T;
const ask = async <T>(cmd: string): Promise<T> => {
  child.stdin.write(`${cmd}\n`);
  return next<T>();
};

const info = await next<{
  startMs: number;
  endpoints: string[];
  caPath: string;
  tokenId: string;
  tokenSecret: string;
  running: number;
}>();
console.log(`simulator: ${NODES} nodes × ${GUESTS} guests (${info.running} running), ${LATENCY} ms latency, started in ${info.startMs} ms`);

const config = resolveConfig(
  {
    logLevel: 'warn',
    clusters: [
      {
        name: 'bench',
        endpoints: info.endpoints,
        tokenId: info.tokenId,
        tokenSecret: info.tokenSecret,
        tls: { caFile: info.caPath },
        allowLoopback: true,
        ...(CONCURRENCY ? { maxConcurrency: CONCURRENCY } : {}),
      },
    ],
  },
  'bench',
);
const app = await build({ config, startDiscovery: false });
await app.ready();
const rssBefore = process.memoryUsage().rss;

// Cold discovery.
let t0 = performance.now();
await app.discovery.refreshAll();
const coldMs = performance.now() - t0;
const cold = await ask<Counts>('counts');
const health = app.discovery.health()[0];
console.log(
  `cold discovery: ${(coldMs / 1000).toFixed(2)} s, ${cold.total} API calls ` +
    `(${Object.entries(cold.byRoute).map(([r, n]) => `${r.replace('GET ', '')}: ${n}`).join(', ')}); ` +
    `${health?.guests.targets} targets, unresolved ${JSON.stringify(Object.fromEntries(Object.entries(health?.unresolved ?? {}).map(([k, v]) => [k, v.count])))}`,
);

// Steady state: refreshes 2..3 still retry dead agents until their breakers open (3 failures).
const perRefresh: number[] = [];
const steadyMs: number[] = [];
for (let i = 0; i < 6; i++) {
  await ask('reset');
  t0 = performance.now();
  await app.discovery.refreshAll();
  steadyMs.push(performance.now() - t0);
  perRefresh.push((await ask<Counts>('counts')).total);
}
console.log(`API calls per refresh after cold start: ${perRefresh.join(', ')} (steady state = last ${perRefresh.slice(3).join(', ')})`);
console.log(`steady refresh time: ${steadyMs.slice(3).map((m) => `${m.toFixed(0)} ms`).join(', ')}`);

// /targets under load: autocannon runs in its own process so its parsing does not count as
// server latency (it still shares the 2 cores).
interface Cannon {
  requests: { average: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
}
const AUTOCANNON = fileURLToPath(new URL('../../../node_modules/autocannon/autocannon.js', import.meta.url));
const cannon = async (target: string, connections: number, seconds: number, headers: string[] = []): Promise<Cannon> => {
  const args = [AUTOCANNON, '--json', '-c', String(connections), '-d', String(seconds), ...headers.flatMap((h) => ['-H', h]), target];
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 64 * 2 ** 20 });
  return JSON.parse(stdout) as Cannon;
};
const url = await app.listen({ host: '127.0.0.1', port: 0 });
const body = await (await fetch(`${url}/targets`)).arrayBuffer();
const show = (what: string, r: Cannon): void =>
  console.log(`${what}: ${r.requests.average.toFixed(0)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, errors ${r.errors + r.non2xx}`);
for (const connections of [1, 10]) show(`/targets (${(body.byteLength / 1024).toFixed(0)} KiB) c=${connections}`, await cannon(`${url}/targets`, connections, 5));
show('/targets gzip c=1', await cannon(`${url}/targets`, 1, 5, ['accept-encoding=gzip']));
show('/targets?tag=prod c=10', await cannon(`${url}/targets?tag=prod`, 10, 3));

global.gc?.();
const { rss, heapUsed } = process.memoryUsage();
console.log(`RSS: ${mb(rss)}, heap used ${mb(heapUsed)} (sd-server process; ${mb(rssBefore)} before discovery; simulator runs in its own process)`);
console.log(
  `targets: cold < 15 s ${coldMs < 15_000 ? 'MET' : 'MISSED'}; steady ≤ 2 calls ${Math.max(...perRefresh.slice(3)) <= 2 ? 'MET' : 'MISSED'}; ` +
    `RSS < 200 MB ${rss < 200 * 2 ** 20 ? 'MET' : 'MISSED'}`,
);
await app.close();
await ask('close');
