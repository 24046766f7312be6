import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../test/helpers.js';
import { parseLicenseState } from './license.js';
import { parseVgpuQuery } from './vgpu-query.js';

const MiB = 2 ** 20;

describe('parseVgpuQuery', () => {
  it('parses the real Proxmox vgpu -q output (driver 525, mdev, empty UUIDs)', () => {
    const result = parseVgpuQuery(readFileSync(FIXTURES.realVgpuQ, 'utf8'));
    expect(result.driverVersion).toBeUndefined();
    expect(result.gpus).toHaveLength(1);
    expect(result.gpus[0]!.pci).toBe('0000:01:00.0');
    expect(result.gpus[0]!.activeVgpus).toBe(1);
    expect(result.gpus[0]!.instances).toEqual([
      {
        vgpuId: '3251634190',
        gpuPci: '0000:01:00.0',
        vmUuid: undefined,
        vmName: 'win10test',
        vgpuName: 'NVIDIA RTXA6000-2Q',
        vgpuTypeId: '525',
        vgpuUuid: undefined,
        mdevUuid: '00000000-0000-0000-0000-000000000101',
        guestDriverVersion: undefined,
        licenseState: 'unknown',
        gpuInstanceId: undefined,
        framebufferTotalBytes: 2048 * MiB,
        framebufferUsedBytes: 0,
        gpuUtilization: 0,
        memoryUtilization: 0,
        encoderUtilization: 0,
        decoderUtilization: 0,
      },
    ]);
  });

  it('parses several GPUs and instances in the newer-driver layout (derived fixture)', () => {
    const result = parseVgpuQuery(readFileSync(FIXTURES.multiVgpuQ, 'utf8'));
    expect(result.driverVersion).toBe('580.105.06');
    expect(result.gpus.map((g) => [g.pci, g.activeVgpus, g.instances.length])).toEqual([
      ['0000:41:00.0', 2, 2],
      ['0000:c1:00.0', 1, 1],
    ]);
    const [cad, ml] = result.gpus[0]!.instances;
    expect(cad).toMatchObject({
      vmUuid: '8f2d3c1e-5b6a-4e7f-9a0b-1c2d3e4f5a6b',
      vmName: 'win11-cad',
      vgpuName: 'NVIDIA L40S-8Q',
      vgpuTypeId: '1157',
      vgpuUuid: 'd471c7f2-0a53-11ec-afd3-38b06df18e37',
      mdevUuid: undefined,
      guestDriverVersion: '580.95.05',
      licenseState: 'licensed',
      framebufferUsedBytes: 5120 * MiB,
      gpuUtilization: 0.87,
      memoryUtilization: 0.41,
      encoderUtilization: 0.12,
      decoderUtilization: 0.03,
    });
    expect(ml).toMatchObject({
      guestDriverVersion: undefined,
      licenseState: 'unlicensed_restricted',
    });
    expect(result.gpus[1]!.instances[0]!.licenseState).toBe('unlicensed_unrestricted');
  });

  it('leaves utilisation undefined for a MIG-backed vGPU (N/A) but keeps FB usage', () => {
    const [gpu] = parseVgpuQuery(readFileSync(FIXTURES.migVgpuQ, 'utf8')).gpus;
    expect(gpu!.instances[0]).toMatchObject({
      gpuInstanceId: 3,
      gpuUtilization: undefined,
      memoryUtilization: undefined,
      encoderUtilization: undefined,
      decoderUtilization: undefined,
      framebufferTotalBytes: 20480 * MiB,
      framebufferUsedBytes: 9216 * MiB,
    });
  });

  it('returns GPUs without instances when no VM runs', () => {
    const result = parseVgpuQuery(readFileSync(FIXTURES.noActiveVgpuQ, 'utf8'));
    expect(result.gpus).toEqual([{ pci: '0000:01:00.0', activeVgpus: 0, instances: [] }]);
  });

  it('tolerates missing sections: no Utilization, no FB block, no Active vGPUs line', () => {
    const result = parseVgpuQuery(
      'GPU 00000000:01:00.0\n    vGPU ID                               : 7\n        VM Name                           : x\n',
    );
    expect(result.gpus[0]!.activeVgpus).toBe(1);
    expect(result.gpus[0]!.instances[0]).toMatchObject({
      vgpuId: '7',
      vmName: 'x',
      gpuUtilization: undefined,
      framebufferTotalBytes: undefined,
    });
  });

  it('throws a clear error for text that is not vgpu -q output', () => {
    expect(() => parseVgpuQuery('No supported devices in vGPU mode\n')).toThrow(
      /no "GPU <bus id>" section.*No supported devices in vGPU mode/,
    );
  });
});

describe('parseLicenseState', () => {
  it.each([
    ['Licensed (Expiry: 2026-12-31 23:59:59 GMT)', 'licensed'],
    ['Unlicensed (Restricted)', 'unlicensed_restricted'],
    ['Unlicensed (Unrestricted)', 'unlicensed_unrestricted'],
    ['Unlicensed', 'unlicensed'],
    ['N/A (Expiry: N/A)', 'unknown'],
    [undefined, 'unknown'],
  ] as const)('%s → %s', (text, state) => {
    expect(parseLicenseState(text)).toBe(state);
  });
});
