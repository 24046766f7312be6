// prometheus-pve-exporter emulation: `/pve?target=<host>&cluster=1&node=1`. It renders what the
// real exporter (v3.x, collector/cluster.py and node.py) derives from /cluster/status,
// /cluster/resources, /version, backup-info and the target node's configs and replication jobs,
// using the same rows and stats as the simulated API — so both views always agree.
import { displayName } from '../api/views/guest-rows.js';
import { storageUsed } from '../api/views/cluster-resources.js';
import type { ClusterModel } from '../model/cluster.js';
import { guestConfig } from '../model/guest-config.js';
import type { PveFlavor } from '../model/pve-version.js';
import { guestStats, nodeStats } from '../model/stats.js';
import type { GuestModel, NodeModel } from '../model/types.js';
import { pveExporterCatalog } from './catalog/pve-exporter.js';
import { Exposition } from './exposition.js';

const GUEST_HA_STATES = [
  'stopped',
  'request_stop',
  'request_start',
  'request_start_balance',
  'started',
  'fence',
  'recovery',
  'migrate',
  'relocate',
  'freeze',
  'error',
];
const NODE_HA_STATES = ['online', 'maintenance', 'unknown', 'fence', 'gone'];
const LOCK_STATES = [
  'backup',
  'clone',
  'create',
  'migrate',
  'rollback',
  'snapshot',
  'snapshot-delete',
  'suspended',
  'suspending',
];
const SUBSCRIPTION_STATES = ['new', 'notfound', 'active', 'invalid', 'expired', 'suspended'];

export interface PveExporterInput {
  model: ClusterModel;
  flavor: PveFlavor;
  standalone: boolean;
  /** The node whose API the exporter talks to (`local: 1` in /cluster/status). */
  local: NodeModel;
  /** Stats epoch time (seconds), as /cluster/resources uses. */
  statsNow: number;
  cluster: boolean;
  node: boolean;
}

/** Guests not covered by a backup job: the simulated job backs up everything but pool "lab". */
export function notBackedUp(g: GuestModel): boolean {
  return !g.template && g.pool === 'lab';
}

/** Replication jobs: HA-managed qemu guests replicate their zvols to the next node. */
export function replicationTarget(model: ClusterModel, g: GuestModel): string | undefined {
  if (g.type !== 'qemu' || !g.hastate || model.nodes.length < 2) return undefined;
  const i = model.nodes.findIndex((n) => n.name === g.node);
  return model.nodes[(i + 1) % model.nodes.length]?.name;
}

