// Packaging acceptance: stage the package (fresh dist/ or a temp build), `npm pack` it, check the tarball holds only dist,
// README, LICENSE and package.json, then compile (tsc) and run a scratch ESM project and a
// scratch CommonJS TypeScript project (`module: node16`) against the unpacked tarball.
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const workspaceModules = resolve(packageDir, '../../node_modules');
const require = createRequire(import.meta.url);
const tscBin = require.resolve('typescript/bin/tsc');
const tsupBin = resolve(workspaceModules, 'tsup/dist/cli-default.js');

let work: string;
let tarball: string;
let packed: string[];

/** dist/ exists and is newer than every input of the build. */
function distIsFresh(): boolean {
  const outputs = ['index.js', 'index.cjs', 'index.d.ts', 'index.d.cts'].map((f) =>
    join(packageDir, 'dist', f),
  );
  if (!outputs.every((f) => existsSync(f))) return false;
  const oldestOutput = Math.min(...outputs.map((f) => statSync(f).mtimeMs));
  const inputs = [
    join(packageDir, 'package.json'),
    join(packageDir, 'tsup.config.ts'),
    ...readdirSync(join(packageDir, 'src'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => join(packageDir, 'src', f)),
  ];
  return inputs.every((f) => statSync(f).mtimeMs < oldestOutput);
}

const execFileAsync = promisify(execFile);

/** Runs a command without blocking the test worker (tsup and tsc take seconds). */
async function run(cmd: string, args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await execFileAsync(cmd, args, {
      cwd,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    return stdout;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    throw new Error(
      `${cmd} ${args.join(' ')} failed in ${cwd}:\n${e.stdout ?? ''}${e.stderr ?? ''}`,
    );
  }
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'pvemon-client-pack-'));
  const staged = join(work, 'package');
  mkdirSync(staged);
  for (const file of ['package.json', 'README.md', 'LICENSE']) {
    copyFileSync(join(packageDir, file), join(staged, file));
  }
  if (distIsFresh()) {
    // `nx test` runs `build` first (see package.json "nx"), so dist/ is current: reuse it.
    cpSync(join(packageDir, 'dist'), join(staged, 'dist'), { recursive: true });
  } else {
    // Same tsup config as `npm run build`, written elsewhere so a parallel build is not disturbed.
    await run(
      process.execPath,
      [tsupBin, '--out-dir', join(staged, 'dist'), '--silent'],
      packageDir,
    );
  }
  const output = await run('npm', ['pack', '--json', '--pack-destination', work], staged);
  const info = JSON.parse(output) as { filename: string; files: { path: string }[] }[];
  tarball = join(work, info[0]!.filename);
  packed = info[0]!.files.map((f) => f.path).sort();
}, 300_000);

afterAll(() => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

async function scratchProject(
  name: string,
  packageJson: object,
  tsconfig: object,
  source: string,
): Promise<string> {
  const dir = join(work, name);
  const modules = join(dir, 'node_modules');
  mkdirSync(join(modules, '@pvemon'), { recursive: true });
  mkdirSync(join(modules, '@types'), { recursive: true });
  const installed = join(modules, '@pvemon', 'proxmox-client');
  mkdirSync(installed);
  await run('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1'], dir);
  // The package's own dependencies, resolved from the workspace (no network).
  for (const dep of ['undici', 'zod']) symlinkSync(join(workspaceModules, dep), join(modules, dep));
  symlinkSync(join(workspaceModules, '@types', 'node'), join(modules, '@types', 'node'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify(packageJson));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
  writeFileSync(join(dir, 'index.ts'), source);
  return dir;
}

const consumerSource = `
import {
  createProxmoxClient,
  isProxmoxError,
  ProxmoxError,
  ProxmoxTlsError,
  parseTags,
  type Guest,
  type InventoryOptions,
} from '@pvemon/proxmox-client';

const options: InventoryOptions = { withConfig: (g: Guest) => !g.template };
let message = '';
try {
  createProxmoxClient({ endpoints: [], auth: { type: 'token', tokenId: 'mon@pve!sd', secret: 's' } });
} catch (error) {
  if (isProxmoxError(error, 'OPTIONS') && error instanceof ProxmoxError) message = error.message;
}
const client = createProxmoxClient({
  endpoints: ['https://127.0.0.1:1'],
  auth: { type: 'token', tokenId: 'mon@pve!sd', secret: 's3cret' },
});
const tls: typeof ProxmoxTlsError = ProxmoxTlsError;
console.log(JSON.stringify({ message, tags: parseTags('B;a, a'), endpoints: client.endpoints, tls: tls.name, options: typeof options.withConfig }));
void client.close();
`;

const baseCompilerOptions = { strict: true, outDir: 'out', types: ['node'] };
/** tsc needs seconds per project (mostly @types/node); generous on a busy 2-core machine. */
const TSC_TIMEOUT_MS = 240_000;

describe('npm package', () => {
  it('contains only dist, README, LICENSE and package.json', () => {
    const outside = packed.filter(
      (p) => !p.startsWith('dist/') && !['README.md', 'LICENSE', 'package.json'].includes(p),
    );
    expect(outside).toEqual([]);
    for (const file of ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts']) {
      expect(packed).toContain(file);
    }
  });

  it(
    'compiles and runs from a scratch ESM project',
    async () => {
      const dir = await scratchProject(
        'esm',
        { name: 'esm-consumer', type: 'module', private: true },
        {
          compilerOptions: {
            ...baseCompilerOptions,
            // Full check, including this package's .d.ts (the .d.cts has the same content).
            skipLibCheck: false,
            module: 'nodenext',
            moduleResolution: 'nodenext',
            target: 'es2022',
          },
        },
        consumerSource,
      );
      await run(process.execPath, [tscBin, '-p', 'tsconfig.json'], dir);
      const out = JSON.parse(await run(process.execPath, ['out/index.js'], dir)) as Record<
        string,
        unknown
      >;
      expect(out).toMatchObject({
        tags: ['a', 'b'],
        endpoints: ['https://127.0.0.1:1'],
        tls: 'ProxmoxTlsError',
      });
      expect(out.message).toMatch(/"endpoints"/);
    },
    TSC_TIMEOUT_MS,
  );

  it(
    'compiles and runs from a scratch CommonJS TypeScript project (module: node16)',
    async () => {
      const dir = await scratchProject(
        'cjs',
        { name: 'cjs-consumer', private: true },
        {
          compilerOptions: {
            ...baseCompilerOptions,
            // The default of `tsc --init`; resolution errors such as TS1471 are still reported.
            skipLibCheck: true,
            module: 'node16',
            moduleResolution: 'node16',
            target: 'es2022',
          },
        },
        consumerSource,
      );
      const files = await run(
        process.execPath,
        [tscBin, '-p', 'tsconfig.json', '--listFiles'],
        dir,
      );
      // The CommonJS consumer must get the .d.cts types (an ESM-only .d.ts would fail with TS1471).
      expect(files).toMatch(/@pvemon\/proxmox-client\/dist\/index\.d\.cts/);
      expect(files).not.toMatch(/@pvemon\/proxmox-client\/dist\/index\.d\.ts/);
      expect(readdirSync(join(dir, 'out'))).toContain('index.js');
      const out = JSON.parse(await run(process.execPath, ['out/index.js'], dir)) as Record<
        string,
        unknown
      >;
      expect(out).toMatchObject({ tags: ['a', 'b'], tls: 'ProxmoxTlsError' });
    },
    TSC_TIMEOUT_MS,
  );
});
