// `/cluster/resources` (Cluster.pm `resources`): guests filtered by VM.Audit, nodes (stats only
// with Sys.Audit), one storage row per storage per node (Datastore.Audit), SDN zones per node
// (SDN.Audit), and pool rows (Pool.Audit) only when no `type` filter is given.
import type { ApiContext, Principal } from '../context.js';
import { statsNowSec } from '../context.js';
import { PveHttpError } from '../errors.js';
import { resourceGuestRow } from './guest-rows.js';
import type { Row } from './guest-rows.js';
import { nodeRow } from './node-rows.js';
import type { NodeModel, StorageModel } from '../../model/types.js';

const TYPES = ['vm', 'storage', 'node', 'sdn'] as const;

/** `content` comes from a Perl hash, so its order differs between nodes (reference §2.1). */
function contentOrder(content: string, nodeid: number): string {
  const parts = content.split(',');
  const k = nodeid % parts.length;
  return [...parts.slice(k), ...parts.slice(0, k)].join(',');
}

export function validateResourceType(type: string | undefined): string | undefined {
  if (type === undefined || type === '') return undefined;
  if (!(TYPES as readonly string[]).includes(type)) {
    throw new PveHttpError(400, 'Parameter verification failed.', {
      errors: {
        type: `value '${type}' does not have a value in the enumeration '${TYPES.join(', ')}'`,
      },
    });
  }
  return type;
}

export function clusterResources(
  ctx: ApiContext,
  principal: Principal,
  type: string | undefined,
): Row[] {
  const { model, flavor } = ctx;
  const now = statsNowSec(ctx);
  const perms = principal.perms;
  const rows: Row[] = [];
  if (!type || type === 'vm') {
    const poolAudit = new Map<string, boolean>();
    for (const p of model.pools) poolAudit.set(p, perms.has(`/pool/${p}`, 'Pool.Audit'));
    for (const g of model.guests()) {
      if (!perms.has(`/vms/${g.vmid}`, 'VM.Audit')) continue;
      const showPool = g.pool !== undefined && poolAudit.get(g.pool) === true;
      rows.push(resourceGuestRow(g, model.node(g.node), now, flavor, showPool));
    }
  }
  if (!type || type === 'node') {
    for (const n of model.nodes) {
      const row = nodeRow(n, now, perms.has(`/nodes/${n.name}`, 'Sys.Audit'), flavor);
      row['cgroup-mode'] = 2;
      rows.push(row);
    }
  }
  if (!type || type === 'storage') {
    for (const n of model.nodes) {
      for (const s of model.storages) {
        const path = `/storage/${s.storage}`;
        if (!perms.has(path, 'Datastore.Audit') && !perms.has(path, 'Datastore.AllocateSpace'))
          continue;
        const row: Row = {
          id: `storage/${n.name}/${s.storage}`,
          type: 'storage',
          storage: s.storage,
          node: n.name,
          status: n.online ? 'available' : 'unknown',
          plugintype: s.plugintype,
          content: contentOrder(s.content, n.nodeid),
          shared: s.shared,
        };
        if (n.online) {
          row.maxdisk = s.maxdisk;
          row.disk = storageUsed(n, s);
        }
        rows.push(row);
      }
    }
  }
  if ((!type || type === 'sdn') && flavor.major >= 8) {
    for (const n of model.nodes) {
      if (!perms.has('/sdn/zones/localnetwork', 'SDN.Audit')) continue;
      rows.push({
        id: `sdn/${n.name}/localnetwork`,
        type: 'sdn',
        sdn: 'localnetwork',
        node: n.name,
        status: n.online ? 'ok' : 'unknown',
      });
    }
  }
  if (!type) {
    for (const p of model.pools) {
      if (perms.has(`/pool/${p}`, 'Pool.Audit'))
        rows.push({ id: `/pool/${p}`, type: 'pool', pool: p });
    }
  }
  return rows;
}

/** The full `{"data":[...]}` body. (V8's JSON.stringify on plain objects beat hand-built strings.) */
export function clusterResourcesBody(
  ctx: ApiContext,
  principal: Principal,
  type: string | undefined,
): string {
  return JSON.stringify({ data: clusterResources(ctx, principal, type) });
}

/** Used bytes of a storage on a node (deterministic; pve-exporter emulation reads it too). */
export function storageUsed(n: NodeModel, s: StorageModel): number {
  return Math.floor(s.maxdisk * (0.1 + ((n.nodeid * 37 + s.storage.length * 11) % 60) / 100));
}
