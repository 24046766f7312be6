// Feeds the PVE API's guest/node stats from the load model, so /cluster/resources (and the
// pve-exporter built on the same rows) report what the in-guest exporters see.
import type { GuestStats, NodeStats, StatsProvider } from '../model/stats.js';
import type { GuestModel, NodeModel } from '../model/types.js';
import { G } from './load-model.js';
import type { LoadModel } from './load-model.js';

export function loadStatsProvider(load: LoadModel): StatsProvider {
  return {
    guestStats(g: GuestModel, node: NodeModel, nowSec: number): GuestStats {
      const maxcpu = load.vcpus(g, node);
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
      const c = load.guestCounters(g, nowSec);
      const gauges = load.guestGauges(g, nowSec);
      return {
        uptime: Math.max(1, nowSec - g.startedAt),
        cpu: load.guestCpuRatio(g, nowSec),
        maxcpu,
        mem: gauges.memUsed,
        maxmem,
        // PVE reports 0 for qemu disk usage (no agent fs info); LXC shows the rootfs usage.
        disk: g.type === 'lxc' ? Math.floor(maxdisk * gauges.diskUsed) : 0,
        maxdisk,
        netin: Math.floor(c[G.rxBytes] ?? 0),
        netout: Math.floor(c[G.txBytes] ?? 0),
        diskread: Math.floor(c[G.readBytes] ?? 0),
        diskwrite: Math.floor(c[G.writeBytes] ?? 0),
      };
    },
    nodeStats(n: NodeModel, nowSec: number): NodeStats {
      const gauges = load.nodeGauges(n, nowSec);
      return {
        uptime: Math.max(1, nowSec - n.bootTime),
        cpu: load.nodeCpuRatio(n, nowSec),
        mem: gauges.memUsed,
        disk: Math.floor(n.maxdisk * 0.12),
      };
    },
  };
}
