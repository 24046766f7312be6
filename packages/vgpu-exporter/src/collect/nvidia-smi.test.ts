import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, installFakeNvidiaSmi, makeTempDir, removeDir } from '../../test/helpers.js';
import { NvidiaSmiError, runNvidiaSmi } from './nvidia-smi.js';

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir('runner');
});
afterAll(() => removeDir(dir));

describe('runNvidiaSmi', () => {
  it('returns stdout of nvidia-smi found on PATH', async () => {
    const env = await installFakeNvidiaSmi(dir, { FAKE_NVIDIA_SMI_VGPU_Q: FIXTURES.realVgpuQ });
    const out = await runNvidiaSmi(['vgpu', '-q'], { path: 'nvidia-smi', timeoutMs: 5000, env });
    expect(out).toContain(
      'MDEV UUID                         : 00000000-0000-0000-0000-000000000101',
    );
  });

  it('explains a missing executable', async () => {
    const error = await runNvidiaSmi(['vgpu', '-q'], {
      path: join(dir, 'no-such-nvidia-smi'),
      timeoutMs: 5000,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NvidiaSmiError);
    expect((error as Error).message).toMatch(/nvidia-smi not found .*--nvidia-smi PATH/);
  });

  it('explains a file that is not executable', async () => {
    const file = join(dir, 'not-executable');
    await writeFile(file, '#!/bin/sh\n', { mode: 0o644 });
    await expect(runNvidiaSmi([], { path: file, timeoutMs: 5000 })).rejects.toThrow(
      /is not executable/,
    );
  });

  it("reports the exit code and nvidia-smi's own message", async () => {
    const env = await installFakeNvidiaSmi(dir, { FAKE_NVIDIA_SMI_MODE: 'fail' });
    await expect(
      runNvidiaSmi(['vgpu', '-q'], { path: 'nvidia-smi', timeoutMs: 5000, env }),
    ).rejects.toThrow(
      /nvidia-smi vgpu -q failed with exit code 9: NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver/,
    );
  });

  it('kills a hanging nvidia-smi after the timeout', async () => {
    const env = await installFakeNvidiaSmi(dir, {
      FAKE_NVIDIA_SMI_VGPU_Q: FIXTURES.realVgpuQ,
      FAKE_NVIDIA_SMI_DELAY_MS: '20000',
    });
    const started = Date.now();
    await expect(
      runNvidiaSmi(['vgpu', '-q'], { path: 'nvidia-smi', timeoutMs: 300, env }),
    ).rejects.toThrow(/timed out after 300 ms/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
