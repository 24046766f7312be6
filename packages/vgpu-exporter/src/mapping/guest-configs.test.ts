import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeTempDir,
  MULTI_VGPU_GUESTS,
  removeDir,
  writeGuestConfigs,
} from '../../test/helpers.js';
import { readGuestConfigs } from './guest-configs.js';
import { readNvidiaVgpuVfs } from './sriov-vfs.js';

let root: string;
beforeAll(async () => {
  root = await makeTempDir('configs');
});
afterAll(() => removeDir(root));

describe('readGuestConfigs', () => {
  it('reads every <vmid>.conf and ignores other files', async () => {
    const dir = await writeGuestConfigs(join(root, 'a'), MULTI_VGPU_GUESTS);
    await writeFile(join(dir, 'README'), 'not a config');
    await writeFile(join(dir, '101.conf.tmp.1234'), 'name: partial-write');
    const guests = await readGuestConfigs(dir);
    expect(guests.map((g) => [g.vmid, g.name])).toEqual([
      [101, 'win11-cad'],
      [102, 'ml-train-02'],
      [103, 'render-03'],
      [200, 'dns-01'],
    ]);
  });

  it('says what to do when the directory is missing', async () => {
    await expect(readGuestConfigs(join(root, 'nope'))).rejects.toThrow(
      /cannot read PVE guest configs in .*nope: ENOENT \(not a Proxmox VE host\? set --config-dir\)/,
    );
  });

  it.skipIf(process.getuid?.() === 0)(
    'names the permission fix when access is denied',
    async () => {
      const dir = await writeGuestConfigs(join(root, 'denied'), { 100: 'name: x\n' });
      await chmod(dir, 0o000);
      await expect(readGuestConfigs(dir)).rejects.toThrow(/EACCES.*www-data/);
      await chmod(dir, 0o755);
    },
  );
});

describe('readNvidiaVgpuVfs', () => {
  it('lists VFs with a vGPU type and their physical function from sysfs', async () => {
    const sysfs = join(root, 'sys');
    const devices = join(sysfs, 'bus', 'pci', 'devices');
    const device = async (address: string, type?: string, physfn?: string) => {
      await mkdir(join(devices, address, 'nvidia'), { recursive: true });
      if (type != null)
        await writeFile(join(devices, address, 'nvidia', 'current_vgpu_type'), `${type}\n`);
      if (physfn) await symlink(`../${physfn}`, join(devices, address, 'physfn'));
    };
    await device('0000:41:00.0'); // the PF itself: no current_vgpu_type
    await device('0000:41:00.4', '1157', '0000:41:00.0');
    await device('0000:41:00.5', '0', '0000:41:00.0'); // VF without a type: unused
    await device('0000:41:00.6', '1160', '0000:41:00.0');
    const vfs = await readNvidiaVgpuVfs(sysfs);
    expect(vfs.sort((a, b) => a.vf.localeCompare(b.vf))).toEqual([
      { vf: '0000:41:00.4', pf: '0000:41:00.0', vgpuTypeId: '1157' },
      { vf: '0000:41:00.6', pf: '0000:41:00.0', vgpuTypeId: '1160' },
    ]);
  });

  it('returns nothing when sysfs has no PCI devices (not a host, or tests)', async () => {
    expect(await readNvidiaVgpuVfs(join(root, 'empty'))).toEqual([]);
  });
});
