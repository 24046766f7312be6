import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stackDir } from '../src/paths.js';

/** A port that was free a moment ago on 127.0.0.1 (for daemons that cannot report port 0 back). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `pvemon-stack-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** True when host:port can be bound right now. */
function bindable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

/**
 * An address offset for the simulator (see its address plan) whose standard exporter addresses
 * are free now: starts from one derived from the process id and `salt` (one per test file) so
 * parallel suites start apart, and moves on while the first node/guest/pve-exporter addresses
 * are taken (EADDRINUSE).
 */
export async function freeAddressOffset(salt: number): Promise<number> {
  const start = (process.pid * 7 + salt * 13) % 98;
  for (let i = 0; i < 98; i++) {
    const o = 1 + ((start + i) % 98);
    const probes: [string, number][] = [
      [`127.${1 + o}.0.1`, 9100],
      [`127.${100 + o}.0.100`, 9100],
      [`127.${1 + o}.255.254`, 9221],
    ];
    let free = true;
    for (const [host, port] of probes) free &&= await bindable(host, port);
    if (free) return o;
  }
  throw new Error('no free simulator address offset in 1..98');
}

/** The simulator's control API (HTTPS on loopback with its own throw-away CA: not verified). */
export function simControl(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      `${base}${path}`,
      {
        method,
        rejectUnauthorized: false,
        headers: body ? { 'content-type': 'application/json' } : {},
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () =>
          (res.statusCode ?? 500) < 300
            ? resolve(text ? (JSON.parse(text) as unknown) : undefined)
            : reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

/** The native runner started by a test: its process, exit code and everything it printed so far. */
export interface StackRunner {
  process: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
}

/** Spawns `pvemon-stack <args>` from source and resolves once it reports it is running. */
export async function startStackRunner(
  args: string[],
  env: NodeJS.ProcessEnv,
  readyTimeoutMs = 90_000,
): Promise<StackRunner> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(stackDir(), 'src/cli.ts'), ...args],
    {
      cwd: stackDir(),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const ready = (): boolean => output.includes('running — Ctrl-C');
  const deadline = Date.now() + readyTimeoutMs;
  while (!ready() && Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`runner exited early:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  if (!ready()) throw new Error(`runner not ready:\n${output}`);
  return { process: child, exited, output: () => output };
}
