// Loads the generated rules into the REAL Prometheus server (Debian package), scraping recorded
// exporter outputs served on loopback, and checks every rule evaluates without error and the
// recording rules produce series with the label contract. Bounded: ~10 s, everything stopped.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { renderRuleSet } from '../src/build.js';
import { DEFAULT_CONFIG } from '../src/config.js';
import { recordingRules as R } from '../src/recordings/names.js';
import { findPromtool } from './promtool.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

// pvemon's own exporters have no recorded output yet: render a small sample in the contract's names.
const SD_METRICS = `pvemon_guest_info{cluster="lab",vm_id="100",vm_name="samplevm1",node="proxmox",guest_type="qemu",os="linux",ostype="l26",status="running",template="0"} 1
pvemon_guest_vcpus{cluster="lab",vm_id="100",vm_name="samplevm1",node="proxmox"} 1
pvemon_guest_memory_bytes{cluster="lab",vm_id="100",vm_name="samplevm1",node="proxmox"} 17179869184
pvemon_sd_stale{cluster="lab"} 0
`;
const VGPU =
  'node="proxmox",gpu_uuid="GPU-1",gpu_pci="00000000:01:00.0",vgpu_uuid="v1",vgpu_type="L40S-12Q",vm_id="100",vm_name="samplevm1"';
const VGPU_METRICS = `pvemon_vgpu_gpu_utilization_ratio{${VGPU}} 0.4
pvemon_vgpu_framebuffer_used_bytes{${VGPU}} 1073741824
pvemon_vgpu_framebuffer_total_bytes{${VGPU}} 12884901888
pvemon_vgpu_scrape_success{node="proxmox"} 1
`;

const BODIES: Record<string, string> = {
  '/node': fixture('node_exporter.v1.5.0.prom'),
  '/pve': fixture('pve_exporter.v3.10.0.prom'),
  '/gpu': fixture('nvidia_gpu_exporter.l40s.prom'),
  '/sd': SD_METRICS,
  '/vgpu': VGPU_METRICS,
};

/** Recording rules the recorded outputs cannot feed, and why. */
const NO_INPUT_IN_FIXTURES: Record<string, string> = {
  [R.guestMemoryLinux]: 'node_exporter e2e output has no MemAvailable',
  [R.nodeMemory]: 'node_exporter e2e output has no MemAvailable',
  [R.guestFilesystemAvailLinux]: 'filesystem collector off in the e2e output',
  [R.guestDiskReadLatencyLinux]: 'static counters: no operations, latency undefined (by design)',
  [R.guestDiskWriteLatencyLinux]: 'static counters: no operations, latency undefined (by design)',
  [R.nodeDiskReadLatency]: 'static counters: no operations, latency undefined (by design)',
  [R.nodeDiskWriteLatency]: 'static counters: no operations, latency undefined (by design)',
  ...Object.fromEntries(
    [
      R.guestNetReceiveBytesLinux,
      R.guestNetTransmitBytesLinux,
      R.guestNetReceiveDropLinux,
      R.guestNetTransmitDropLinux,
      R.nodeNetReceiveBytes,
      R.nodeNetTransmitBytes,
      R.nodeNetReceiveDrop,
      R.nodeNetTransmitDrop,
    ].map((r) => [r, 'netdev samples exist only for `lo`, which the rules exclude by design']),
  ),
};
const WINDOWS_RULES = Object.values(R).filter((r) => r.includes('windows_')); // no samples recorded

function prometheusBinary(): string {
  const promtool = findPromtool();
  const candidate = join(dirname(promtool), 'prometheus');
  if (!existsSync(candidate))
    throw new Error(
      `prometheus not found next to ${promtool}: install the Debian package \`prometheus\``,
    );
  return candidate;
}

async function freePort(): Promise<number> {
  const srv = createNetServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

interface RuleStatus {
  name: string;
  health: string;
  lastError?: string;
  lastEvaluation: string;
}

let dir = '';
let server: Server | undefined;
let prom: ChildProcess | undefined;
let base = '';
let promLog = '';

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${base}${path}`);
  const body = (await res.json()) as { status: string; data: T };
  if (body.status !== 'success') throw new Error(`${path}: ${JSON.stringify(body)}`);
  return body.data;
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}: ${String(last)}\n${promLog.slice(-2000)}`);
}

