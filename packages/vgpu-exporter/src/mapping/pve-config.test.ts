import { describe, expect, it } from 'vitest';
import { MULTI_VGPU_GUESTS } from '../../test/helpers.js';
import { decodePveMdevUuid } from './mdev-uuid.js';
import { parsePveGuestConfig } from './pve-config.js';

describe('parsePveGuestConfig', () => {
  it('reads name, smbios uuid and hostpci entries of the current config only', () => {
    expect(parsePveGuestConfig(101, MULTI_VGPU_GUESTS[101]!)).toEqual({
      vmid: 101,
      name: 'win11-cad', // not the snapshot's "win11-cad-old"
      smbiosUuid: '8f2d3c1e-5b6a-4e7f-9a0b-1c2d3e4f5a6b', // lower-cased, not the snapshot's
      hostpci: [{ index: 0, hosts: ['0000:41:00.0'], mdev: 'nvidia-1157', mapping: undefined }],
    });
  });

  it('handles mapping= entries, domain-less addresses, multi-function lists and no smbios1', () => {
    expect(parsePveGuestConfig(102, MULTI_VGPU_GUESTS[102]!).hostpci).toEqual([
      { index: 0, hosts: [], mdev: 'nvidia-1157', mapping: 'l40s-pool' },
    ]);
    const guest = parsePveGuestConfig(
      104,
      'hostpci1: host=0000:41:00.5;41:00.6,pcie=1\nhostpci0: 41:00.4\nname: vf-guest\n',
    );
    expect(guest.smbiosUuid).toBeUndefined();
    expect(guest.hostpci.map((h) => [h.index, h.hosts])).toEqual([
      [0, ['0000:41:00.4']],
      [1, ['0000:41:00.5', '0000:41:00.6']],
    ]);
  });

  it('ignores [PENDING] and [special:cloudinit] sections and the description', () => {
    const guest = parsePveGuestConfig(
      105,
      '#name: fake\nname: real\n\n[PENDING]\nname: pending-name\n[special:cloudinit]\nname: ci\n',
    );
    expect(guest.name).toBe('real');
  });
});

describe('decodePveMdevUuid', () => {
  it('decodes hostpci index and vmid from PVE mdev UUIDs', () => {
    expect(decodePveMdevUuid('00000000-0000-0000-0000-000000000101')).toEqual({
      hostpciIndex: 0,
      vmid: 101,
    });
    expect(decodePveMdevUuid('00000001-0000-0000-0000-000000008006')).toEqual({
      hostpciIndex: 1,
      vmid: 8006,
    });
  });

  it('rejects random UUIDs and impossible vmids', () => {
    expect(decodePveMdevUuid('86380ffb-8f13-4685-9c48-0e0f4e65fb87')).toBeUndefined();
    expect(decodePveMdevUuid('00000000-0000-0000-0000-000000000000')).toBeUndefined();
    expect(decodePveMdevUuid(undefined)).toBeUndefined();
  });
});
