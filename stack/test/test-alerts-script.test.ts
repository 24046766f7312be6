// scripts/test-alerts.sh: argument handling, --dry-run, preflight — and one REAL bounded run against
// the native stack (short-`for` rules, this machine's node_exporter standing in for a simulated
// guest): stress-ng load → GuestCpuSaturation fires in Prometheus → delivered to the webhook.
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS_ENV, type AddressName } from '../src/render/addresses.js';
import { repoDir } from '../src/paths.js';
import { run } from '../src/tools/run.js';
import { freePort, startStackRunner, type StackRunner } from './helpers.js';

const script = join(repoDir(), 'scripts/test-alerts.sh');
const sh = (args: string[], timeoutMs = 15_000) => run('bash', [script, ...args], { timeoutMs });

describe('test-alerts.sh arguments and dry run', () => {
  it('passes shellcheck (with stack.sh and demo.sh)', async () => {
    const scripts = ['test-alerts.sh', 'stack.sh', 'demo.sh'].map((f) =>
      join(repoDir(), 'scripts', f),
    );
    const res = await run('shellcheck', scripts);
    expect(res.stdout).toBe('');
    expect(res.code).toBe(0);
  });

  it('--dry-run prints the bounded plan and starts nothing', async () => {
    const res = await sh([
      '--dry-run',
      '--target',
      'vm_name=web1',
      '--duration',
      '300',
      '--fio-size',
      '512M',
      'cpu',
      'disk',
    ]);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('dry run: nothing is started');
    expect(res.stdout).toContain('stress-ng --cpu 0 --cpu-load 100 --timeout 300s');
    expect(res.stdout).toMatch(/fio .*--size=512M .*--runtime=300 --time_based/);
    expect(res.stdout).toContain('alertname="GuestCpuSaturation", vm_name="web1"');
    expect(res.stdout).toContain('alertname="DiskLatencyHigh"');
  });

  const bad: [string, string[], RegExp][] = [
    ['no --target', ['--dry-run'], /--target LABEL=VALUE is required/],
    ['malformed --target', ['--dry-run', '--target', 'web1'], /--target LABEL=VALUE/],
    [
      'too short --duration',
      ['--dry-run', '--target', 'a=b', '--duration', '5'],
      /--duration must be/,
    ],
    [
      'non-numeric --timeout',
      ['--dry-run', '--target', 'a=b', '--timeout', 'x'],
      /--timeout must be/,
    ],
    [
      'huge --fio-size',
      ['--dry-run', '--target', 'a=b', '--fio-size', '100G'],
      /--fio-size must be between/,
    ],
    ['unknown scenario', ['--dry-run', '--target', 'a=b', 'gpu'], /unknown scenario "gpu"/],
    ['unknown option', ['--dry-run', '--target', 'a=b', '--fast'], /unknown option --fast/],
    [
      'bad URL',
      ['--dry-run', '--target', 'a=b', '--prometheus', 'localhost:9090'],
      /not an http\(s\) URL/,
    ],
  ];
  for (const [what, args, message] of bad) {
    it(`exits 2 naming the problem: ${what}`, async () => {
      const res = await sh(args);
      expect(res.code).toBe(2);
      expect(res.stderr).toMatch(message);
    });
  }

  it('fails before any load when Prometheus is unreachable', async () => {
    const port = await freePort();
    const res = await sh(['--target', 'a=b', '--prometheus', `http://127.0.0.1:${port}`]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`cannot reach Prometheus at http://127.0.0.1:${port}`);
    expect(res.stdout).not.toContain('starting');
  });
});

describe('test-alerts.sh against the native stack (real load, real pipeline)', () => {
  let runner: ChildProcess;
  let exited: Promise<number | null>;
  let stack: StackRunner;
  const addr = {} as Record<AddressName, string>;

  beforeAll(async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PVE_URL: '' };
    for (const name of Object.keys(ADDRESS_ENV) as AddressName[]) {
      addr[name] = `127.0.0.1:${await freePort()}`;
      env[ADDRESS_ENV[name]] = addr[name];
    }
    stack = await startStackRunner(
      ['up', '--guests', '8', '--nodes', '2', '--rules', 'e2e', '--real-guest', 'auto'],
      env,
    );
    runner = stack.process;
    exited = stack.exited;
  }, 100_000);

  afterAll(async () => {
    if (runner.exitCode === null) runner.kill('SIGINT');
    await exited;
  });

  it('drives stress-ng, sees GuestCpuSaturation fire and reach the webhook: PASS', async () => {
    const vmId = /guest (\d+) \(.*\) now serves THIS machine's node_exporter/.exec(
      stack.output(),
    )?.[1];
    expect(vmId).toBeDefined();
    const t0 = Date.now();
    const res = await sh(
      [
        '--target',
        `vm_id=${vmId}`,
        '--prometheus',
        `http://${addr.prometheus}`,
        '--alertmanager',
        `http://${addr.alertmanager}`,
        '--receiver',
        `http://${addr.alertReceiver}`,
        // e2e build: 1m rate window to reach the threshold, then for 10m ÷ 8 = 75 s.
        '--duration',
        '150',
        '--timeout',
        '45',
        'cpu',
      ],
      240_000,
    );
    console.log(`${res.stdout.trim()}\n(test-alerts.sh took ${Date.now() - t0} ms)`);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/cpu\s+GuestCpuSaturation\s+\+\d+s\s+\+\d+s\s+PASS/);
  }, 250_000);
});
