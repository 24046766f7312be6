// The Compose demo (compose.yaml + compose.demo.yaml), checked on the model docker-compose 1.29
// resolves: every address Prometheus and sd-server use resolves and is served in the right
// network namespace, the simulator's state reaches sd-server, TLS is verified, and the
// dependencies form no cycle. (No Docker engine here: the native replay of the same services is
// test/compose-demo-rehearsal.test.ts.)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoDir, stackDir } from '../src/paths.js';
import { requireBinary } from '../src/tools/binaries.js';
import { run } from '../src/tools/run.js';
import {
  DEMO_FILES,
  composeEnv,
  dockerfileEntrypoint,
  dockerfileRuntime,
  enabledServices,
  extraHosts,
  imagePathInRepo,
  mounts,
  resolveCompose,
  type ResolvedCompose,
  type ResolvedService,
} from './compose-model.js';
import { tempDir } from './helpers.js';

interface SdDemoConfig {
  listen: { host: string; port: number };
  clusters: {
    name: string;
    endpoints: string[];
    tokenId: string;
    tokenSecretFile: string;
    tls: { caFile?: string; insecure?: boolean; fingerprints?: string[] };
    allowLoopback: boolean;
    pveExporter?: { target?: string };
  }[];
}

interface ScrapeConfig {
  job_name: string;
  static_configs?: { targets: string[] }[];
  http_sd_configs?: { url: string }[];
  file_sd_configs?: unknown[];
  relabel_configs?: { target_label?: string; replacement?: string }[];
}

let demo: ResolvedCompose;
let on: Record<string, ResolvedService>;
const svc = (name: string): ResolvedService => {
  const s = on[name];
  if (!s) throw new Error(`service ${name} is not started in the demo`);
  return s;
};
const flagValue = (args: readonly string[], flag: string): string | undefined =>
  args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined;

/** The host file mounted at `target` in a service. */
function hostFile(s: ResolvedService, target: string): string {
  const m = mounts(s).find((v) => v.target === target);
  if (!m) throw new Error(`nothing is mounted at ${target}`);
  return m.source;
}

/**
 * Which service's network namespace answers `host` for a process in `from`'s namespace, the way
 * Docker resolves it: /etc/hosts (extra_hosts) first, then the embedded DNS (service names and
 * aliases on a shared network). Loopback means `from`'s own namespace.
 */
function resolveFrom(from: string, host: string): string | undefined {
  const hosts = extraHosts(svc(from));
  const address = hosts[host] ?? host;
  if (/^127\./.test(address) || address === 'localhost') return from;
  const nets = Object.keys(svc(from).networks ?? {});
  for (const [name, s] of Object.entries(on)) {
    if (s.network_mode) continue; // no own address: reached through the namespace it joined
    const shared = Object.entries(s.networks ?? {}).filter(([n]) => nets.includes(n));
    if (shared.length === 0) continue;
    if (name === address || shared.some(([, cfg]) => cfg?.aliases?.includes(address))) return name;
  }
  return undefined;
}

/** Services whose processes listen in `name`'s network namespace (itself and its joiners). */
function namespaceOf(name: string): string[] {
  return [
    name,
    ...Object.entries(on)
      .filter(([, s]) => s.network_mode === `service:${name}`)
      .map(([n]) => n),
  ];
}

beforeAll(async () => {
  demo = await resolveCompose(DEMO_FILES);
  on = enabledServices(demo);
}, 30_000);

