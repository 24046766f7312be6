import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, stubBody } from './shell-harness.js';
import type { RunResult, Sandbox } from './shell-harness.js';

const SCRIPT = 'proxmox/install-gpu-exporter.sh';
const METRICS = new URL('./fixtures/nvidia_gpu_exporter-l40s-load.metrics', import.meta.url)
  .pathname;
const ARCHIVE = 'nvidia_gpu_exporter_1.4.1_linux_x86_64.tar.gz';
const RELEASE = 'https://github.com/utkuozdemir/nvidia_gpu_exporter/releases/download/v1.4.1';
const GPU = 'nvidia_gpu_exporter.service';

let sb: Sandbox;
let downloads: string;
const run = (args: string[], env: Record<string, string> = {}): RunResult =>
  sb.run(SCRIPT, args, {
    METRICS_FILE: METRICS,
    DOWNLOAD_DIR: downloads,
    PVEMON_VERIFY_ATTEMPTS: '1',
    ...env,
  });
const lines = (r: RunResult) =>
  sb
    .lines(r)
    .map((l) => l.replaceAll(sb.root, '$ROOT').replaceAll(sb.dir, '$SANDBOX'))
    .map((l) => l.replace(/\$SANDBOX\/tmp\.\w+/g, '$WORK'));

/** A release archive as goreleaser lays it out (binary at the top level) plus checksums.txt. */
function makeRelease(dir: string, checksumOverride?: string): void {
  const stage = join(dir, 'stage');
  mkdirSync(stage, { recursive: true });
  writeFileSync(join(stage, 'nvidia_gpu_exporter'), '#!/bin/sh\necho "stand-in binary"\n', {
    mode: 0o755,
  });
  writeFileSync(join(stage, 'LICENSE'), 'MIT\n');
  execFileSync('tar', ['-czf', join(dir, ARCHIVE), '-C', stage, 'nvidia_gpu_exporter', 'LICENSE']);
  const sum = createHash('sha256')
    .update(readFileSync(join(dir, ARCHIVE)))
    .digest('hex');
  writeFileSync(
    join(dir, 'checksums.txt'),
    `${'0'.repeat(64)}  nvidia_gpu_exporter_1.4.1_linux_arm64.tar.gz\n${checksumOverride ?? sum}  ${ARCHIVE}\n`,
  );
}

beforeEach(() => {
  sb = createSandbox();
  downloads = join(sb.dir, 'downloads');
  makeRelease(downloads);
  sb.stub('id', 'echo 0');
  sb.stub('uname', 'echo x86_64');
  sb.stub('nvidia-smi');
  sb.stub('systemctl', stubBody('systemctl'));
  sb.stub('nft', stubBody('nft'));
  sb.stub('curl', stubBody('curl'));
  sb.stub('journalctl', 'echo "nvidia_gpu_exporter[7]: nvidia-smi failed"');
});
afterEach(() => sb.cleanup());

const DOWNLOAD = [
  `curl -fsSL --retry 3 -o $WORK/${ARCHIVE} ${RELEASE}/${ARCHIVE}`,
  `curl -fsSL --retry 3 -o $WORK/checksums.txt ${RELEASE}/checksums.txt`,
];
const START = (unit: string) => [
  `systemctl is-enabled --quiet ${unit}`,
  `systemctl enable ${unit}`,
  `systemctl restart ${unit}`,
];
const VERIFY_GPU = 'curl -fsS --max-time 10 http://127.0.0.1:9835/metrics';

