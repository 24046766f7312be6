import type { VgpuMappedBy } from '@pvemon/metrics-contract';
import type { VgpuInstance } from '../parsers/vgpu-query.js';
import { decodePveMdevUuid } from './mdev-uuid.js';
import type { PveGuestConfig } from './pve-config.js';
import type { NvidiaVgpuVf } from './sriov-vfs.js';

/** How a vGPU instance was tied to a guest; the `mapped_by` label of `pvemon_vgpu_info`. */
export type MappedBy = VgpuMappedBy;

export interface GuestMatch {
  /** '' when unmapped. */
  readonly vmId: string;
  /** The config's `name`, else the name nvidia-smi reports, else ''. */
  readonly vmName: string;
  readonly mappedBy: MappedBy;
}

export interface MappingInput {
  readonly guests: readonly PveGuestConfig[];
  /** SR-IOV VFs with a vGPU type; only consulted for instances the UUIDs did not map. */
  readonly vfs: readonly NvidiaVgpuVf[];
}

/**
 * Maps each instance to a guest, strongest evidence first:
 * 1. a PVE-style mdev UUID (in "MDEV UUID", or in "VM UUID"/"vGPU UUID", which carried it before
 *    PVE 7.4) encodes the vmid itself;
 * 2. "VM UUID" equals a config's `smbios1` uuid (PVE ≥ 7.4 passes it as QEMU's `-uuid`);
 * 3. SR-IOV: exactly one guest's `hostpciN` names a VF of this GPU carrying this vGPU type;
 * 4. "VM Name" equals exactly one config's `name` (names are not unique, hence last).
 * Returns one match per instance, in input order.
 */
export function mapInstancesToGuests(
  instances: readonly VgpuInstance[],
  input: MappingInput,
): GuestMatch[] {
  const byVmid = new Map(input.guests.map((g) => [g.vmid, g]));
  const bySmbios = new Map<string, PveGuestConfig>();
  for (const guest of input.guests) if (guest.smbiosUuid) bySmbios.set(guest.smbiosUuid, guest);

  const strong = instances.map((instance): GuestMatch | undefined => {
    const mdev = [instance.mdevUuid, instance.vmUuid, instance.vgpuUuid]
      .map(decodePveMdevUuid)
      .find((id) => id != null);
    if (mdev) return matchOf(String(mdev.vmid), byVmid.get(mdev.vmid), instance, 'mdev');
    const guest = instance.vmUuid ? bySmbios.get(instance.vmUuid) : undefined;
    if (guest) return matchOf(String(guest.vmid), guest, instance, 'smbios_uuid');
    return undefined;
  });

  // Guests already tied to an instance by a UUID are no candidates for the weaker methods.
  const claimed = new Set(strong.filter((m) => m != null).map((m) => m.vmId));
  const unclaimed = input.guests.filter((g) => !claimed.has(String(g.vmid)));

  return instances.map((instance, i) => {
    const known = strong[i];
    if (known) return known;
    const viaVf = uniqueGuestByVf(instance, unclaimed, input.vfs);
    if (viaVf) return matchOf(String(viaVf.vmid), viaVf, instance, 'vf_address');
    const named = instance.vmName ? unclaimed.filter((g) => g.name === instance.vmName) : [];
    const byName = named.length === 1 ? named[0] : undefined;
    if (byName) return matchOf(String(byName.vmid), byName, instance, 'vm_name');
    return { vmId: '', vmName: instance.vmName ?? '', mappedBy: 'none' };
  });
}

function matchOf(
  vmId: string,
  guest: PveGuestConfig | undefined,
  instance: VgpuInstance,
  mappedBy: MappedBy,
): GuestMatch {
  return { vmId, vmName: guest?.name ?? instance.vmName ?? '', mappedBy };
}

/**
 * The VFs of the instance's GPU that carry its vGPU type, then the guests passing one of them.
 * Ambiguity (two guests with the same type on the same GPU) yields no match rather than a guess.
 */
function uniqueGuestByVf(
  instance: VgpuInstance,
  guests: readonly PveGuestConfig[],
  vfs: readonly NvidiaVgpuVf[],
): PveGuestConfig | undefined {
  const candidates = new Set(
    vfs
      .filter((v) => v.pf === instance.gpuPci && v.vgpuTypeId === instance.vgpuTypeId)
      .map((v) => v.vf),
  );
  if (candidates.size === 0) return undefined;
  const owners = guests.filter((g) =>
    g.hostpci.some((entry) => entry.hosts.some((host) => candidates.has(host))),
  );
  return owners.length === 1 ? owners[0] : undefined;
}
