import type { BlockList } from 'node:net';
import type {
  ConfigCacheEntry,
  Guest,
  GuestConfig,
  Inventory,
  InventoryGuest,
  InventoryOptions,
  InterfacesCacheEntry,
} from '@pvemon/proxmox-client';
import { compileCidrs, DEFAULT_IGNORED_INTERFACES, type AddressPolicy } from './address.js';
import { AgentBreaker } from './breaker.js';
import {
  describeError,
  interfacesFailureReason,
  isNodeUnreachable,
  requestOutcome,
  type RequestOutcome,
} from './errors.js';
import type { UnresolvedReason } from './model.js';
import { addressFromDescription, guestOsFamily } from './overrides.js';
import { configAddresses, resolveAddress } from './resolve.js';
import { slimConfig, slimInterfaces } from './slim.js';
import { guestEntry, type ClusterSnapshot, type GuestEntry, type NodeEntry } from './snapshot.js';
import { guestKeyString, JitteredTtlCache } from './ttl-cache.js';

/** The part of `@pvemon/proxmox-client`'s ProxmoxClient the engine uses. */
export interface InventoryClient {
  inventory(options?: InventoryOptions): Promise<Inventory>;
}

export interface EngineOptions {
  readonly cluster: string;
  readonly client: InventoryClient;
  readonly configTtlMs: number;
  readonly addressTtlMs: number;
  readonly concurrency: number;
  readonly allowLoopback: boolean;
  readonly preferredCidrs: readonly string[];
  readonly ignoreInterfaces: readonly string[];
  readonly preferIpv6: boolean;
  readonly breaker: { failures: number; backoffMs: number; maxBackoffMs: number };
  /** Values to scrub from any error text. */
  readonly secrets: readonly string[];
  readonly now?: () => number;
  readonly onRequests?: (endpoint: string, outcome: RequestOutcome, count: number) => void;
}

export interface RefreshHealth {
  readonly lastAttemptAt?: number;
  readonly lastSuccessAt?: number;
  readonly lastError?: string;
  readonly lastErrorAt?: number;
  readonly consecutiveFailures: number;
  readonly lastDurationMs?: number;
  /** Per-guest failures of the last refresh (configs, interfaces), by node. */
  readonly lastIssues: number;
}

type RefreshOutcome = 'success' | 'failure';

const AGENT_PATH = '/nodes/{node}/qemu/{vmid}/agent/network-get-interfaces';
const LXC_IFACES_PATH = '/nodes/{node}/lxc/{vmid}/interfaces';
const CONFIG_PATH = '/nodes/{node}/{type}/{vmid}/config';

/**
 * Discovery of one cluster. `refresh()` is single-flight: callers that arrive while a refresh runs
 * share its promise. Each refresh costs one `/cluster/resources` and one `/cluster/status` call;
 * per-guest calls happen only for guests that are new, migrated (the cache key holds the node),
 * restarted (uptime went down) or whose cached config / interfaces expired.
 */
export class ClusterDiscovery {
  readonly cluster: string;
  private current: ClusterSnapshot | undefined;
  private inFlight: Promise<RefreshOutcome> | undefined;
  private health: RefreshHealth = { consecutiveFailures: 0, lastIssues: 0 };
  private readonly configCache: JitteredTtlCache<ConfigCacheEntry>;
  private readonly interfacesCache: JitteredTtlCache<InterfacesCacheEntry>;
  private readonly breaker: AgentBreaker;
  private readonly policy: AddressPolicy;
  private readonly cidrs: BlockList[];
  private readonly now: () => number;
  private readonly listeners = new Set<(s: ClusterSnapshot) => void>();
  private readonly abort = new AbortController();
  /** Nodes seen online at least once: an offline one stays a (down) `nodes` target. */
  private readonly everOnline = new Set<string>();

  constructor(private readonly opts: EngineOptions) {
    this.cluster = opts.cluster;
    this.now = opts.now ?? Date.now;
    this.configCache = new JitteredTtlCache(opts.configTtlMs, this.now);
    this.interfacesCache = new JitteredTtlCache(opts.addressTtlMs, this.now);
    this.breaker = new AgentBreaker(opts.breaker);
    this.policy = {
      allowLoopback: opts.allowLoopback,
      preferredCidrs: opts.preferredCidrs,
      ignoreInterfaces: [
        ...DEFAULT_IGNORED_INTERFACES,
        ...opts.ignoreInterfaces.map((p) => new RegExp(p)),
      ],
      preferFamily: opts.preferIpv6 ? 6 : 4,
    };
    this.cidrs = compileCidrs(opts.preferredCidrs);
  }

  get snapshot(): ClusterSnapshot | undefined {
    return this.current;
  }

