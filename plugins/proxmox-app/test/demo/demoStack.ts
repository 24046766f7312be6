import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { request } from 'node:http';
import { DEFAULT_JOBS, recordingRules as R } from '@pvemon/rules';
import { sdInventoryMetrics } from '@pvemon/metrics-contract';
import { instant } from '../support/prometheusApi';

/**
 * The pvemon demo stack as the app's tests see it: `@pvemon/stack`'s native runner (the same
 * `scripts/stack.sh` path operators use) starts the Proxmox simulator WITH its exporter emulation,
 * pvemon-vgpu against the simulator's fake nvidia-smi, the sd-server, and Debian's Prometheus with
 * pvemon's generated rules (e2e profile) and the stack's prometheus.yml rendered for loopback.
 * Everything the tests learn about the cluster is read back from that Prometheus.
 */
export interface StackGuest {
  vmId: string;
  name: string;
  node: string;
  os: string;
  guestType: string;
  status: string;
  /** In-guest exporter: a target that is up, a target that fails, or no target (no address). */
  exporter: 'up' | 'down' | 'none';
  /** Has per-VM vGPU series from pvemon-vgpu. */
  vgpu: boolean;
}

export interface DemoStack {
  prometheusUrl: string;
  clusterName: string;
  nodes: string[];
  /** Guests of the inventory (templates excluded), sorted by vm_id. */
  guests: StackGuest[];
  /** Seconds from start until every recording rule the pages read had data. */
  secondsToData: number;
  close(): Promise<void>;
}

export interface DemoStackOptions {
  guests: number;
  nodes?: number;
  /** Scrape and rule-evaluation interval (s): short so rate() panels have many samples. */
  intervalSeconds?: number;
  /** Simulator scenarios on from the start (`exporter-down:vm108`, …). */
  scenarios?: string[];
  /** Seconds of samples to collect after the first complete round (rate() panels look real). */
  settleSeconds?: number;
  /** Distinct per test file so parallel stacks never share simulator addresses. */
  salt: number;
  log?: (line: string) => void;
}

const REPO = resolve(__dirname, '..', '..', '..', '..');
const RUNNER = join(REPO, 'stack', 'dist', 'cli.js');
const PROMETHEUS = process.env.PROMETHEUS ?? '/usr/bin/prometheus';
const ADDRESS_ENV = [
  'PVEMON_PROMETHEUS_ADDR',
  'PVEMON_ALERTMANAGER_ADDR',
  'PVEMON_SD_ADDR',
  'PVEMON_ALERT_RECEIVER_ADDR',
  'PVEMON_SMTP_ADDR',
] as const;

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((ok) => srv.listen(0, '127.0.0.1', ok));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((ok) => srv.close(() => ok()));
  return port;
}

function bindable(host: string, port: number): Promise<boolean> {
  return new Promise((ok) => {
    const srv = createServer();
    srv.once('error', () => ok(false));
    srv.listen(port, host, () => srv.close(() => ok(true)));
  });
}

/**
 * A simulator address offset (runner `--address-offset`, 1..98) whose node, guest and
 * pve-exporter addresses are free now — other suites (stack tests, a running demo) use others.
 */
async function freeAddressOffset(salt: number, avoid: Set<number>): Promise<number> {
  const start = (process.pid * 11 + salt * 17) % 98;
  for (let i = 0; i < 98; i++) {
    const o = 1 + ((start + i) % 98);
    if (avoid.has(o)) {
      continue;
    }
    const probes: Array<[string, number]> = [
      [`127.${1 + o}.0.1`, 9100],
      [`127.${1 + o}.0.1`, 9836],
      [`127.${100 + o}.0.100`, 9100],
      [`127.${1 + o}.255.254`, 9221],
    ];
    let free = true;
    for (const [host, port] of probes) {
      free = free && (await bindable(host, port));
    }
    if (free) {
      return o;
    }
  }
  throw new Error('no free simulator address offset in 1..98 (every 127.x exporter range is taken)');
}

