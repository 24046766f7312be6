// Benchmark: the real `pvemon-sd serve` process (built dist/cli.js) against a 32-node × 10,000-guest
// simulated cluster with 20 ms API latency. Prints cold discovery time (against a baseline fetch
// strategy measured in the same run), API calls per refresh, /targets latency and throughput under
// autocannon (against a bare node:http server sending the same bytes), and the server's RSS.
// Targets (issue #3): cold < 15 s, steady ≤ 2 calls/refresh, /targets p99 < 10 ms, RSS < 200 MB.
// Needs `npm run build` first (nx runs it before `bench`). Simulator, server, autocannon and this
// process share the machine's cores, so each one's CPU use slows the others; the load average is
// printed with the figures.
import { execFile, spawn } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, get, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const NODES = Number(process.env.BENCH_NODES ?? 32);
const GUESTS = Number(process.env.BENCH_GUESTS ?? 10_000);
const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 20);
/** Per-node limit (pveproxy has 3 workers) × nodes: every node kept busy, none overloaded. */
const PER_NODE = 3;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? PER_NODE * NODES);
/** The previous strategy, for the ratio: every call through one endpoint, 32 in flight. */
const BASELINE_CONCURRENCY = 32;
const REFRESH_S = 3;
const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const CLI = here('../dist/cli.js');
const AUTOCANNON = here('../../../node_modules/autocannon/autocannon.js');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const load = (): string => `load ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores`;

if (!existsSync(CLI)) {
  console.error('dist/cli.js is missing: run `npm run build` (or `nx bench`, which builds first)');
  process.exit(1);
}
// A build older than the sources would measure yesterday's server.
const newestSource = Math.max(
  ...readdirSync(here('../src'), { recursive: true, encoding: 'utf8' }).map(
    (f) => statSync(join(here('../src'), f)).mtimeMs,
  ),
);
if (statSync(CLI).mtimeMs < newestSource) {
  console.error('dist/cli.js is older than src/: run `npm run build` first (`nx bench` does)');
  process.exit(1);
}

// The Node flags the Docker image ships (NODE_OPTIONS in the Dockerfile), unless overridden.
const shippedFlags =
  /NODE_OPTIONS=("?)([^"\n\\]+)\1/.exec(readFileSync(here('../Dockerfile'), 'utf8'))?.[2] ?? '';
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? shippedFlags).split(' ').filter(Boolean);

interface Counts {
  total: number;
  byRoute: Record<string, number>;
  maxInFlight: number;
  maxInFlightByEndpoint: Record<string, number>;
  maxInFlightByNode: Record<string, number>;
}

// --- simulator (own process) ---
const sim = spawn(
  process.execPath,
  [
    '--conditions=@pvemon/source',
    '--import',
    'tsx',
    here('./sim-child.ts'),
    String(NODES),
    String(GUESTS),
    String(LATENCY),
  ],
  { stdio: ['pipe', 'pipe', 'inherit'] },
);
const simLines = createInterface({ input: sim.stdout })[Symbol.asyncIterator]();
const simNext = async <T>(): Promise<T> => JSON.parse(String((await simLines.next()).value)) as T;
const ask = async <T>(cmd: string): Promise<T> => {
  sim.stdin.write(`${cmd}\n`);
  return simNext<T>();
};
const info = await simNext<{
  startMs: number;
  endpoints: string[];
  caPath: string;
  tokenId: string;
  tokenSecret: string;
  running: number;
}>();
console.log(
  `simulator: ${NODES} nodes × ${GUESTS} guests (${info.running} running, non-template), ${LATENCY} ms added latency, started in ${info.startMs} ms`,
);
console.log(`sd-server node flags: ${NODE_FLAGS.join(' ') || '(none)'}`);

const dir = mkdtempSync(join(tmpdir(), 'pvemon-sd-bench-'));

interface Server {
  base: string;
  pid: number;
  coldMs: number;
  stop(): Promise<void>;
}

interface Strategy {
  endpoints: string[];
  maxConcurrency: number;
}
const spread: Strategy = { endpoints: info.endpoints, maxConcurrency: CONCURRENCY };
const baseline: Strategy = {
  endpoints: info.endpoints.slice(0, 1),
  maxConcurrency: BASELINE_CONCURRENCY,
};

