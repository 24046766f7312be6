// shellcheck (Debian package `shellcheck`, installed by scripts/setup.sh) must pass on every shell
// script in agents/ and on the test stubs.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentsDir } from './shell-harness.js';

function shellScripts(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : shellScripts(path);
    return entry.name.endsWith('.sh') ? [path] : [];
  });
}

const scripts = shellScripts(agentsDir)
  .map((p) => relative(agentsDir, p))
  .sort();
const stubs = readdirSync(join(agentsDir, 'test/stubs')).map((name) => `test/stubs/${name}`);

function shellcheck(args: string[], input?: string): { status: number | null; output: string } {
  const r = spawnSync('shellcheck', args, { cwd: agentsDir, encoding: 'utf8', input });
  if (r.error)
    throw new Error(`shellcheck not runnable (${r.error.message}): run scripts/setup.sh`);
  return { status: r.status, output: r.stdout + r.stderr };
}

describe('shellcheck', () => {
  it('finds the four agent scripts', () => {
    expect(scripts).toEqual([
      'linux/install-node-exporter.sh',
      'proxmox/create-monitoring-token.sh',
      'proxmox/install-gpu-exporter.sh',
      'proxmox/install-node-exporter.sh',
    ]);
  });

  it.each(scripts)('%s passes', (script) => {
    const r = shellcheck(['--severity=style', script]);
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
  });

  it('test stubs pass', () => {
    const r = shellcheck(['--shell=bash', ...stubs]);
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
  });

  it('reports a real problem (the check can fail)', () => {
    const r = shellcheck(['--shell=bash', '-'], 'dir=$1\nrm -rf $dir/*\n');
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/SC2086/);
  });
});