describe('compose.yaml + compose.demo.yaml: the resolved model', () => {
  it('starts the simulator and every stack service, but not the real pve-exporter', () => {
    expect(Object.keys(on).sort()).toEqual([
      'alert-receiver',
      'alertmanager',
      'grafana',
      'prometheus',
      'pve-simulator',
      'pvemon-vgpu',
      'sd-server',
    ]);
    expect(demo.services['pve-exporter']?.profiles).toEqual(['real-cluster']);
  });

  it('has no dependency cycle and no dependency on a service that is not started', () => {
    const deps = (name: string): string[] => {
      const s = svc(name);
      const named = Object.keys(s.depends_on ?? {});
      const ns = s.network_mode?.startsWith('service:') ? [s.network_mode.slice(8)] : [];
      return [...named, ...ns];
    };
    for (const name of Object.keys(on)) {
      for (const d of deps(name)) expect(on[d], `${name} → ${d}`).toBeDefined();
    }
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (n: string, path: string[]): void => {
      if (done.has(n)) return;
      if (visiting.has(n)) throw new Error(`cycle: ${[...path, n].join(' → ')}`);
      visiting.add(n);
      for (const d of deps(n)) visit(d, [...path, n]);
      visiting.delete(n);
      done.add(n);
    };
    for (const name of Object.keys(on)) visit(name, []);
    // A dependency's condition needs what it waits for: service_healthy only on health-checked ones.
    for (const [name, s] of Object.entries(on)) {
      expect(s.healthcheck, name).toBeDefined();
      for (const [d, c] of Object.entries(s.depends_on ?? {})) {
        expect(['service_healthy', 'service_started'], `${name} → ${d}`).toContain(c.condition);
      }
    }
    // The one started-only dependency, and why it must be: sd-server turns healthy only once the
    // simulator answers, and the simulator starts after Prometheus (it joins its namespace).
    expect(svc('prometheus').depends_on).toEqual({
      alertmanager: { condition: 'service_healthy' },
      'sd-server': { condition: 'service_started' },
    });
    expect(svc('pve-simulator').network_mode).toBe('service:prometheus');
    expect(svc('sd-server').depends_on).toBeUndefined();
  });

  it('docker-compose rejects the demo once sd-server waits for the simulator (a cycle)', async () => {
    const tmp = tempDir('compose-cycle');
    try {
      const extra = join(tmp.path, 'cycle.yaml');
      writeFileSync(
        extra,
        'services:\n  sd-server:\n    depends_on:\n      pve-simulator:\n        condition: service_healthy\n',
      );
      const args = [...DEMO_FILES.flatMap((f) => ['-f', join(stackDir(), f)]), '-f', extra];
      const res = await run(requireBinary('dockerCompose'), [...args, 'config', '-q'], {
        cwd: stackDir(),
        env: composeEnv(),
      });
      expect(res.code).not.toBe(0);
      expect(res.stderr).toMatch(/Circular dependency/);
    } finally {
      tmp.remove();
    }
  });
});

