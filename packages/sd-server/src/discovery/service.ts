import type { Logger } from 'pino';
import type { ResolvedCluster } from '../config/load.js';
import type { SdMetrics } from '../metrics/registry.js';
import { ClusterDiscovery, type InventoryClient } from './engine.js';
import { unresolvedByReason } from './snapshot.js';
import { TargetStore } from './target-store.js';
import { buildTargets, ROLES, type GuestGroupMemo, type TargetSettings } from './targets.js';

export type ClientFactory = (cluster: ResolvedCluster) => InventoryClient;

export interface DiscoveryServiceOptions {
  readonly clusters: readonly ResolvedCluster[];
  readonly createClient: ClientFactory;
  readonly refreshIntervalMs: number;
  readonly startupGraceMs: number;
  readonly secrets: readonly string[];
  readonly logger: Logger;
  readonly metrics: SdMetrics;
  readonly now?: () => number;
}

export interface ClusterHealthReport {
  readonly cluster: string;
  readonly ok: boolean;
  readonly stale: boolean;
  readonly lastSuccess: string | null;
  readonly ageSeconds: number | null;
  readonly lastAttempt: string | null;
  readonly lastError: string | null;
  readonly lastErrorAt: string | null;
  readonly consecutiveFailures: number;
  readonly lastRefreshMs: number | null;
  readonly apiCallsLastRefresh: number | null;
  readonly guests: {
    readonly total: number;
    readonly running: number;
    readonly templates: number;
    readonly targets: number;
    readonly staleAddresses: number;
  };
  readonly nodes: {
    readonly total: number;
    readonly online: number;
    readonly unreachable: readonly string[];
  };
  /** Running guests without an address, by reason: count and (up to 100) vm ids. */
  readonly unresolved: Record<string, { count: number; vmIds: number[] }>;
}

export function pveTargetOf(c: ResolvedCluster): string {
  if (c.pveExporter.target) return c.pveExporter.target;
  return new URL(c.endpoints[0] ?? 'https://localhost:8006').hostname;
}

function settingsOf(c: ResolvedCluster): TargetSettings {
  return {
    ports: c.ports,
    nodeExporterPort: c.nodeExporterPort,
    gpuExporterPort: c.gpuExporterPort,
    gpuNodes: c.gpuNodes,
    pveTarget: pveTargetOf(c),
    pveModule: c.pveExporter.module,
  };
}

const iso = (ms: number | undefined): string | null =>
  ms === undefined ? null : new Date(ms).toISOString();

/** Runs the discovery of every configured cluster on a timer and publishes their targets. */
export class DiscoveryService {
  readonly store = new TargetStore();
  readonly clusters: readonly ClusterDiscovery[];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly startedAt: number;
  private readonly now: () => number;
  private stopped = false;

  constructor(private readonly opts: DiscoveryServiceOptions) {
    this.now = opts.now ?? Date.now;
    this.startedAt = this.now();
    this.clusters = opts.clusters.map((c) => {
      const metrics = opts.metrics;
      const d = new ClusterDiscovery({
        cluster: c.name,
        client: opts.createClient(c),
        configTtlMs: c.configTtl * 1000,
        addressTtlMs: c.addressTtl * 1000,
        concurrency: c.maxConcurrency,
        allowLoopback: c.allowLoopback,
        preferredCidrs: c.preferredCidrs,
        ignoreInterfaces: c.ignoreInterfaces,
        preferIpv6: c.preferIpv6,
        breaker: {
          failures: c.agentBreaker.failures,
          backoffMs: c.agentBreaker.backoff * 1000,
          maxBackoffMs: c.agentBreaker.maxBackoff * 1000,
        },
        secrets: opts.secrets,
        now: this.now,
        onRequests: (endpoint, outcome, n) =>
          metrics.proxmoxRequests.inc({ cluster: c.name, endpoint, outcome }, n),
      });
      const settings = settingsOf(c);
      const memo: GuestGroupMemo = new Map();
      d.onSnapshot((s) => {
        try {
          this.store.publish(c.name, buildTargets(s, settings, memo));
          metrics.published(s, (role) => this.store.count(c.name, role));
        } catch (err) {
          // Keep serving the previous bodies; a bug here must not stop discovery.
          opts.logger.error({ cluster: c.name, err }, 'publishing targets failed');
        }
      });
      return d;
    });
  }

  /** Starts the first refresh of every cluster now and then every refresh interval. */
  start(): void {
    for (const d of this.clusters) void this.loop(d);
  }

