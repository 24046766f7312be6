import { isIP } from 'node:net';
import type { GuestConfig, GuestType, OsFamily } from './model.js';

/**
 * Per-guest overrides.
 *
 * - Port: the tag `pvemon-port-NNNN`. Tags arrive with every `/cluster/resources` call, so a
 *   change takes effect on the next refresh at no extra API cost (a description line would need
 *   a `/config` call per guest).
 * - Address: a line `pvemon.address=<IPv4|IPv6>` in the guest's description (Notes). Tags cannot
 *   carry `:`, so IPv6 addresses could not be expressed as a tag.
 */
export const PORT_TAG_PREFIX = 'pvemon-port-';
const PORT_TAG = /^pvemon-port-(\d{1,5})$/;
const ADDRESS_LINE = /^\s*pvemon\.address\s*=\s*(\S+)\s*$/m;

export function portFromTags(tags: readonly string[]): number | undefined {
  for (const tag of tags) {
    const m = PORT_TAG.exec(tag);
    const port = m ? Number(m[1]) : NaN;
    if (port >= 1 && port <= 65535) return port;
  }
  return undefined;
}

/** The `pvemon.address=` line of a description, the only part discovery reads. */
export function addressLineOf(description: string | undefined): string | undefined {
  if (!description) return undefined;
  return ADDRESS_LINE.exec(description)?.[0].trim();
}

export function addressFromDescription(description: string | undefined): string | undefined {
  if (!description) return undefined;
  const m = ADDRESS_LINE.exec(description);
  const raw = m?.[1]?.replace(/^\[|\]$/g, '');
  return raw && isIP(raw) ? raw : undefined;
}

/** Default exporter ports per OS family (windows_exporter / node_exporter). */
export interface GuestPorts {
  readonly windows: number;
  readonly linux: number;
  readonly lxc: number;
  readonly other: number;
}

export const DEFAULT_GUEST_PORTS: GuestPorts = {
  windows: 9182,
  linux: 9100,
  lxc: 9100,
  other: 9100,
};

export function guestPort(
  type: GuestType,
  os: OsFamily,
  tags: readonly string[],
  ports: GuestPorts,
): number {
  const tagged = portFromTags(tags);
  if (tagged !== undefined) return tagged;
  if (type === 'lxc') return ports.lxc;
  return ports[os];
}

/** OS family of a guest: from its config's `ostype` when known; containers are always Linux. */
export function guestOsFamily(type: GuestType, config: GuestConfig | undefined): OsFamily {
  if (type === 'lxc') return 'linux';
  return config?.osFamily ?? 'other';
}
