import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, stubBody } from './shell-harness.js';
import type { RunResult, Sandbox } from './shell-harness.js';

const SCRIPT = 'proxmox/install-node-exporter.sh';
const METRICS = new URL('./fixtures/node_exporter-1.5.0-metrics.txt', import.meta.url).pathname;
const SVC = 'prometheus-node-exporter.service';
const DEFAULTS = 'etc/default/prometheus-node-exporter';
const NFT_FILE = 'etc/pvemon/node-exporter.nft';
const DROPIN = `etc/systemd/system/${SVC}.d/pvemon-firewall.conf`;

let sb: Sandbox;
const run = (args: string[], env: Record<string, string> = {}): RunResult =>
  sb.run(SCRIPT, args, { METRICS_FILE: METRICS, PVEMON_VERIFY_ATTEMPTS: '2', ...env });
const lines = (r: RunResult) => sb.lines(r).map((l) => l.replaceAll(sb.root, '$ROOT'));

beforeEach(() => {
  sb = createSandbox();
  sb.stub('id', 'echo 0');
  sb.stub('apt-get', stubBody('package-manager'));
  sb.stub('dpkg-query', stubBody('dpkg-query'));
  sb.stub('systemctl', stubBody('systemctl'));
  sb.stub('nft', stubBody('nft'));
  sb.stub('curl', stubBody('curl'));
  sb.stub('journalctl', 'echo "node_exporter[42]: listen tcp :9100: bind: address already in use"');
});
afterEach(() => sb.cleanup());

const DPKG = "dpkg-query -W '-f=${Status}' prometheus-node-exporter";
const VERIFY = 'curl -fsS --max-time 5 http://127.0.0.1:9100/metrics';
const EXPECTED_ARGS = [
  '--web.listen-address=:9100',
  '--collector.pressure',
  '--collector.zfs',
  '--collector.systemd',
  '--collector.systemd.unit-include=(pve[a-z-]*|corosync|pve-cluster|pve-firewall|pve-ha-[a-z]+|ceph[a-z0-9@.-]*|zfs[a-z-]*|chrony|ssh|cron|prometheus-node-exporter)[.]service',
  '--collector.diskstats.device-exclude=^(ram|loop|fd|(h|s|v|xv)d[a-z]+|nvme[0-9]+n[0-9]+p|zd[0-9]+p)[0-9]+$',
  '--collector.netdev.device-exclude=^(lo|fwbr[0-9]+i[0-9]+|fwpr[0-9]+p[0-9]+|fwln[0-9]+i[0-9]+)$',
  '--collector.netclass.ignored-devices=^(lo|fwbr[0-9]+i[0-9]+|fwpr[0-9]+p[0-9]+|fwln[0-9]+i[0-9]+)$',
  '--collector.textfile.directory=/var/lib/prometheus/node-exporter',
];

/** The value systemd passes as $ARGS: the quoted string of the EnvironmentFile's ARGS= line. */
function argsOf(defaults: string): string[] {
  const m = /^ARGS="([^"]*)"$/m.exec(defaults);
  if (!m?.[1]) throw new Error('no ARGS line');
  return m[1].split(' ');
}

