// A real Prometheus (Debian's package) scrapes every emulated endpoint at a 1 s interval for a
// bounded time: no scrape errors, every guest has its main families, and an exporter switched
// down by a scenario is seen as down (connection refused).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUEST_COUNTERS } from '../src/index.js';
import type { ExporterEndpoint, Simulator } from '../src/index.js';
import { startTestSim } from './helpers.js';

let sim: Simulator;
let prom: ChildProcess | undefined;
let dir = '';
let base = '';
let downVmid = 0;
/** How long Prometheus scrapes the emulated endpoints (issue 5: "for a minute"). */
const SCRAPE_WINDOW_S = 60;
/** Scenario → the guest (or GPU uuid) it was switched on for. */
const scoped: Record<string, string> = {};
const rulesDir = new URL('../../../stack/prometheus/rules/', import.meta.url);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

const hostPort = (e: ExporterEndpoint): string => new URL(e.url).host;

function config(eps: ExporterEndpoint[], pveTarget: string): string {
  const group = (job: string, list: ExporterEndpoint[], extra = ''): string =>
    [
      `  - job_name: ${job}`,
      extra,
      '    static_configs:',
      ...list.map(
        (e) =>
          `      - targets: ['${hostPort(e)}']\n        labels: { key: '${e.key}'${e.vmid ? `, vm_id: '${e.vmid}'` : ''} }`,
      ),
    ]
      .filter(Boolean)
      .join('\n');
  const guests = eps.filter((e) => e.vmid !== undefined);
  return [
    'global:',
    '  scrape_interval: 1s',
    '  scrape_timeout: 900ms',
    '  evaluation_interval: 1s',
    'rule_files: [recording.yml, alerts.yml]',
    'scrape_configs:',
    group('guests', guests),
    group(
      'pve-nodes',
      eps.filter((e) => e.type === 'host_node_exporter'),
    ),
    group(
      'nvidia-gpu',
      eps.filter((e) => e.type === 'nvidia_gpu_exporter'),
    ),
    group(
      'pve',
      eps.filter((e) => e.type === 'pve_exporter'),
      `    metrics_path: /pve\n    params: { target: ['${pveTarget}'], cluster: ['1'], node: ['1'] }`,
    ),
    '',
  ].join('\n');
}

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${base}${path}`);
  const body = (await res.json()) as { status: string; data: T; error?: string };
  if (body.status !== 'success') throw new Error(`${path}: ${body.error ?? res.status}`);
  return body.data;
}

async function scalar(q: string): Promise<number> {
  const r = await api<{ result: { value: [number, string] }[] }>(
    `/api/v1/query?query=${encodeURIComponent(q)}`,
  );
  return Number(r.result[0]?.value[1] ?? NaN);
}

interface Target {
  labels: Record<string, string>;
  health: string;
  lastError: string;
}

describe('a real Prometheus scrapes the emulated exporters', () => {
  beforeAll(
    async () => {
      sim = await startTestSim({
        nodes: 3,
        guests: 40,
        seed: 1,
        exporters: { ports: 'ephemeral' },
      });
      const linux = sim.exporters.filter((e) => e.type === 'node_exporter' && e.up);
      const qemuLinux = linux.filter((e) => sim.model.guest(e.vmid ?? 0)?.type === 'qemu');
      downVmid = linux[0]?.vmid ?? 0;
      await sim.control.startScenario(`exporter-down:vm${downVmid}`);
      // One guest per alert scenario (qemu Linux guests: they have a block device and swap).
      const names = ['cpu-saturation', 'steal', 'disk-latency', 'swapping', 'packet-drops'];
      names.forEach((name, i) => (scoped[name] = String(qemuLinux[i + 1]?.vmid ?? '')));
      for (const name of names) await sim.control.startScenario(`${name}:vm${scoped[name] ?? ''}`);
      const gpuNode = [...sim.load.gpuNodes()][0] ?? '';
      await sim.control.startScenario(`gpu-saturation:${gpuNode}`);
      scoped['gpu-saturation'] = sim.exporters.find((e) => e.key === `gpu/${gpuNode}`)?.node ?? '';
      dir = mkdtempSync(join(tmpdir(), 'pvemon-sim-prom-'));
      // The project's generated rules (packages/rules): the scenarios must drive their inputs.
      for (const f of ['recording.yml', 'alerts.yml']) {
        const src = new URL(f, rulesDir);
        if (!existsSync(src))
          throw new Error(`missing ${src.pathname}: run the rules package's generate`);
        // Test-only build: 10 s rate windows instead of 5 m, since this Prometheus has only ~20 s
        // of data (rate() divides by the whole window, so [5m] would read every guest as busy).
        writeFileSync(join(dir, f), readFileSync(src, 'utf8').replace(/\[5m\]/g, '[10s]'));
      }
      const eps = sim.exporters.filter((e) => e.up || e.vmid === downVmid);
      writeFileSync(join(dir, 'prometheus.yml'), config(eps, sim.nodes[0]?.ip ?? ''));
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      prom = spawn(
        'prometheus',
        [
          `--config.file=${join(dir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${join(dir, 'data')}`,
          `--web.listen-address=127.0.0.1:${port}`,
          '--log.level=warn',
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      prom.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
      prom.once('error', () => undefined);
      const deadline = Date.now() + 15_000;
      for (;;) {
        if (prom.exitCode !== null) throw new Error(`prometheus exited: ${stderr}`);
        const ok = await fetch(`${base}/-/ready`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) break;
        if (Date.now() > deadline) throw new Error(`prometheus not ready after 15 s: ${stderr}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      // Scrape for a minute at a 1 s interval: ~60 scrapes of every target.
      await new Promise((r) => setTimeout(r, SCRAPE_WINDOW_S * 1000));
    },
    (SCRAPE_WINDOW_S + 40) * 1000,
  );

  afterAll(async () => {
    if (prom && prom.exitCode === null) {
      const exited = new Promise((r) => prom?.once('exit', r));
      prom.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (prom.exitCode === null) prom.kill('SIGKILL');
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
    await sim?.close();
  });

  it('every target is up without scrape errors, except the one switched down (connection refused)', async () => {
    const { activeTargets } = await api<{ activeTargets: Target[] }>('/api/v1/targets');
    expect(activeTargets.length).toBeGreaterThan(30);
    for (const t of activeTargets) {
      if (t.labels.vm_id === String(downVmid)) {
        expect(t.health).toBe('down');
        expect(t.lastError).toMatch(/connection refused/);
      } else {
        expect({ key: t.labels.key, health: t.health, err: t.lastError }).toEqual({
          key: t.labels.key,
          health: 'up',
          err: '',
        });
      }
    }
  });

  it('no scrape failed during the whole window, except on the target switched down', async () => {
    // lastError only tells the latest scrape; min_over_time(up) tells every scrape of the window.
    const failed = await api<{ result: { metric: Record<string, string> }[] }>(
      `/api/v1/query?query=${encodeURIComponent(`min_over_time(up[${SCRAPE_WINDOW_S}s]) < 1`)}`,
    );
    const failedVmids = failed.result.map((r) => r.metric.vm_id ?? r.metric.instance);
    expect(failedVmids).toEqual([String(downVmid)]);
  });

  it('the main families have samples for every guest, node and GPU', async () => {
    const linux = sim.exporters.filter((e) => e.type === 'node_exporter' && e.up).length;
    const windows = sim.exporters.filter((e) => e.type === 'windows_exporter' && e.up).length;
    const guests = sim.model.guests().length;
    const q = (expr: string): Promise<number> => scalar(expr);
    expect(await q('count(count by (vm_id) (node_cpu_seconds_total{job="guests"}))')).toBe(linux);
    expect(
      await q(
        'count(count by (vm_id) (node_disk_reads_completed_total{job="guests"}) or count by (vm_id) (node_network_receive_bytes_total{job="guests", device="eth0"}))',
      ),
    ).toBe(linux);
    expect(await q('count(count by (vm_id) (node_memory_MemAvailable_bytes{job="guests"}))')).toBe(
      linux,
    );
    expect(await q('count(count by (vm_id) (windows_cpu_time_total{job="guests"}))')).toBe(windows);
    expect(
      await q(
        'count(count by (vm_id) (windows_logical_disk_read_latency_seconds_total{job="guests"}))',
      ),
    ).toBe(windows);
    expect(await q('count(pve_cpu_usage_ratio{job="pve", id=~"(qemu|lxc)/.+"})')).toBe(
      // Stopped guests too: /cluster/resources reports cpu 0 for them, as PVE does.
      sim.model.guests().filter((g) => sim.model.node(g.node)?.online).length,
    );
    expect(await q('count(pve_guest_info{job="pve"})')).toBe(guests);
    expect(
      await q(
        'count(count by (instance) (node_pressure_cpu_waiting_seconds_total{job="pve-nodes"}))',
      ),
    ).toBe(3);
    expect(await q('count(nvidia_smi_utilization_gpu_ratio{job="nvidia-gpu"})')).toBe(
      sim.load.gpuNodes().size,
    );
    // rate() works on the emulated counters (they advance with the wall clock).
    expect(
      await q('count(rate(node_cpu_seconds_total{job="guests", mode="idle"}[5s]) > 0)'),
    ).toBeGreaterThan(0);
  });

  it('the generated rules load without errors and record a series for every guest', async () => {
    const { groups } = await api<{
      groups: { rules: { name: string; health: string; lastError?: string }[] }[];
    }>('/api/v1/rules');
    const rules = groups.flatMap((g) => g.rules);
    expect(rules.length).toBeGreaterThan(20);
    expect(
      rules.filter((r) => r.health === 'err').map((r) => `${r.name}: ${r.lastError ?? ''}`),
    ).toEqual([]);
    const linux = sim.exporters.filter((e) => e.type === 'node_exporter' && e.up).length;
    const windows = sim.exporters.filter((e) => e.type === 'windows_exporter' && e.up).length;
    expect(await scalar('count(guest:node_cpu_utilisation:rate5m)')).toBe(linux);
    expect(await scalar('count(guest:windows_cpu_utilisation:rate5m)')).toBe(windows);
    expect(await scalar('count(node:node_pressure_cpu_waiting:rate5m)')).toBe(3);
    expect(await scalar('count(gpu:nvidia_smi_utilization_gpu:ratio)')).toBe(
      sim.load.gpuNodes().size,
    );
  });

  it('each scenario makes its alert pending for exactly its guest (plus physically overcommitted ones)', async () => {
    const alerts = await api<{ alerts: { labels: Record<string, string>; state: string }[] }>(
      '/api/v1/alerts',
    );
    const pending = (name: string, label = 'vm_id'): string[] =>
      [
        ...new Set(
          alerts.alerts
            .filter((a) => a.labels.alertname === name)
            .map((a) => a.labels[label] ?? ''),
        ),
      ].sort();
    // Guests on an overcommitted host get real steal from the load model too (noisy neighbours).
    const now = Date.now() / 1000;
    const naturalSteal = sim.model
      .guests()
      .filter(
        (g) =>
          sim.load.exporterKind(g) === 'node_exporter' &&
          sim.load.guestExporterUp(g) &&
          (sim.load.guestRates(g, now)[GUEST_COUNTERS.steal] ?? 0) > 0.05,
      )
      .map((g) => String(g.vmid));
    expect(pending('GuestCpuSaturation')).toEqual([scoped['cpu-saturation']]);
    expect(pending('HostCpuStealHigh')).toEqual(
      [...new Set([scoped.steal ?? '', ...naturalSteal])].sort(),
    );
    expect(pending('DiskLatencyHigh')).toEqual([scoped['disk-latency']]);
    expect(pending('MemorySwapActive')).toEqual([scoped.swapping]);
    expect(pending('NetworkPacketDrops')).toEqual([scoped['packet-drops']]);
    expect(pending('GuestExporterDown')).toEqual([String(downVmid)]);
    const gpu = sim.exporters.find(
      (e) => e.type === 'nvidia_gpu_exporter' && e.node === scoped['gpu-saturation'],
    );
    expect(pending('GpuUtilizationHigh', 'instance')).toEqual([
      new URL(gpu?.url ?? 'http://x').host,
    ]);
  });
});
