// The CLI: prints how to connect, serves, stops cleanly on SIGTERM; bad flags are named.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

function run(args: string[]) {
  return spawn(process.execPath, ['--import', 'tsx', cli, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Collects the child's stdout until it contains `text` (20 s at most); resolves to all of it. */
function stdoutUntil(child: ReturnType<typeof run>, text: string): Promise<string> {
  let out = '';
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${text}" in: ${out}`)), 20_000);
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes(text)) {
        clearTimeout(timer);
        resolve(out);
      }
    });
  });
}

describe('pvemon-sim CLI', () => {
  it('prints URLs, tokens, CA path and fingerprints, then exits 0 on SIGTERM', async () => {
    const child = run([
      '--nodes',
      '2',
      '--guests',
      '5',
      '--port',
      '0',
      '--auth-delay-ms',
      '0',
      '--pve-version',
      '8',
    ]);
    const out = await stdoutUntil(child, 'Control API');
    expect(out).toMatch(/PVE 8\.4\.\d+, 2 nodes, 5 guests/);
    expect(out).toMatch(
      /pve1 +https:\/\/127\.0\.0\.1:\d+\/api2\/json +fingerprint ([0-9A-F]{2}:){31}[0-9A-F]{2}/,
    );
    expect(out).toMatch(/pvemon@pve!monitor +[0-9a-f-]{36}/);
    expect(out).toMatch(/pve-root-ca\.pem/);
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', resolve);
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
  });

  it('rejects bad arguments with an error naming the flag', async () => {
    const child = run(['--nodes', 'three']);
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(err).toContain("option '--nodes <n>' argument 'three' is invalid");
  });

  it('--exporters with --scenario serves the exporters, prints them and writes a fake nvidia-smi', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pvemon-sim-cli-'));
    const child = run([
      '--nodes',
      '2',
      '--guests',
      '20',
      '--port',
      '0',
      '--auth-delay-ms',
      '0',
      '--exporter-ports',
      'ephemeral',
      '--scenario',
      'cpu-saturation:vm100',
      '--scenario',
      'gpu-saturation:vm102',
      '--nvidia-smi-dir',
      dir,
    ]);
    const banner = stdoutUntil(child, 'Fake nvidia-smi');
    try {
      const out = await banner;
      expect(out).toContain('Control API'); // the original banner is still there, first
      expect(out).toMatch(/Scenarios: cpu-saturation:vm100, gpu-saturation:vm102/);
      const url = /node_exporter +\d+ Linux guests on <guest address>:9100, e\.g\. (\S+)/.exec(
        out,
      )?.[1];
      expect(url).toMatch(/^http:\/\/127\.100\.\d+\.\d+:\d+\/metrics$/);
      expect(await (await fetch(url ?? '')).text()).toContain('node_cpu_seconds_total{cpu="0"');
      const smi = /Fake nvidia-smi: (\S+)/.exec(out)?.[1] ?? '';
      const vgpu = execFileSync(smi, ['vgpu', '-q'], { encoding: 'utf8' });
      expect(vgpu).toMatch(/^GPU 00000000:81:00\.0$/m);
      expect(vgpu).toMatch(/^Timestamp +: [A-Z][a-z]{2} [A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d \d{4}$/m);
      expect(vgpu).toMatch(/MDEV UUID +: 00000000-0000-0000-0000-000000000102/);
      expect(vgpu).toMatch(/^ +GPU +: 97 %$/m);
      const csv = execFileSync(smi, ['--query-gpu=uuid,pci.bus_id', '--format=csv'], {
        encoding: 'utf8',
      });
      expect(csv).toMatch(/^uuid, pci\.bus_id\nGPU-[0-9a-f-]{36}, 00000000:81:00\.0\n$/);
    } finally {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--vgpu-dir and --state-dir write what pvemon-vgpu and sd-server need elsewhere', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pvemon-sim-cli-'));
    const child = run([
      ...['--nodes', '2', '--guests', '20', '--port', '0', '--auth-delay-ms', '0'],
      ...['--exporter-ports', 'ephemeral'],
      ...['--vgpu-dir', join(dir, 'vgpu'), '--state-dir', join(dir, 'state')],
    ]);
    const banner = stdoutUntil(child, 'Control API');
    try {
      const out = await banner;
      expect(out.indexOf('vGPU hosts for pvemon-vgpu')).toBeLessThan(
        out.indexOf('State for clients'),
      );
      const hosts = JSON.parse(readFileSync(join(dir, 'vgpu', 'vgpu-hosts.json'), 'utf8')) as {
        node: string;
        ip: string;
        nvidiaSmi: string;
        configDir: string;
      }[];
      expect(hosts.length).toBeGreaterThan(0);
      for (const h of hosts) {
        expect(h.ip).toMatch(/^127\.\d+\.\d+\.\d+$/);
        expect(h.nvidiaSmi).toBe(join(dir, 'vgpu', h.node, 'nvidia-smi'));
        // A vGPU host: its fake nvidia-smi reports mediated devices of its own VMs' configs.
        const uuids = [
          ...execFileSync(h.nvidiaSmi, ['vgpu', '-q'], { encoding: 'utf8' }).matchAll(
            /MDEV UUID +: (\S+)/g,
          ),
        ].map((m) => m[1]);
        expect(uuids.length).toBeGreaterThan(0);
        // PVE derives a VM's mdev UUID from its vmid; that VM's config on this node has the mdev.
        for (const u of uuids) {
          const vmid = Number(u?.split('-').at(-1));
          const conf = readFileSync(join(h.configDir, `${vmid}.conf`), 'utf8');
          expect(conf).toMatch(/^hostpci\d+: .*mdev=/m);
        }
      }
      expect(readFileSync(join(dir, 'state', 'token-id'), 'utf8')).toBe('pvemon@pve!agent\n');
      expect(readFileSync(join(dir, 'state', 'token-secret'), 'utf8')).toMatch(/^[0-9a-f-]{36}\n$/);
      expect(existsSync(join(dir, 'state', 'pve-root-ca.pem'))).toBe(true);
    } finally {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names --scenario in the error for a bad scenario', async () => {
    const child = run([
      '--port',
      '0',
      '--exporter-ports',
      'ephemeral',
      '--scenario',
      'meltdown:vm100',
    ]);
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(err).toContain('--scenario: unknown scenario "meltdown"');
  });
});
