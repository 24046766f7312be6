// Wire rows for guests: `/cluster/resources` entries (extract_vm_stats), `/nodes/{n}/qemu|lxc`
// list entries (vmstatus) and `status/current`.
import { guestStats } from '../../model/stats.js';
import type { GuestModel, NodeModel } from '../../model/types.js';
import type { PveFlavor } from '../../model/pve-version.js';

export type Row = Record<string, unknown>;

export function displayName(g: GuestModel): string {
  return g.name ?? (g.type === 'qemu' ? `VM ${g.vmid}` : `CT${g.vmid}`);
}

function pid(g: GuestModel): number {
  return 1000 + ((g.vmid * 7919) % 3_000_000);
}

/** One `/cluster/resources` guest row. `showPool` = caller has Pool.Audit on the pool. */
export function resourceGuestRow(
  g: GuestModel,
  node: NodeModel | undefined,
  nowSec: number,
  flavor: PveFlavor,
  showPool: boolean,
): Row {
  let row: Row;
  if (node?.online) {
    // One literal per shape keeps V8's JSON.stringify on its fast path for 10,000 rows.
    const s = guestStats(g, node, nowSec);
    const id = `${g.type}/${g.vmid}`;
    const name = displayName(g);
    const template = g.template ? 1 : 0;
    row =
      flavor.pve9Fields && g.type === 'qemu'
        ? {
            id,
            type: g.type,
            vmid: g.vmid,
            node: g.node,
            name,
            status: g.status,
            template,
            maxcpu: s.maxcpu,
            cpu: s.cpu,
            maxmem: s.maxmem,
            mem: s.mem,
            memhost: s.mem,
            maxdisk: s.maxdisk,
            disk: s.disk,
            netin: s.netin,
            netout: s.netout,
            diskread: s.diskread,
            diskwrite: s.diskwrite,
            uptime: s.uptime,
          }
        : {
            id,
            type: g.type,
            vmid: g.vmid,
            node: g.node,
            name,
            status: g.status,
            template,
            maxcpu: s.maxcpu,
            cpu: s.cpu,
            maxmem: s.maxmem,
            mem: s.mem,
            maxdisk: s.maxdisk,
            disk: s.disk,
            netin: s.netin,
            netout: s.netout,
            diskread: s.diskread,
            diskwrite: s.diskwrite,
            uptime: s.uptime,
          };
  } else {
    // No RRD data from an offline node: PVE drops name/template/stats and says "unknown".
    row = {
      id: `${g.type}/${g.vmid}`,
      type: g.type,
      vmid: g.vmid,
      node: g.node,
      status: 'unknown',
    };
  }
  if (g.tags !== undefined) row.tags = g.tags;
  if (g.lock !== undefined) row.lock = g.lock;
  if (g.hastate !== undefined) row.hastate = g.hastate;
  if (g.pool !== undefined && showPool) row.pool = g.pool;
  return row;
}

/** One `/nodes/{node}/qemu` or `/lxc` entry. */
export function listGuestRow(
  g: GuestModel,
  node: NodeModel,
  nowSec: number,
  flavor: PveFlavor,
): Row {
  const s = guestStats(g, node, nowSec);
  const running = g.status === 'running';
  const row: Row = {
    vmid: g.type === 'lxc' && flavor.lxcVmidString ? String(g.vmid) : g.vmid,
    name: displayName(g),
    status: g.status,
    cpus: s.maxcpu,
    cpu: s.cpu,
    maxmem: s.maxmem,
    mem: s.mem,
    maxdisk: s.maxdisk,
    disk: s.disk,
    netin: s.netin,
    netout: s.netout,
    diskread: s.diskread,
    diskwrite: s.diskwrite,
    uptime: s.uptime,
  };
  if (g.type === 'lxc') {
    row.type = 'lxc';
    row.maxswap = 512 * 1_048_576;
    row.swap = running ? Math.floor(s.mem / 50) : 0;
  } else {
    row.serial = 1;
    if (flavor.pve9Fields) row.memhost = s.mem;
  }
  if (running) row.pid = pid(g);
  if (flavor.pve9Fields) {
    // PSI averages (percent) per guest cgroup, PVE 9.
    const base = (g.vmid % 17) / 10;
    for (const [res, f] of [
      ['cpu', 1],
      ['io', 0.5],
      ['memory', 0.1],
    ] as const) {
      row[`pressure${res}some`] = running ? Math.round(base * f * 100) / 100 : 0;
      row[`pressure${res}full`] = running ? Math.round(base * f * 50) / 100 : 0;
    }
  }
  if (g.template) row.template = 1;
  if (g.tags !== undefined) row.tags = g.tags;
  if (g.lock !== undefined) row.lock = g.lock;
  return row;
}

/** `/status/current`: the list row plus HA state, agent flag and QMP status. */
export function statusCurrentRow(
  g: GuestModel,
  node: NodeModel,
  nowSec: number,
  flavor: PveFlavor,
): Row {
  const row = listGuestRow(g, node, nowSec, flavor);
  row.ha = g.hastate ? { managed: 1, state: g.hastate, group: 'null' } : { managed: 0 };
  if (g.type === 'qemu') {
    row.qmpstatus = g.status;
    if (g.agent !== undefined && !/^(enabled=)?0/.test(g.agent)) row.agent = 1;
    if (g.status === 'running') {
      row['running-machine'] = g.ostype.startsWith('w') ? 'pc-q35-8.1+pve0' : 'pc-i440fx-8.1+pve0';
      row['running-qemu'] = flavor.major >= 9 ? '9.2.0' : '8.1.5';
    }
  } else {
    row.vmid = g.vmid;
  }
  return row;
}
