// The loopback address plan. Every simulated node and guest owns one address in 127.0.0.0/8
// (all of it is loopback on Linux, so binding works without setup); later issues serve
// per-guest/per-node exporters on these addresses.
//
//   node #i (1-based)  → 127.1.<i div 256>.<i mod 256>          e.g. pve1 → 127.1.0.1
//   guest vmid V       → 127.<100 + V div 65536>.<V div 256 mod 256>.<V mod 256>
//                                                               e.g. 100 → 127.100.0.100,
//                                                                    1234 → 127.100.4.210
//   guest IPv6 (ULA, not reachable, for IPv6-only guests) → fd00:7076:6d6f:6e::<V in hex>
//
// An address offset o (option `addressOffset`, 0..MAX_ADDRESS_OFFSET) shifts both second octets
// (nodes 127.<1+o>…, guests 127.<100+o+…>…) so several simulators with exporters on standard
// ports can run on one machine: offsets o1 ≠ o2 never collide for vmids below 65536·|o1−o2|.

export const MAX_NODES = 65_535;
/** Largest vmid the plan can map at offset 0 (second octet stays ≤ 254). */
export const MAX_PLANNED_VMID = 155 * 65_536 - 1;
/** Largest address offset: node octets stay below the guests' (1+98 < 100). */
export const MAX_ADDRESS_OFFSET = 98;

function checkOffset(offset: number): void {
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_ADDRESS_OFFSET) {
    throw new RangeError(`address offset ${offset} is outside 0..${MAX_ADDRESS_OFFSET}`);
  }
}

export function nodeAddress(index: number, offset = 0): string {
  checkOffset(offset);
  if (!Number.isInteger(index) || index < 1 || index > MAX_NODES) {
    throw new RangeError(`node index ${index} is outside 1..${MAX_NODES}`);
  }
  return `127.${1 + offset}.${Math.floor(index / 256)}.${index % 256}`;
}

export function guestAddress(vmid: number, offset = 0): string {
  checkOffset(offset);
  const max = MAX_PLANNED_VMID - offset * 65_536;
  if (!Number.isInteger(vmid) || vmid < 100 || vmid > max) {
    throw new RangeError(`vmid ${vmid} is outside the address plan (100..${max})`);
  }
  return `127.${100 + offset + Math.floor(vmid / 65_536)}.${Math.floor(vmid / 256) % 256}.${vmid % 256}`;
}

/**
 * Where the pve-exporter endpoint listens by default: 127.0.0.1 at offset 0 (the documented
 * demo address), else the last address of the offset's node range (nodes are capped at 1000).
 */
export function pveExporterAddress(offset = 0): string {
  checkOffset(offset);
  return offset === 0 ? '127.0.0.1' : `127.${1 + offset}.255.254`;
}

export function guestIpv6(vmid: number): string {
  return `fd00:7076:6d6f:6e::${vmid.toString(16)}`;
}

/** Proxmox-style generated MAC (OUI BC:24:11), a bijection of the vmid so MACs never collide. */
export function guestMac(vmid: number, nic = 0): string {
  const v = (Math.imul(vmid * 8 + nic, 0x9e3779b1) >>> 0) & 0xffffff;
  const b = [(v >>> 16) & 255, (v >>> 8) & 255, v & 255];
  return ['BC', '24', '11', ...b.map((x) => x.toString(16).toUpperCase().padStart(2, '0'))].join(
    ':',
  );
}

/** EUI-64 link-local IPv6 address derived from a MAC, as the kernel assigns it. */
export function linkLocalFromMac(mac: string): string {
  const b = mac.split(':').map((x) => parseInt(x, 16));
  const [b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0] = b;
  const g = (hi: number, lo: number): string => ((hi << 8) | lo).toString(16);
  return `fe80::${g(b0 ^ 2, b1)}:${g(b2, 0xff)}:${g(0xfe, b3)}:${g(b4, b5)}`;
}
