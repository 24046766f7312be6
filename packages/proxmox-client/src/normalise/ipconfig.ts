// Cloud-init `ipconfig[n]`: `ip=<IPv4/CIDR|dhcp>,gw=<IPv4>,ip6=<IPv6/CIDR|dhcp|auto>,gw6=<IPv6>`.
import type { IpConfig } from '../types.js';
import { parseIpAssignment } from './ip-assignment.js';
import { stripUndefined } from './primitives.js';
import { parsePropertyString } from './property-string.js';

export function parseIpConfig(index: number, raw: string): IpConfig {
  const options = parsePropertyString(raw);
  return stripUndefined({
    index,
    key: `ipconfig${index}`,
    ipv4: parseIpAssignment(options.ip),
    ipv6: parseIpAssignment(options.ip6),
    gateway4: options.gw,
    gateway6: options.gw6,
    options,
    raw,
  });
}