export function renderPveExporter(x: PveExporterInput): string {
  const { model, flavor } = x;
  const e = new Exposition(pveExporterCatalog);
  const onlineCount = model.nodes.filter((n) => n.online).length;
  const quorate = x.standalone || onlineCount * 2 > model.nodes.length ? 1 : 0;
  const guests = model.guests();
  if (x.cluster) {
    for (const n of model.nodes) e.add('pve_up', { id: `node/${n.name}` }, n.online ? 1 : 0);
    if (!x.standalone) e.add('pve_up', { id: `cluster/${model.name}` }, quorate);
    for (const g of guests) {
      const n = model.node(g.node);
      e.add('pve_up', { id: `${g.type}/${g.vmid}` }, n?.online && g.status === 'running' ? 1 : 0);
    }
    for (const n of model.nodes) {
      for (const s of model.storages) {
        e.add('pve_up', { id: `storage/${n.name}/${s.storage}` }, n.online ? 1 : 0);
      }
    }

    // ClusterResourcesCollector: one pass over /cluster/resources (guests, nodes, storage).
    type Row = { id: string; values: Partial<Record<string, number>> };
    const rows: Row[] = [];
    for (const g of guests) {
      const n = model.node(g.node);
      const id = `${g.type}/${g.vmid}`;
      if (!n?.online) {
        rows.push({ id, values: {} });
        continue;
      }
      const s = guestStats(g, n, x.statsNow);
      rows.push({
        id,
        values: {
          maxdisk: s.maxdisk,
          disk: s.disk,
          maxmem: s.maxmem,
          mem: s.mem,
          netout: s.netout,
          netin: s.netin,
          diskwrite: s.diskwrite,
          diskread: s.diskread,
          cpu: s.cpu,
          maxcpu: s.maxcpu,
          uptime: s.uptime,
        },
      });
    }
    for (const n of model.nodes) {
      const values: Row['values'] = { maxdisk: n.maxdisk, maxmem: n.maxmem, maxcpu: n.maxcpu };
      if (n.online) {
        const s = nodeStats(n, x.statsNow);
        Object.assign(values, { disk: s.disk, mem: s.mem, cpu: s.cpu, uptime: s.uptime });
      }
      rows.push({ id: `node/${n.name}`, values });
    }
    for (const n of model.nodes) {
      for (const s of model.storages) {
        const values: Row['values'] = { shared: s.shared };
        if (n.online) Object.assign(values, { maxdisk: s.maxdisk, disk: storageUsed(n, s) });
        rows.push({ id: `storage/${n.name}/${s.storage}`, values });
      }
    }
    const gauges: [string, string][] = [
      ['maxdisk', 'pve_disk_size_bytes'],
      ['disk', 'pve_disk_usage_bytes'],
      ['maxmem', 'pve_memory_size_bytes'],
      ['mem', 'pve_memory_usage_bytes'],
      ['netout', 'pve_network_transmit_bytes'],
      ['netin', 'pve_network_receive_bytes'],
      ['diskwrite', 'pve_disk_write_bytes'],
      ['diskread', 'pve_disk_read_bytes'],
      ['cpu', 'pve_cpu_usage_ratio'],
      ['maxcpu', 'pve_cpu_usage_limit'],
      ['uptime', 'pve_uptime_seconds'],
      ['shared', 'pve_storage_shared'],
      ['netout', 'pve_network_transmit_bytes_total'],
      ['netin', 'pve_network_receive_bytes_total'],
      ['diskwrite', 'pve_disk_written_bytes_total'],
      ['diskread', 'pve_disk_read_bytes_total'],
    ];
    for (const [key, family] of gauges) {
      e.declare(family);
      for (const r of rows) {
        const v = r.values[key];
        if (v !== undefined) e.add(family, { id: r.id }, v);
      }
    }
    e.declare('pve_ha_state');
    for (const g of guests) {
      for (const st of GUEST_HA_STATES) {
        e.add('pve_ha_state', { id: `${g.type}/${g.vmid}`, state: st }, g.hastate === st ? 1 : 0);
      }
    }
    for (const n of model.nodes) {
      // Node rows carry no hastate in /cluster/resources, so every node state reads 0 (as in
      // the real exporter); the HA manager's node view is not part of that endpoint.
      for (const st of NODE_HA_STATES)
        e.add('pve_ha_state', { id: `node/${n.name}`, state: st }, 0);
    }
    e.declare('pve_lock_state');
    for (const g of guests) {
      for (const st of LOCK_STATES) {
        e.add('pve_lock_state', { id: `${g.type}/${g.vmid}`, state: st }, g.lock === st ? 1 : 0);
      }
    }
    e.declare('pve_guest_info');
    for (const g of guests) {
      const online = model.node(g.node)?.online ?? false;
      e.add(
        'pve_guest_info',
        {
          id: `${g.type}/${g.vmid}`,
          node: g.node,
          // Offline nodes' guests have no name/template in /cluster/resources: str('') labels.
          name: online ? displayName(g) : '',
          type: g.type,
          template: online ? (g.template ? 1 : 0) : '',
          tags: online ? (g.tags ?? '') : '',
        },
        1,
      );
    }
    e.declare('pve_storage_info');
    for (const n of model.nodes) {
      for (const s of model.storages) {
        e.add(
          'pve_storage_info',
          {
            id: `storage/${n.name}/${s.storage}`,
            node: n.name,
            storage: s.storage,
            plugintype: s.plugintype,
            content: s.content.split(',').sort().join(','),
          },
          1,
        );
      }
    }
    for (const n of model.nodes) {
      e.add(
        'pve_node_info',
        { id: `node/${n.name}`, level: n.level, name: n.name, nodeid: x.standalone ? 0 : n.nodeid },
        1,
      );
    }
    if (!x.standalone) {
      e.add(
        'pve_cluster_info',
        { id: `cluster/${model.name}`, nodes: model.nodes.length, quorate, version: 7 },
        1,
      );
    }
    e.add(
      'pve_version_info',
      { release: flavor.release, repoid: flavor.repoid, version: flavor.version },
      1,
    );
    const notBacked = guests.filter(notBackedUp);
    e.add('pve_not_backed_up_total', { id: `cluster/${model.name}` }, notBacked.length);
    e.declare('pve_not_backed_up_info');
    for (const g of notBacked) e.add('pve_not_backed_up_info', { id: `${g.type}/${g.vmid}` }, 1);
  }
  if (x.node) {
    // Node collectors read only the target's own node (`local` in /cluster/status).
    const local = x.local;
    e.declare('pve_onboot_status');
    const localGuests = guests.filter((g) => g.node === local.name);
    for (const g of localGuests) {
      const onboot = guestConfig(g, flavor).onboot;
      if (onboot !== undefined) {
        e.add(
          'pve_onboot_status',
          { id: `${g.type}/${g.vmid}`, node: local.name, type: g.type },
          Number(onboot),
        );
      }
    }
    const jobs = localGuests
      .map((g) => ({ g, target: replicationTarget(model, g) }))
      .filter((j): j is { g: GuestModel; target: string } => j.target !== undefined);
    const interval = 900;
    const last = Math.floor(x.statsNow / interval) * interval;
    const families: [string, (g: GuestModel) => number][] = [
      ['pve_replication_duration_seconds', (g) => 2 + (g.vmid % 17) / 3],
      ['pve_replication_last_sync_timestamp_seconds', () => last],
      ['pve_replication_last_try_timestamp_seconds', () => last],
      ['pve_replication_next_sync_timestamp_seconds', () => last + interval],
      ['pve_replication_failed_syncs', () => 0],
    ];
    for (const [family, value] of families) {
      e.declare(family);
      for (const j of jobs) e.add(family, { id: `${j.g.vmid}-0` }, value(j.g));
    }
    e.declare('pve_replication_info');
    for (const j of jobs) {
      e.add(
        'pve_replication_info',
        {
          id: `${j.g.vmid}-0`,
          type: 'local',
          source: `node/${local.name}`,
          target: `node/${j.target}`,
          guest: `${j.g.type}/${j.g.vmid}`,
        },
        1,
      );
    }
    e.add('pve_subscription_info', { id: `node/${local.name}`, level: 'c' }, 1);
    for (const st of SUBSCRIPTION_STATES) {
      e.add(
        'pve_subscription_status',
        { id: `node/${local.name}`, status: st },
        st === 'active' ? 1 : 0,
      );
    }
    e.add(
      'pve_subscription_next_due_timestamp_seconds',
      { id: `node/${local.name}` },
      Math.floor(x.statsNow / 86_400) * 86_400 + 200 * 86_400,
    );
  }
  return e.toString();
}
