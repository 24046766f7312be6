// The CLI: prints how to connect, serves, stops cleanly on SIGTERM; bad flags are named.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

function run(args: string[]) {
  return spawn(process.execPath, ['--import', 'tsx', cli, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
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
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner: ${out}`)), 20_000);
      child.stdout.on('data', () => {
        if (out.includes('Control API')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
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
});
