import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { startSimulator, type Simulator } from '@pvemon/pve-simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const BEARER = 'process-test-bearer-0123456789';

let sim: Simulator;
let child: ChildProcess | undefined;
let output = '';

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; output:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  sim = await startSimulator({ nodes: 3, guests: 20, authDelayMs: 0 });
});
afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await sim?.close();
});

describe('pvemon-sd serve as a process', () => {
  it('serves, never prints a secret, and shuts down cleanly on SIGTERM', async () => {
    const secret = sim.tokens.auditor.secret;
    child = spawn(
      process.execPath,
      ['--conditions=@pvemon/source', '--import', 'tsx', CLI, 'serve'],
      {
        env: {
          PATH: process.env.PATH,
          PVE_URL: sim.endpoints.map((e) => e.url).join(','),
          PVE_TOKEN_ID: sim.tokens.auditor.id,
          PVE_TOKEN_SECRET: secret,
          PVE_CA_FILE: sim.ca.path,
          PVEMON_SD_ALLOW_LOOPBACK: '1',
          PVEMON_SD_LISTEN: '127.0.0.1:0',
          PVEMON_SD_REFRESH_INTERVAL: '0.3',
          PVEMON_SD_LOG_LEVEL: 'debug',
          PVEMON_SD_BEARER_TOKEN: BEARER,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const base = await waitFor('the listen line', async () => {
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      return m?.[1];
    });
    await waitFor('health 200', async () =>
      (await fetch(`${base}/health`)).status === 200 ? true : undefined,
    );
    const targets = (await (
      await fetch(`${base}/targets`, { headers: { authorization: `Bearer ${BEARER}` } })
    ).json()) as unknown[];
    expect(targets.length).toBeGreaterThan(5);

    // Faults that produce error paths (auth failure, bad bodies), then recovery.
    sim.control.revokeToken(sim.tokens.auditor.id);
    await waitFor('a failed refresh', async () => {
      const h = (await (await fetch(`${base}/health`)).json()) as {
        clusters: { lastError: string | null }[];
      };
      return h.clusters[0]?.lastError?.includes('AUTHENTICATION') ? true : undefined;
    });
    sim.control.restoreToken(sim.tokens.auditor.id);
    sim.control.addBodyFault({ kind: 'malformed', path: '/cluster/resources', count: 2 });
    await new Promise((r) => setTimeout(r, 1_000));
    const metrics = await (
      await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${BEARER}` } })
    ).text();
    const health = await (await fetch(`${base}/health`)).text();

    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(output).toMatch(/"msg":"shutting down"/);
    for (const text of [output, metrics, health]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(BEARER);
    }
    expect(output).toMatch(/discovery failed; serving the last good snapshot/);
  });
});

describe('pvemon-sd check-config', () => {
  const run = (
    args: string[],
    env: Record<string, string> = {},
  ): { status: number | null; out: string } => {
    const r = spawnSync(
      process.execPath,
      ['--conditions=@pvemon/source', '--import', 'tsx', CLI, ...args],
      {
        env: { PATH: process.env.PATH, ...env },
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    return { status: r.status, out: r.stdout + r.stderr };
  };

  it('names each bad field and its fix, exits 2, and prints no stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pvemon-sd-cli-'));
    const file = join(dir, 'bad.yml');
    writeFileSync(
      file,
      'clusters:\n  - name: lab\n    endpoints: [http://pve1:8006]\n    tokenId: nobang\n    tokenSecret: s3cr3t-value\n',
    );
    const r = run(['check-config', '--config', file]);
    expect(r.status).toBe(2);
    expect(r.out).toMatch(
      /clusters\[0\]\.endpoints\[0\]: the Proxmox API is served over https:\/\/ only/,
    );
    expect(r.out).toMatch(/clusters\[0\]\.tokenId: expected USER@REALM!TOKENID/);
    expect(r.out).not.toMatch(/\n\s+at /);
    expect(r.out).not.toContain('s3cr3t-value');
  });

  it('summarises a valid environment configuration without the secret', () => {
    const r = run(['check-config'], {
      PVE_URL: 'https://pve1:8006',
      PVE_TOKEN_ID: 'monitor@pve!sd',
      PVE_TOKEN_SECRET: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    });
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/cluster pve: https:\/\/pve1:8006 as monitor@pve!sd/);
    expect(r.out).toMatch(/configuration OK/);
    expect(r.out).not.toContain('aaaaaaaa-bbbb');
  });
});
