import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, stubBody } from './shell-harness.js';
import type { RunResult, Sandbox } from './shell-harness.js';

const SCRIPT = 'linux/install-node-exporter.sh';
const METRICS = new URL('./fixtures/node_exporter-1.5.0-metrics.txt', import.meta.url).pathname;
const NAME = 'node_exporter-1.9.1.linux-amd64';
const RELEASE = 'https://github.com/prometheus/node_exporter/releases/download/v1.9.1';
const OS = {
  debian: 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n',
  ubuntu: 'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\nVERSION_ID="24.04"\n',
  rocky: 'NAME="Rocky Linux"\nID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.4"\n',
  centos7: 'NAME="CentOS Linux"\nID="centos"\nID_LIKE="rhel fedora"\nVERSION_ID="7"\n',
  alpine: 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.0\n',
};

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

function makeRelease(dir: string): void {
  const stage = join(dir, 'stage', NAME);
  mkdirSync(stage, { recursive: true });
  writeFileSync(join(stage, 'node_exporter'), '#!/bin/sh\necho "stand-in binary"\n', {
    mode: 0o755,
  });
  writeFileSync(join(stage, 'LICENSE'), 'Apache-2.0\n');
  execFileSync('tar', ['-czf', join(dir, `${NAME}.tar.gz`), '-C', join(dir, 'stage'), NAME]);
  const sum = createHash('sha256')
    .update(readFileSync(join(dir, `${NAME}.tar.gz`)))
    .digest('hex');
  writeFileSync(
    join(dir, 'sha256sums.txt'),
    `${'1'.repeat(64)}  node_exporter-1.9.1.linux-arm64.tar.gz\n${sum}  ${NAME}.tar.gz\n`,
  );
}

beforeEach(() => {
  sb = createSandbox();
  downloads = join(sb.dir, 'downloads');
  makeRelease(downloads);
  sb.stub('id', 'echo 0');
  sb.stub('uname', 'echo x86_64');
  sb.stub('dpkg-query', stubBody('dpkg-query'));
  sb.stub('systemctl', stubBody('systemctl'));
  sb.stub('curl', stubBody('curl'));
  sb.stub('getent', '[ -e "$STUB_STATE/user.$2" ]');
  sb.stub('useradd', 'touch "$STUB_STATE/user.${*: -1}"');
  sb.stub('userdel', 'rm -f "$STUB_STATE/user.$1"');
  sb.stub('journalctl');
});
afterEach(() => sb.cleanup());

const enableStart = (svc: string) => [
  `systemctl is-enabled --quiet ${svc}`,
  `systemctl enable ${svc}`,
  `systemctl restart ${svc}`,
];
const VERIFY = 'curl -fsS --max-time 5 http://127.0.0.1:9100/metrics';
const DEB_SVC = 'prometheus-node-exporter.service';
const RH_SVC = 'node_exporter.service';
const DPKG = "dpkg-query -W '-f=${Status}' prometheus-node-exporter";
const rich = (addr: string, family = 'ipv4') =>
  `rule family="${family}" source address="${addr}" port port="9100" protocol="tcp" accept`;

