import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from './cli.js';

describe('pvemon-rules CLI', () => {
  let dir = '';
  afterEach(async () => {
    vi.restoreAllMocks();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('generates files for custom job names and the e2e profile', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pvemon-cli-'));
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const code = await main([
      'generate',
      '--out',
      dir,
      '--guest-job',
      'vms',
      '--pve-job',
      'proxmox',
      '--profile',
      'e2e',
    ]);
    expect(code).toBe(0);
    const alerts = await readFile(join(dir, 'alerts.yml'), 'utf8');
    expect(alerts).toContain('up{job="vms"}');
    expect(alerts).toContain('job="proxmox"');
    expect(alerts).toContain('for: 15s'); // PveNodeDown 2m ÷ 8
    expect(alerts).toContain('for: 1m15s'); // GuestExporterDown 10m ÷ 8
    expect(alerts).toContain('TEST-ONLY BUILD');
  });

  it('names the flag and the fix for a bad duration', async () => {
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m));
    vi.spyOn(process.stderr, 'write').mockImplementation((m: string | Uint8Array) => {
      errors.push(String(m));
      return true;
    });
    const code = await main(['generate', '--out', '/tmp/x', '--for-override', 'soon']);
    expect(code).toBe(1);
    expect(errors.join('')).toMatch(/--for-override needs a Prometheus duration/);
  });
});
