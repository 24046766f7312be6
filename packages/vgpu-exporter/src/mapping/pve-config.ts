import { normalisePciAddress } from '../parsers/values.js';

/** One `hostpciN` entry of a VM config. */
export interface HostPciEntry {
  readonly index: number;
  /** Host PCI addresses (`host=` may list several separated by `;`), canonical form. */
  readonly hosts: string[];
  /** `mdev=<type>`, e.g. `nvidia-63`. */
  readonly mdev: string | undefined;
  /** `mapping=<id>` (resolved through the cluster's PCI mappings, which this exporter does not read). */
  readonly mapping: string | undefined;
}

/** The fields of a PVE VM config (`/etc/pve/qemu-server/<vmid>.conf`) vGPU mapping needs. */
export interface PveGuestConfig {
  readonly vmid: number;
  readonly name: string | undefined;
  /** `smbios1: uuid=...`, lower case. What NVIDIA's host tools show as "VM UUID" on PVE ≥ 7.4. */
  readonly smbiosUuid: string | undefined;
  readonly hostpci: HostPciEntry[];
}

/**
 * Parses the current (top) section of a PVE guest config: `key: value` lines, `#` comment lines
 * (the description). Everything from the first `[section]` on is a snapshot, `[PENDING]` or
 * `[special:cloudinit]` and is not the running configuration, so it is ignored.
 */
export function parsePveGuestConfig(vmid: number, text: string): PveGuestConfig {
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*\[.*\]\s*$/.test(line)) break;
    if (line.startsWith('#') || line.trim() === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    values.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  const hostpci: HostPciEntry[] = [];
  for (const [key, value] of values) {
    const match = /^hostpci(\d+)$/.exec(key);
    if (match) hostpci.push(parseHostPci(Number(match[1]), value));
  }
  const smbios = parsePropertyString(values.get('smbios1') ?? '', 'uuid');
  return {
    vmid,
    name: values.get('name') || undefined,
    smbiosUuid: smbios.get('uuid')?.toLowerCase() || undefined,
    hostpci: hostpci.sort((a, b) => a.index - b.index),
  };
}

function parseHostPci(index: number, value: string): HostPciEntry {
  const props = parsePropertyString(value, 'host');
  const hosts = (props.get('host') ?? '')
    .split(';')
    .map((h) => normalisePciAddress(h))
    .filter((h): h is string => h != null);
  return { index, hosts, mdev: props.get('mdev'), mapping: props.get('mapping') };
}

/** PVE property string `a=1,b=2`; a leading part without `=` belongs to `defaultKey`. */
function parsePropertyString(value: string, defaultKey: string): Map<string, string> {
  const props = new Map<string, string>();
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) {
      if (part.trim() !== '') props.set(defaultKey, part.trim());
    } else {
      props.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
    }
  }
  return props;
}