describe('proxmox/install-gpu-exporter.sh', () => {
  it('installs the verified release and, with pvemon-vgpu present, the vGPU exporter (auto)', () => {
    sb.stub('pvemon-vgpu');
    const r = run(['--prometheus', '10.0.0.5']);
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r)).toEqual([
      'id -u',
      'uname -m',
      ...DOWNLOAD,
      'systemctl daemon-reload',
      'nft -f $ROOT/etc/pvemon/gpu-exporter.nft',
      ...START(GPU),
      ...START('pvemon-vgpu.service'),
      VERIFY_GPU,
      'curl -fsS --max-time 10 http://127.0.0.1:9836/health',
    ]);
    expect(readFileSync(join(sb.root, 'usr/local/bin/nvidia_gpu_exporter'), 'utf8')).toContain(
      'stand-in',
    );
    const unit = sb.read(`etc/systemd/system/${GPU}`);
    expect(unit).toContain(
      'ExecStart=/usr/local/bin/nvidia_gpu_exporter --web.listen-address=:9835',
    );
    expect(unit).toContain('ExecStartPre=+/usr/sbin/nft -f /etc/pvemon/gpu-exporter.nft');
    expect(unit).toContain('DynamicUser=yes');
    expect(sb.read('etc/systemd/system/pvemon-vgpu.service')).toContain(
      `ExecStart=${join(sb.dir, 'bin/pvemon-vgpu')} serve --listen 0.0.0.0:9836`,
    );
    const nft = sb.read('etc/pvemon/gpu-exporter.nft');
    expect(nft).toContain('ip saddr { 10.0.0.5 } tcp dport { 9835, 9836 } accept');
    execFileSync('nft', ['-c', '-f', join(sb.root, 'etc/pvemon/gpu-exporter.nft')]);
  });

  it('without pvemon-vgpu: only the GPU exporter; re-run changes nothing and downloads nothing', () => {
    const first = run(['--prometheus', '10.0.0.5,fd00::5']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/pvemon-vgpu not found: skipping/);
    expect(existsSync(join(sb.root, 'etc/systemd/system/pvemon-vgpu.service'))).toBe(false);
    execFileSync('nft', ['-c', '-f', join(sb.root, 'etc/pvemon/gpu-exporter.nft')]);
    const again = run(['--prometheus', '10.0.0.5,fd00::5']);
    expect(again.code, again.stderr).toBe(0);
    expect(lines(again)).toEqual([
      'id -u',
      'uname -m',
      'nft list table inet pvemon_gpu_exporter',
      `systemctl is-enabled --quiet ${GPU}`,
      `systemctl is-active --quiet ${GPU}`,
      VERIFY_GPU,
    ]);
  });

  it('--vgpu textfile installs the 15 s timer instead of a listening service', () => {
    sb.stub('pvemon-vgpu');
    const r = run(['--prometheus', '10.0.0.5', '--vgpu', 'textfile']);
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r).slice(-4)).toEqual([...START('pvemon-vgpu.timer'), VERIFY_GPU]);
    expect(sb.read('etc/systemd/system/pvemon-vgpu.service')).toContain(
      'textfile --out /var/lib/prometheus/node-exporter',
    );
    expect(sb.read('etc/systemd/system/pvemon-vgpu.timer')).toContain('OnUnitActiveSec=15s');
    expect(sb.read('etc/pvemon/gpu-exporter.nft')).toContain('tcp dport { 9835 } accept');
  });

  it('offline --tarball/--checksums: no download', () => {
    const r = run([
      '--prometheus',
      '10.0.0.5',
      '--tarball',
      join(downloads, ARCHIVE),
      '--checksums',
      join(downloads, 'checksums.txt'),
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r).filter((l) => l.startsWith('curl -fsSL'))).toEqual([]);
  });

  it('refuses a tampered archive before installing anything', () => {
    makeRelease(downloads, 'f'.repeat(64));
    const r = run(['--prometheus', '10.0.0.5']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/SHA-256 mismatch .*refusing to install/);
    expect(lines(r)).toEqual(['id -u', 'uname -m', ...DOWNLOAD]);
    expect(existsSync(join(sb.root, 'usr/local/bin/nvidia_gpu_exporter'))).toBe(false);
  });

  it('fails with the journal when the exporter reports no GPU', () => {
    const empty = join(sb.dir, 'empty.metrics');
    writeFileSync(empty, '# no GPUs\nnvidia_smi_last_collect_success 0\n');
    const r = run(['--prometheus', '10.0.0.5'], { METRICS_FILE: empty });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/reports no GPU/);
    expect(lines(r).at(-1)).toBe(`journalctl -u ${GPU} -n 20 --no-pager`);
  });

  it('--vgpu serve without pvemon-vgpu, no nvidia-smi, or an unknown arch: exit 2', () => {
    expect(run(['--prometheus', '10.0.0.5', '--vgpu', 'serve']).code).toBe(2);
    sb.stub('uname', 'echo riscv64');
    expect(run(['--prometheus', '10.0.0.5']).stderr).toMatch(/unsupported architecture riscv64/);
    execFileSync('rm', [join(sb.dir, 'bin/nvidia-smi')]);
    const r = run(['--prometheus', '10.0.0.5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nvidia-smi not found/);
  });

  it('--uninstall disables and removes units, binary and firewall table', () => {
    sb.stub('pvemon-vgpu');
    expect(run(['--prometheus', '10.0.0.5']).code).toBe(0);
    const r = run(['--uninstall']);
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r)).toEqual([
      'id -u',
      'systemctl disable --now pvemon-vgpu.service',
      `systemctl disable --now ${GPU}`,
      'systemctl daemon-reload',
      'nft list table inet pvemon_gpu_exporter',
      'nft delete table inet pvemon_gpu_exporter',
    ]);
    expect(existsSync(join(sb.root, 'usr/local/bin/nvidia_gpu_exporter'))).toBe(false);
    expect(existsSync(join(sb.root, `etc/systemd/system/${GPU}`))).toBe(false);
  });
});
