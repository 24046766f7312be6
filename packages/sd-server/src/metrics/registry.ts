import { sdServerMetrics, type MetricDef } from '@pvemon/metrics-contract';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { unresolvedByReason, type ClusterSnapshot } from '../discovery/snapshot.js';
import { ROLES, type Role } from '../discovery/targets.js';
import { InventoryText } from './inventory-text.js';

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
  private readonly inventory = new InventoryText();
  private readonly unresolvedByCluster = new Map<string, ReadonlyMap<string, readonly number[]>>();

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

  /** Replaces the series of `snapshot.cluster` (inventory, targets, unresolved guests). */
  published(snapshot: ClusterSnapshot, targetCount: (role: Role) => number): void {
    const cluster = snapshot.cluster;
    for (const role of ROLES) this.targets.set({ cluster, role }, targetCount(role));
    this.unresolvedByCluster.set(cluster, unresolvedByReason(snapshot));
    this.unresolved.reset();
    for (const [c, reasons] of this.unresolvedByCluster)
      for (const [reason, vmids] of reasons)
        this.unresolved.set({ cluster: c, reason }, vmids.length);
    this.inventory.update(snapshot);
  }

  /** The exposition text of every metric. */
  async render(): Promise<Buffer> {
    return Buffer.concat([Buffer.from(await this.registry.metrics()), this.inventory.bytes()]);
  }
}