beforeAll(async () => {
  const binary = prometheusBinary();
  dir = await mkdtemp(join(tmpdir(), 'pvemon-rules-prom-'));
  server = createServer((req, res) => {
    const body = BODIES[req.url ?? ''];
    res.writeHead(body ? 200 : 404, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const target = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const job = (name: string, path: string, labels: Record<string, string> = {}) => ({
    job_name: name,
    metrics_path: path,
    static_configs: [{ targets: [target], labels: { cluster: 'lab', ...labels } }],
  });
  const guest = { vm_id: '100', vm_name: 'samplevm1', node: 'proxmox', os: 'linux' };
  const config = {
    global: { scrape_interval: '1s', evaluation_interval: '1s' },
    rule_files: ['recording.yml', 'alerts.yml'],
    scrape_configs: [
      job('guests', '/node', guest),
      job('pve-nodes', '/node', { node: 'proxmox' }),
      job('pve', '/pve'),
      job('nvidia-gpu', '/gpu', { node: 'proxmox' }),
      job('pvemon-sd', '/sd'),
      job('pvemon-vgpu', '/vgpu'),
    ],
  };
  for (const [name, text] of Object.entries(renderRuleSet(DEFAULT_CONFIG)))
    await writeFile(join(dir, name), text);
  await writeFile(join(dir, 'prometheus.yml'), stringify(config));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  prom = spawn(
    binary,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  prom.stdout?.on('data', (d: Buffer) => (promLog += d.toString()));
  prom.stderr?.on('data', (d: Buffer) => (promLog += d.toString()));
  await waitFor('Prometheus ready', async () =>
    (await fetch(`${base}/-/ready`)).ok ? true : undefined,
  );
}, 60_000);

afterAll(async () => {
  if (prom && prom.exitCode === null) {
    const exited = new Promise((resolve) => prom!.once('exit', resolve));
    prom.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (prom.exitCode === null) prom.kill('SIGKILL');
  }
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('generated rules in a real Prometheus', () => {
  it('loads every group and evaluates every rule without error', async () => {
    const rules = await waitFor('three evaluations of every rule', async () => {
      const data = await api<{ groups: { rules: RuleStatus[] }[] }>('/api/v1/rules');
      const all = data.groups.flatMap((g) => g.rules);
      // Rates need two scrapes; wait until every rule has been evaluated after those.
      return all.length > 0 &&
        all.every((r) => Date.parse(r.lastEvaluation) > Date.now() - 1500) &&
        (
          await api<{ result: unknown[] }>(
            `/api/v1/query?query=${encodeURIComponent(R.guestCpuStealLinux)}`,
          )
        ).result.length > 0
        ? all
        : undefined;
    });
    expect(rules).toHaveLength(
      renderRuleSet(DEFAULT_CONFIG)['recording.yml'].match(/- record:/g)!.length +
        renderRuleSet(DEFAULT_CONFIG)['alerts.yml'].match(/- alert:/g)!.length,
    );
    const broken = rules
      .filter((r) => r.health !== 'ok')
      .map((r) => `${r.name}: ${r.lastError ?? r.health}`);
    expect(broken, promLog.slice(-2000)).toEqual([]);
  });

  it('produces recording series from real exporter outputs, with the label contract', async () => {
    const expected = Object.values(R).filter(
      (record) => !(record in NO_INPUT_IN_FIXTURES) && !WINDOWS_RULES.includes(record),
    );
    const missingNow = async (): Promise<string[]> => {
      const missing: string[] = [];
      for (const record of expected) {
        const { result } = await api<{ result: unknown[] }>(
          `/api/v1/query?query=${encodeURIComponent(record)}`,
        );
        if (result.length === 0) missing.push(record);
      }
      return missing;
    };
    // Each job is scraped on its own schedule; rates appear once a job has two samples.
    const missing = await waitFor(
      'series of every fed recording rule',
      async () => {
        const m = await missingNow();
        return m.length === 0 ? m : undefined;
      },
      15_000,
    ).catch(async () => missingNow());
    expect(missing).toEqual([]);

    const cpu = await api<{ result: { metric: Record<string, string> }[] }>(
      `/api/v1/query?query=${encodeURIComponent(R.guestCpuHost)}`,
    );
    expect(cpu.result.map((r) => r.metric)).toEqual([
      expect.objectContaining({
        vm_id: '100',
        vm_name: 'samplevm1',
        node: 'proxmox',
        guest_type: 'qemu',
        id: 'qemu/100',
      }),
    ]);
    const info = await api<{ result: { metric: Record<string, string> }[] }>(
      `/api/v1/query?query=${encodeURIComponent(R.guestInfo)}`,
    );
    expect(info.result[0]?.metric).toEqual(
      expect.objectContaining({ vcpus: '1', memory_gb: '16' }),
    );
    const gpu = await api<{ result: { metric: Record<string, string> }[] }>(
      `/api/v1/query?query=${encodeURIComponent(R.gpuUtilization)}`,
    );
    expect(gpu.result[0]?.metric).toEqual(
      expect.objectContaining({ gpu_name: 'NVIDIA L40S', node: 'proxmox' }),
    );
  });
});
