// The Compose demo, rehearsed natively (there is no Docker engine here): the simulator and
// sd-server run from this repository with exactly the command lines, entrypoint, environment,
// mounted files and health check of their services in the model docker-compose 1.29 resolves
// from compose.yaml + compose.demo.yaml. What Docker would provide is stood in for, and only that:
//   - the shared volume pve-simulator-state → one temp dir mounted (by path) in both;
//   - the image paths /app/node_modules/@pvemon/<pkg>/ → packages/<pkg>/ (the Dockerfiles install
//     the packed workspace packages there);
//   - the network: 0.0.0.0 → 127.0.0.1, the simulator's port 8006+i → a free port P+i, and the
//     alias `pve-simulator` → 127.0.0.1 (a dns.lookup preload; TLS still checks that name);
//   - the address-plan offset, so parallel suites never share exporter addresses.
// Compose's start order is kept: sd-server starts first, over the previous run's state.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/tools/run.js';
import {
  DEMO_FILES,
  dockerfileEntrypoint,
  imagePathInRepo,
  mounts,
  resolveCompose,
  type ResolvedService,
} from './compose-model.js';
import { freeAddressOffset, freePort, tempDir } from './helpers.js';

interface Proc {
  readonly name: string;
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  output(): string;
}

interface TargetGroup {
  targets: string[];
  labels: Record<string, string>;
}

const procs: Proc[] = [];
/** pvemon-vgpu's own verdict on its last nvidia-smi collection. */
const VGPU_SCRAPE_OK = /^pvemon_vgpu_scrape_success(\{[^}]*\})? 1$/m;

function start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): Proc {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const p = { name, child, exited, output: () => out };
  procs.push(p);
  return p;
}