function post(url: string): Promise<number> {
  return new Promise((ok, fail) => {
    const req = request(url, { method: 'POST' }, (res) => {
      res.resume();
      res.on('end', () => ok(res.statusCode ?? 0));
    });
    req.on('error', fail);
    req.end();
  });
}

/**
 * The runner renders the stack's prometheus.yml with its production cadence (15 s, pve 30 s);
 * tests want many samples in a short run, so every interval becomes `interval` and the runner's
 * Prometheus (started with --web.enable-lifecycle) reloads. Nothing else in the file changes.
 */
async function shortenScrapeIntervals(configFile: string, prometheusUrl: string, interval: number): Promise<void> {
  const text = await readFile(configFile, 'utf8');
  const out = text.replace(/\b(scrape_interval|evaluation_interval|scrape_timeout): \d+[smh]\b/g, `$1: ${interval}s`);
  await writeFile(configFile, out);
  const status = await post(`${prometheusUrl}/-/reload`);
  if (status !== 200) {
    throw new Error(`Prometheus reload of ${configFile} answered ${status}`);
  }
}

interface Runner {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startRunner(args: string[], env: NodeJS.ProcessEnv): Runner {
  let log = '';
  const child = spawn(process.execPath, [RUNNER, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (d: Buffer) => (log = (log + d.toString()).slice(-12_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  return { child, output: () => log, exited };
}

async function stopRunner(r: Runner): Promise<void> {
  if (r.child.exitCode !== null || r.child.signalCode !== null) {
    return;
  }
  // The runner stops its children (Prometheus first) on SIGTERM, each bounded to 5 s.
  r.child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const done = await Promise.race([
    r.exited.then(() => true),
    new Promise<boolean>((ok) => (timer = setTimeout(() => ok(false), 30_000))),
  ]);
  clearTimeout(timer);
  if (!done) {
    r.child.kill('SIGKILL');
    await r.exited;
  }
}

/** Waits for the runner's "running" line; rejects with its output if it exits first. */
async function runnerReady(r: Runner, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!r.output().includes('running — Ctrl-C stops everything')) {
    if (r.child.exitCode !== null) {
      throw new Error(`the stack runner exited (${r.child.exitCode}):\n${r.output()}`);
    }
    if (Date.now() > deadline) {
      throw new Error(`the stack runner was not ready after ${timeoutMs / 1000} s:\n${r.output()}`);
    }
    await new Promise((ok) => setTimeout(ok, 250));
  }
}

async function instantCount(base: string, metric: string): Promise<number> {
  const result = await instant(base, `count(${metric})`);
  return Number(result[0]?.value[1] ?? 0);
}

/** The cluster as Prometheus has it: inventory, guest exporter targets, vGPU series. */
async function readGuests(base: string): Promise<StackGuest[]> {
  const [info, up, vgpu] = await Promise.all([
    instant(base, `${sdInventoryMetrics.guestInfo.name}{template="0"}`),
    instant(base, `up{job="${DEFAULT_JOBS.guestLinux}"}`),
    instant(base, R.vgpuUtilization),
  ]);
  const upById = new Map(up.map((s) => [s.metric.vm_id, s.value[1] === '1']));
  const vgpuIds = new Set(vgpu.map((s) => s.metric.vm_id));
  return info
    .map(({ metric: m }) => ({
      vmId: m.vm_id ?? '',
      name: m.vm_name ?? '',
      node: m.node ?? '',
      os: m.os ?? '',
      guestType: m.guest_type ?? '',
      status: m.status ?? '',
      exporter: (upById.has(m.vm_id) ? (upById.get(m.vm_id) ? 'up' : 'down') : 'none') as StackGuest['exporter'],
      vgpu: vgpuIds.has(m.vm_id),
    }))
    .sort((a, b) => Number(a.vmId) - Number(b.vmId));
}

export async function startDemoStack(options: DemoStackOptions): Promise<DemoStack> {
  for (const [file, fix] of [
    [PROMETHEUS, "install Debian's prometheus (flock /tmp/pvemon-apt.lock bash scripts/setup.sh) or set PROMETHEUS"],
    [RUNNER, 'build the stack and its packages: NX_DAEMON=false npx nx run @pvemon/stack:build'],
  ] as const) {
    if (!existsSync(file)) {
      throw new Error(`${file} not found: ${fix}`);
    }
  }
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const interval = options.intervalSeconds ?? 2;
  const tried = new Set<number>();
  // Another suite may take the same address range between our probe and the runner's bind: retry.
  for (let attempt = 1; ; attempt++) {
    const offset = await freeAddressOffset(options.salt, tried);
    tried.add(offset);
    const runDir = await mkdtemp(join(tmpdir(), 'pvemon-app-stack-'));
    const env: NodeJS.ProcessEnv = { ...process.env, PVEMON_SIM_ADDRESS_OFFSET: undefined };
    for (const name of ADDRESS_ENV) {
      env[name] = `127.0.0.1:${await freePort()}`;
    }
    const prometheusUrl = `http://${env.PVEMON_PROMETHEUS_ADDR}`;
    const args = [
      'up',
      ...['--nodes', String(options.nodes ?? 2), '--guests', String(options.guests), '--seed', '1'],
      ...['--rules', 'e2e', '--sd-refresh', String(Math.max(1, interval)), '--no-node-exporter'],
      ...['--address-offset', String(offset), '--run-dir', runDir],
      ...(options.scenarios ?? []).flatMap((s) => ['--scenario', s]),
    ];
    log(`[stack] pvemon-stack ${args.join(' ')}`);
    const runner = startRunner(args, env);
    const close = async () => {
      await stopRunner(runner);
      await rm(runDir, { recursive: true, force: true });
    };
    try {
      await runnerReady(runner, 120_000);
      await shortenScrapeIntervals(join(runDir, 'config', 'prometheus', 'prometheus.yml'), prometheusUrl, interval);
      // Ready when the rate-based recordings of every view have samples (rates need two scrapes).
      const needed = [
        R.guestInfo,
        R.guestDiskReadBytesHost,
        R.guestCpuLinux,
        R.guestCpuWindows,
        R.nodeCpu,
        R.nodeDiskReadLatency,
        R.gpuUtilization,
        R.vgpuUtilization,
      ];
      const deadline = Date.now() + 90_000;
      for (;;) {
        if (runner.child.exitCode !== null) {
          throw new Error(`the stack runner exited (${runner.child.exitCode}):\n${runner.output()}`);
        }
        const counts = await Promise.all(needed.map((r) => instantCount(prometheusUrl, r).catch(() => 0)));
        if (counts.every((n) => n > 0)) {
          break;
        }
        if (Date.now() > deadline) {
          throw new Error(
            `demo Prometheus has no data for ${needed.filter((_, i) => counts[i] === 0).join(', ')}:\n${runner.output()}`
          );
        }
        await new Promise((ok) => setTimeout(ok, 500));
      }
      const secondsToData = (Date.now() - started) / 1000;
      await new Promise((ok) => setTimeout(ok, (options.settleSeconds ?? interval * 3) * 1000));
      const guests = await readGuests(prometheusUrl);
      const clusterName = (await instant(prometheusUrl, sdInventoryMetrics.guestInfo.name))[0]?.metric.cluster ?? '';
      const nodes = (await instant(prometheusUrl, sdInventoryMetrics.nodeInfo.name)).map((s) => s.metric.node ?? '');
      log(`[stack] ${guests.length} guests on ${nodes.length} nodes, data after ${secondsToData.toFixed(1)} s`);
      return { prometheusUrl, clusterName, nodes: nodes.sort(), guests, secondsToData, close };
    } catch (err) {
      await close();
      if (attempt < 3 && /EADDRINUSE|address already in use/.test(String(err))) {
        log(`[stack] address offset ${offset} taken meanwhile, retrying with another`);
        continue;
      }
      throw err;
    }
  }
}