describe('Prometheus reaches every target it is given', () => {
  let prometheusYml: { scrape_configs: ScrapeConfig[]; alerting: unknown };
  beforeAll(() => {
    const file = hostFile(svc('prometheus'), '/etc/prometheus/prometheus.yml');
    prometheusYml = parse(readFileSync(file, 'utf8')) as typeof prometheusYml;
  });

  it('shares its network namespace with the simulator, which binds the 127.x exporters', () => {
    // sd-server hands out the simulator's 127.x addresses; they are loopback in Prometheus's
    // namespace, so the process binding them must live there.
    expect(namespaceOf('prometheus')).toContain('pve-simulator');
    const args = svc('pve-simulator').command ?? [];
    expect(args).toContain('--exporters');
    // The documented address plan (offset 0): pve-exporter on 127.0.0.1:9221.
    expect(args).not.toContain('--address-offset');
    expect(args).not.toContain('--pve-exporter-address');
    expect(flagValue(args, '--exporter-ports') ?? 'standard').toBe('standard');
  });

  it('runs pvemon-vgpu there too, for the vGPU hosts the pvemon-vgpu job scrapes on :9836', () => {
    expect(namespaceOf('prometheus')).toContain('pvemon-vgpu');
    const job = prometheusYml.scrape_configs.find((j) => j.job_name === 'pvemon-vgpu');
    const rewrite = job?.relabel_configs?.find((r) => r.target_label === '__address__');
    const port = /:(\d+)$/.exec(rewrite?.replacement ?? '')?.[1];
    const launcher = readFileSync(join(stackDir(), 'demo/vgpu-hosts.mjs'), 'utf8');
    expect(launcher).toContain(`const PORT = ${port};`);
    const vgpu = svc('pvemon-vgpu');
    const sim = svc('pve-simulator');
    // Same image: the manifest's fake nvidia-smi runs the simulator package's code by its path.
    expect(vgpu.image).toBe(sim.image);
    expect(vgpu.build).toEqual(sim.build);
    expect(readFileSync(join(repoDir(), sim.build?.dockerfile ?? ''), 'utf8')).toMatch(
      /npm pack [^\n]*\\\n[^\n]*-w @pvemon\/vgpu-exporter/,
    );
    // The volume at the simulator's own path, read-only: the manifest holds absolute paths.
    const simArgs = sim.command ?? [];
    const vgpuDir = flagValue(simArgs, '--vgpu-dir') ?? '';
    const simMount = mounts(sim).find((m) => vgpuDir.startsWith(`${m.target}/`));
    const vgpuMount = mounts(vgpu).find((m) => m.source === simMount?.source);
    expect(vgpuMount?.target).toBe(simMount?.target);
    expect(vgpuMount?.mode).toBe('ro');
    const entry = vgpu.entrypoint ?? [];
    expect(entry[2]).toBe(`${vgpuDir}/vgpu-hosts.json`);
    expect(hostFile(vgpu, entry[1] ?? '')).toBe(join(stackDir(), 'demo/vgpu-hosts.mjs'));
    expect(existsSync(imagePathInRepo(entry.at(-1) ?? ''))).toBe(true);
    expect(vgpu.depends_on).toEqual({ 'pve-simulator': { condition: 'service_healthy' } });
    expect(vgpu.healthcheck?.test).toEqual([
      'CMD',
      'node',
      entry[1],
      '--check',
      `${vgpuDir}/vgpu-hosts.json`,
    ]);
  });

  it('resolves every static target, SD URL, relabelled address and Alertmanager', () => {
    const hosts: { job: string; hostPort: string }[] = [];
    for (const job of prometheusYml.scrape_configs) {
      for (const sc of job.static_configs ?? [])
        for (const t of sc.targets) hosts.push({ job: job.job_name, hostPort: t });
      for (const sd of job.http_sd_configs ?? [])
        hosts.push({ job: job.job_name, hostPort: new URL(sd.url).host });
      for (const r of job.relabel_configs ?? [])
        if (r.target_label === '__address__' && r.replacement && !r.replacement.includes('$'))
          hosts.push({ job: job.job_name, hostPort: r.replacement });
    }
    const am = JSON.stringify(prometheusYml.alerting).match(/[a-z-]+:\d+/g) ?? [];
    for (const t of am) hosts.push({ job: 'alerting', hostPort: t });
    expect(hosts.length).toBeGreaterThan(8);
    const where = hosts.map(({ job, hostPort }) => {
      const host = hostPort.replace(/:\d+$/, '');
      return { job, hostPort, served: resolveFrom('prometheus', host) };
    });
    expect(where.filter((w) => !w.served)).toEqual([]);
    // The pve job goes to the simulator's emulated pve-exporter inside Prometheus's namespace.
    expect(where.find((w) => w.job === 'pve' && w.hostPort === 'pve-exporter:9221')?.served).toBe(
      'prometheus',
    );
    expect(extraHosts(svc('prometheus'))['pve-exporter']).toBe('127.0.0.1');
    // Every named target is a service that listens on that port (its own flag or default).
    const ports: Record<string, string> = {
      'sd-server': svc('sd-server').environment?.PVEMON_SD_LISTEN?.split(':')[1] ?? '',
      prometheus:
        (svc('prometheus').command ?? [])
          .find((a) => a.startsWith('--web.listen-address='))
          ?.split(':')[1] ?? '',
      alertmanager:
        (svc('alertmanager').command ?? [])
          .find((a) => a.startsWith('--web.listen-address='))
          ?.split(':')[1] ?? '',
    };
    for (const w of where) {
      const port = w.hostPort.split(':')[1];
      if (w.served && ports[w.served] && !w.hostPort.startsWith('pve-exporter'))
        expect(port, `${w.job} ${w.hostPort}`).toBe(ports[w.served]);
    }
  });
});