  private async loop(d: ClusterDiscovery): Promise<void> {
    if (this.stopped) return;
    await this.refreshOne(d);
    if (this.stopped) return;
    const t = setTimeout(() => void this.loop(d), this.opts.refreshIntervalMs);
    t.unref();
    this.timers.set(d.cluster, t);
  }

  /** Refreshes every cluster (joining refreshes already running). */
  async refreshAll(): Promise<void> {
    await Promise.all(this.clusters.map((d) => this.refreshOne(d)));
  }

  private async refreshOne(d: ClusterDiscovery): Promise<void> {
    const log = this.opts.logger;
    const hadSnapshot = d.snapshot !== undefined;
    const failuresBefore = d.refreshHealth.consecutiveFailures;
    const outcome = await d.refresh();
    const h = d.refreshHealth;
    if (outcome === 'success' && (!hadSnapshot || failuresBefore > 0))
      log.info(
        {
          cluster: d.cluster,
          ms: h.lastDurationMs,
          guests: d.snapshot?.guests.size,
          targets: this.store.count(d.cluster, 'guests'),
        },
        hadSnapshot ? 'discovery recovered' : 'discovery ready',
      );
    this.opts.metrics.refreshed(
      d.cluster,
      outcome === 'success',
      (h.lastDurationMs ?? 0) / 1000,
      h.lastSuccessAt,
    );
    if (outcome === 'success') {
      const s = d.snapshot;
      log.debug(
        { cluster: d.cluster, ms: h.lastDurationMs, apiCalls: s?.apiCalls, guests: s?.guests.size },
        'discovery refreshed',
      );
    } else {
      log.warn(
        { cluster: d.cluster, error: h.lastError, failures: h.consecutiveFailures },
        d.snapshot
          ? 'discovery failed; serving the last good snapshot'
          : 'discovery failed; no snapshot yet',
      );
    }
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.clusters) d.close();
  }

  /** Every cluster has had a successful refresh. */
  get ready(): boolean {
    return this.clusters.every((d) => d.snapshot !== undefined);
  }

  /**
   * /targets may be served: every cluster has a snapshot, or the startup grace is over and at
   * least one has. Before that a 503 makes Prometheus keep the targets it already has instead of
   * dropping a cluster that is merely slow to answer after a restart.
   */
  get servable(): boolean {
    if (this.ready) return true;
    const any = this.clusters.some((d) => d.snapshot !== undefined);
    return any && this.now() - this.startedAt >= this.opts.startupGraceMs;
  }

  cacheAges(): Map<string, number | undefined> {
    const now = this.now();
    return new Map(
      this.clusters.map((d) => [
        d.cluster,
        d.snapshot ? (now - d.snapshot.takenAt) / 1000 : undefined,
      ]),
    );
  }

  health(): ClusterHealthReport[] {
    const now = this.now();
    return this.clusters.map((d): ClusterHealthReport => {
      const s = d.snapshot;
      const h = d.refreshHealth;
      const guests = s ? [...s.guests.values()] : [];
      const unresolved: ClusterHealthReport['unresolved'] = {};
      if (s)
        for (const [reason, ids] of unresolvedByReason(s))
          unresolved[reason] = { count: ids.length, vmIds: ids.slice(0, 100) };
      return {
        cluster: d.cluster,
        ok: s !== undefined && !d.stale,
        stale: d.stale,
        lastSuccess: iso(h.lastSuccessAt),
        ageSeconds: s ? Math.round((now - s.takenAt) / 100) / 10 : null,
        lastAttempt: iso(h.lastAttemptAt),
        lastError: h.lastError ?? null,
        lastErrorAt: iso(h.lastErrorAt),
        consecutiveFailures: h.consecutiveFailures,
        lastRefreshMs: h.lastDurationMs ?? null,
        apiCallsLastRefresh: s?.apiCalls ?? null,
        guests: {
          total: guests.length,
          running: guests.filter((e) => e.guest.status === 'running').length,
          templates: guests.filter((e) => e.guest.template).length,
          targets: this.store.count(d.cluster, 'guests'),
          staleAddresses: guests.filter((e) => e.addressStale).length,
        },
        nodes: {
          total: s?.nodes.length ?? 0,
          online: s?.nodes.filter((n) => n.online).length ?? 0,
          unreachable: s?.unreachableNodes ?? [],
        },
        unresolved,
      };
    });
  }
}

export { ROLES };
