import { BlockList, isIP } from 'node:net';
import type { ConfigAddress, GuestInterface } from './model.js';

/** Options that shape which of a guest's addresses becomes its scrape target. */
export interface AddressPolicy {
  /** Accept 127.0.0.0/8 and ::1 (the simulator puts guests on 127.x); off on real clusters. */
  readonly allowLoopback: boolean;
  /** CIDRs preferred over any other address, in order (e.g. the monitoring VLAN). */
  readonly preferredCidrs: readonly string[];
  /** Interface names never used: loopback, docker/CNI/bridge devices. */
  readonly ignoreInterfaces: readonly RegExp[];
  /** Which family wins between two otherwise equal candidates. */
  readonly preferFamily: 4 | 6;
}

/** Interfaces that carry container/VPN/bridge traffic rather than the guest's own address. */
export const DEFAULT_IGNORED_INTERFACES: readonly RegExp[] = [
  /^lo$/i,
  /loopback/i,
  /^docker\d*$/i,
  /^br-[0-9a-f]+$/i,
  /^veth/i,
  /^cni\d*$/i,
  /^flannel/i,
  /^cali/i,
  /^vxlan/i,
  /^kube-/i,
  /^virbr\d*/i,
  /^podman\d*$/i,
  /^lxcbr\d*$/i,
  /^tailscale\d*$/i,
  /^zt/i,
  /^isatap/i,
  /vEthernet \(/i,
];

export const DEFAULT_ADDRESS_POLICY: AddressPolicy = {
  allowLoopback: false,
  preferredCidrs: [],
  ignoreInterfaces: DEFAULT_IGNORED_INTERFACES,
  preferFamily: 4,
};

const unusable = new BlockList();
unusable.addSubnet('169.254.0.0', 16, 'ipv4'); // link-local
unusable.addSubnet('0.0.0.0', 8, 'ipv4');
unusable.addSubnet('224.0.0.0', 4, 'ipv4'); // multicast
unusable.addSubnet('fe80::', 10, 'ipv6'); // link-local
unusable.addSubnet('ff00::', 8, 'ipv6');
unusable.addAddress('::', 'ipv6');

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

function familyOf(address: string): 4 | 6 | 0 {
  const f = isIP(address);
  return f === 4 || f === 6 ? f : 0;
}

export function isLoopback(address: string): boolean {
  const f = familyOf(address);
  return f !== 0 && loopback.check(address, f === 4 ? 'ipv4' : 'ipv6');
}

/** True when `address` may be a scrape target under `policy` (no link-local, no loopback…). */
export function isUsableAddress(address: string, policy: AddressPolicy): boolean {
  const f = familyOf(address);
  if (f === 0) return false;
  const type = f === 4 ? 'ipv4' : 'ipv6';
  if (unusable.check(address, type)) return false;
  if (!policy.allowLoopback && loopback.check(address, type)) return false;
  return true;
}

/** Parses `10.0.0.0/8` style CIDRs; throws a message naming the bad entry. */
export function compileCidrs(cidrs: readonly string[]): BlockList[] {
  return cidrs.map((cidr) => {
    const [net, bits] = cidr.split('/');
    const f = net ? familyOf(net) : 0;
    const prefix = Number(bits);
    if (!net || f === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > (f === 4 ? 32 : 128))
      throw new Error(`invalid CIDR "${cidr}" (expected e.g. 10.0.0.0/8 or fd00::/8)`);
    const list = new BlockList();
    list.addSubnet(net, prefix, f === 4 ? 'ipv4' : 'ipv6');
    return list;
  });
}

function cidrRank(address: string, f: 4 | 6, cidrs: readonly BlockList[]): number {
  const i = cidrs.findIndex((c) => c.check(address, f === 4 ? 'ipv4' : 'ipv6'));
  return i === -1 ? cidrs.length : i;
}

const normMac = (mac: string | undefined): string | undefined => mac?.toLowerCase();

interface Candidate {
  readonly address: string;
  readonly family: 4 | 6;
  readonly cidrRank: number;
  readonly macMatch: boolean;
  readonly order: number;
}

/**
 * Picks the scrape address among a guest's interfaces (QEMU agent or LXC `/interfaces`).
 * Order of preference: a configured preferred CIDR, then the interface whose MAC is `net0`'s,
 * then the preferred family, then the order the guest reported.
 */
export function pickInterfaceAddress(
  interfaces: readonly GuestInterface[],
  net0Mac: string | undefined,
  policy: AddressPolicy,
  cidrs: readonly BlockList[] = compileCidrs(policy.preferredCidrs),
): string | undefined {
  const mac = normMac(net0Mac);
  const candidates: Candidate[] = [];
  let order = 0;
  for (const iface of interfaces) {
    if (policy.ignoreInterfaces.some((re) => re.test(iface.name))) continue;
    const macMatch = mac !== undefined && normMac(iface.macAddress) === mac;
    for (const a of iface.addresses) {
      const address = stripZone(a.address);
      if (!isUsableAddress(address, policy)) continue;
      const family = familyOf(address) as 4 | 6;
      candidates.push({
        address,
        family,
        cidrRank: cidrRank(address, family, cidrs),
        macMatch,
        order: order++,
      });
    }
  }
  candidates.sort(
    (a, b) =>
      a.cidrRank - b.cidrRank ||
      Number(b.macMatch) - Number(a.macMatch) ||
      Number(b.family === policy.preferFamily) - Number(a.family === policy.preferFamily) ||
      a.order - b.order,
  );
  return candidates[0]?.address;
}

/** Picks a static address from config (LXC `ip=`, cloud-init `ipconfig0`), same preferences. */
export function pickConfigAddress(
  addresses: readonly ConfigAddress[],
  policy: AddressPolicy,
  cidrs: readonly BlockList[] = compileCidrs(policy.preferredCidrs),
): ConfigAddress | undefined {
  const usable = addresses
    .map((a, order) => ({ a, order, family: familyOf(a.address) }))
    .filter((c) => c.family !== 0 && isUsableAddress(c.a.address, policy));
  usable.sort(
    (x, y) =>
      cidrRank(x.a.address, x.family as 4 | 6, cidrs) -
        cidrRank(y.a.address, y.family as 4 | 6, cidrs) ||
      Number(y.family === policy.preferFamily) - Number(x.family === policy.preferFamily) ||
      x.order - y.order,
  );
  return usable[0]?.a;
}

/** `fe80::1%eth0` → `fe80::1`; agents report zone ids on link-local IPv6. */
function stripZone(address: string): string {
  const i = address.indexOf('%');
  return i === -1 ? address : address.slice(0, i);
}

/** `host:port` with IPv6 bracketed, as Prometheus expects in `__address__`. */
export function formatTarget(address: string, port: number): string {
  return familyOf(address) === 6 ? `[${address}]:${port}` : `${address}:${port}`;
}

/** Strips a `/prefix` from an address written as CIDR (`10.0.0.5/24` → `10.0.0.5`). */
export function addressFromCidr(value: string): string | undefined {
  const address = value.split('/')[0]?.trim() ?? '';
  return familyOf(address) === 0 ? undefined : address;
}
