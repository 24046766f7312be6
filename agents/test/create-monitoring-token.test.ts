import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, stubBody } from './shell-harness.js';
import type { Sandbox } from './shell-harness.js';

const SCRIPT = 'proxmox/create-monitoring-token.sh';
const SECRET = '0b7c1f2e-5d4a-4c3b-9a8f-7e6d5c4b3a21';
const URL_ARGS = ['--url', 'https://pve1.example.com:8006'];

let sb: Sandbox;
const setVersion = (v: string) =>
  sb.stub('pveversion', `echo 'pve-manager/${v}/faa83925c9641325 (running kernel: 6.8.12-4-pve)'`);
const run = (args: string[] = []) =>
  sb.run(SCRIPT, [...URL_ARGS, ...args], { FAKE_SECRET: SECRET });

beforeEach(() => {
  sb = createSandbox();
  sb.stub('id', 'echo 0');
  sb.stub('pveum', stubBody('pveum'));
  sb.stub('hostname', 'echo pve1.example.com');
});
afterEach(() => sb.cleanup());

const ACL_BASE = [
  'pveum acl modify / --users pvemon@pve --roles PVEAuditor --propagate 1',
  "pveum acl modify / --tokens 'pvemon@pve!sd' --roles PVEAuditor --propagate 1",
];
const ACL_MONITOR = [
  'pveum acl modify /vms --users pvemon@pve --roles PVEMonGuestAgent --propagate 1',
  "pveum acl modify /vms --tokens 'pvemon@pve!sd' --roles PVEMonGuestAgent --propagate 1",
];
const TOKEN_ADD =
  "pveum user token add pvemon@pve sd --privsep 1 --comment 'pvemon sd-server and pve-exporter' --output-format json";

