// Rows of `/cluster/resources`, `/nodes` and `/nodes/{node}/{qemu,lxc}` → Guest / Node.
import type { ClusterResource, Guest, GuestType, Node, NodeStatus } from '../types.js';
import type { ClusterResourceWire, GuestListItemWire, NodeListItemWire } from '../schemas.js';
import {
  defaultGuestName,
  parseTags,
  parseVmid,
  stripUndefined,
  toBoolean,
  toInteger,
  toNumber,
  toOptionalString,
} from './primitives.js';

function nodeStatus(value: string | undefined): NodeStatus {
  return value === 'online' || value === 'offline' ? value : 'unknown';
}

type GuestWire = (ClusterResourceWire | GuestListItemWire) & { node?: string };

/**
 * One guest row → Guest. `node` overrides the row's node (node-level lists have none).
 * Missing `name` → PVE's default name; `status: unknown` rows are kept.
 */
export function normaliseGuest(row: GuestWire, type: GuestType, node?: string): Guest {
  const vmid = parseVmid(row.vmid) ?? 0;
  const hasName = typeof row.name === 'string' && row.name !== '';
  // Built field by field (no undefined-valued keys, no second copy): this runs for every guest
  // of a 10,000-guest cluster on every poll.
  const guest: Guest = {
    id: `${type}/${vmid}`,
    type,
    vmid,
    name: hasName ? (row.name as string) : defaultGuestName(type, vmid),
    hasName,
    node: node ?? row.node ?? '',
    status: row.status ?? 'unknown',
    template: toBoolean(row.template),
    tags: parseTags(row.tags),
    tagsRaw: row.tags ?? '',
  };
  const extra = row as { pool?: unknown; hastate?: unknown; cpus?: unknown };
  put(guest, 'pool', toOptionalString(extra.pool));
  put(guest, 'lock', toOptionalString(row.lock));
  put(guest, 'haState', toOptionalString(extra.hastate));
  put(guest, 'cpu', toNumber(row.cpu));
  put(guest, 'maxCpu', toNumber(row.maxcpu) ?? toNumber(extra.cpus));
  put(guest, 'memBytes', toNumber(row.mem));
  put(guest, 'maxMemBytes', toNumber(row.maxmem));
  put(guest, 'memHostBytes', toNumber(row.memhost));
  put(guest, 'diskBytes', toNumber(row.disk));
  put(guest, 'maxDiskBytes', toNumber(row.maxdisk));
  put(guest, 'netInBytes', toNumber(row.netin));
  put(guest, 'netOutBytes', toNumber(row.netout));
  put(guest, 'diskReadBytes', toNumber(row.diskread));
  put(guest, 'diskWriteBytes', toNumber(row.diskwrite));
  put(guest, 'uptimeSeconds', toNumber(row.uptime));
  put(guest, 'pid', toInteger(row.pid));
  return guest;
}

function put<T extends object, K extends keyof T>(
  target: T,
  key: K,
  value: T[K] | undefined,
): void {
  if (value !== undefined) target[key] = value;
}

/** A `/cluster/resources` node row → Node. */
export function normaliseNodeResource(row: ClusterResourceWire): Node {
  const name = row.node ?? row.id.replace(/^node\//, '');
  const status = nodeStatus(row.status);
  return stripUndefined({
    id: `node/${name}`,
    name,
    status,
    online: status === 'online',
    level: row.level,
    cpu: toNumber(row.cpu),
    maxCpu: toNumber(row.maxcpu),
    memBytes: toNumber(row.mem),
    maxMemBytes: toNumber(row.maxmem),
    diskBytes: toNumber(row.disk),
    maxDiskBytes: toNumber(row.maxdisk),
    uptimeSeconds: toNumber(row.uptime),
    cgroupMode: toInteger(row['cgroup-mode']),
    hostArch: row['host-arch'],
  });
}

/** A `/nodes` row → Node (has `ssl_fingerprint`). */
export function normaliseNodeListItem(row: NodeListItemWire): Node {
  const status = nodeStatus(row.status);
  return stripUndefined({
    id: `node/${row.node}`,
    name: row.node,
    status,
    online: status === 'online',
    level: row.level,
    cpu: toNumber(row.cpu),
    maxCpu: toNumber(row.maxcpu),
    memBytes: toNumber(row.mem),
    maxMemBytes: toNumber(row.maxmem),
    diskBytes: toNumber(row.disk),
    maxDiskBytes: toNumber(row.maxdisk),
    uptimeSeconds: toNumber(row.uptime),
    sslFingerprint: row.ssl_fingerprint,
  });
}

/** Any `/cluster/resources` row → a ClusterResource tagged by `kind`. */
export function normaliseClusterResource(row: ClusterResourceWire): ClusterResource {
  if (row.type === 'qemu' || row.type === 'lxc') {
    return { kind: 'guest', ...normaliseGuest(row, row.type) };
  }
  if (row.type === 'node') return { kind: 'node', ...normaliseNodeResource(row) };
  if (row.type === 'storage') {
    return stripUndefined({
      kind: 'storage' as const,
      id: row.id,
      node: row.node ?? '',
      storage: row.storage ?? row.id.split('/').pop() ?? '',
      status: row.status ?? 'unknown',
      plugintype: row.plugintype,
      // `content` comes in random order; sort it so consumers see stable values.
      content: (row.content ?? '')
        .split(',')
        .map((c) => c.trim())
        .filter((c) => c !== '')
        .sort(),
      shared: toBoolean(row.shared),
      diskBytes: toNumber(row.disk),
      maxDiskBytes: toNumber(row.maxdisk),
      raw: row,
    });
  }
  return { kind: 'other', id: row.id, type: row.type, raw: row };
}
