import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from './lab.js';

// A real Prometheus (Debian package `prometheus`, installed by scripts/setup.sh) reads the
// shipped example config with its refresh_interval shortened, pointed at a live sd-server.
const PROMETHEUS = '/usr/bin/prometheus';
const PROMTOOL = '/usr/bin/promtool';
const EXAMPLE = new URL('../examples/prometheus.yml', import.meta.url);

interface ApiTarget {
  labels: Record<string, string>;
  discoveredLabels: Record<string, string>;
  scrapePool: string;
}

let lab: Lab;
let prom: ChildProcess | undefined;
let dir: string;
let promUrl: string;
let promLog = '';

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

async function activeTargets(): Promise<ApiTarget[]> {
  const res = await fetch(`${promUrl}/api/v1/targets?state=active`);
  const body = (await res.json()) as { data: { activeTargets: ApiTarget[] } };
  return body.data.activeTargets;
}

beforeAll(async () => {
  lab = await startLab();
  await lab.refresh();
  const sdUrl = await lab.app.listen({ host: '127.0.0.1', port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'pvemon-sd-prom-'));
  const config = readFileSync(EXAMPLE, 'utf8')
    .replaceAll('http://pvemon-sd:9710', sdUrl)
    .replaceAll('refresh_interval: 30s', 'refresh_interval: 1s');
  writeFileSync(
    join(dir, 'prometheus.yml'),
    `global:\n  scrape_interval: 60s\n  scrape_timeout: 1s\n${config}`,
  );
  const check = spawnSync(PROMTOOL, ['check', 'config', join(dir, 'prometheus.yml')], {
    encoding: 'utf8',
  });
  expect(check.status, check.stdout + check.stderr).toBe(0);
  const port = await freePort();
  promUrl = `http://127.0.0.1:${port}`;
  prom = spawn(
    PROMETHEUS,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  prom.stderr?.on('data', (d: Buffer) => (promLog += d.toString()));
}, 60_000);

afterAll(async () => {
  if (prom && prom.exitCode === null) {
    prom.kill('SIGTERM');
    await new Promise((r) => {
      const t = setTimeout(() => {
        prom?.kill('SIGKILL');
        r(undefined);
      }, 5_000);
      prom?.once('exit', () => {
        clearTimeout(t);
        r(undefined);
      });
    });
  }
  await lab?.close();
  if (dir && existsSync(dir)) rmSync(dir, { recursive: true, force: true });
});

describe('a real Prometheus with http_sd_configs', () => {
  it("shows every role's targets with the documented labels", async () => {
    const expected = (await lab.targets()).length;
    const deadline = Date.now() + 30_000;
    let targets: ApiTarget[] = [];
    while (Date.now() < deadline) {
      targets = await activeTargets().catch(() => []);
      if (targets.filter((t) => t.scrapePool === 'pve-guests').length === expected) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const guests = targets.filter((t) => t.scrapePool === 'pve-guests');
    expect(guests.length, promLog).toBe(expected);
    const g102 = guests.find((t) => t.labels.vm_id === '102');
    expect(g102?.labels).toMatchObject({
      job: 'pve-guests',
      instance: lab.sim.model.guest(102)?.name,
      vm_id: '102',
      vcpus: expect.stringMatching(/^\d+$/),
      memory_gb: expect.stringMatching(/^\d+(\.\d+)?$/),
      node: lab.sim.model.guest(102)?.node,
      tags: ';gpu;windows;',
      cluster: 'lab',
      guest_type: 'qemu',
      os: 'windows',
      pool: 'prod',
    });
    expect(g102?.discoveredLabels).toMatchObject({
      __address__: '127.100.0.102:9182',
      __meta_pve_mdev: '1',
      __meta_pve_ostype: 'win11',
    });
    // __meta_* labels never reach the target's final labels.
    expect(Object.keys(g102?.labels ?? {}).some((k) => k.startsWith('__'))).toBe(false);
    const ipv6 = guests.find((t) => t.labels.vm_id === '108');
    expect(ipv6?.discoveredLabels.__address__).toBe('[fd00:7076:6d6f:6e::6c]:9100');

    const nodes = targets.filter((t) => t.scrapePool === 'pve-nodes');
    expect(nodes.map((t) => t.labels.instance).sort()).toEqual(
      lab.sim.nodes.map((n) => n.name).sort(),
    );
    const pve = targets.filter((t) => t.scrapePool === 'pve-exporter');
    expect(pve).toHaveLength(1);
    expect(pve[0]?.labels).toMatchObject({ instance: 'lab', cluster: 'lab' });
    expect(pve[0]?.discoveredLabels).toMatchObject({
      __param_target: '127.0.0.1',
      __param_module: 'default',
    });
    expect(targets.filter((t) => t.scrapePool === 'pve-gpu').length).toBeGreaterThan(0);
    expect(promLog).not.toMatch(/Unable to refresh target groups/);
  });
});
