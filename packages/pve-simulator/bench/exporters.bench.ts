// Benchmark: the emulated exporters of N guests served from one simulator process (a child
// process, so its CPU is measured apart from the scraper's). Prints startup time, listeners,
// scrape latency per endpoint type (one full round at 16 concurrent scrapes) and the
// simulator's CPU and RSS while every endpoint is scraped once per 15 s, spread over the
// interval like Prometheus does. Baseline 3 × 40 in the same run. Asserts nothing.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

interface Endpoint {
  key: string;
  type: string;
  url: string;
  up: boolean;
}

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const TICKS = 100; // USER_HZ on Linux

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? NaN) / 1024;
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function scrape(url: string): Promise<{ ms: number; bytes: number; status: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    get(url, { agent }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () =>
        resolve({ ms: performance.now() - t0, bytes, status: res.statusCode ?? 0 }),
      );
    }).on('error', reject);
  });
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

async function run(label: string, nodes: number, guests: number, windowS: number): Promise<void> {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      cli,
      '--nodes',
      String(nodes),
      '--guests',
      String(guests),
      '--port',
      '0',
      '--auth-delay-ms',
      '0',
      '--exporters',
      '--exporter-ports',
      'ephemeral',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  const gateway = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /all of them by path: (\S+)\/targets/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`simulator exited ${code}: ${out}`)));
  });
  const startMs = performance.now() - t0;
  const pid = child.pid ?? 0;
  try {
    const eps = (
      JSON.parse(
        await new Promise<string>((resolve, reject) =>
          get(`${gateway}/targets`, (res) => {
            let b = '';
            res.on('data', (c: Buffer) => (b += c.toString()));
            res.on('end', () => resolve(b));
          }).on('error', reject),
        ),
      ) as Endpoint[]
    ).filter((e) => e.up);
    const pveTarget = '127.1.0.1';
    const urlOf = (e: Endpoint): string =>
      e.type === 'pve_exporter' ? `${e.url}?target=${pveTarget}&cluster=1&node=1` : e.url;

    // One full round, 16 at a time: latency per endpoint type.
    const byType = new Map<string, { ms: number[]; bytes: number }>();
    const queue = [...eps];
    const roundStart = performance.now();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let e = queue.shift(); e; e = queue.shift()) {
          const r = await scrape(urlOf(e));
          if (r.status !== 200) throw new Error(`${e.key}: HTTP ${r.status}`);
          const t = byType.get(e.type) ?? { ms: [], bytes: 0 };
          t.ms.push(r.ms);
          t.bytes = Math.max(t.bytes, r.bytes);
          byType.set(e.type, t);
        }
      }),
    );
    const roundMs = performance.now() - roundStart;

    // Unloaded latency: up to 20 endpoints of each type, one request at a time.
    const sequential = new Map<string, number[]>();
    for (const e of eps) {
      const list = sequential.get(e.type) ?? [];
      if (list.length >= 20) continue;
      list.push((await scrape(urlOf(e))).ms);
      sequential.set(e.type, list);
    }

    // Steady state: every endpoint once per 15 s, evenly spread (Prometheus spreads targets).
    const cpu0 = cpuSeconds(pid);
    const w0 = performance.now();
    const spacing = (windowS * 1000) / eps.length;
    await Promise.all(
      eps.map(
        (e, i) =>
          new Promise<void>((resolve, reject) =>
            setTimeout(() => scrape(urlOf(e)).then(() => resolve(), reject), i * spacing),
          ),
      ),
    );
    const elapsed = (performance.now() - w0) / 1000;
    const cpuUsed = cpuSeconds(pid) - cpu0;

    console.log(`\n${label}: ${nodes} nodes × ${guests} guests, ${eps.length} endpoints up`);
    console.log(`  simulator start incl. all listeners       ${startMs.toFixed(0).padStart(7)} ms`);
    console.log(`  one full scrape round (16 concurrent)     ${roundMs.toFixed(0).padStart(7)} ms`);
    console.log('  per type: sequential p50 | 16-concurrent round n, p50 / p95 / max | body');
    for (const [type, t] of byType) {
      const seq = pct(sequential.get(type) ?? [], 50);
      const f = (n: number): string => n.toFixed(1).padStart(6);
      console.log(
        `  ${type.padEnd(20)} ${f(seq)} ms | n=${String(t.ms.length).padStart(4)} ${f(pct(t.ms, 50))} / ${f(pct(t.ms, 95))} / ${f(Math.max(...t.ms))} ms | ${(t.bytes / 1024).toFixed(0)} KiB`,
      );
    }
    console.log(
      `  CPU at a ${windowS} s scrape interval          ${((cpuUsed / elapsed) * 100).toFixed(1).padStart(6)} % of one core (${cpuUsed.toFixed(2)} CPU-s in ${elapsed.toFixed(1)} s)`,
    );
    console.log(
      `  simulator RSS                             ${rssMiB(pid).toFixed(0).padStart(7)} MiB`,
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
console.log(
  `exporter emulation benchmark (node ${process.version}, ${cpus().length} cores, load ${load()})`,
);
await run('baseline', 3, 40, 15);
await run('target', 10, 1000, 15);
agent.destroy();
console.log(`\n(load now ${load()})`);
