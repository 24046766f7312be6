// Runs an agents/ shell script in a sandbox: system commands (pveum, systemctl, apt-get, curl, nft…)
// are stub scripts that record their arguments, and PATH holds ONLY those stubs plus symlinks to
// harmless coreutils. A command the test did not stub is "not found" — never the real apt-get.
// Files the scripts write go under PVEMON_ROOT (a temp dir).
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const agentsDir = fileURLToPath(new URL('..', import.meta.url));

/** Real tools the scripts may use; nothing here changes the system outside the sandbox. */
const SAFE_TOOLS = [
  'bash',
  'sh',
  'env',
  'cat',
  'sed',
  'grep',
  'head',
  'tail',
  'mkdir',
  'rmdir',
  'rm',
  'mv',
  'cp',
  'cmp',
  'mktemp',
  'chmod',
  'install',
  'tr',
  'cut',
  'sort',
  'uniq',
  'dirname',
  'basename',
  'tee',
  'sleep',
  'seq',
  'awk',
  'wc',
  'ln',
  'touch',
  'stat',
  'openssl',
  'sha256sum',
  'tar',
  'gzip',
  'find',
  'ls',
  'true',
  'false',
  'printf',
  'readlink',
];

/** Resolved once per test file: spawning a shell per tool per sandbox would dominate the run time. */
const toolPaths = new Map(
  SAFE_TOOLS.flatMap((tool) => {
    const found = spawnSync('bash', ['-c', `type -P ${tool}`], { encoding: 'utf8' }).stdout.trim();
    return found ? [[tool, found] as const] : [];
  }),
);

const FIELD = '\x1f';
const RECORD = '\x1e';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Every stub invocation in order, as argv arrays (argv[0] = command name). */
  calls: string[][];
}

export interface Sandbox {
  dir: string;
  root: string;
  /** Define (or redefine) a stub: `body` is bash run with the original "$@". */
  stub(name: string, body?: string): void;
  /** A stub that a package-manager stub installs later (e.g. `nft` when nftables is installed). */
  stubLater(name: string, body?: string): void;
  run(script: string, args?: string[], env?: Record<string, string>): RunResult;
  /** Calls rendered as shell-like lines, for readable exact-sequence assertions. */
  lines(result: RunResult): string[];
  read(path: string): string;
  write(path: string, content: string): void;
  cleanup(): void;
}

export function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A stub: logs its argv to $STUB_LOG, then runs `body`. */
function stubScript(name: string, body: string): string {
  return [
    '#!/bin/bash',
    `{ printf '%s' ${quote(name)}; for a in "$@"; do printf '${FIELD}%s' "$a"; done; printf '${RECORD}'; } >>"$STUB_LOG"`,
    body,
    '',
  ].join('\n');
}

export function createSandbox(): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), 'pvemon-agents-'));
  const bin = join(dir, 'bin');
  const root = join(dir, 'root');
  const state = join(dir, 'state');
  const log = join(dir, 'calls.log');
  for (const d of [bin, root, state]) mkdirSync(d, { recursive: true });
  for (const [tool, path] of toolPaths) symlinkSync(path, join(bin, tool));

  const stub = (name: string, body = 'exit 0'): void => {
    const path = join(bin, name);
    rmSync(path, { force: true });
    writeFileSync(path, stubScript(name, body));
    chmodSync(path, 0o755);
  };
  const stubLater = (name: string, body = 'exit 0'): void => {
    writeFileSync(join(state, `${name}.stub`), stubScript(name, body));
  };

  const run = (
    script: string,
    args: string[] = [],
    env: Record<string, string> = {},
  ): RunResult => {
    writeFileSync(log, '');
    const r = spawnSync(join(bin, 'bash'), [join(agentsDir, script), ...args], {
      encoding: 'utf8',
      cwd: dir,
      timeout: 20_000,
      env: {
        PATH: bin,
        HOME: dir,
        LANG: 'C.UTF-8',
        TMPDIR: dir,
        STUB_LOG: log,
        STUB_STATE: state,
        PVEMON_ROOT: root,
        ...env,
      },
    });
    const calls = readFileSync(log, 'utf8')
      .split(RECORD)
      .filter((l) => l.length > 0)
      .map((l) => l.split(FIELD));
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, calls };
  };

  return {
    dir,
    root,
    stub,
    stubLater,
    run,
    lines: (result) => result.calls.map((argv) => argv.map(quote).join(' ')),
    read: (path) => readFileSync(join(root, path), 'utf8'),
    write: (path, content) => {
      const full = join(root, path);
      mkdirSync(join(full, '..'), { recursive: true });
      writeFileSync(full, content);
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Body of a stub from test/stubs/: stateful stand-ins (state in $STUB_STATE) so that a second run of
 * a script sees what the first one "installed". pveum covers user/token/role/acl.
 */
export function stubBody(
  name:
    | 'pveum'
    | 'dpkg-query'
    | 'package-manager'
    | 'systemctl'
    | 'systemctl-real-node-exporter'
    | 'nft'
    | 'curl'
    | 'firewall-cmd'
    | 'ufw',
): string {
  return readFileSync(new URL(`./stubs/${name}`, import.meta.url), 'utf8');
}