describe('sd-server ↔ simulator', () => {
  let sd: SdDemoConfig;
  let cluster: SdDemoConfig['clusters'][number];
  beforeAll(() => {
    const s = svc('sd-server');
    const entry = [...(s.entrypoint ?? []), ...(s.command ?? [])];
    const configPath = flagValue(entry, '--config') ?? '';
    sd = JSON.parse(readFileSync(hostFile(s, configPath), 'utf8')) as SdDemoConfig;
    const c = sd.clusters[0];
    if (!c) throw new Error('demo/sd-server.json has no cluster');
    cluster = c;
  });

  it('runs the image entrypoint behind the wait script, with the mounted config', () => {
    const s = svc('sd-server');
    const entry = [...(s.entrypoint ?? []), ...(s.command ?? [])];
    const sep = entry.indexOf('--');
    // node <script> <config> -- <the image's own ENTRYPOINT> serve --config <config>
    expect(entry[0]).toBe('node');
    expect(hostFile(s, entry[1] ?? '')).toBe(join(stackDir(), 'demo/sd-server-entrypoint.mjs'));
    expect(entry.slice(sep + 1, sep + 3)).toEqual(
      dockerfileEntrypoint('packages/sd-server/Dockerfile'),
    );
    expect(entry.slice(sep + 3)).toEqual(['serve', '--config', entry[2]]);
    expect(hostFile(s, entry[2] ?? '')).toBe(join(stackDir(), 'demo/sd-server.json'));
    expect(sd.listen.port).toBe(Number(s.environment?.PVEMON_SD_LISTEN?.split(':')[1]));
  });

  it('reaches the simulator API by a name that resolves and that its certificates carry', () => {
    const simArgs = svc('pve-simulator').command ?? [];
    const sans = simArgs.flatMap((a, i) => (simArgs[i - 1] === '--tls-san' ? [a] : []));
    const basePort = Number(flagValue(simArgs, '--port'));
    const nodes = Number(flagValue(simArgs, '--nodes'));
    expect(flagValue(simArgs, '--host')).toBe('0.0.0.0'); // reachable through the alias
    expect(cluster.endpoints.length).toBeGreaterThan(0);
    for (const e of cluster.endpoints) {
      const url = new URL(e);
      expect(url.protocol).toBe('https:');
      expect(resolveFrom('sd-server', url.hostname), e).toBe('prometheus');
      expect(namespaceOf('prometheus')).toContain('pve-simulator');
      expect(sans).toContain(url.hostname);
      // Node i listens on --port + i: every endpoint is one of the simulator's nodes.
      expect(Number(url.port) - basePort, e).toBeGreaterThanOrEqual(0);
      expect(Number(url.port) - basePort, e).toBeLessThan(nodes);
    }
    expect(cluster.endpoints[0]).toBe(`https://pve-simulator:${basePort}`);
    // The published control port is the first node's.
    expect(svc('prometheus').ports).toContain(`127.0.0.1:${basePort}:${basePort}/tcp`);
  });

  it('reads the CA and token the simulator writes, from the shared volume, read-only', () => {
    const simArgs = svc('pve-simulator').command ?? [];
    const stateDir = flagValue(simArgs, '--state-dir') ?? '';
    const simVolume = mounts(svc('pve-simulator')).find((m) => m.target === stateDir);
    expect(simVolume).toBeDefined();
    expect(demo.volumes).toHaveProperty(simVolume?.source ?? '');
    const sdVolume = mounts(svc('sd-server')).find((m) => m.source === simVolume?.source);
    expect(sdVolume?.mode).toBe('ro');
    const inSd = (file: string): string => `${sdVolume?.target}/${file}`;
    // File names the simulator CLI writes (packages/pve-simulator/src/cli.ts, --state-dir).
    expect(cluster.tls.caFile).toBe(inSd('pve-root-ca.pem'));
    expect(cluster.tokenSecretFile).toBe(inSd('token-secret'));
    // The token written to token-id: the simulator's `agent` token (the rehearsal compares files).
    expect(cluster.tokenId).toBe('pvemon@pve!agent');
    // token-secret is 0600, written by the simulator image's user: sd-server runs as the same.
    const sim = dockerfileRuntime('stack/pve-simulator/Dockerfile');
    const sdr = dockerfileRuntime('packages/sd-server/Dockerfile');
    expect(sim.user).toBe('node');
    expect(sdr.user).toBe('node');
    expect(sim.arg).toBe(sdr.arg);
  });

  it('verifies TLS with that CA everywhere, never insecure', () => {
    expect(cluster.tls).toEqual({ caFile: cluster.tls.caFile });
    expect(cluster.allowLoopback).toBe(true);
    const health = (svc('pve-simulator').healthcheck?.test ?? []).join(' ');
    expect(health).toContain('NODE_EXTRA_CA_CERTS=/state/pve-root-ca.pem');
    const all = JSON.stringify(on);
    expect(all).not.toMatch(/NODE_TLS_REJECT_UNAUTHORIZED|PVE_INSECURE|insecure/);
  });

  it('names the pve-exporter target by a node the emulated exporter answers for', () => {
    // The emulated exporter (like the real one) reads the node it is pointed at; pve1 is the
    // simulator's first node. The rehearsal scrapes it.
    expect(cluster.pveExporter?.target).toBe('pve1');
  });

  it('needs no secret file but Grafana’s: the real-cluster ones point at an empty file', () => {
    const empty = join(stackDir(), 'demo/no-secret');
    expect(readFileSync(empty, 'utf8')).toBe('');
    const used = new Set(Object.values(on).flatMap((s) => (s.secrets ?? []).map((x) => x.source)));
    for (const name of used) {
      const file = demo.secrets?.[name]?.file;
      if (name === 'grafana_admin_password')
        expect(file).toMatch(/secrets\/grafana_admin_password$/);
      else expect(file, name).toBe(empty);
    }
  });
});
