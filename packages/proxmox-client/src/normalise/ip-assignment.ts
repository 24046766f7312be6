import type { IpAssignment } from '../types.js';

/** `ip=`/`ip6=` values: `dhcp`, `auto` (SLAAC), `manual` (LXC) or a static `address[/prefix]`. */
export function parseIpAssignment(value: string | undefined): IpAssignment | undefined {
  if (value === undefined || value === '') return undefined;
  const lower = value.toLowerCase();
  if (lower === 'dhcp') return { kind: 'dhcp' };
  if (lower === 'auto') return { kind: 'auto' };
  if (lower === 'manual') return { kind: 'manual' };
  const slash = value.indexOf('/');
  if (slash === -1) return { kind: 'static', cidr: value, address: value };
  const prefix = Number(value.slice(slash + 1));
  return {
    kind: 'static',
    cidr: value,
    address: value.slice(0, slash),
    ...(Number.isInteger(prefix) ? { prefix } : {}),
  };
}
