// Builds the `/config` view of a guest (keys sorted as in the config file, property strings
// unparsed) and its `digest` (SHA-1 of the config text, so it changes on every edit).
import { createHash } from 'node:crypto';
import { guestIpv6, guestMac } from './address-plan.js';
import type { PveFlavor } from './pve-version.js';
import type { GuestModel } from './types.js';

export type ConfigValue = string | number;
export type GuestConfig = Record<string, ConfigValue>;

/** Fixed per guest: starting or stopping a guest never changes its config (or digest). */
function onboot(g: GuestModel): number {
  return g.template || g.vmid % 5 === 0 ? 0 : 1;
}

function qemuConfig(g: GuestModel, flavor: PveFlavor): GuestConfig {
  const windows = g.ostype.startsWith('w');
  const disk = g.ostype === 'win8' ? 'sata0' : 'scsi0';
  const c: GuestConfig = {
    boot: `order=${disk};ide2;net0`,
    cores: g.cores,
    cpu: 'x86-64-v2-AES',
    [disk]: `local-zfs:vm-${g.vmid}-disk-0,${disk === 'scsi0' ? 'iothread=1,' : ''}size=${g.diskGiB}G`,
    ide2: g.ipconfig0 ? `local-zfs:vm-${g.vmid}-cloudinit,media=cdrom` : 'none,media=cdrom',
    memory: flavor.qemuMemoryString ? String(g.memoryMiB) : g.memoryMiB,
    meta: `creation-qemu=${flavor.major >= 9 ? '9.2.0' : '8.1.5'},ctime=${g.ctime}`,
    net0: `virtio=${guestMac(g.vmid)},bridge=vmbr0,firewall=1`,
    numa: 0,
    onboot: onboot(g),
    ostype: g.ostype,
    scsihw: 'virtio-scsi-single',
    smbios1: `uuid=${g.smbiosUuid}`,
    sockets: g.sockets,
    vmgenid: g.vmgenid,
  };
  if (g.agent !== undefined) c.agent = g.agent;
  if (g.name !== undefined) c.name = g.name;
  if (g.tags !== undefined) c.tags = g.tags;
  if (g.ipconfig0 !== undefined) c.ipconfig0 = g.ipconfig0;
  if (g.hostpci0 !== undefined) c.hostpci0 = g.hostpci0;
  if (g.template) c.template = 1;
  if (g.lock !== undefined) c.lock = g.lock;
  if (windows) {
    c.balloon = 0;
    c.machine = 'pc-q35-8.1';
    if (g.ostype === 'win11') {
      c.bios = 'ovmf';
      c.efidisk0 = `local-zfs:vm-${g.vmid}-disk-1,efitype=4m,pre-enrolled-keys=1,size=1M`;
      c.tpmstate0 = `local-zfs:vm-${g.vmid}-disk-2,size=4M,version=v2.0`;
    }
  }
  return c;
}

function lxcNet0(g: GuestModel): string {
  const parts = ['name=eth0', 'bridge=vmbr0', 'firewall=1'];
  if (g.ipv6Only) {
    parts.push(`hwaddr=${guestMac(g.vmid)}`, `ip6=${guestIpv6(g.vmid)}/64`);
  } else if (g.staticIp) {
    parts.push('gw=127.0.0.1', `hwaddr=${guestMac(g.vmid)}`, `ip=${g.address}/8`);
  } else {
    parts.push(`hwaddr=${guestMac(g.vmid)}`, 'ip=dhcp');
  }
  parts.push('type=veth');
  return parts.join(',');
}

function lxcConfig(g: GuestModel): GuestConfig {
  const c: GuestConfig = {
    arch: 'amd64',
    cores: g.cores,
    features: 'nesting=1',
    memory: g.memoryMiB,
    net0: lxcNet0(g),
    onboot: onboot(g),
    ostype: g.ostype,
    rootfs: `local-zfs:subvol-${g.vmid}-disk-0,size=${g.diskGiB}G`,
    swap: 512,
    unprivileged: 1,
  };
  if (g.name !== undefined) c.hostname = g.name;
  if (g.tags !== undefined) c.tags = g.tags;
  if (g.template) c.template = 1;
  if (g.lock !== undefined) c.lock = g.lock;
  return c;
}

/** The config without `digest`, keys sorted like PVE writes them to the config file. */
export function guestConfigBody(g: GuestModel, flavor: PveFlavor): GuestConfig {
  const base = g.type === 'qemu' ? qemuConfig(g, flavor) : lxcConfig(g);
  for (const [key, value] of g.overrides) {
    if (value === null) delete base[key];
    else base[key] = value;
  }
  const sorted: GuestConfig = {};
  for (const key of Object.keys(base).sort()) sorted[key] = base[key] as ConfigValue;
  return sorted;
}

export function configDigest(body: GuestConfig): string {
  let text = '';
  for (const [k, v] of Object.entries(body)) text += `${k}: ${v}\n`;
  return createHash('sha1').update(text).digest('hex');
}

/** `/config` payload: the config plus its digest (cached until the config changes). */
export function guestConfig(g: GuestModel, flavor: PveFlavor): GuestConfig {
  const body = guestConfigBody(g, flavor);
  g.digestCache ??= configDigest(body);
  return { ...body, digest: g.digestCache };
}
