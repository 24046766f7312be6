/** What PVE encodes in the mdev UUIDs it creates for a VM's `hostpciN: ...,mdev=<type>`. */
export interface PveMdevId {
  readonly hostpciIndex: number;
  readonly vmid: number;
}

// qemu-server PCI/Mdev.pm generate_mdev_uuid: sprintf("%08d-0000-0000-0000-%012d", index, vmid).
const PVE_MDEV_UUID = /^(\d{8})-0000-0000-0000-(\d{12})$/;

/** Decodes a PVE-generated mdev UUID; `undefined` for any other UUID (random ones never match). */
export function decodePveMdevUuid(uuid: string | undefined): PveMdevId | undefined {
  if (uuid == null) return undefined;
  const match = PVE_MDEV_UUID.exec(uuid.trim());
  if (!match) return undefined;
  const vmid = Number(match[2]);
  // PVE vmids are 100..999999999; anything else is not a PVE mdev.
  if (vmid < 100) return undefined;
  return { hostpciIndex: Number(match[1]), vmid };
}