describe('create-monitoring-token.sh', () => {
  it('PVE 8 with --guest-agent-ips: user, VM.Monitor role on /vms only, token, ACLs for both', () => {
    setVersion('8.2.4');
    const r = run(['--guest-agent-ips']);
    expect(r.stderr).not.toContain(SECRET);
    expect(r.code, r.stderr).toBe(0);
    expect(sb.lines(r)).toEqual([
      'id -u',
      'pveversion',
      'pveum user list --output-format json',
      "pveum user add pvemon@pve --comment 'pvemon monitoring (read-only, no password)'",
      'pveum role list --output-format json',
      'pveum role add PVEMonGuestAgent --privs VM.Monitor',
      'pveum user token list pvemon@pve --output-format json',
      TOKEN_ADD,
      ...ACL_BASE,
      ...ACL_MONITOR,
    ]);
    expect(r.stderr).toMatch(/RISK: on Proxmox VE 8 .*VM\.Monitor/);
    expect(r.stderr).toMatch(/agent exec, file-read, file-write/);
  });

  it('PVE 8 without --guest-agent-ips: PVEAuditor only', () => {
    setVersion('8.4.1');
    const r = run();
    expect(r.code, r.stderr).toBe(0);
    expect(sb.lines(r)).toEqual([
      'id -u',
      'pveversion',
      'pveum user list --output-format json',
      "pveum user add pvemon@pve --comment 'pvemon monitoring (read-only, no password)'",
      'pveum user token list pvemon@pve --output-format json',
      TOKEN_ADD,
      ...ACL_BASE,
      'pveum acl list --output-format json',
    ]);
    expect(r.stderr).not.toMatch(/RISK/);
  });

  it('PVE 9 with --guest-agent-ips: no VM.Monitor, PVEAuditor covers VM.GuestAgent.Audit', () => {
    setVersion('9.0.3');
    const r = run(['--guest-agent-ips']);
    expect(r.code, r.stderr).toBe(0);
    expect(sb.lines(r)).toEqual([
      'id -u',
      'pveversion',
      'pveum user list --output-format json',
      "pveum user add pvemon@pve --comment 'pvemon monitoring (read-only, no password)'",
      'pveum user token list pvemon@pve --output-format json',
      TOKEN_ADD,
      ...ACL_BASE,
      'pveum acl list --output-format json',
    ]);
    expect(r.stderr).toMatch(/VM\.GuestAgent\.Audit/);
    expect(r.stderr).not.toMatch(/RISK/);
  });

  it('prints the secret once with the sd-server env and pve.yml snippets', () => {
    setVersion('9.0.3');
    const r = run();
    expect(r.stdout).toContain('PVE_URL=https://pve1.example.com:8006\n');
    expect(r.stdout).toContain('PVE_TOKEN_ID=pvemon@pve!sd\n');
    expect(r.stdout).toContain(`PVE_TOKEN_SECRET=${SECRET}\n`);
    expect(r.stdout).toContain(`token_value: "${SECRET}"`);
    expect(r.stdout).toContain('  user: pvemon@pve\n  token_name: "sd"');
    expect(r.stdout.split(SECRET)).toHaveLength(3); // env snippet + pve.yml, nothing else
  });

  it('re-run on PVE 8: no second user, role or token; ACLs re-asserted; no secret', () => {
    setVersion('8.2.4');
    expect(run(['--guest-agent-ips']).code).toBe(0);
    const r = run(['--guest-agent-ips']);
    expect(r.code, r.stderr).toBe(0);
    expect(sb.lines(r)).toEqual([
      'id -u',
      'pveversion',
      'pveum user list --output-format json',
      'pveum role list --output-format json',
      'pveum role modify PVEMonGuestAgent --privs VM.Monitor',
      'pveum user token list pvemon@pve --output-format json',
      ...ACL_BASE,
      ...ACL_MONITOR,
    ]);
    expect(r.stdout).not.toContain(SECRET);
    expect(r.stdout).toMatch(/already existed: its secret is not shown again/);
  });

  it('after an upgrade to PVE 9 the re-run removes the VM.Monitor grants', () => {
    setVersion('8.2.4');
    expect(run(['--guest-agent-ips']).code).toBe(0);
    setVersion('9.0.3');
    const r = run(['--guest-agent-ips']);
    expect(r.code, r.stderr).toBe(0);
    expect(sb.lines(r).slice(-3)).toEqual([
      'pveum acl list --output-format json',
      'pveum acl delete /vms --users pvemon@pve --roles PVEMonGuestAgent',
      "pveum acl delete /vms --tokens 'pvemon@pve!sd' --roles PVEMonGuestAgent",
    ]);
    // The next run finds nothing left to remove.
    expect(sb.lines(run(['--guest-agent-ips'])).slice(-1)).toEqual([
      'pveum acl list --output-format json',
    ]);
  });

  it('--rotate replaces the token and prints the new secret', () => {
    setVersion('9.0.3');
    expect(run().code).toBe(0);
    const r = run(['--rotate']);
    expect(r.code, r.stderr).toBe(0);
    expect(sb.lines(r).slice(4, 7)).toEqual([
      'pveum user token remove pvemon@pve sd',
      TOKEN_ADD,
      ACL_BASE[0],
    ]);
    expect(r.stdout).toContain(`PVE_TOKEN_SECRET=${SECRET}`);
  });

  it('--env-file writes the secret to a 0600 file and never to stdout or stderr', () => {
    setVersion('9.0.3');
    const file = join(sb.dir, 'sd-server.env');
    const r = run(['--env-file', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    expect(readFileSync(file, 'utf8')).toContain(`PVE_TOKEN_SECRET=${SECRET}`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('offers the cluster CA and the certificate fingerprint PVE shows', () => {
    setVersion('9.0.3');
    sb.write('etc/pve/pve-root-ca.pem', 'placeholder CA (only its presence matters)\n');
    const pem = join(sb.root, 'etc/pve/local/pve-ssl.pem');
    sb.write('etc/pve/local/.keep', '');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        '/CN=pve1',
        '-days',
        '2',
        '-keyout',
        join(sb.dir, 'key.pem'),
        '-out',
        pem,
      ],
      { stdio: 'ignore' },
    );
    const fingerprint = new X509Certificate(readFileSync(pem)).fingerprint256;
    sb.write(
      'etc/pve/corosync.conf',
      'totem {\n  cluster_name: prod-fra1\n  config_version: 3\n}\n',
    );
    const r = run();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('PVE_CA_FILE=/etc/pvemon/pve-root-ca.pem');
    expect(r.stdout).toContain('PVE_CLUSTER_NAME=prod-fra1\n');
    expect(r.stdout).toContain(`# PVE_FINGERPRINT=${fingerprint}\n`);
  });

  it('refuses bad usage and non-PVE machines with exit code 2', () => {
    setVersion('8.2.4');
    expect(run(['--user', 'no-realm']).stderr).toMatch(/--user must look like name@realm/);
    expect(run(['--bogus']).code).toBe(2);
    sb.stub('pveversion', 'echo "something else"');
    const r = run();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read the PVE version/);
    sb.stub('id', 'echo 1000');
    expect(run().code).toBe(2);
  });
});