async function startServer(refreshS: number, strategy: Strategy): Promise<Server> {
  const configFile = join(dir, `config-${refreshS}-${strategy.endpoints.length}.yml`);
  writeFileSync(
    configFile,
    JSON.stringify({
      listen: { host: '127.0.0.1', port: 0 },
      refreshInterval: refreshS,
      logLevel: 'info',
      clusters: [
        {
          name: 'bench',
          endpoints: strategy.endpoints,
          tokenId: info.tokenId,
          tokenSecret: info.tokenSecret,
          tls: { caFile: info.caPath },
          allowLoopback: true,
          maxConcurrency: strategy.maxConcurrency,
          perNodeConcurrency: PER_NODE,
        },
      ],
    }),
    { mode: 0o600 },
  );
  const started = performance.now();
  const child = spawn(process.execPath, [...NODE_FLAGS, CLI, 'serve', '--config', configFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Only the first lines matter (the listen address); later log lines are dropped.
  let log = '';
  const onLog = (d: Buffer): void => {
    log += d.toString();
  };
  child.stdout.on('data', onLog);
  let base = '';
  while (!base) {
    base = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(log)?.[1] ?? '';
    await sleep(20);
  }
  child.stdout.off('data', onLog);
  child.stdout.resume();
  while ((await fetch(`${base}/health`)).status !== 200) await sleep(50);
  return {
    base,
    pid: child.pid ?? 0,
    coldMs: performance.now() - started,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

const metric = async (base: string, name: string): Promise<number> => {
  const text = await (await fetch(`${base}/metrics`)).text();
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text);
  return Number(m?.[1] ?? NaN);
};

/** RSS and peak RSS of a process, from /proc (Linux); undefined elsewhere. */
const rssOf = (pid: number): { rss: number; hwm: number } | undefined => {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string): number => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(status)?.[1]);
    return { rss: kb('VmRSS') * 1024, hwm: kb('VmHWM') * 1024 };
  } catch {
    return undefined;
  }
};
const mb = (b: number): string => (b / 2 ** 20).toFixed(0);
const peak = (r: Record<string, number>): number => Math.max(0, ...Object.values(r));
const routes = (c: Counts): string =>
  Object.entries(c.byRoute)
    .map(([r, n]) => `${r.replace('GET ', '')} ${n}`)
    .join(', ');

// Phase 1: baseline cold discovery (the previous strategy).
await ask('reset');
const b0 = await startServer(60, baseline);
const baselineCounts = await ask<Counts>('counts');
await b0.stop();
console.log(
  `baseline cold discovery (all calls via 1 endpoint, ${BASELINE_CONCURRENCY} in flight): ${(b0.coldMs / 1000).toFixed(2)} s, ${baselineCounts.total} API calls (${load()})`,
);

// Phase 2: cold discovery with the spread strategy, then API calls per refresh.
await ask('reset');
const a = await startServer(REFRESH_S, spread);
const cold = await ask<Counts>('counts');
const health = (await (await fetch(`${a.base}/health`)).json()) as {
  clusters: { guests: { targets: number }; unresolved: Record<string, { count: number }> }[];
};
const h = health.clusters[0];
console.log(
  `cold discovery (process start → /health 200, ${CONCURRENCY} in flight spread over ${info.endpoints.length} endpoints, ≤ ${PER_NODE} per node): ` +
    `${(a.coldMs / 1000).toFixed(2)} s = ${(b0.coldMs / a.coldMs).toFixed(2)}× faster than the baseline (${load()})`,
);
console.log(
  `  ${cold.total} API calls (${routes(cold)}); ${h?.guests.targets} targets; unresolved ` +
    `${Object.entries(h?.unresolved ?? {})
      .map(([k, v]) => `${k} ${v.count}`)
      .join(', ')}`,
);
console.log(
  `  peak in flight seen by the simulator: ${cold.maxInFlight} total, ${peak(cold.maxInFlightByEndpoint)} per endpoint, ${peak(cold.maxInFlightByNode)} per target node ` +
    `(it counts a request until its response is flushed, so a freed slot can overlap the next request by a moment)`,
);
const refreshes = (): Promise<number> => metric(a.base, 'pvemon_sd_refresh_duration_seconds_count');
const perRefresh: number[] = [];
let seen = await refreshes();
await ask('reset');
while (perRefresh.length < 6) {
  await sleep(100);
  const now = await refreshes();
  if (now > seen) {
    perRefresh.push((await ask<Counts>('counts')).total);
    await ask('reset');
    seen = now;
  }
}
console.log(
  `API calls per refresh after cold start: ${perRefresh.join(', ')} (configs of stopped guests and templates follow the first refresh; dead agents are retried until their breakers open after 3 failures)`,
);
await a.stop();

// Phase 3: a fresh server with the default 60 s refresh serves /targets under load.
const s = await startServer(60, spread);
const base = s.base;
console.log(`second cold discovery: ${(s.coldMs / 1000).toFixed(2)} s (${load()})`);

