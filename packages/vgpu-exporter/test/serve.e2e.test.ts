import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVgpuSource, DEFAULT_SETTINGS } from '../src/exporter.js';
import { buildServer } from '../src/http/server.js';
import {
  cliArgv,
  FIXTURES,
  installFakeNvidiaSmi,
  makeTempDir,
  MULTI_VGPU_GUESTS,
  removeDir,
  writeGuestConfigs,
} from './helpers.js';

let dir: string;
let configDir: string;
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  dir = await makeTempDir('serve');
  configDir = await writeGuestConfigs(dir, MULTI_VGPU_GUESTS);
});
afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
  await removeDir(dir);
});

/** Boots the real server on 127.0.0.1:0 against the fake nvidia-smi; returns its base URL. */
async function boot(fakeEnv: Record<string, string>, settings: { timeoutMs?: number } = {}) {
  const log = join(dir, `calls-${apps.length}.jsonl`);
  const env = await installFakeNvidiaSmi(dir, { ...fakeEnv, FAKE_NVIDIA_SMI_LOG: log });
  const app = buildServer({
    source: createVgpuSource({
      ...DEFAULT_SETTINGS,
      node: 'pve1',
      configDir,
      sysfsRoot: join(dir, 'no-sysfs'),
      env,
      ...settings,
    }),
  });
  apps.push(app);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const vgpuQueries = async () =>
    (await readFile(log, 'utf8').catch(() => '')).split('\n').filter((l) => l.includes('"vgpu"'))
      .length;
  return { url, vgpuQueries };
}

describe('serve mode', () => {
  it('serves per-VM metrics mapped through the PVE configs', async () => {
    const { url } = await boot({
      FAKE_NVIDIA_SMI_VGPU_Q: FIXTURES.multiVgpuQ,
      FAKE_NVIDIA_SMI_QUERY_GPU: FIXTURES.multiGpuCsv,
    });
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const body = await response.text();
    expect(body).toContain(
      'pvemon_vgpu_gpu_utilization_ratio{node="pve1",gpu_uuid="0a5ba9ad-a575-72c7-d51d-3e726232cfd1",gpu_pci="0000:41:00.0",vgpu_uuid="d471c7f2-0a53-11ec-afd3-38b06df18e37",vgpu_type="NVIDIA L40S-8Q",vm_id="101",vm_name="win11-cad"} 0.87',
    );
    expect(body).toMatch(/pvemon_vgpu_info\{[^}]*vm_id="103"[^}]*mapped_by="vm_name"\} 1/);
    expect(body).toContain('pvemon_vgpu_scrape_success{node="pve1"} 1');
    expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: 'ok' });
  });

  it('forks nvidia-smi once for parallel scrapes and reuses it within the interval', async () => {
    const { url, vgpuQueries } = await boot({
      FAKE_NVIDIA_SMI_VGPU_Q: FIXTURES.realVgpuQ,
      FAKE_NVIDIA_SMI_QUERY_GPU: FIXTURES.realL40sCsv,
      FAKE_NVIDIA_SMI_DELAY_MS: '200',
    });
    const bodies = await Promise.all(
      Array.from({ length: 8 }, async () => (await fetch(`${url}/metrics`)).text()),
    );
    expect(new Set(bodies).size).toBe(1);
    expect(bodies[0]).toMatch(/mapped_by="mdev"/);
    await fetch(`${url}/metrics`);
    expect(await vgpuQueries()).toBe(1);
  });

  it('answers 200 with scrape_success 0 when nvidia-smi fails', async () => {
    const { url } = await boot({ FAKE_NVIDIA_SMI_MODE: 'fail' });
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('pvemon_vgpu_scrape_success{node="pve1"} 0');
  });

  it('gives up on a hanging nvidia-smi after --timeout and reports scrape_success 0', async () => {
    const { url } = await boot(
      { FAKE_NVIDIA_SMI_VGPU_Q: FIXTURES.realVgpuQ, FAKE_NVIDIA_SMI_DELAY_MS: '20000' },
      { timeoutMs: 300 },
    );
    const body = await (await fetch(`${url}/metrics`)).text();
    expect(body).toContain('pvemon_vgpu_scrape_success{node="pve1"} 0');
    expect(body).toMatch(/pvemon_vgpu_scrape_duration_seconds\{node="pve1"\} 0\.[3-9]/);
  });
});

describe('pvemon-vgpu serve (CLI process)', () => {
  it('listens where --listen says, serves /metrics and exits on SIGTERM', async () => {
    const env = await installFakeNvidiaSmi(dir, {
      FAKE_NVIDIA_SMI_VGPU_Q: FIXTURES.realVgpuQ,
      FAKE_NVIDIA_SMI_QUERY_GPU: FIXTURES.realL40sCsv,
    });
    const child = spawn(
      process.execPath,
      cliArgv('serve', '--listen', '127.0.0.1:0', '--node', 'pve-cli', '--config-dir', configDir),
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let stderr = '';
        const timer = setTimeout(() => reject(new Error(`no listen log: ${stderr}`)), 20_000);
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          const match = /"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/.exec(stderr);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
      });
      const body = await (await fetch(`${url}/metrics`)).text();
      expect(body).toContain('pvemon_vgpu_scrape_success{node="pve-cli"} 1');
      expect(body).toMatch(/vm_id="101"/);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
