import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURES, MULTI_VGPU_GUESTS } from '../../test/helpers.js';
import { parseVgpuQuery, type VgpuInstance } from '../parsers/vgpu-query.js';
import { mapInstancesToGuests } from './map-instances.js';
import { parsePveGuestConfig } from './pve-config.js';

const guests = Object.entries(MULTI_VGPU_GUESTS).map(([vmid, text]) =>
  parsePveGuestConfig(Number(vmid), text),
);
const instancesOf = (file: string) =>
  parseVgpuQuery(readFileSync(file, 'utf8')).gpus.flatMap((g) => g.instances);

const instance = (fields: Partial<VgpuInstance>): VgpuInstance => ({
  vgpuId: '1',
  gpuPci: '0000:41:00.0',
  vmUuid: undefined,
  vmName: undefined,
  vgpuName: 'NVIDIA L40S-8Q',
  vgpuTypeId: '1157',
  vgpuUuid: undefined,
  mdevUuid: undefined,
  guestDriverVersion: undefined,
  licenseState: 'unknown',
  gpuInstanceId: undefined,
  framebufferTotalBytes: undefined,
  framebufferUsedBytes: undefined,
  gpuUtilization: undefined,
  memoryUtilization: undefined,
  encoderUtilization: undefined,
  decoderUtilization: undefined,
  ...fields,
});

describe('mapInstancesToGuests', () => {
  it('decodes the vmid from the real fixture MDEV UUID, even without configs', () => {
    const [only] = instancesOf(FIXTURES.realVgpuQ);
    expect(mapInstancesToGuests([only!], { guests: [], vfs: [] })).toEqual([
      { vmId: '101', vmName: 'win10test', mappedBy: 'mdev' },
    ]);
    const named = parsePveGuestConfig(101, 'name: win10-renamed\n');
    expect(mapInstancesToGuests([only!], { guests: [named], vfs: [] })[0]!.vmName).toBe(
      'win10-renamed',
    );
  });

  it('decodes a PVE mdev UUID passed as VM UUID (PVE before 7.4)', () => {
    const old = instance({ vmUuid: '00000001-0000-0000-0000-000000000103' });
    expect(mapInstancesToGuests([old], { guests, vfs: [] })).toEqual([
      { vmId: '103', vmName: 'render-03', mappedBy: 'mdev' },
    ]);
  });

  it('matches VM UUID to smbios1 uuid, then falls back to the name', () => {
    expect(mapInstancesToGuests(instancesOf(FIXTURES.multiVgpuQ), { guests, vfs: [] })).toEqual([
      { vmId: '101', vmName: 'win11-cad', mappedBy: 'smbios_uuid' },
      { vmId: '102', vmName: 'ml-train-02', mappedBy: 'smbios_uuid' },
      { vmId: '103', vmName: 'render-03', mappedBy: 'vm_name' },
    ]);
  });

  it('maps an SR-IOV vGPU through the VF named in hostpciN when the UUID matches nothing', () => {
    const vfGuests = [
      parsePveGuestConfig(110, 'name: vf-a\nhostpci0: 0000:41:00.4,mdev=nvidia-1157\n'),
      parsePveGuestConfig(111, 'name: vf-b\nhostpci0: 41:00.5,mdev=nvidia-1160\n'),
    ];
    const vfs = [
      { vf: '0000:41:00.4', pf: '0000:41:00.0', vgpuTypeId: '1157' },
      { vf: '0000:41:00.5', pf: '0000:41:00.0', vgpuTypeId: '1160' },
    ];
    const sriov = [
      instance({ vmUuid: 'ffffffff-0000-4000-8000-000000000001', vgpuTypeId: '1160' }),
      instance({ vmUuid: 'ffffffff-0000-4000-8000-000000000002', vgpuTypeId: '1157' }),
    ];
    expect(mapInstancesToGuests(sriov, { guests: vfGuests, vfs })).toEqual([
      { vmId: '111', vmName: 'vf-b', mappedBy: 'vf_address' },
      { vmId: '110', vmName: 'vf-a', mappedBy: 'vf_address' },
    ]);
  });

  it('refuses to guess when two guests hold VFs of the same type on the GPU', () => {
    const vfGuests = [
      parsePveGuestConfig(110, 'name: a\nhostpci0: 0000:41:00.4\n'),
      parsePveGuestConfig(111, 'name: b\nhostpci0: 0000:41:00.5\n'),
    ];
    const vfs = [
      { vf: '0000:41:00.4', pf: '0000:41:00.0', vgpuTypeId: '1157' },
      { vf: '0000:41:00.5', pf: '0000:41:00.0', vgpuTypeId: '1157' },
    ];
    expect(mapInstancesToGuests([instance({})], { guests: vfGuests, vfs })[0]!.mappedBy).toBe(
      'none',
    );
  });

  it('never maps by a name two guests share, nor to a guest a UUID already claimed', () => {
    const twins = [
      parsePveGuestConfig(120, 'name: twin\n'),
      parsePveGuestConfig(121, 'name: twin\n'),
      parsePveGuestConfig(122, 'name: solo\nsmbios1: uuid=12345678-0000-4000-8000-000000000000\n'),
    ];
    const result = mapInstancesToGuests(
      [
        instance({ vmName: 'twin' }),
        instance({ vmUuid: '12345678-0000-4000-8000-000000000000' }),
        instance({ vmName: 'solo' }),
      ],
      { guests: twins, vfs: [] },
    );
    expect(result).toEqual([
      { vmId: '', vmName: 'twin', mappedBy: 'none' },
      { vmId: '122', vmName: 'solo', mappedBy: 'smbios_uuid' },
      { vmId: '', vmName: 'solo', mappedBy: 'none' },
    ]);
  });
});
