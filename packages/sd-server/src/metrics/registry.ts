import { sdInventoryMetrics, sdServerMetrics, type MetricDef } from '@pvemon/metrics-contract';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { guestMemoryBytes, guestVcpus, tagsLabel } from '../discovery/labels.js';
import { unresolvedByReason, type ClusterSnapshot } from '../discovery/snapshot.js';
import { ROLES, type Role } from '../discovery/targets.js';

const gauge = <L extends string>(registry: Registry, def: MetricDef<L>): Gauge<L> =>
  new Gauge({ name: def.name, help: def.help, labelNames: def.labels, registers: [registry] });

/** Every metric the server publishes, registered from `@pvemon/metrics-contract`. */
export class SdMetrics {
  readonly registry = new Registry();
  readonly refreshDuration = new Histogram({
    name: sdServerMetrics.refreshDuration.name,
    help: sdServerMetrics.refreshDuration.help,
    labelNames: sdServerMetrics.refreshDuration.labels,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 80],
    registers: [this.registry],
  });
  readonly proxmoxRequests = new Counter({
    name: sdServerMetrics.proxmoxRequests.name,
    help: sdServerMetrics.proxmoxRequests.help,
    labelNames: sdServerMetrics.proxmoxRequests.labels,
    registers: [this.registry],
  });
  private readonly lastSuccess = gauge(this.registry, sdServerMetrics.lastSuccess);
  private readonly stale = gauge(this.registry, sdServerMetrics.stale);
  private readonly targets = gauge(this.registry, sdServerMetrics.targets);
  private readonly unresolved = gauge(this.registry, sdServerMetrics.unresolvedGuests);
  private readonly guestInfo = gauge(this.registry, sdInventoryMetrics.guestInfo);
  private readonly guestVcpus = gauge(this.registry, sdInventoryMetrics.guestVcpus);
  private readonly guestMemory = gauge(this.registry, sdInventoryMetrics.guestMemoryBytes);
  private readonly guestGpu = gauge(this.registry, sdInventoryMetrics.guestGpuInfo);
  private readonly nodeInfo = gauge(this.registry, sdInventoryMetrics.nodeInfo);
  private readonly snapshots = new Map<string, ClusterSnapshot>();

  constructor(cacheAge: () => ReadonlyMap<string, number | undefined>) {
    const def = sdServerMetrics.cacheAge;
    new Gauge({
      name: def.name,
      help: def.help,
      labelNames: def.labels,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [cluster, age] of cacheAge()) if (age !== undefined) this.set({ cluster }, age);
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  refreshed(
    cluster: string,
    ok: boolean,
    seconds: number,
    lastSuccessAt: number | undefined,
  ): void {
    this.refreshDuration.observe({ cluster, outcome: ok ? 'success' : 'failure' }, seconds);
    this.stale.set({ cluster }, ok ? 0 : 1);
    if (lastSuccessAt !== undefined) this.lastSuccess.set({ cluster }, lastSuccessAt / 1000);
  }

  /** Replaces the inventory series of `snapshot.cluster` (info metrics, targets, unresolved). */
  published(snapshot: ClusterSnapshot, targetCount: (role: Role) => number): void {
    this.snapshots.set(snapshot.cluster, snapshot);
    const cluster = snapshot.cluster;
    for (const role of ROLES) this.targets.set({ cluster, role }, targetCount(role));
    for (const g of [
      this.guestInfo,
      this.guestVcpus,
      this.guestMemory,
      this.guestGpu,
      this.nodeInfo,
      this.unresolved,
    ])
      g.reset();
    for (const s of this.snapshots.values()) this.setInventory(s);
  }

  private setInventory(s: ClusterSnapshot): void {
    const cluster = s.cluster;
    for (const [reason, vmids] of unresolvedByReason(s))
      this.unresolved.set({ cluster, reason }, vmids.length);
    for (const e of s.guests.values()) {
      const g = e.guest;
      const id = { cluster, vm_id: String(g.vmid), vm_name: g.name, node: g.node };
      this.guestInfo.set(
        {
          ...id,
          guest_type: g.type,
          os: e.os,
          ostype: e.config?.ostype ?? '',
          tags: tagsLabel(g.tags) ?? '',
          pool: g.pool ?? '',
          status: g.status,
          template: g.template ? '1' : '0',
        },
        1,
      );
      this.guestVcpus.set(id, guestVcpus(g, e.config));
      this.guestMemory.set(id, guestMemoryBytes(g, e.config));
      if (e.config?.type === 'qemu')
        for (const d of e.config.hostpci)
          this.guestGpu.set(
            {
              ...id,
              hostpci: d.key,
              pci_id: d.hosts.join(';') || (d.mapping ? `mapping=${d.mapping}` : ''),
              mdev_type: d.mdev ?? '',
              mdev_uuid: d.mdevUuid ?? '',
            },
            1,
          );
    }
    for (const n of s.nodes)
      this.nodeInfo.set(
        {
          cluster,
          node: n.name,
          ip: n.ip ?? '',
          online: n.online ? '1' : '0',
          nodeid: n.nodeId === undefined ? '' : String(n.nodeId),
        },
        1,
      );
  }
}
