import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';

export interface ChildOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** Each output line goes here (file); the last lines are kept for error messages. */
  readonly logFile?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Also echo lines to this callback (e.g. the runner's console, prefixed). */
  readonly onLine?: (line: string) => void;
}

/** A started process with its recent output, stoppable with a bounded SIGTERM → SIGKILL sequence. */
export class Child {
  readonly name: string;
  readonly process: ChildProcess;
  readonly exited: Promise<number | null>;
  private readonly tail: string[] = [];
  private readonly log?: WriteStream;
  private exitCode: number | null | undefined;

  constructor(options: ChildOptions) {
    this.name = options.name;
    this.log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
    this.process = spawn(options.command, [...options.args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      // Own process group: Ctrl-C in the terminal reaches the runner, which stops children in
      // order (Prometheus before Alertmanager) instead of all dying at once.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const onData = (chunk: Buffer): void => {
      this.log?.write(chunk);
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        this.tail.push(line);
        if (this.tail.length > 40) this.tail.shift();
        options.onLine?.(line);
      }
    };
    this.process.stdout?.on('data', onData);
    this.process.stderr?.on('data', onData);
    this.exited = new Promise((resolve) => {
      this.process.on('error', (err) => {
        this.tail.push(`spawn failed: ${err.message}`);
        this.exitCode = -1;
        resolve(-1);
      });
      this.process.on('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? null : -1);
        resolve(this.exitCode);
      });
    });
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** The last lines of output (for "X exited: …" messages). */
  recentOutput(lines = 15): string {
    return this.tail.slice(-lines).join('\n');
  }

  /** SIGTERM the process group, SIGKILL after `graceMs`; resolves when it has exited. */
  async stop(graceMs = 5_000): Promise<void> {
    if (this.running && this.process.pid !== undefined) {
      const pid = this.process.pid;
      const signal = (sig: NodeJS.Signals): void => {
        try {
          process.kill(-pid, sig);
        } catch {
          // already gone
        }
      };
      signal('SIGTERM');
      const timer = setTimeout(() => signal('SIGKILL'), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    await new Promise<void>((resolve) => (this.log ? this.log.end(resolve) : resolve()));
  }
}

/** Polls `url` until it answers 2xx, the child exits, or `timeoutMs` passes. */
export async function waitHttpOk(
  url: string,
  options: { timeoutMs?: number; child?: Child; init?: RequestInit } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (options.child && !options.child.running) {
      throw new Error(
        `${options.child.name} exited before ${url} was ready:\n${options.child.recentOutput()}`,
      );
    }
    try {
      const res = await fetch(url, { ...options.init, signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${url} not ready after ${options.timeoutMs ?? 20_000} ms (${last})`);
}