describe('proxmox/install-node-exporter.sh', () => {
  it('fresh install: package, PVE collectors, nftables restriction, service, verification', () => {
    const r = run(['--prometheus', '10.0.0.5,10.1.0.0/16,fd00::5']);
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r)).toEqual([
      'id -u',
      DPKG,
      'apt-get update',
      'apt-get install -y --no-install-recommends prometheus-node-exporter',
      'nft -f $ROOT/etc/pvemon/node-exporter.nft',
      'systemctl daemon-reload',
      `systemctl is-enabled --quiet ${SVC}`,
      `systemctl enable ${SVC}`,
      `systemctl restart ${SVC}`,
      VERIFY,
    ]);
    expect(argsOf(sb.read(DEFAULTS))).toEqual(EXPECTED_ARGS);
    expect(sb.read(`${DEFAULTS}.pvemon-orig`)).toContain('ARGS=""');
    expect(sb.read(DROPIN)).toContain(
      'ExecStartPre=+/usr/sbin/nft -f /etc/pvemon/node-exporter.nft',
    );
    const nft = sb.read(NFT_FILE);
    expect(nft).toContain('ip saddr { 10.0.0.5, 10.1.0.0/16 } tcp dport 9100 accept');
    expect(nft).toContain('ip6 saddr { fd00::5 } tcp dport 9100 accept');
    expect(nft).toMatch(/iifname "lo" tcp dport 9100 accept[\s\S]*tcp dport 9100 drop/);
    expect(r.stderr).toMatch(/verified http:\/\/127\.0\.0\.1:9100\/metrics/);
  });

  it('the generated ruleset passes the real `nft -c` (check mode, nothing applied)', () => {
    expect(run(['--prometheus', '10.0.0.5,fd00::/64', '--port', '9101']).code).toBe(0);
    execFileSync('nft', ['-c', '-f', join(sb.root, NFT_FILE)]);
    // …and the check does catch a broken ruleset.
    const broken = join(sb.dir, 'broken.nft');
    writeFileSync(broken, sb.read(NFT_FILE).replace('dport 9101 drop', 'dport 9101 dorp'));
    expect(() => execFileSync('nft', ['-c', '-f', broken], { stdio: 'pipe' })).toThrow();
  });

  it('re-run with the same settings changes nothing', () => {
    expect(run(['--prometheus', '10.0.0.5']).code).toBe(0);
    const before = sb.read(DEFAULTS);
    const r = run(['--prometheus', '10.0.0.5']);
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r)).toEqual([
      'id -u',
      DPKG,
      'nft list table inet pvemon_node_exporter',
      `systemctl is-enabled --quiet ${SVC}`,
      `systemctl is-active --quiet ${SVC}`,
      VERIFY,
    ]);
    expect(sb.read(DEFAULTS)).toBe(before);
    expect(sb.read(`${DEFAULTS}.pvemon-orig`)).toContain('ARGS=""'); // backup not overwritten
  });

  it('a new Prometheus address reloads the table without restarting the exporter', () => {
    expect(run(['--prometheus', '10.0.0.5']).code).toBe(0);
    const r = run(['--prometheus', '10.0.0.6']);
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r)).toEqual([
      'id -u',
      DPKG,
      'nft -f $ROOT/etc/pvemon/node-exporter.nft',
      `systemctl is-enabled --quiet ${SVC}`,
      `systemctl is-active --quiet ${SVC}`,
      VERIFY,
    ]);
    expect(sb.read(NFT_FILE)).toContain('ip saddr { 10.0.0.6 }');
  });

  it('--listen binds one address and verifies there; installs nftables when nft is missing', () => {
    sb.stub('nft', ''); // replaced below: start without nft
    execFileSync('rm', [join(sb.dir, 'bin', 'nft')]);
    sb.stubLater('nft', stubBody('nft'));
    const r = run(['--prometheus', '10.0.0.5', '--listen', '10.0.0.11']);
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r).slice(2, 5)).toEqual([
      'apt-get update',
      'apt-get install -y --no-install-recommends prometheus-node-exporter nftables',
      'nft -f $ROOT/etc/pvemon/node-exporter.nft',
    ]);
    expect(lines(r).at(-1)).toBe('curl -fsS --max-time 5 http://10.0.0.11:9100/metrics');
    expect(argsOf(sb.read(DEFAULTS))[0]).toBe('--web.listen-address=10.0.0.11:9100');
  });

  it('--uninstall removes drop-in, table, service and package, and restores the defaults file', () => {
    expect(run(['--prometheus', '10.0.0.5']).code).toBe(0);
    const r = run(['--uninstall']);
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r)).toEqual([
      'id -u',
      'systemctl daemon-reload',
      'nft list table inet pvemon_node_exporter',
      'nft delete table inet pvemon_node_exporter',
      DPKG,
      `systemctl disable --now ${SVC}`,
      'apt-get remove -y prometheus-node-exporter',
    ]);
    expect(existsSync(join(sb.root, DROPIN))).toBe(false);
    expect(existsSync(join(sb.root, NFT_FILE))).toBe(false);
    expect(sb.read(DEFAULTS)).toBe(
      '# Set the command-line arguments to pass to the server.\nARGS=""\n',
    );
    // Second uninstall: nothing left to do.
    expect(lines(run(['--uninstall']))).toEqual([
      'id -u',
      'nft list table inet pvemon_node_exporter',
      DPKG,
    ]);
  });

  it('fails with the journal when /metrics never answers', () => {
    const r = run(['--prometheus', '10.0.0.5'], { CURL_FAIL: '1' });
    expect(r.code).toBe(1);
    expect(lines(r).slice(-3)).toEqual([VERIFY, VERIFY, `journalctl -u ${SVC} -n 20 --no-pager`]);
    expect(r.stderr).toMatch(/bind: address already in use/);
    expect(r.stderr).toMatch(/did not answer/);
  });

  it('fails when a required collector fails, only warns for ZFS/PSI/systemd', () => {
    const broken = join(sb.dir, 'metrics.txt');
    const text = readFileSync(METRICS, 'utf8');
    writeFileSync(broken, text.replace('{collector="zfs"} 1', '{collector="zfs"} 0'));
    const ok = run(['--prometheus', '10.0.0.5'], { METRICS_FILE: broken });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toMatch(/warning: collector zfs reports no data/);
    expect(ok.stderr).toMatch(/warning: collector systemd reports no data/); // not in the e2e fixture
    writeFileSync(broken, text.replace('{collector="diskstats"} 1', '{collector="diskstats"} 0'));
    const bad = run(['--prometheus', '10.0.0.5'], { METRICS_FILE: broken });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/collectors failing on .*: diskstats/);
  });

  it('rejects bad usage with exit code 2 before touching anything', () => {
    for (const args of [
      [],
      ['--prometheus', 'pve.example.com'],
      ['--prometheus', '10.0.0.5', '--port', '0'],
    ]) {
      const r = run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(lines(r)).toEqual(['id -u']);
    }
  });
});
