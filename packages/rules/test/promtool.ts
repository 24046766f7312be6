import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Absolute path of promtool, or a clear instruction when it is missing. */
export function findPromtool(): string {
  const fromEnv = process.env['PROMTOOL'];
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    const candidate = join(dir, 'promtool');
    if (dir && existsSync(candidate)) return candidate;
  }
  throw new Error(
    'promtool not found: the rule tests need the real promtool. Install it with ' +
      '`flock /tmp/pvemon-apt.lock bash scripts/setup.sh` (Debian package `prometheus`) ' +
      'or set PROMTOOL=/path/to/promtool.',
  );
}

export interface PromtoolResult {
  readonly ok: boolean;
  readonly output: string;
}

export async function promtool(args: string[], cwd?: string): Promise<PromtoolResult> {
  try {
    const { stdout, stderr } = await run(findPromtool(), args, { cwd, timeout: 200_000 });
    return { ok: true, output: stdout + stderr };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` || e.message };
  }
}
