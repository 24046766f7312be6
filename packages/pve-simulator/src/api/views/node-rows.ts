// Node rows (extract_node_stats): offline nodes keep status/level/max* but lose live stats;
// callers without Sys.Audit on /nodes/<n> get no stats at all.
import { nodeStats } from '../../model/stats.js';
import type { NodeModel } from '../../model/types.js';
import type { PveFlavor } from '../../model/pve-version.js';
import type { Row } from './guest-rows.js';

export function nodeRow(n: NodeModel, nowSec: number, canAudit: boolean, flavor: PveFlavor): Row {
  const row: Row = {
    id: `node/${n.name}`,
    type: 'node',
    node: n.name,
    status: n.online ? 'online' : 'offline',
  };
  if (canAudit) {
    if (n.online) {
      const s = nodeStats(n, nowSec);
      row.uptime = s.uptime;
      row.cpu = s.cpu;
      row.mem = s.mem;
      row.disk = s.disk;
    }
    row.maxcpu = n.maxcpu;
    row.maxmem = n.maxmem;
    row.maxdisk = n.maxdisk;
  }
  row.level = n.level;
  if (flavor.pve9Fields && canAudit) row['host-arch'] = 'x86_64';
  return row;
}
