// Guest configs (`/nodes/{node}/{qemu,lxc}/{vmid}/config`) → QemuConfig / LxcConfig.
import type { GuestConfigBase, LxcConfig, QemuConfig } from '../types.js';
import { parseAgent } from './agent.js';
import { parseHostPci } from './hostpci.js';
import { parseIpConfig } from './ipconfig.js';
import { parseNetDevice } from './net.js';
import {
  osFamilyFromOstype,
  parseMemoryMiB,
  parseTags,
  stripUndefined,
  toBoolean,
  toInteger,
  toOptionalString,
} from './primitives.js';
import { indexedKey } from './property-string.js';
import { parseSmbios1 } from './smbios1.js';

type RawConfig = Record<string, unknown>;

/** Collects `prefix<n>` keys in index order and parses each string value. */
function collectIndexed<T>(
  raw: RawConfig,
  prefix: string,
  parse: (i: number, v: string) => T,
): T[] {
  const found: [number, string][] = [];
  for (const [key, value] of Object.entries(raw)) {
    const index = indexedKey(key, prefix);
    if (index !== undefined && typeof value === 'string') found.push([index, value]);
  }
  return found.sort((a, b) => a[0] - b[0]).map(([i, v]) => parse(i, v));
}

function base(
  raw: RawConfig,
  node: string,
  vmid: number,
): Omit<GuestConfigBase, 'type' | 'net' | 'osFamily' | 'name' | 'vcpus'> {
  return {
    node,
    vmid,
    digest: toOptionalString(raw.digest),
    tags: parseTags(raw.tags),
    tagsRaw: typeof raw.tags === 'string' ? raw.tags : '',
    memoryMiB: parseMemoryMiB(raw.memory),
    ostype: toOptionalString(raw.ostype),
    onboot: toBoolean(raw.onboot),
    template: toBoolean(raw.template),
    protection: toBoolean(raw.protection),
    lock: toOptionalString(raw.lock),
    description: toOptionalString(raw.description),
    raw,
  };
}

/** Normalises a qemu config. vCPUs = `vcpus || sockets*cores` (defaults 1 and 1). */
export function normaliseQemuConfig(node: string, vmid: number, raw: RawConfig): QemuConfig {
  const sockets = toInteger(raw.sockets) ?? 1;
  const cores = toInteger(raw.cores) ?? 1;
  const hotplug = toInteger(raw.vcpus);
  const vcpusHotplug = hotplug !== undefined && hotplug > 0 ? hotplug : undefined;
  const smbios = toOptionalString(raw.smbios1);
  const config: QemuConfig = {
    type: 'qemu',
    ...base(raw, node, vmid),
    name: toOptionalString(raw.name),
    vcpus: vcpusHotplug ?? sockets * cores,
    osFamily: osFamilyFromOstype(raw.ostype, 'qemu'),
    net: collectIndexed(raw, 'net', (i, v) => parseNetDevice(i, v, 'qemu')),
    sockets,
    cores,
    vcpusHotplug,
    cpuType: toOptionalString(raw.cpu),
    balloonMiB: toInteger(raw.balloon),
    ipconfig: collectIndexed(raw, 'ipconfig', parseIpConfig),
    hostpci: collectIndexed(raw, 'hostpci', (i, v) => parseHostPci(i, v, vmid)),
    agent: parseAgent(raw.agent),
    smbios1: smbios === undefined ? undefined : parseSmbios1(smbios),
    vmgenid: toOptionalString(raw.vmgenid),
  };
  return stripUndefined(config);
}

/** Normalises an lxc config. vCPUs = `cores` (undefined = all host CPUs). */
export function normaliseLxcConfig(node: string, vmid: number, raw: RawConfig): LxcConfig {
  const hostname = toOptionalString(raw.hostname);
  const cores = toInteger(raw.cores);
  const config: LxcConfig = {
    type: 'lxc',
    ...base(raw, node, vmid),
    name: hostname,
    vcpus: cores,
    osFamily: osFamilyFromOstype(raw.ostype, 'lxc'),
    net: collectIndexed(raw, 'net', (i, v) => parseNetDevice(i, v, 'lxc')),
    hostname,
    cores,
    swapMiB: toInteger(raw.swap),
    arch: toOptionalString(raw.arch),
    unprivileged: toBoolean(raw.unprivileged),
  };
  return stripUndefined(config);
}
