// PVE names a VM's mediated device (vGPU) instance `sprintf("%08d-0000-0000-0000-%012d", index,
// vmid)` (qemu-server PCI/Mdev.pm), so host-side tools showing the mdev UUID identify the VM.

/** The mdev UUID PVE creates for `hostpci<index>` of VM `vmid`. */
export function mdevUuid(index: number, vmid: number): string {
  return `${String(index).padStart(8, '0')}-0000-0000-0000-${String(vmid).padStart(12, '0')}`;
}

const MDEV_UUID = /^(\d{8})-0000-0000-0000-(\d{12})$/;

/** Decodes a PVE-generated mdev UUID back to `{ index, vmid }`; undefined for other UUIDs. */
export function parseMdevUuid(uuid: string): { index: number; vmid: number } | undefined {
  const match = MDEV_UUID.exec(uuid.trim());
  if (match === null) return undefined;
  const vmid = Number(match[2]);
  if (vmid <= 0) return undefined;
  return { index: Number(match[1]), vmid };
}
