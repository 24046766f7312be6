import { readdir, readFile, readlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { normalisePciAddress } from '../parsers/values.js';

/** An SR-IOV virtual function the NVIDIA driver has given a vGPU type (vGPU 17+, kernel ≥ 6.8). */
export interface NvidiaVgpuVf {
  readonly vf: string;
  /** The physical function: the GPU nvidia-smi lists the vGPU under. */
  readonly pf: string;
  /** `nvidia/current_vgpu_type`, the number PVE writes for `mdev=nvidia-<N>`. */
  readonly vgpuTypeId: string;
}

/**
 * Lists VFs with a vGPU type set, from `<sysfsRoot>/bus/pci/devices/<VF>/nvidia/current_vgpu_type`
 * and the `physfn` link. PVE passes such VFs to the VM as plain `hostpciN` devices (no mdev), so
 * this is the link between a vGPU under a PF and the VM config that names the VF.
 * Returns [] when sysfs has no such devices (older drivers, mdev mode).
 */
export async function readNvidiaVgpuVfs(sysfsRoot: string): Promise<NvidiaVgpuVf[]> {
  const devicesDir = join(sysfsRoot, 'bus', 'pci', 'devices');
  let devices: string[];
  try {
    devices = await readdir(devicesDir);
  } catch {
    return [];
  }
  const found = await Promise.all(
    devices.map(async (device): Promise<NvidiaVgpuVf | undefined> => {
      const dir = join(devicesDir, device);
      try {
        const type = (await readFile(join(dir, 'nvidia', 'current_vgpu_type'), 'utf8')).trim();
        if (type === '' || type === '0') return undefined;
        const pf = normalisePciAddress(basename(await readlink(join(dir, 'physfn'))));
        const vf = normalisePciAddress(device);
        return pf && vf ? { vf, pf, vgpuTypeId: type } : undefined;
      } catch {
        return undefined;
      }
    }),
  );
  return found.filter((v): v is NvidiaVgpuVf => v != null);
}
