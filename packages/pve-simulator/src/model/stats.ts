// Runtime statistics (what pvestatd broadcasts into RRD). Values are a pure function of the
// guest, the node and a stats epoch, so every response within one epoch (10 s, like pvestatd)
// is identical and counters only grow between epochs.
import { mix2, mix3, mixSeed, mulberry32 } from './rng.js';
import type { GuestModel, NodeModel } from './types.js';

export interface GuestStats {
  uptime: number;
  cpu: number;
  maxcpu: number;
  mem: number;
  maxmem: number;
  disk: number;
  maxdisk: number;
  netin: number;
  netout: number;
  diskread: number;
  diskwrite: number;
}

const unit = (h: number): number => h / 4294967296;

/**
 * Live activity for a node's guests and the node itself (the load model, src/load). When one is
 * registered for a node, the API's stats come from it, so /cluster/resources, pve-exporter and
 * the in-guest exporters agree; without one, the hash-based values below are used.
 */
export interface StatsProvider {
  guestStats(g: GuestModel, node: NodeModel, nowSec: number): GuestStats;
  nodeStats(n: NodeModel, nowSec: number): NodeStats;
}

const providers = new WeakMap<NodeModel, StatsProvider>();

export function registerStatsProvider(node: NodeModel, provider: StatsProvider): void {
  providers.set(node, provider);
}

export function guestMaxcpu(g: GuestModel, node: NodeModel | undefined): number {
  const hostCpus = node?.maxcpu ?? 64;
  return Math.min(g.type === 'qemu' ? g.cores * g.sockets : g.cores, hostCpus);
}

export function guestStats(g: GuestModel, node: NodeModel | undefined, nowSec: number): GuestStats {
  const provider = node ? providers.get(node) : undefined;
  if (provider && node) return provider.guestStats(g, node, nowSec);
  const maxcpu = guestMaxcpu(g, node);
  const maxmem = g.memoryMiB * 1_048_576;
  const maxdisk = g.diskGiB * 1_073_741_824;
  if (g.status !== 'running') {
    return {
      uptime: 0,
      cpu: 0,
      maxcpu,
      mem: 0,
      maxmem,
      disk: 0,
      maxdisk,
      netin: 0,
      netout: 0,
      diskread: 0,
      diskwrite: 0,
    };
  }
  const uptime = Math.max(1, nowSec - g.startedAt);
  const epoch = Math.floor(nowSec / 10);
  // Cheap hashes instead of RNG objects or closures: this runs for every guest on every rebuild.
  const v = g.vmid;
  const rxRate = 2_000 + Math.floor(unit(mix2(v, 1)) * 400_000);
  const txRate = 1_000 + Math.floor(unit(mix2(v, 2)) * 200_000);
  const rdRate = 4_096 + Math.floor(unit(mix2(v, 3)) * 800_000);
  const wrRate = 4_096 + Math.floor(unit(mix2(v, 4)) * 600_000);
  const cpu = Math.min(1, unit(mix2(v, 5)) * 0.3 * (0.6 + unit(mix3(v, epoch, 1)) * 0.8));
  const memFraction = 0.25 + unit(mix2(v, 6)) * 0.5 + unit(mix3(v, epoch, 2)) * 0.05;
  return {
    uptime,
    cpu,
    maxcpu,
    mem: Math.floor(maxmem * memFraction),
    maxmem,
    disk: g.type === 'lxc' ? Math.floor(maxdisk * (0.1 + unit(mix2(v, 7)) * 0.6)) : 0,
    maxdisk,
    netin: rxRate * uptime,
    netout: txRate * uptime,
    diskread: rdRate * uptime,
    diskwrite: wrRate * uptime,
  };
}

export interface NodeStats {
  uptime: number;
  cpu: number;
  mem: number;
  disk: number;
}

export function nodeStats(n: NodeModel, nowSec: number): NodeStats {
  const provider = providers.get(n);
  if (provider) return provider.nodeStats(n, nowSec);
  const rng = mulberry32(mixSeed(n.nodeid, 0x40de, Math.floor(nowSec / 10)));
  const base = mulberry32(mixSeed(n.nodeid, 0x40df));
  return {
    uptime: Math.max(1, nowSec - n.bootTime),
    cpu: 0.02 + base() * 0.3 + rng() * 0.05,
    mem: Math.floor(n.maxmem * (0.3 + base() * 0.4)),
    disk: Math.floor(n.maxdisk * (0.05 + base() * 0.2)),
  };
}
