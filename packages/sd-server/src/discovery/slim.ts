import type { GuestConfig, GuestInterface } from './model.js';
import { addressLineOf } from './overrides.js';

const NO_OPTIONS: Record<string, string> = Object.freeze({}) as Record<string, string>;
const NO_TAGS: string[] = Object.freeze([]) as unknown as string[];

/**
 * Keeps only what discovery reads from a config — `net0`, `ipconfig0`, `hostpci*`, `agent`,
 * `ostype`, digest, sizes, and the `pvemon.address=` line of the description — since caches and
 * snapshots hold 10,000 of these. Everything else (the raw key/value map, descriptions of up to
 * 8 KiB, other NICs, SMBIOS, property-string option maps, tags, which `/cluster/resources`
 * already gives) would dominate the process's memory.
 */
export function slimConfig(c: GuestConfig): GuestConfig {
  // Fixed-shape literals (absent fields are undefined): 10,000 objects share a few hidden classes.
  const net = [];
  for (const n of c.net)
    if (n.index === 0)
      net.push({
        index: n.index,
        key: n.key,
        firewall: n.firewall,
        linkDown: n.linkDown,
        macAddress: n.macAddress,
        ipv4: n.ipv4,
        ipv6: n.ipv6,
        options: NO_OPTIONS,
        raw: '',
      });
  const common = {
    node: c.node,
    vmid: c.vmid,
    digest: c.digest,
    tags: NO_TAGS,
    tagsRaw: '',
    memoryMiB: c.memoryMiB,
    vcpus: c.vcpus,
    ostype: c.ostype,
    osFamily: c.osFamily,
    onboot: c.onboot,
    template: c.template,
    protection: c.protection,
    description: addressLineOf(c.description),
    net,
    raw: NO_OPTIONS,
  };
  if (c.type === 'lxc')
    return { type: 'lxc', ...common, unprivileged: c.unprivileged, cores: c.cores };
  const ipconfig = [];
  for (const i of c.ipconfig)
    if (i.index === 0)
      ipconfig.push({
        index: i.index,
        key: i.key,
        ipv4: i.ipv4,
        ipv6: i.ipv6,
        gateway4: i.gateway4,
        gateway6: i.gateway6,
        options: NO_OPTIONS,
        raw: '',
      });
  return {
    type: 'qemu',
    ...common,
    sockets: c.sockets,
    cores: c.cores,
    ipconfig,
    hostpci: c.hostpci.map((h) => ({ ...h, options: NO_OPTIONS, raw: '' })),
    agent: { configured: c.agent.configured, enabled: c.agent.enabled },
  };
}

/** Interfaces without traffic statistics (only names, MACs and addresses are used). */
export function slimInterfaces(list: readonly GuestInterface[]): GuestInterface[] {
  return list.map(({ statistics: _s, ...rest }) => rest);
}
