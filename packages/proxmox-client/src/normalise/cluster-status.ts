// `/cluster/status`: one `cluster` row (absent on a standalone node) plus one row per node.
import type { ClusterStatusRowWire } from '../schemas.js';
import type { ClusterNodeStatus, ClusterStatus } from '../types.js';
import { stripUndefined, toBoolean, toInteger } from './primitives.js';

export function normaliseClusterStatus(rows: ClusterStatusRowWire[]): ClusterStatus {
  const status: ClusterStatus = { nodes: [], standalone: true };
  for (const row of rows) {
    if (row.type === 'cluster') {
      status.cluster = {
        name: row.name ?? '',
        nodes: toInteger(row.nodes) ?? 0,
        version: toInteger(row.version) ?? 0,
        quorate: toBoolean(row.quorate),
      };
      status.standalone = false;
    } else if (row.type === 'node') {
      const name = row.name ?? '';
      const node: ClusterNodeStatus = {
        name,
        id: row.id ?? `node/${name}`,
        nodeId: toInteger(row.nodeid) ?? 0,
        ip: row.ip,
        local: toBoolean(row.local),
        online: toBoolean(row.online),
        level: row.level,
      };
      status.nodes.push(stripUndefined(node));
    }
  }
  status.nodes.sort((a, b) => a.name.localeCompare(b.name));
  return status;
}
