// Benchmark: the real `pvemon-sd serve` process (built dist/cli.js) against a 32-node × 10,000-guest
// simulated cluster with 20 ms API latency. Prints cold discovery time, API calls per refresh,
// /targets latency and throughput under autocannon, and the server's RSS.
// Targets (issue #3): cold < 15 s, steady ≤ 2 calls/refresh, /targets p99 < 10 ms, RSS < 200 MB.
// Needs `npm run build` first (nx runs it before `bench`). Server, simulator and autocannon run in
// separate processes on the same 2 cores, so each one's CPU use slows the others.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const NODES = Number(process.env.BENCH_NODES ?? 32);
const GUESTS = Number(process.env.BENCH_GUESTS ?? 10_000);
const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 20);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const REFRESH_S = 3;
const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const CLI = here('../dist/cli.js');
const AUTOCANNON = here('../../../node_modules/autocannon/autocannon.js');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

if (!existsSync(CLI)) {
  console.error('dist/cli.js is missing: run `npm run build` (or `nx bench`, which builds first)');
  process.exit(1);
}

interface Counts {
  total: number;
  byRoute: Record<string, number>;
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

// --- sd-server (own process, the built CLI, heap capped as the Docker image ships it) ---
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '--max-old-space-size=256')
  .split(' ')
  .filter(Boolean);
const dir = mkdtempSync(join(tmpdir(), 'pvemon-sd-bench-'));

interface Server {
  base: string;
  coldMs: number;
  stop(): Promise<void>;
}

async function startServer(refreshS: number): Promise<Server> {
  const configFile = join(dir, `config-${refreshS}.yml`);
  writeFileSync(
    configFile,
    JSON.stringify({
      listen: { host: '127.0.0.1', port: 0 },
      refreshInterval: refreshS,
      logLevel: 'info',
      clusters: [
        {
          name: 'bench',
          endpoints: info.endpoints,
          tokenId: info.tokenId,
          tokenSecret: info.tokenSecret,
          tls: { caFile: info.caPath },
          allowLoopback: true,
          maxConcurrency: CONCURRENCY,
        },
      ],
    }),
    { mode: 0o600 },
  );
  const started = performance.now();
  const child = spawn(process.execPath, [...NODE_FLAGS, CLI, 'serve', '--config', configFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  let base = '';
  while (!base) {
    base = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(log)?.[1] ?? '';
    await sleep(20);
  }
  while ((await fetch(`${base}/health`)).status !== 200) await sleep(50);
  return {
    base,
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

// Phase 1: cold discovery, then API calls per refresh with a short refresh interval.
await ask('reset');
const a = await startServer(REFRESH_S);
const coldMs = a.coldMs;
const cold = await ask<Counts>('counts');
const health = (await (await fetch(`${a.base}/health`)).json()) as {
  clusters: { guests: { targets: number }; unresolved: Record<string, { count: number }> }[];
};
const h = health.clusters[0];
console.log(
  `cold discovery (process start → /health 200): ${(coldMs / 1000).toFixed(2)} s with ${CONCURRENCY} concurrent per-guest calls; ${cold.total} API calls ` +
    `(${Object.entries(cold.byRoute)
      .map(([r, n]) => `${r.replace('GET ', '')} ${n}`)
      .join(', ')}); ${h?.guests.targets} targets; ` +
    `unresolved ${Object.entries(h?.unresolved ?? {})
      .map(([k, v]) => `${k} ${v.count}`)
      .join(', ')}`,
);
const refreshes = (): Promise<number> => metric(a.base, 'pvemon_sd_refresh_duration_seconds_count');
// --- API calls per background refresh ---
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
  `API calls per refresh after cold start: ${perRefresh.join(', ')} (dead agents are retried until their breakers open after 3 failures)`,
);
await a.stop();

// Phase 2: a fresh server with the default 60 s refresh serves /targets under load.
const b = await startServer(60);
const base = b.base;
console.log(`second cold discovery: ${(b.coldMs / 1000).toFixed(2)} s`);

// --- /targets under load ---
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
const size = (await (await fetch(`${base}/targets`)).arrayBuffer()).byteLength;
const show = (what: string, r: Cannon): void =>
  console.log(
    `${what}: ${r.requests.average.toFixed(0)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, errors ${r.errors + r.non2xx}`,
  );
show(`/targets (${(size / 2 ** 20).toFixed(1)} MiB) c=1`, await cannon(`${base}/targets`, 1, 5));
show(
  '/targets gzip (as Prometheus asks) c=1',
  await cannon(`${base}/targets`, 1, 5, ['accept-encoding=gzip']),
);
show('/targets gzip c=10', await cannon(`${base}/targets`, 10, 5, ['accept-encoding=gzip']));
show('/targets?tag=prod c=10', await cannon(`${base}/targets?tag=prod`, 10, 3));
const rss = await metric(base, 'process_resident_memory_bytes');
const heap = await metric(base, 'nodejs_heap_size_used_bytes');
console.log(
  `sd-server RSS (${NODE_FLAGS.join(' ')}) ${(rss / 2 ** 20).toFixed(0)} MB (heap used ${(heap / 2 ** 20).toFixed(0)} MB) after discovery and load`,
);
const steady = perRefresh.slice(3);
console.log(
  `targets: cold < 15 s ${coldMs < 15_000 ? 'MET' : 'MISSED'} · steady ≤ 2 calls/refresh ${Math.max(...steady) <= 2 ? 'MET' : 'MISSED'} · ` +
    `RSS < 200 MB ${rss < 200 * 2 ** 20 ? 'MET' : 'MISSED'} · load average during run: ${(await import('node:os')).loadavg()[0]?.toFixed(1)} on ${(await import('node:os')).cpus().length} cores`,
);

await b.stop();
await ask('close');
rmSync(dir, { recursive: true, force: true });
