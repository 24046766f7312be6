import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_JOBS, recordingRules as R, renderRuleSet, resolveConfig } from '@pvemon/rules';
import { GUEST_TARGET_LABELS } from '@pvemon/metrics-contract';
import { instant } from '../support/prometheusApi';
import { demoCluster, type DemoCluster, type DemoGuest } from './inventory';
import {
  gpuExporterText,
  guestExporterText,
  hostNodeExporterText,
  pveExporterText,
  sdServerText,
  vgpuExporterText,
} from './exposition';

export interface DemoStack {
  prometheusUrl: string;
  cluster: DemoCluster;
  /** Seconds from start until every recording rule the pages read had data. */
  secondsToData: number;
  close(): Promise<void>;
}

export interface DemoStackOptions {
  guests: number;
  nodes?: number;
  /** Scrape and rule evaluation interval (s); raise it for large clusters on small machines. */
  intervalSeconds?: number;
  log?: (line: string) => void;
}

const PROMETHEUS = process.env.PROMETHEUS ?? '/usr/bin/prometheus';

async function freePort(): Promise<number> {
  const srv = createNetServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

/** The sd-server's guest target labels (the label contract), from the demo inventory. */
function guestTargetLabels(c: DemoCluster, g: DemoGuest): Record<string, string> {
  const all: Record<string, string | undefined> = {
    vm_id: String(g.vmId),
    vm_name: g.name,
    vcpus: String(g.vcpus),
    memory_gb: String(g.memoryBytes / 2 ** 30),
    node: g.node,
    tags: g.tags.length ? `;${g.tags.join(';')};` : undefined,
    cluster: c.name,
    guest_type: g.type,
    os: g.os,
    pool: g.pool,
  };
  return Object.fromEntries(GUEST_TARGET_LABELS.filter((l) => all[l] !== undefined).map((l) => [l, all[l]!]));
}

/**
 * A real Prometheus (Debian package) scraping the demo cluster's exporters, served from one
 * loopback HTTP server (one path per target), with pvemon's generated rules loaded. Each target
 * keeps the sd-server's labels; `instance` is the guest's own address, as with HTTP SD.
 */
export async function startDemoStack(options: DemoStackOptions): Promise<DemoStack> {
  if (!existsSync(PROMETHEUS)) {
    throw new Error(
      `${PROMETHEUS} not found: install Debian's prometheus (flock /tmp/pvemon-apt.lock bash scripts/setup.sh) or set PROMETHEUS`
    );
  }
  const started = Date.now();
  const cluster = demoCluster({ guests: options.guests, nodes: options.nodes });
  // 2 s: fast enough for tests, and a scrape on a busy CI machine rarely times out (a failed
  // scrape marks series stale, which would empty instant queries).
  const interval = options.intervalSeconds ?? 2;
  const elapsed = () => (Date.now() - started) / 1000;
  const nodes = new Map(cluster.nodes.map((n) => [n.name, n]));
  const guests = new Map(cluster.guests.map((g) => [String(g.vmId), g]));
  const routes: Record<string, (key: string) => string | undefined> = {
    sd: () => sdServerText(cluster, elapsed()),
    pve: () => pveExporterText(cluster, elapsed()),
    node: (k) => (nodes.has(k) ? hostNodeExporterText(nodes.get(k)!, cluster, elapsed()) : undefined),
    gpu: (k) => (nodes.has(k) ? gpuExporterText(nodes.get(k)!, cluster, elapsed()) : undefined),
    vgpu: (k) => (nodes.has(k) ? vgpuExporterText(nodes.get(k)!, cluster, elapsed()) : undefined),
    guest: (k) => {
      const g = guests.get(k);
      return g && g.exporter === 'up' ? guestExporterText(g, elapsed()) : undefined;
    },
  };
  const server: Server = createServer((req, res) => {
    const [, kind = '', key = ''] = (req.url ?? '').split('/');
    const body = routes[kind]?.(decodeURIComponent(key));
    res.writeHead(body === undefined ? 503 : 200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(body ?? 'exporter down');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const target = (path: string, labels: Record<string, string>) => ({
    targets: [address],
    labels: { __metrics_path__: path, ...labels },
  });
  const jobs = DEFAULT_JOBS;
  const gpuNodes = cluster.nodes.filter((n) => n.gpus.length > 0);
  const config = {
    global: { scrape_interval: `${interval}s`, evaluation_interval: `${interval}s`, scrape_timeout: `${interval}s` },
    rule_files: ['recording.yml', 'alerts.yml'],
    scrape_configs: [
      { job_name: jobs.sd, static_configs: [target('/sd', {})] },
      { job_name: jobs.pve, static_configs: [target('/pve', { cluster: cluster.name })] },
      {
        job_name: jobs.node,
        static_configs: cluster.nodes.map((n) =>
          target(`/node/${n.name}`, { cluster: cluster.name, node: n.name, instance: `${n.name}:9100` })
        ),
      },
      {
        job_name: jobs.guestLinux,
        static_configs: cluster.guests
          .filter((g) => g.exporter !== 'none')
          .map((g) => target(`/guest/${g.vmId}`, { ...guestTargetLabels(cluster, g), instance: g.address })),
      },
      {
        job_name: jobs.gpu,
        static_configs: gpuNodes.map((n) =>
          target(`/gpu/${n.name}`, { cluster: cluster.name, node: n.name, instance: `${n.name}:9835` })
        ),
      },
      {
        job_name: jobs.vgpu,
        static_configs: gpuNodes.map((n) =>
          target(`/vgpu/${n.name}`, { cluster: cluster.name, instance: `${n.name}:9976` })
        ),
      },
    ],
  };
  const dir = await mkdtemp(join(tmpdir(), 'pvemon-app-demo-'));
  for (const [name, text] of Object.entries(renderRuleSet(resolveConfig({})))) {
    await writeFile(join(dir, name), text);
  }
  await writeFile(join(dir, 'prometheus.yml'), JSON.stringify(config, null, 1)); // JSON is YAML
  const port = await freePort();
  const prometheusUrl = `http://127.0.0.1:${port}`;
  let log = '';
  const prom: ChildProcess = spawn(
    PROMETHEUS,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }
  );
  prom.stdout?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-8000)));
  prom.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-8000)));

  const close = async () => {
    if (prom.exitCode === null) {
      const exited = new Promise((resolve) => prom.once('exit', resolve));
      prom.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (prom.exitCode === null) {
        prom.kill('SIGKILL');
      }
    }
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await rm(dir, { recursive: true, force: true });
  };

  // Ready when the rate-based recordings of every view have samples (rates need two scrapes).
  const needed = [
    R.guestDiskReadBytesHost,
    R.guestCpuLinux,
    R.guestCpuWindows,
    R.nodeCpu,
    R.nodeDiskReadLatency,
    R.gpuUtilization,
    R.vgpuUtilization,
    R.guestInfo,
  ];
  const deadline = Date.now() + 60_000 + interval * 6_000;
  try {
    for (;;) {
      if (prom.exitCode !== null) {
        throw new Error(`prometheus exited (${prom.exitCode}):\n${log}`);
      }
      const counts = await Promise.all(needed.map((r) => instantCount(prometheusUrl, r).catch(() => 0)));
      if (counts.every((n) => n > 0)) {
        // Range queries ending "now" need a step after the first rate sample: two more rounds.
        await new Promise((r) => setTimeout(r, interval * 2000 + 500));
        break;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `demo Prometheus has no data for ${needed.filter((_, i) => counts[i] === 0).join(', ')}:\n${log}`
        );
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { prometheusUrl, cluster, secondsToData: elapsed(), close };
}

async function instantCount(base: string, metric: string): Promise<number> {
  const result = await instant(base, `count(${metric})`);
  return Number(result[0]?.value[1] ?? 0);
}
