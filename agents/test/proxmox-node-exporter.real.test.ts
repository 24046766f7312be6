// End to end with the REAL Debian node_exporter (prometheus-node-exporter 1.5.0, the version PVE 8
// ships; scripts/apt-packages.txt): the script writes its PVE host flags, a systemctl stand-in starts
// the real exporter with exactly those flags on 127.0.0.1, and the script's own verification scrapes
// it with the real curl. Proves that node_exporter accepts every flag and regex the script writes.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, stubBody } from './shell-harness.js';
import type { Sandbox } from './shell-harness.js';

const which = (cmd: string): string =>
  spawnSync('bash', ['-c', `type -P ${cmd}`], { encoding: 'utf8' }).stdout.trim();
const REAL_EXPORTER = which('prometheus-node-exporter');
const REAL_CURL = which('curl');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

let sb: Sandbox;
beforeEach(() => {
  sb = createSandbox();
  sb.stub('id', 'echo 0');
  sb.stub('apt-get', stubBody('package-manager')); // present, never called: the package is here
  sb.stub('dpkg-query', stubBody('dpkg-query'));
  sb.stub('nft', stubBody('nft'));
  sb.stub('systemctl', stubBody('systemctl-real-node-exporter'));
  sb.stub('curl', `exec ${REAL_CURL} "$@"`);
  sb.stub('journalctl', `cat "$STUB_STATE/exporter.log"`);
  sb.write('etc/default/prometheus-node-exporter', 'ARGS=""\n');
});
afterEach(() => {
  const pidFile = join(sb.dir, 'state/exporter.pid');
  try {
    process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGTERM');
  } catch {
    // not started or already gone
  }
  sb.cleanup();
});

describe('proxmox/install-node-exporter.sh with the real node_exporter', () => {
  it('node_exporter 1.5 accepts the PVE host flags and the script verifies it', async () => {
    expect(REAL_EXPORTER, 'install prometheus-node-exporter: bash scripts/setup.sh').not.toBe('');
    // dpkg-query reports the package as installed: the binary is already on this machine.
    spawnSync('touch', [join(sb.dir, 'state/pkg.prometheus-node-exporter')]);
    const port = await freePort();
    const r = sb.run(
      'proxmox/install-node-exporter.sh',
      ['--prometheus', '10.0.0.5', '--listen', '127.0.0.1', '--port', String(port)],
      { REAL_EXPORTER, PVEMON_VERIFY_ATTEMPTS: '8' },
    );
    const log = readFileSync(join(sb.dir, 'state/exporter.log'), 'utf8');
    expect(r.code, `${r.stderr}\n--- exporter log ---\n${log}`).toBe(0);
    expect(r.stderr).toContain(`verified http://127.0.0.1:${port}/metrics`);
    expect(log).not.toMatch(/unknown long flag|error parsing|invalid/i);
    expect(log).toContain(`address=127.0.0.1:${port}`);
    const metrics = spawnSync(REAL_CURL, ['-fsS', `http://127.0.0.1:${port}/metrics`], {
      encoding: 'utf8',
    }).stdout;
    // The textfile directory flag and the device filters took effect.
    expect(metrics).toMatch(/^node_scrape_collector_success\{collector="diskstats"\} 1$/m);
    expect(metrics).not.toMatch(/^node_network_receive_bytes_total\{device="lo"\}/m);
    expect(metrics).toMatch(/^node_network_receive_bytes_total\{device="(?!lo")/m);
  });
});