  get refreshHealth(): RefreshHealth {
    return this.health;
  }

  /** True while serving an older snapshot because the last refresh failed. */
  get stale(): boolean {
    return this.health.consecutiveFailures > 0;
  }

  onSnapshot(listener: (s: ClusterSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs a refresh, or joins the one in flight. Never rejects. */
  refresh(): Promise<RefreshOutcome> {
    this.inFlight ??= this.runRefresh().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** Aborts in-flight Proxmox calls (shutdown). */
  close(): void {
    this.abort.abort(new Error('sd-server shutting down'));
  }

  private async runRefresh(): Promise<RefreshOutcome> {
    const started = this.now();
    this.health = { ...this.health, lastAttemptAt: started };
    const previous = this.current;
    const offlineNodes = new Set(previous?.nodes.filter((n) => !n.online).map((n) => n.name) ?? []);
    let inventory: Inventory;
    let snapshot: ClusterSnapshot;
    try {
      inventory = await this.opts.client.inventory({
        signal: this.abort.signal,
        withNodeAddresses: true,
        // Configs for every guest (ostype, net0, hostpci, agent feed labels and info metrics),
        // except on nodes known to be down, where the call could only fail. The first refresh
        // reads only running guests' configs so targets are published sooner; stopped guests and
        // templates (inventory metrics only) follow on the next refresh.
        withConfig: (g) =>
          !offlineNodes.has(g.node) &&
          (previous !== undefined || (g.status === 'running' && !g.template)),
        withInterfaces: (g, config) => this.wantsInterfaces(g, config, offlineNodes),
        includeTemplates: true,
        configCache: this.configCache,
        // Expiry is decided by the jittered caches; the client must not expire entries itself.
        configMaxAgeMs: Number.MAX_SAFE_INTEGER,
        interfacesCache: this.interfacesCache,
        interfacesMaxAgeMs: Number.MAX_SAFE_INTEGER,
        concurrency: this.opts.concurrency,
        // Slimmed as they arrive, so neither the caches nor this refresh hold full bodies.
        configTransform: slimConfig,
        interfacesTransform: slimInterfaces,
      });
    } catch (error) {
      this.opts.onRequests?.('/cluster/resources', requestOutcome(error), 1);
      return this.failed(error, started);
    }
    try {
      snapshot = this.merge(inventory, previous);
    } catch (error) {
      // A body shape no schema caught must cost one refresh, never the process.
      return this.failed(error, started);
    }
    this.countRequests(inventory);
    this.current = snapshot;
    this.health = {
      lastAttemptAt: started,
      lastSuccessAt: this.now(),
      consecutiveFailures: 0,
      lastDurationMs: this.now() - started,
      lastIssues: inventory.issues.length,
    };
    for (const l of this.listeners) l(snapshot);
    return 'success';
  }

  private failed(error: unknown, started: number): 'failure' {
    this.health = {
      ...this.health,
      lastError: describeError(error, this.opts.secrets),
      lastErrorAt: this.now(),
      consecutiveFailures: this.health.consecutiveFailures + 1,
      lastDurationMs: this.now() - started,
    };
    return 'failure';
  }

  private wantsInterfaces(
    g: Guest,
    config: GuestConfig | undefined,
    offlineNodes: ReadonlySet<string>,
  ): boolean {
    if (g.status !== 'running' || g.template || offlineNodes.has(g.node)) return false;
    if (addressFromDescription(config?.description)) return false;
    // A container's static ip= is authoritative and free; /interfaces only when there is none.
    if (config?.type === 'lxc' && configAddresses(config).length > 0) return false;
    if (config?.type === 'qemu' && !config.agent.enabled) return false;
    return this.breaker.allows(guestKeyString(g), this.now());
  }

  private merge(inv: Inventory, previous: ClusterSnapshot | undefined): ClusterSnapshot {
    const now = this.now();
    const unreachable = new Set<string>();
    const nodes: NodeEntry[] = inv.nodes.map((n) => {
      if (n.online) this.everOnline.add(n.name);
      else unreachable.add(n.name);
      return {
        name: n.name,
        online: n.online,
        ...(n.ip ? { ip: n.ip } : {}),
        ...(n.nodeId !== undefined ? { nodeId: n.nodeId } : {}),
      };
    });
    for (const issue of inv.issues) {
      if (isNodeUnreachable(issue.error)) unreachable.add(issue.node ?? issue.guest?.node ?? '');
    }
    unreachable.delete('');

    const guests = new Map<number, GuestEntry>();
    const liveKeys = new Set<string>();
    for (const g of inv.guests) {
      liveKeys.add(guestKeyString(g));
      const prev = previous?.guests.get(g.vmid);
      const nodeDown = unreachable.has(g.node);
      // PVE reports `unknown` status and drops names for guests of an offline node: keep what
      // we knew rather than dropping targets Prometheus still scrapes.
      if (
        prev &&
        nodeDown &&
        (g.status === 'unknown' || !g.hasName || prev.guest.node === g.node)
      ) {
        guests.set(g.vmid, guestEntry({ ...prev, fromUnreachableNode: true }));
        continue;
      }
      guests.set(g.vmid, this.entryOf(g, prev, now, nodeDown));
    }
    this.breaker.retain(liveKeys);
    this.configCache.retain(liveKeys);
    this.interfacesCache.retain(liveKeys);
    return {
      cluster: this.cluster,
      ...(inv.cluster?.name ? { corosyncName: inv.cluster.name } : {}),
      takenAt: now,
      guests,
      nodes: nodes.filter((n) => n.online || this.everOnline.has(n.name)),
      unreachableNodes: [...unreachable].sort(),
      apiCalls: inv.apiCalls,
    };
  }

  private entryOf(
    g: InventoryGuest,
    prev: GuestEntry | undefined,
    now: number,
    nodeDown: boolean,
  ): GuestEntry {
    const key = guestKeyString(g);
    // A failed config fetch keeps the config we had: it moves with the guest on migration.
    const config = g.config ?? prev?.config;
    const os = guestOsFamily(g.type, config);
    // Keep the resource row only: the inventory row also holds the full config, interfaces and
    // errors (with their causes), which would stay alive until the next refresh.
    const {
      config: _config,
      interfaces: _interfaces,
      configError: _configError,
      interfacesError: _interfacesError,
      ...guest
    } = g;
    const base = { guest, os, fromUnreachableNode: false, config };
    if (g.status !== 'running' || g.template) return guestEntry({ ...base, addressStale: false });

    let failure: UnresolvedReason | undefined;
    if (g.interfacesError) {
      failure = interfacesFailureReason(g.interfacesError);
      if (failure !== 'forbidden' && failure !== 'no_agent') this.breaker.failure(key, now);
    } else if (g.interfaces && !g.interfacesFromCache) {
      this.breaker.success(key);
    } else if (!g.interfaces && this.breaker.isOpen(key, now)) {
      failure = 'agent_backoff';
    }
    if (!config && g.configError) failure ??= nodeDown ? 'node_unreachable' : 'config_unavailable';
    if (nodeDown && !g.interfaces) failure ??= 'node_unreachable';

    const r = resolveAddress(
      {
        type: g.type,
        config,
        interfaces: g.interfaces,
        ...(failure ? { interfacesFailure: failure } : {}),
      },
      this.policy,
      this.cidrs,
    );
    if (r.ok)
      return guestEntry({
        ...base,
        address: { address: r.address, source: r.source },
        addressStale: false,
      });
    // Trouble reading addresses (agent down or slow, node unreachable, backoff…) keeps the last
    // known address of a guest that still runs, flagged stale: /targets never loses a guest it
    // knew. Addresses usually survive migrations and restarts, so the old one is the best guess.
    if (prev?.address && prev.guest.status === 'running')
      return guestEntry({
        ...base,
        address: prev.address,
        addressStale: true,
        unresolved: r.reason,
      });
    return guestEntry({ ...base, addressStale: false, unresolved: r.reason });
  }

  /** Derives request counts by endpoint template and outcome from what inventory() reports. */
  private countRequests(inv: Inventory): void {
    const on = this.opts.onRequests;
    if (!on) return;
    const counts = new Map<string, number>();
    const add = (endpoint: string, outcome: RequestOutcome): void => {
      const k = `${endpoint}\u0000${outcome}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    };
    add('/cluster/resources', 'ok');
    if (inv.issues.some((i) => i.scope === 'cluster-status'))
      add(
        '/cluster/status',
        requestOutcome(inv.issues.find((i) => i.scope === 'cluster-status')?.error),
      );
    else add('/cluster/status', 'ok');
    for (const g of inv.guests) {
      if (g.configError) add(CONFIG_PATH, requestOutcome(g.configError));
      else if (g.config && !g.configFromCache) add(CONFIG_PATH, 'ok');
      const path = g.type === 'qemu' ? AGENT_PATH : LXC_IFACES_PATH;
      if (g.interfacesError) add(path, requestOutcome(g.interfacesError));
      else if (g.interfaces && !g.interfacesFromCache) add(path, 'ok');
    }
    for (const [k, n] of counts) {
      const [endpoint, outcome] = k.split('\u0000') as [string, RequestOutcome];
      on(endpoint, outcome, n);
    }
  }
}