interface Cannon {
  requests: { average: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
}
const cannon = async (
  target: string,
  connections: number,
  seconds: number,
  headers: string[] = [],
): Promise<Cannon> => {
  const args = [
    AUTOCANNON,
    '--json',
    '-c',
    String(connections),
    '-d',
    String(seconds),
    ...headers.flatMap((x) => ['-H', x]),
    target,
  ];
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 64 * 2 ** 20 });
  return JSON.parse(stdout) as Cannon;
};
const fetchBytes = async (url: string, gzip: boolean): Promise<Buffer> => {
  const res = await new Promise<IncomingMessage>((resolve, reject) =>
    get(url, { headers: gzip ? { 'accept-encoding': 'gzip' } : {} }, resolve).on('error', reject),
  );
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};
const plain = await fetchBytes(`${base}/targets`, false);
const gz = await fetchBytes(`${base}/targets`, true);

// The floor: a bare node:http server sending the same bytes (no routing, no headers logic).
const floor = createServer((req, res) => {
  const zip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    ...(zip ? { 'content-encoding': 'gzip' } : {}),
  });
  res.end(zip ? gz : plain);
});
await new Promise<void>((r) => floor.listen(0, '127.0.0.1', r));
const floorUrl = `http://127.0.0.1:${(floor.address() as AddressInfo).port}/targets`;

const show = (what: string, r: Cannon, floorRun?: Cannon): void =>
  console.log(
    `${what}: ${r.requests.average.toFixed(0)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, errors ${r.errors + r.non2xx}` +
      (floorRun
        ? ` | same bytes from bare node:http: ${floorRun.requests.average.toFixed(0)} req/s, p50 ${floorRun.latency.p50} ms, p99 ${floorRun.latency.p99} ms (sd-server/bare p99 ${(r.latency.p99 / Math.max(1, floorRun.latency.p99)).toFixed(2)})`
        : ''),
  );
console.log(
  `/targets body: ${(plain.length / 2 ** 20).toFixed(2)} MiB plain, ${(gz.length / 2 ** 20).toFixed(2)} MiB gzip (${(plain.length / gz.length).toFixed(1)}× smaller); ` +
    `Prometheus HTTP SD asks for identity (its HTTP client disables compression), so the plain figure is the one that counts`,
);
// Warm-up (discarded): the first requests pay for JIT compilation and lazy first-use work in both
// servers, which would otherwise land in a 5 s run's p99.
for (const url of [`${base}/targets`, floorUrl]) {
  await cannon(url, 1, 1);
  await cannon(url, 1, 1, ['accept-encoding=gzip']);
}
const plainRun = await cannon(`${base}/targets`, 1, 5);
show('/targets plain c=1 (autocannon)', plainRun, await cannon(floorUrl, 1, 5));
show(
  '/targets gzip c=1 (autocannon)',
  await cannon(`${base}/targets`, 1, 5, ['accept-encoding=gzip']),
  await cannon(floorUrl, 1, 5, ['accept-encoding=gzip']),
);
show(
  '/targets gzip c=10 (autocannon)',
  await cannon(`${base}/targets`, 10, 4, ['accept-encoding=gzip']),
);
show('/targets?tag=prod c=10 (autocannon)', await cannon(`${base}/targets?tag=prod`, 10, 3));
floor.close();

const proc = rssOf(s.pid);
const rss = proc?.rss ?? (await metric(base, 'process_resident_memory_bytes'));
const heap = await metric(base, 'nodejs_heap_size_used_bytes');
console.log(
  `sd-server RSS ${mb(rss)} MB${proc ? ` (peak ${mb(proc.hwm)} MB)` : ''}, heap used ${mb(heap)} MB, after discovery and load`,
);
const steady = perRefresh.slice(3);
const verdict = (ok: boolean): string => (ok ? 'MET' : 'MISSED');
console.log(
  `targets: cold < 15 s ${verdict(Math.max(a.coldMs, s.coldMs) < 15_000)} (${(a.coldMs / 1000).toFixed(1)} s, ${(s.coldMs / 1000).toFixed(1)} s) · ` +
    `steady ≤ 2 calls/refresh ${verdict(Math.max(...steady) <= 2)} · ` +
    `/targets p99 < 10 ms (plain, c=1, autocannon) ${verdict(plainRun.latency.p99 < 10)} (${plainRun.latency.p99} ms) · ` +
    `RSS < 200 MB ${verdict(rss < 200 * 2 ** 20)} (${mb(rss)} MB) · ${load()}`,
);

await s.stop();
await ask('close');
rmSync(dir, { recursive: true, force: true });
