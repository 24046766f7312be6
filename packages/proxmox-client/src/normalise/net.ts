// `net[n]` for qemu (`virtio=BC:24:11:2E:C5:4A,bridge=vmbr0,firewall=1` — the MAC is the value
// of the model key) and lxc (`name=eth0,bridge=vmbr0,hwaddr=..,ip=10.1.1.3/24,type=veth`).
import type { GuestType, NetDevice } from '../types.js';
import { parseIpAssignment } from './ip-assignment.js';
import { normaliseMac, stripUndefined, toBoolean, toInteger, toNumber } from './primitives.js';
import { parsePropertyString } from './property-string.js';

const QEMU_NET_OPTIONS = new Set([
  'model',
  'macaddr',
  'bridge',
  'firewall',
  'link_down',
  'mtu',
  'queues',
  'rate',
  'tag',
  'trunks',
]);

function parseTrunks(value: string | undefined): number[] | undefined {
  if (value === undefined || value === '') return undefined;
  const out: number[] = [];
  for (const part of value.split(';')) {
    const n = toInteger(part);
    if (n !== undefined) out.push(n);
  }
  return out;
}

/** Parses one `net[n]` value. */
export function parseNetDevice(index: number, raw: string, type: GuestType): NetDevice {
  const options = parsePropertyString(raw, type === 'qemu' ? 'model' : 'name');
  const device: NetDevice = {
    index,
    key: `net${index}`,
    firewall: toBoolean(options.firewall),
    linkDown: toBoolean(options.link_down),
    options,
    raw,
  };
  if (type === 'qemu') {
    // Stored form `<model>=<MAC>`; the API form `model=<model>,macaddr=<MAC>` is also accepted.
    const modelKey = Object.keys(options).find((k) => !QEMU_NET_OPTIONS.has(k));
    if (modelKey !== undefined) {
      device.model = modelKey;
      device.macAddress = normaliseMac(options[modelKey]);
    } else if (options.model !== undefined) {
      device.model = options.model;
    }
    device.macAddress ??= normaliseMac(options.macaddr);
  } else {
    device.name = options.name;
    device.macAddress = normaliseMac(options.hwaddr);
    device.ipv4 = parseIpAssignment(options.ip);
    device.ipv6 = parseIpAssignment(options.ip6);
    device.gateway4 = options.gw;
    device.gateway6 = options.gw6;
    device.type = options.type;
  }
  device.bridge = options.bridge;
  device.vlanTag = toInteger(options.tag);
  device.trunks = parseTrunks(options.trunks);
  device.mtu = toInteger(options.mtu);
  device.rate = toNumber(options.rate);
  device.queues = toInteger(options.queues);
  return stripUndefined(device);
}