async function stop(p: Proc): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGTERM');
  const t = setTimeout(() => p.child.kill('SIGKILL'), 10_000);
  await p.exited;
  clearTimeout(t);
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out (${ms} ms) waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Waits for `re` in a process's output; fails at once if the process exits without printing it. */
async function waitOutput(p: Proc, re: RegExp, ms: number): Promise<RegExpMatchArray> {
  const deadline = Date.now() + ms;
  for (;;) {
    const hit = re.exec(p.output());
    if (hit) return hit;
    const why =
      p.child.exitCode !== null
        ? `${p.name} exited (${p.child.exitCode}) without printing ${re}`
        : Date.now() > deadline
          ? `timed out (${ms} ms) waiting for ${p.name} to print ${re}`
          : undefined;
    if (why) throw new Error(`${why}\n--- ${p.name} output ---\n${p.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** P such that P … P+n-1 are free on 127.0.0.1 (the simulator's node i listens on P+i). */
async function freePortRange(n: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const p = await freePort();
    if (p + n > 65_535) continue;
    let ok = true;
    for (let i = 1; i < n && ok; i++) ok = await bindable(p + i);
    if (ok) return p;
  }
  throw new Error(`no ${n} consecutive free ports`);
}

const flagValue = (args: readonly string[], flag: string): string | undefined =>
  args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined;

describe('Compose demo rehearsal: simulator + sd-server as their services run', () => {
  const tmp = tempDir('compose-demo');
  const stateDir = join(tmp.path, 'volume-pve-simulator-state');
  const preload = pathToFileURL(join(import.meta.dirname, 'fixtures/resolve-pve-simulator.mjs'));
  let simService: ResolvedService;
  let sdService: ResolvedService;
  let vgpuService: ResolvedService;
  let vgpuArgv: string[];
  let simArgs: string[];
  let simEntry: string[];
  let sdArgv: string[];
  let sdEnv: NodeJS.ProcessEnv;
  let sdUrl: string;
  let basePort: number;
  let sdConfig: {
    clusters: { name: string; tokenId: string; endpoints: string[] }[];
  };
  let sim: Proc;
  let sd: Proc;
  let vgpu: Proc;
  let vgpuTargetList: string[] = [];

  /** The pvemon-vgpu service's health check, run as Docker would (mapped paths). */
  async function vgpuHealth(): Promise<true | undefined> {
    const [, ...args] = (vgpuService.healthcheck?.test ?? []).map((a) => hostPath(vgpuService, a));
    const res = await run(process.execPath, args.slice(1), { env: { PATH: process.env.PATH } });
    return res.code === 0 ? true : undefined;
  }

  /** Host path of a container path in a service: bind mounts as they are, the volume → stateDir. */
  function hostPath(s: ResolvedService, containerPath: string): string {
    for (const m of mounts(s)) {
      if (containerPath !== m.target && !containerPath.startsWith(`${m.target}/`)) continue;
      const source = m.source === 'pve-simulator-state' ? stateDir : m.source;
      return source + containerPath.slice(m.target.length);
    }
    return containerPath;
  }

  /** Container port → the port Docker's network would have it on here. */
  const hostPort = (port: number): number => basePort + (port - 8006);

  beforeAll(async () => {
    const model = await resolveCompose(DEMO_FILES);
    simService = model.services['pve-simulator'] as ResolvedService;
    sdService = model.services['sd-server'] as ResolvedService;
    vgpuService = model.services['pvemon-vgpu'] as ResolvedService;
    // pvemon-vgpu: launcher and manifest from the shared volume, pvemon-vgpu from the image.
    vgpuArgv = (vgpuService.entrypoint ?? []).map((a) => {
      if (a === 'node') return process.execPath;
      if (a.startsWith('/app/node_modules/')) return imagePathInRepo(a);
      return hostPath(vgpuService, a);
    });
    const nodes = Number(flagValue(simService.command ?? [], '--nodes'));
    basePort = await freePortRange(nodes);
    const offset = await freeAddressOffset(41);
    mkdirSync(stateDir);

    // The simulator: its image ENTRYPOINT + its service command, network and volume mapped.
    simEntry = dockerfileEntrypoint('stack/pve-simulator/Dockerfile');
    simArgs = (simService.command ?? []).map((a, i, all) => {
      const flag = all[i - 1];
      if (flag === '--host') return '127.0.0.1';
      if (flag === '--port') return String(hostPort(Number(a)));
      if (a.startsWith('/')) return hostPath(simService, a); // --state-dir, --vgpu-dir
      return a;
    });
    simArgs.push('--address-offset', String(offset));

    // sd-server: its config file with the container paths and the network mapped as Docker would.
    const sdEntry = [...(sdService.entrypoint ?? []), ...(sdService.command ?? [])];
    const configInContainer = flagValue(sdEntry, '--config') ?? '';
    const configText = readFileSync(hostPath(sdService, configInContainer), 'utf8');
    const sdPort = await freePort();
    const mapped = JSON.parse(configText, (key, value: unknown) => {
      if (typeof value !== 'string') return value;
      if (value.startsWith('/')) return hostPath(sdService, value);
      if (/^https:\/\/pve-simulator:\d+$/.test(value)) {
        const url = new URL(value);
        return `https://pve-simulator:${hostPort(Number(url.port))}`;
      }
      if (key === 'host' && value === '0.0.0.0') return '127.0.0.1';
      return value;
    }) as typeof sdConfig & { listen: { port: number } };
    mapped.listen.port = sdPort;
    sdConfig = mapped;
    const configCopy = join(tmp.path, 'sd-server.json');
    writeFileSync(configCopy, JSON.stringify(mapped, null, 2));
    sdArgv = sdEntry.map((a) => {
      if (a === 'node') return process.execPath;
      if (a === configInContainer) return configCopy;
      if (a.startsWith('/app/node_modules/')) return imagePathInRepo(a);
      return hostPath(sdService, a);
    });
    sdEnv = {
      PATH: process.env.PATH,
      ...sdService.environment,
      PVEMON_SD_LISTEN: `127.0.0.1:${sdPort}`,
      PVEMON_DEMO_POLL_MS: '300',
      NODE_OPTIONS: `--import=${preload.href}`,
    };
    sdUrl = `http://127.0.0.1:${sdPort}`;

    // The previous run's state: a simulator that wrote its CA and token into the volume, gone.
    const previous = start(
      'previous simulator',
      process.execPath,
      [
        imagePathInRepo(simEntry[1] ?? ''),
        ...['--port', '0', '--nodes', '1', '--guests', '0', '--auth-delay-ms', '0'],
        ...['--state-dir', stateDir],
      ],
      { PATH: process.env.PATH },
    );
    await waitOutput(previous, /State for clients/, 20_000);
    await stop(previous);
    copyFileSync(join(stateDir, 'pve-root-ca.pem'), join(tmp.path, 'stale-ca.pem'));
  }, 45_000);

  afterAll(async () => {
    for (const p of procs.reverse()) await stop(p);
    tmp.remove();
  }, 30_000);

  it('sd-server waits for the live simulator, then serves its guests, all scrapeable', async () => {
    const t0 = Date.now();
    // Compose order: sd-server first (Prometheus waits for it to start, the simulator for Prometheus).
    sd = start('sd-server', sdArgv[0] ?? '', sdArgv.slice(1), sdEnv);
    await waitOutput(sd, /waiting for the simulator: .*ECONNREFUSED/, 10_000);

    sim = start(
      'pve-simulator',
      process.execPath,
      [imagePathInRepo(simEntry[1] ?? ''), ...simArgs],
      {
        PATH: process.env.PATH,
      },
    );
    const state = await waitOutput(sim, /State for clients/, 30_000);
    expect(state).toBeDefined();
    await waitOutput(sd, /verified with .* starting sd-server/, 15_000);
    await until(
      'sd-server /health 200',
      async () => ((await fetch(`${sdUrl}/health`)).ok ? true : undefined),
      30_000,
    );
    console.log(`compose demo rehearsal: sd-server healthy ${Date.now() - t0} ms after start`);

    // The token sd-server is configured with is the one the simulator wrote.
    expect(readFileSync(join(stateDir, 'token-id'), 'utf8').trim()).toBe(
      sdConfig.clusters[0]?.tokenId,
    );

    const out = sim.output();
    const count = (re: RegExp): number => Number(re.exec(out)?.[1] ?? NaN);
    const linux = count(/node_exporter\s+(\d+) Linux guests/);
    const windows = count(/windows_exporter\s+(\d+) Windows guests/);
    const hosts = count(/host node_exporter\s+(\d+) nodes/);
    const gpus = count(/nvidia_gpu_exporter\s+(\d+) GPU nodes/);
    const pveExporter = /pve-exporter\s+http:\/\/(\S+?)\/pve\?/.exec(out)?.[1];
    expect(linux + windows).toBeGreaterThan(0);

    const roles = async (role: string): Promise<TargetGroup[]> =>
      (await (await fetch(`${sdUrl}/targets/${role}`)).json()) as TargetGroup[];
    const guests = await roles('guests');
    const nodes = await roles('nodes');
    const gpu = await roles('gpu');
    const pve = await roles('pve');
    // The living cluster: every running guest is a target with the SD labels, or is reported
    // unresolved with its reason (the simulator has guests without a guest agent).
    const health = (await (await fetch(`${sdUrl}/health`)).json()) as {
      clusters: {
        guests: { running: number; targets: number };
        unresolved: Record<string, { count: number }>;
      }[];
    };
    const h = health.clusters[0];
    const unresolved = Object.values(h?.unresolved ?? {}).reduce((n, u) => n + u.count, 0);
    expect(guests.length).toBe(h?.guests.targets);
    expect(guests.length + unresolved).toBe(h?.guests.running);
    expect(guests.length).toBeGreaterThan(0);
    expect(guests.length).toBeLessThanOrEqual(linux + windows);
    expect(nodes.length).toBe(hosts);
    expect(gpu.length).toBe(gpus);
    for (const g of guests) {
      expect(g.labels).toMatchObject({ cluster: sdConfig.clusters[0]?.name });
      expect(Object.keys(g.labels)).toEqual(
        expect.arrayContaining(['vm_id', 'vm_name', 'vcpus', 'memory_gb', 'node', 'os']),
      );
    }

    // Each target answers where Prometheus (in the simulator's namespace) would scrape it.
    const down: string[] = [];
    for (const g of [...guests, ...nodes, ...gpu]) {
      for (const t of g.targets) {
        expect(t).toMatch(/^127\./);
        const res = await fetch(`http://${t}/metrics`).catch(() => undefined);
        const body = res?.ok ? await res.text() : '';
        if (!body.includes('# HELP')) down.push(t);
      }
    }
    expect(down).toEqual([]);

    // The pve job: relabelled to pve-exporter:9221, which compose.demo.yaml's extra_hosts points
    // at 127.0.0.1 — the simulator's pve-exporter (at this offset: printed address).
    expect(pve).toHaveLength(1);
    expect(pve[0]?.targets).toEqual(['pve1']);
    const module = pve[0]?.labels.__meta_pve_module ?? 'default';
    const scrape = await fetch(
      `http://${pveExporter}/pve?target=pve1&module=${module}&cluster=1&node=1`,
    );
    expect(scrape.status).toBe(200);
    expect(await scrape.text()).toMatch(/^pve_up\{id="node\/pve1"/m);

    // pvemon-vgpu, as its service runs (after the simulator is healthy), per vGPU host.
    vgpu = start('pvemon-vgpu', vgpuArgv[0] ?? '', vgpuArgv.slice(1), { PATH: process.env.PATH });
    const vgpuTargets = gpu
      .filter((g) => g.labels.__meta_pve_node_vgpu === '1')
      .flatMap((g) => g.targets.map((t) => t.replace(/:\d+$/, ':9836')));
    expect(vgpuTargets.length).toBeGreaterThan(0);
    vgpuTargetList = vgpuTargets;
    await until('the pvemon-vgpu health check to pass', () => vgpuHealth(), 30_000);
    for (const t of vgpuTargets) {
      const res = await fetch(`http://${t}/metrics`);
      expect(res.status, t).toBe(200);
      const body = await res.text();
      expect(body, t).toMatch(/^pvemon_vgpu_info\{/m);
      expect(body, t).toMatch(VGPU_SCRAPE_OK);
    }
    console.log(
      `compose demo rehearsal: ${guests.length} guest, ${nodes.length} node, ${gpu.length} GPU, ${vgpuTargets.length} vGPU host, 1 pve target(s) — all answered`,
    );
  }, 60_000);

  it("the simulator's health check verifies TLS with the CA in the volume", async () => {
    const test = simService.healthcheck?.test ?? [];
    expect(test[0]).toBe('CMD-SHELL');
    const shell = (ca: string): string =>
      (test[1] ?? '')
        .replace('/state/pve-root-ca.pem', ca)
        .replace(':8006/', `:${hostPort(8006)}/`);
    const ok = await run('sh', ['-c', shell(join(stateDir, 'pve-root-ca.pem'))], {
      env: { PATH: process.env.PATH },
    });
    expect(ok.code).toBe(0);
    const stale = await run('sh', ['-c', shell(join(tmp.path, 'stale-ca.pem'))], {
      env: { PATH: process.env.PATH },
    });
    expect(stale.code).not.toBe(0);
  }, 20_000);

  it('a restarted simulator (new CA) makes sd-server exit for its restart policy', async () => {
    await stop(sim);
    const restartedAt = Date.now();
    sim = start(
      'pve-simulator',
      process.execPath,
      [imagePathInRepo(simEntry[1] ?? ''), ...simArgs],
      {
        PATH: process.env.PATH,
      },
    );
    await waitOutput(sim, /State for clients/, 30_000);
    await waitOutput(sd, /changed \(simulator restarted\)/, 15_000);
    expect(await sd.exited).toBe(1);

    // pvemon-vgpu keeps working: the wrappers the new simulator rewrote point at its gateway.
    await until('pvemon-vgpu healthy after the simulator restart', () => vgpuHealth(), 20_000);
    expect(vgpu.child.exitCode).toBeNull();
    // Past pvemon-vgpu's collection reuse (--min-interval 5 s): the next scrape runs the fake
    // nvidia-smi against the new simulator.
    await new Promise((r) => setTimeout(r, Math.max(0, restartedAt + 6_000 - Date.now())));
    for (const t of vgpuTargetList) {
      await until(
        `${t} collecting from the new simulator`,
        async () =>
          VGPU_SCRAPE_OK.test(await (await fetch(`http://${t}/metrics`)).text()) ? true : undefined,
        20_000,
      );
    }

    // restart: unless-stopped starts it again: the new CA verifies, discovery works again.
    sd = start('sd-server (restarted)', sdArgv[0] ?? '', sdArgv.slice(1), sdEnv);
    await waitOutput(sd, /verified with .* starting sd-server/, 15_000);
    await until(
      'sd-server /health 200 after the restart',
      async () => ((await fetch(`${sdUrl}/health`)).ok ? true : undefined),
      30_000,
    );
  }, 60_000);
});