describe('linux/install-node-exporter.sh on Debian/Ubuntu', () => {
  beforeEach(() => sb.stub('apt-get', stubBody('package-manager')));

  it('Ubuntu with ufw active: distro package, ufw allow per Prometheus address', () => {
    sb.write('etc/os-release', OS.ubuntu);
    sb.stub('ufw', stubBody('ufw'));
    const env = { UFW_ACTIVE: '1' };
    const r = run(['--prometheus', '10.0.0.5,fd00::5'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r)).toEqual([
      'id -u',
      DPKG,
      'apt-get update',
      'apt-get install -y --no-install-recommends prometheus-node-exporter',
      'ufw status',
      'ufw status numbered',
      'ufw status numbered',
      'ufw allow proto tcp from 10.0.0.5 to any port 9100 comment pvemon-node-exporter',
      'ufw allow proto tcp from fd00::5 to any port 9100 comment pvemon-node-exporter',
      ...enableStart(DEB_SVC),
      VERIFY,
    ]);
    expect(sb.read('etc/default/prometheus-node-exporter')).toContain(
      'ARGS="--web.listen-address=:9100"',
    );
    // Re-run: nothing added, nothing deleted, no restart.
    const again = run(['--prometheus', '10.0.0.5,fd00::5'], env);
    expect(lines(again)).toEqual([
      'id -u',
      DPKG,
      'ufw status',
      'ufw status numbered',
      'ufw status numbered',
      `systemctl is-enabled --quiet ${DEB_SVC}`,
      `systemctl is-active --quiet ${DEB_SVC}`,
      VERIFY,
    ]);
    // Replace one address: the old rule (number 1) is deleted, the new one added.
    const moved = run(['--prometheus', '10.0.0.6,fd00::5'], env);
    expect(lines(moved).filter((l) => /^ufw (allow|--force)/.test(l))).toEqual([
      'ufw --force delete 1',
      'ufw allow proto tcp from 10.0.0.6 to any port 9100 comment pvemon-node-exporter',
    ]);
  });

  it('Debian with nftables only: own table, loaded before every exporter start', () => {
    sb.write('etc/os-release', OS.debian);
    sb.stub('nft', stubBody('nft'));
    const r = run(['--prometheus', '10.0.0.5', '--listen', '10.0.0.20']);
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r).slice(4)).toEqual([
      'nft -f $ROOT/etc/pvemon/node-exporter.nft',
      'systemctl daemon-reload',
      ...enableStart(DEB_SVC),
      'curl -fsS --max-time 5 http://10.0.0.20:9100/metrics',
    ]);
    expect(sb.read(`etc/systemd/system/${DEB_SVC}.d/pvemon-firewall.conf`)).toContain(
      'ExecStartPre=+/usr/sbin/nft -f /etc/pvemon/node-exporter.nft',
    );
    execFileSync('nft', ['-c', '-f', join(sb.root, 'etc/pvemon/node-exporter.nft')]);
  });

  it('no firewall at all: installs, warns that the port is open', () => {
    sb.write('etc/os-release', OS.debian);
    const r = run(['--prometheus', '10.0.0.5']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: no firewall .* found: port 9100 is reachable/);
  });

  it('--uninstall restores the defaults file and removes the package and ufw rules', () => {
    sb.write('etc/os-release', OS.ubuntu);
    sb.stub('ufw', stubBody('ufw'));
    expect(run(['--prometheus', '10.0.0.5,10.0.0.6'], { UFW_ACTIVE: '1' }).code).toBe(0);
    const r = run(['--uninstall'], { UFW_ACTIVE: '1' });
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r)).toEqual([
      'id -u',
      'ufw status',
      'ufw status numbered',
      'ufw --force delete 2',
      'ufw --force delete 1',
      DPKG,
      `systemctl disable --now ${DEB_SVC}`,
      'apt-get remove -y prometheus-node-exporter',
    ]);
    expect(sb.read('etc/default/prometheus-node-exporter')).toContain('ARGS=""');
  });
});

