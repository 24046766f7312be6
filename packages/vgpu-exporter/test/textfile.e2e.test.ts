import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEXTFILE_NAME, writeTextfileAtomically } from '../src/textfile.js';
import {
  cliArgv,
  FIXTURES,
  installFakeNvidiaSmi,
  makeTempDir,
  MULTI_VGPU_GUESTS,
  removeDir,
  writeGuestConfigs,
} from './helpers.js';

let dir: string;
let configDir: string;
beforeAll(async () => {
  dir = await makeTempDir('textfile');
  configDir = await writeGuestConfigs(dir, MULTI_VGPU_GUESTS);
});
afterAll(() => removeDir(dir));

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      cliArgv(...args),
      { env, timeout: 30_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('pvemon-vgpu textfile', () => {
  it('writes pvemon_vgpu.prom with mapped per-VM metrics and leaves no temp file', async () => {
    const out = join(dir, 'collector-ok');
    await mkdir(out);
    const env = await installFakeNvidiaSmi(dir, {
      FAKE_NVIDIA_SMI_VGPU_Q: FIXTURES.multiVgpuQ,
      FAKE_NVIDIA_SMI_QUERY_GPU: FIXTURES.multiGpuCsv,
    });
    const result = await runCli(
      ['textfile', '--out', out, '--node', 'pve1', '--config-dir', configDir],
      env,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(await readdir(out)).toEqual([TEXTFILE_NAME]);
    const text = await readFile(join(out, TEXTFILE_NAME), 'utf8');
    expect(text).toContain('pvemon_vgpu_scrape_success{node="pve1"} 1');
    expect(text).toMatch(/pvemon_vgpu_framebuffer_used_bytes\{[^}]*vm_id="103"[^}]*\} 21474836480/);
    expect(text).toMatch(/pvemon_vgpu_info\{[^}]*vm_id="102"[^}]*mapped_by="smbios_uuid"\} 1/);
  });

  it('still writes the file, with scrape_success 0, when nvidia-smi is missing', async () => {
    const out = join(dir, 'collector-missing');
    await mkdir(out);
    const result = await runCli(
      ['textfile', '--out', out, '--node', 'pve1', '--nvidia-smi', join(dir, 'absent')],
      process.env,
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/nvidia-smi not found/);
    expect(await readFile(join(out, TEXTFILE_NAME), 'utf8')).toContain(
      'pvemon_vgpu_scrape_success{node="pve1"} 0',
    );
  });

  it('exits 1 with the fix when --out is not writable', async () => {
    const result = await runCli(['textfile', '--out', join(dir, 'no-such-dir')], process.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot write .*pvemon_vgpu\.prom: ENOENT \(check --out/);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('rejects bad options naming the option', async () => {
    const result = await runCli(['textfile', '--out', dir, '--timeout', 'soon'], process.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/option '--timeout <ms>' argument 'soon' is invalid/);
  });
});

describe('writeTextfileAtomically', () => {
  it('replaces the file whole: readers see the old or the new content, never a mix', async () => {
    const out = join(dir, 'atomic');
    await mkdir(out);
    const big = (c: string) => `# ${c.repeat(200_000)}\n`;
    await writeTextfileAtomically(out, big('a'));
    const target = join(out, TEXTFILE_NAME);
    const reads: string[] = [];
    let writing = true;
    const reader = (async () => {
      while (writing) reads.push(await readFile(target, 'utf8'));
    })();
    for (const c of ['b', 'c', 'd', 'e']) await writeTextfileAtomically(out, big(c));
    writing = false;
    await reader;
    expect(reads.length).toBeGreaterThan(0);
    for (const content of reads) expect(['a', 'b', 'c', 'd', 'e'].map(big)).toContain(content);
    expect(await readFile(target, 'utf8')).toBe(big('e'));
    expect(await readdir(out)).toEqual([TEXTFILE_NAME]);
  });
});
