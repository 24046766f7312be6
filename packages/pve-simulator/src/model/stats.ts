// Runtime statistics (what pvestatd broadcasts into RRD), served by the load model registered
// for each node.
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

/**
 * Live activity for a node's guests and the node itself (the load model, src/load). The API's
 * stats come from it, so /cluster/resources, pve-exporter and the in-guest exporters agree.
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
  if (!node) throw new Error(`guest ${g.vmid} is on unknown node "${g.node}"`);
  return providerOf(node).guestStats(g, node, nowSec);
}

export interface NodeStats {
  uptime: number;
  cpu: number;
  mem: number;
  disk: number;
}

export function nodeStats(n: NodeModel, nowSec: number): NodeStats {
  return providerOf(n).nodeStats(n, nowSec);
}

function providerOf(node: NodeModel): StatsProvider {
  const provider = providers.get(node);
  // startSimulator registers the load model for every node it creates.
  if (!provider) throw new Error(`no stats provider registered for node ${node.name}`);
  return provider;
}
