import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load.js';

const dir = mkdtempSync(join(tmpdir(), 'pvemon-sd-config-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const SECRET = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig (YAML)', () => {
  it('loads a multi-cluster file with defaults, durations and secret files', () => {
    const secretFile = file('secret', `${SECRET}\n`);
    const cfg = loadConfig(
      file(
        'ok.yml',
        `refreshInterval: 30s
auth: { bearerToken: "0123456789abcdef0123" }
clusters:
  - name: lab
    endpoints: [https://pve1.example:8006, https://pve2.example:8006]
    tokenId: monitor@pve!sd
    tokenSecretFile: ${secretFile}
    tls: { fingerprints: ["${Array(32).fill('AB').join(':')}"] }
    configTtl: 10m
  - name: edge
    endpoints: [https://edge:8006]
    tokenId: root@pam!mon
    tokenSecret: other-secret
    ports: { windows: 9999 }
`,
      ),
      {},
    );
    expect(cfg.refreshInterval).toBe(30);
    expect(cfg.clusters).toHaveLength(2);
    expect(cfg.clusters[0]?.tokenSecret).toBe(SECRET);
    expect(cfg.clusters[0]?.configTtl).toBe(600);
    expect(cfg.clusters[0]?.addressTtl).toBe(300);
    expect(cfg.clusters[1]?.ports).toEqual({ windows: 9999, linux: 9100, lxc: 9100, other: 9100 });
    expect(cfg.clusters[1]?.allowLoopback).toBe(false);
    expect(cfg.secrets).toEqual(
      expect.arrayContaining([SECRET, 'other-secret', '0123456789abcdef0123']),
    );
  });

  it('names the field and the fix for every problem', () => {
    const p = problems(() =>
      loadConfig(
        file(
          'bad.yml',
          `refreshInterval: soon
clusters:
  - name: "bad name"
    endpoints: [http://pve1:8006]
    tokenId: monitor
    tls: { insecure: true, fingerprints: [zz] }
    portz: 1
`,
        ),
        {},
      ),
    );
    const text = p.join('\n');
    expect(text).toMatch(/refreshInterval: .*duration like 30s/);
    expect(text).toMatch(/clusters\[0\]\.name: use letters/);
    expect(text).toMatch(/clusters\[0\]\.endpoints\[0\]: the Proxmox API is served over https/);
    expect(text).toMatch(/clusters\[0\]\.tokenId: expected USER@REALM!TOKENID/);
    expect(text).toMatch(/clusters\[0\]\.tls\.fingerprints\[0\]: expected a SHA-256 fingerprint/);
    expect(text).toMatch(/clusters\[0\]: unknown key\(s\) "portz"/);
  });

  it('reports missing secrets, unreadable files and YAML syntax errors without stack traces', () => {
    expect(
      problems(() =>
        loadConfig(
          file(
            'nosecret.yml',
            'clusters: [{name: a, endpoints: ["https://a"], tokenId: "u@pve!t"}]',
          ),
          {},
        ),
      ).join('\n'),
    ).toMatch(/clusters\[0\]\.tokenSecret: set tokenSecret or tokenSecretFile/);
    expect(
      problems(() =>
        loadConfig(
          file(
            'missingfile.yml',
            'clusters: [{name: a, endpoints: ["https://a"], tokenId: "u@pve!t", tokenSecretFile: /nonexistent/x}]',
          ),
          {},
        ),
      ).join('\n'),
    ).toMatch(/tokenSecretFile: cannot read \/nonexistent\/x \(ENOENT\)/);
    expect(
      problems(() => loadConfig(file('syntax.yml', 'clusters: [\n  - {'), {})).join('\n'),
    ).toMatch(/YAML syntax/);
    expect(problems(() => loadConfig('/nonexistent.yml', {}))[0]).toMatch(
      /cannot read \/nonexistent.yml/,
    );
  });

  it('never echoes a secret in its errors', () => {
    const err = (() => {
      try {
        loadConfig(
          file(
            'leak.yml',
            `clusters: [{name: a, endpoints: ["${SECRET}"], tokenId: "u@pve!t", tokenSecret: "${SECRET}"}]`,
          ),
          {},
        );
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(err?.message).toBeDefined();
    expect(err?.message).not.toContain(SECRET);
  });
});

describe('loadConfig (environment)', () => {
  it('builds a single cluster from PVE_* variables and *_FILE secrets', () => {
    const secretFile = file('env-secret', SECRET);
    const cfg = loadConfig(undefined, {
      PVE_URL: 'https://pve1:8006,https://pve2:8006',
      PVE_TOKEN_ID: 'monitor@pve!sd',
      PVE_TOKEN_SECRET_FILE: secretFile,
      PVE_INSECURE: 'true',
      PVEMON_SD_ALLOW_LOOPBACK: '1',
      PVEMON_SD_LISTEN: '127.0.0.1:0',
    });
    expect(cfg.clusters[0]).toMatchObject({
      name: 'pve',
      endpoints: ['https://pve1:8006', 'https://pve2:8006'],
      tokenSecret: SECRET,
      allowLoopback: true,
      tls: { insecure: true },
    });
    expect(cfg.listen).toEqual({ host: '127.0.0.1', port: 0 });
  });

  it('explains what to set when nothing is configured', () => {
    expect(problems(() => loadConfig(undefined, {}))[0]).toMatch(
      /pass --config FILE, or set PVE_URL/,
    );
  });
});