describe('linux/install-node-exporter.sh on the RHEL family', () => {
  beforeEach(() => {
    sb.stub('dnf', stubBody('package-manager'));
    sb.stub('firewall-cmd', stubBody('firewall-cmd'));
  });

  it('Rocky with firewalld: verified upstream tarball, own unit and user, rich rules', () => {
    sb.write('etc/os-release', OS.rocky);
    const r = run(['--prometheus', '10.0.0.5,fd00::/64']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/rocky \(rhel family, dnf\)/);
    expect(lines(r)).toEqual([
      'id -u',
      'uname -m',
      `curl -fsSL --retry 3 -o $WORK/${NAME}.tar.gz ${RELEASE}/${NAME}.tar.gz`,
      `curl -fsSL --retry 3 -o $WORK/sha256sums.txt ${RELEASE}/sha256sums.txt`,
      'getent passwd node_exporter',
      'useradd --system --no-create-home --shell /sbin/nologin node_exporter',
      'firewall-cmd --state',
      `firewall-cmd --permanent '--query-rich-rule=${rich('10.0.0.5')}'`,
      `firewall-cmd --permanent '--add-rich-rule=${rich('10.0.0.5')}'`,
      `firewall-cmd --permanent '--query-rich-rule=${rich('fd00::/64', 'ipv6')}'`,
      `firewall-cmd --permanent '--add-rich-rule=${rich('fd00::/64', 'ipv6')}'`,
      'firewall-cmd --permanent --list-rich-rules',
      'firewall-cmd --reload',
      'systemctl daemon-reload',
      ...enableStart(RH_SVC),
      VERIFY,
    ]);
    expect(readFileSync(join(sb.root, 'usr/local/bin/node_exporter'), 'utf8')).toContain(
      'stand-in',
    );
    const unit = sb.read('etc/systemd/system/node_exporter.service');
    expect(unit).toContain('User=node_exporter');
    expect(unit).toContain('ExecStart=/usr/local/bin/node_exporter $OPTIONS');
    expect(sb.read('etc/sysconfig/node_exporter')).toContain(
      'OPTIONS="--web.listen-address=:9100 --collector.textfile.directory=/var/lib/node_exporter/textfile"',
    );
  });

  it('re-run downloads nothing and leaves firewalld alone; a new address swaps the rule', () => {
    sb.write('etc/os-release', OS.rocky);
    expect(run(['--prometheus', '10.0.0.5']).code).toBe(0);
    const again = run(['--prometheus', '10.0.0.5']);
    expect(lines(again)).toEqual([
      'id -u',
      'uname -m',
      'getent passwd node_exporter',
      'firewall-cmd --state',
      `firewall-cmd --permanent '--query-rich-rule=${rich('10.0.0.5')}'`,
      'firewall-cmd --permanent --list-rich-rules',
      `systemctl is-enabled --quiet ${RH_SVC}`,
      `systemctl is-active --quiet ${RH_SVC}`,
      VERIFY,
    ]);
    const moved = run(['--prometheus', '10.0.0.6']);
    expect(lines(moved).filter((l) => l.startsWith('firewall-cmd'))).toEqual([
      'firewall-cmd --state',
      `firewall-cmd --permanent '--query-rich-rule=${rich('10.0.0.6')}'`,
      `firewall-cmd --permanent '--add-rich-rule=${rich('10.0.0.6')}'`,
      'firewall-cmd --permanent --list-rich-rules',
      `firewall-cmd --permanent '--remove-rich-rule=${rich('10.0.0.5')}'`,
      'firewall-cmd --reload',
    ]);
  });

  it('refuses a tampered tarball', () => {
    sb.write('etc/os-release', OS.rocky);
    writeFileSync(join(downloads, 'sha256sums.txt'), `${'e'.repeat(64)}  ${NAME}.tar.gz\n`);
    const r = run(['--prometheus', '10.0.0.5']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/SHA-256 mismatch/);
    expect(existsSync(join(sb.root, 'usr/local/bin/node_exporter'))).toBe(false);
  });

  it('CentOS 7 without dnf uses yum', () => {
    sb.write('etc/os-release', OS.centos7);
    execFileSync('rm', [join(sb.dir, 'bin/dnf')]);
    sb.stub('yum', stubBody('package-manager'));
    const r = run(['--prometheus', '10.0.0.5']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/centos \(rhel family, yum\)/);
  });

  it('--uninstall removes rules, unit, binary and user', () => {
    sb.write('etc/os-release', OS.rocky);
    expect(run(['--prometheus', '10.0.0.5']).code).toBe(0);
    const r = run(['--uninstall']);
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r)).toEqual([
      'id -u',
      'firewall-cmd --state',
      'firewall-cmd --permanent --list-rich-rules',
      `firewall-cmd --permanent '--remove-rich-rule=${rich('10.0.0.5')}'`,
      'firewall-cmd --reload',
      `systemctl disable --now ${RH_SVC}`,
      'systemctl daemon-reload',
      'getent passwd node_exporter',
      'userdel node_exporter',
    ]);
    expect(existsSync(join(sb.root, 'usr/local/bin/node_exporter'))).toBe(false);
  });
});

describe('linux/install-node-exporter.sh refuses', () => {
  it('unsupported distributions with exit code 2', () => {
    sb.write('etc/os-release', OS.alpine);
    const r = run(['--prometheus', '10.0.0.5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unsupported distribution 'alpine'/);
  });
});
