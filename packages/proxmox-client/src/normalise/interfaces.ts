// Guest interfaces: QEMU agent `network-get-interfaces` (`{result: [...]}`, types ipv4/ipv6) and
// LXC `/interfaces` (bare array; legacy `hwaddr/inet/inet6` or, since 2025, `ip-addresses`
// with types inet/inet6).
import { isIP } from 'node:net';
import type { AgentInterfaceWire, LxcInterfaceWire } from '../schemas.js';
import type {
  AddressFamily,
  GuestAddress,
  GuestInterface,
  GuestInterfaceStatistics,
} from '../types.js';
import { normaliseMac, stripUndefined, toInteger, toNumber } from './primitives.js';

function familyOf(address: string, declared: string | undefined): AddressFamily | undefined {
  const d = declared?.toLowerCase();
  if (d === 'ipv4' || d === 'inet') return 'ipv4';
  if (d === 'ipv6' || d === 'inet6') return 'ipv6';
  const v = isIP(address);
  return v === 4 ? 'ipv4' : v === 6 ? 'ipv6' : undefined;
}

/** Builds a GuestAddress with loopback / link-local flags; undefined for unusable input. */
export function makeGuestAddress(
  rawAddress: string,
  declaredType?: string,
  prefix?: number,
): GuestAddress | undefined {
  // Strip a zone id (`fe80::1%eth0`) that some agents report.
  const address = rawAddress.trim().split('%')[0] ?? '';
  const family = familyOf(address, declaredType);
  if (family === undefined || isIP(address) === 0) return undefined;
  const lower = address.toLowerCase();
  const loopback = family === 'ipv4' ? address.startsWith('127.') : lower === '::1';
  const linkLocal =
    family === 'ipv4' ? address.startsWith('169.254.') : /^fe[89ab][0-9a-f]:/.test(lower);
  return stripUndefined({ address, family, prefix, loopback, linkLocal });
}

/** `a.b.c.d/len` (legacy LXC `inet`/`inet6`) → GuestAddress. */
function fromCidr(cidr: string, family: AddressFamily): GuestAddress | undefined {
  const [address = '', prefix] = cidr.split('/');
  return makeGuestAddress(address, family, prefix === undefined ? undefined : toInteger(prefix));
}

const STAT_KEYS: [keyof GuestInterfaceStatistics, string][] = [
  ['rxBytes', 'rx-bytes'],
  ['rxPackets', 'rx-packets'],
  ['rxErrors', 'rx-errs'],
  ['rxDropped', 'rx-dropped'],
  ['txBytes', 'tx-bytes'],
  ['txPackets', 'tx-packets'],
  ['txErrors', 'tx-errs'],
  ['txDropped', 'tx-dropped'],
];

function statistics(
  raw: Record<string, unknown> | undefined,
): GuestInterfaceStatistics | undefined {
  if (raw === undefined) return undefined;
  const stats: GuestInterfaceStatistics = {};
  for (const [key, wire] of STAT_KEYS) stats[key] = toNumber(raw[wire]);
  return stripUndefined(stats);
}

function addresses(list: AgentInterfaceWire['ip-addresses']): GuestAddress[] {
  const out: GuestAddress[] = [];
  for (const a of list ?? []) {
    const prefix = a.prefix === undefined ? undefined : toInteger(a.prefix);
    const address = makeGuestAddress(a['ip-address'], a['ip-address-type'], prefix);
    if (address !== undefined) out.push(address);
  }
  return out;
}

/** QEMU agent interface list (the `result` array). */
export function normaliseAgentInterfaces(result: AgentInterfaceWire[]): GuestInterface[] {
  return result.map((iface) =>
    stripUndefined({
      name: iface.name,
      macAddress: normaliseMac(iface['hardware-address']),
      addresses: addresses(iface['ip-addresses']),
      statistics: statistics(iface.statistics),
    }),
  );
}

/** LXC `/interfaces` (null for a stopped container → []). Prefers `ip-addresses` when present. */
export function normaliseLxcInterfaces(list: LxcInterfaceWire[] | null): GuestInterface[] {
  if (list === null) return [];
  return list.map((iface) => {
    let addrs: GuestAddress[];
    if (iface['ip-addresses'] !== undefined) {
      addrs = addresses(iface['ip-addresses']);
    } else {
      addrs = [];
      const v4 = iface.inet === undefined ? undefined : fromCidr(iface.inet, 'ipv4');
      const v6 = iface.inet6 === undefined ? undefined : fromCidr(iface.inet6, 'ipv6');
      if (v4 !== undefined) addrs.push(v4);
      if (v6 !== undefined) addrs.push(v6);
    }
    return stripUndefined({
      name: iface.name,
      macAddress: normaliseMac(iface['hardware-address'] ?? iface.hwaddr),
      addresses: addrs,
    });
  });
}
