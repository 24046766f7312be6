// inventory(): the cluster's nodes and guests for a poller. Cost: one /cluster/resources call
// (+ /cluster/status when node addresses are wanted) + the per-guest calls the caller selects,
// minus cache hits. Per-guest and per-node failures are recorded, never thrown for the whole run.
import {
  ProxmoxAbortError,
  ProxmoxGuestAgentError,
  ProxmoxNodeUnreachableError,
  isProxmoxError,
} from './errors.js';
import type {
  ClusterResource,
  ClusterStatus,
  ConfigCacheEntry,
  Guest,
  GuestConfig,
  GuestInterface,
  GuestKey,
  Inventory,
  InventoryGuest,
  InventoryIssue,
  InventoryOptions,
  Node,
  RequestOptions,
} from './types.js';

/** The client methods inventory() needs (ProxmoxClient implements it). */
export interface InventorySource {
  clusterResources(options?: RequestOptions): Promise<ClusterResource[]>;
  clusterStatus(options?: RequestOptions): Promise<ClusterStatus>;
  qemuConfig(node: string, vmid: number, options?: RequestOptions): Promise<GuestConfig>;
  lxcConfig(node: string, vmid: number, options?: RequestOptions): Promise<GuestConfig>;
  qemuAgentInterfaces(
    node: string,
    vmid: number,
    options?: RequestOptions,
  ): Promise<GuestInterface[]>;
  lxcInterfaces(node: string, vmid: number, options?: RequestOptions): Promise<GuestInterface[]>;
  health(): { endpoint: string; preferred: boolean }[];
}

const DEFAULT_CONFIG_MAX_AGE_MS = 10 * 60_000;
const DEFAULT_INTERFACES_MAX_AGE_MS = 60_000;
const DEFAULT_CONCURRENCY = 6;

/** Resource-row fields that change whenever the config changes in a way the row shows. */
export function configFingerprint(guest: Guest): string {
  return JSON.stringify([
    guest.hasName ? guest.name : '',
    guest.tagsRaw,
    guest.template,
    guest.lock ?? '',
  ]);
}

function keyOf(guest: Guest): GuestKey {
  return { node: guest.node, type: guest.type, vmid: guest.vmid };
}

function restartedSince(guest: Guest, cachedUptime: number | undefined): boolean {
  return (
    cachedUptime !== undefined &&
    guest.uptimeSeconds !== undefined &&
    guest.uptimeSeconds < cachedUptime
  );
}

/** Runs `worker` over `items` with at most `limit` in flight. */
async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  worker: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await worker(item);
    }
  });
  await Promise.all(runners);
}

/**
 * Orders guests round-robin over their nodes (1st of each node, then 2nd, …) so the bounded
 * workers keep every node busy instead of queueing behind one node's per-node limit.
 */
function interleaveByNode<T extends { node: string }>(items: readonly T[]): T[] {
  const byNode = new Map<string, T[]>();
  for (const item of items) {
    const list = byNode.get(item.node);
    if (list === undefined) byNode.set(item.node, [item]);
    else list.push(item);
  }
  const lists = [...byNode.values()];
  const out: T[] = [];
  for (let rank = 0; out.length < items.length; rank++)
    for (const list of lists) if (rank < list.length) out.push(list[rank] as T);
  return out;
}

function mergeNodes(nodes: Node[], status: ClusterStatus | undefined): Node[] {
  if (status === undefined) return nodes;
  const byName = new Map(nodes.map((n) => [n.name, n]));
  for (const row of status.nodes) {
    const existing = byName.get(row.name);
    const extra = {
      nodeId: row.nodeId,
      local: row.local,
      ...(row.ip === undefined ? {} : { ip: row.ip }),
    };
    if (existing !== undefined) {
      Object.assign(existing, extra);
      // corosync membership is the fresher liveness signal.
      existing.online = row.online;
    } else {
      const node: Node = {
        id: row.id,
        name: row.name,
        status: row.online ? 'online' : 'offline',
        online: row.online,
        ...extra,
        ...(row.level === undefined ? {} : { level: row.level }),
      };
      byName.set(row.name, node);
      nodes.push(node);
    }
  }
  return nodes;
}

export async function buildInventory(
  source: InventorySource,
  options: InventoryOptions,
): Promise<Inventory> {
  const signal = options.signal;
  const request: RequestOptions = signal === undefined ? {} : { signal };
  const issues: InventoryIssue[] = [];
  let apiCalls = 1;

  let statusPromise: Promise<ClusterStatus | undefined> = Promise.resolve(undefined);
  if (options.withNodeAddresses) {
    apiCalls++;
    statusPromise = source.clusterStatus(request).catch((error: unknown) => {
      if (isProxmoxError(error, 'ABORTED')) throw error;
      issues.push({ scope: 'cluster-status', error: error as Error });
      return undefined;
    });
  }
  const [resources, status] = await Promise.all([source.clusterResources(request), statusPromise]);
  const fetchedAt = Date.now();
  const endpoint = source.health().find((h) => h.preferred)?.endpoint ?? '';

  const nodes: Node[] = [];
  const guests: InventoryGuest[] = [];
  for (const row of resources) {
    if (row.kind === 'node') {
      const { kind: _kind, ...node } = row;
      nodes.push(node);
    } else if (row.kind === 'guest') {
      const { kind: _kind, ...guest } = row;
      if (guest.template && options.includeTemplates === false) continue;
      guests.push(guest);
    }
  }
  mergeNodes(nodes, status);
  nodes.sort((a, b) => a.name.localeCompare(b.name));
  guests.sort((a, b) => a.vmid - b.vmid);

  const onlineNodes = new Set(nodes.filter((n) => n.online).map((n) => n.name));
  const downNodes = new Map<string, Error>();
  const nodeDown = (node: string): Error | undefined => {
    const known = downNodes.get(node);
    if (known !== undefined) return known;
    if (onlineNodes.has(node)) return undefined;
    const error = new ProxmoxNodeUnreachableError(
      `Node ${node} is not online according to /cluster/resources; per-guest calls skipped`,
      { node, path: `/nodes/${node}` },
    );
    downNodes.set(node, error);
    return error;
  };
  const noteFailure = (node: string, error: unknown): void => {
    // One 595/596 means the node is gone: do not spend a timeout on each of its guests.
    if (isProxmoxError(error, 'NODE_UNREACHABLE')) downNodes.set(node, error as Error);
    if (isProxmoxError(error, 'ABORTED')) throw error;
  };

  const wantConfig = options.withConfig ?? false;
  const wantInterfaces = options.withInterfaces ?? false;
  const configMaxAge = options.configMaxAgeMs ?? DEFAULT_CONFIG_MAX_AGE_MS;
  const interfacesMaxAge = options.interfacesMaxAgeMs ?? DEFAULT_INTERFACES_MAX_AGE_MS;

  async function loadConfig(guest: InventoryGuest): Promise<void> {
    const key = keyOf(guest);
    const cached: ConfigCacheEntry | undefined = await options.configCache?.get(key);
    const fingerprint = configFingerprint(guest);
    if (cached !== undefined) {
      const restarted = restartedSince(guest, cached.uptimeSeconds);
      if (restarted) guest.restarted = true;
      const fresh =
        !restarted &&
        cached.fingerprint === fingerprint &&
        fetchedAt - cached.fetchedAt < configMaxAge;
      if (fresh) {
        guest.config = cached.config;
        guest.configFromCache = true;
        guest.configChanged = false;
        // Track uptime so a later restart is noticed even while the entry stays fresh.
        if (guest.uptimeSeconds !== undefined && guest.uptimeSeconds !== cached.uptimeSeconds) {
          await options.configCache?.set(key, { ...cached, uptimeSeconds: guest.uptimeSeconds });
        }
        return;
      }
    }
    const down = nodeDown(guest.node);
    let error: unknown = down;
    if (down === undefined) {
      try {
        apiCalls++;
        const fetched =
          guest.type === 'qemu'
            ? await source.qemuConfig(guest.node, guest.vmid, request)
            : await source.lxcConfig(guest.node, guest.vmid, request);
        const config = options.configTransform?.(fetched) ?? fetched;
        guest.config = config;
        guest.configFromCache = false;
        guest.configChanged =
          cached?.config.digest === undefined || cached.config.digest !== config.digest;
        await options.configCache?.set(key, {
          config,
          fetchedAt,
          fingerprint,
          ...(guest.uptimeSeconds === undefined ? {} : { uptimeSeconds: guest.uptimeSeconds }),
        });
        return;
      } catch (caught) {
        noteFailure(guest.node, caught);
        error = caught;
      }
    }
    guest.configError = error as Error;
    issues.push({ scope: 'config', guest: key, node: guest.node, error: error as Error });
    if (cached !== undefined) {
      // Last known config beats none (labels stay stable while a node is away).
      guest.config = cached.config;
      guest.configFromCache = true;
      guest.configChanged = false;
    }
  }

  async function loadInterfaces(guest: InventoryGuest): Promise<void> {
    const key = keyOf(guest);
    const cached = await options.interfacesCache?.get(key);
    if (cached !== undefined) {
      const restarted = restartedSince(guest, cached.uptimeSeconds);
      if (restarted) guest.restarted = true;
      if (!restarted && fetchedAt - cached.fetchedAt < interfacesMaxAge) {
        guest.interfaces = cached.interfaces;
        guest.interfacesFromCache = true;
        return;
      }
    }
    const down = nodeDown(guest.node);
    let error: unknown = down;
    if (down === undefined) {
      try {
        apiCalls++;
        const fetched =
          guest.type === 'qemu'
            ? await source.qemuAgentInterfaces(guest.node, guest.vmid, request)
            : await source.lxcInterfaces(guest.node, guest.vmid, request);
        const interfaces = options.interfacesTransform?.(fetched) ?? fetched;
        guest.interfaces = interfaces;
        guest.interfacesFromCache = false;
        await options.interfacesCache?.set(key, {
          interfaces,
          fetchedAt,
          ...(guest.uptimeSeconds === undefined ? {} : { uptimeSeconds: guest.uptimeSeconds }),
        });
        return;
      } catch (caught) {
        noteFailure(guest.node, caught);
        error = caught;
      }
    }
    guest.interfacesError = error as Error;
    issues.push({ scope: 'interfaces', guest: key, node: guest.node, error: error as Error });
    if (
      error instanceof ProxmoxGuestAgentError ||
      isProxmoxError(error, 'GUEST_AGENT_UNAVAILABLE')
    ) {
      // The agent is gone: cached addresses are no longer trustworthy.
      await options.interfacesCache?.delete?.(key);
    } else if (cached !== undefined) {
      guest.interfaces = cached.interfaces;
      guest.interfacesFromCache = true;
    }
  }

  const selected = (selector: typeof wantConfig, guest: Guest): boolean =>
    typeof selector === 'function' ? selector(guest) : selector;

  const work = interleaveByNode(
    guests.filter(
      (g) => selected(wantConfig, g) || (wantInterfaces !== false && g.status === 'running'),
    ),
  );
  await forEachBounded(work, options.concurrency ?? DEFAULT_CONCURRENCY, async (guest) => {
    if (signal?.aborted) {
      throw new ProxmoxAbortError('inventory() aborted', { cause: signal.reason });
    }
    if (selected(wantConfig, guest)) await loadConfig(guest);
    const wantsIfaces =
      typeof wantInterfaces === 'function' ? wantInterfaces(guest, guest.config) : wantInterfaces;
    const eligible =
      wantsIfaces &&
      guest.status === 'running' &&
      !guest.template &&
      (guest.type === 'lxc' ||
        guest.config === undefined ||
        guest.config.type !== 'qemu' ||
        guest.config.agent.enabled);
    if (eligible) await loadInterfaces(guest);
  });

  return {
    fetchedAt,
    endpoint,
    ...(status?.cluster === undefined ? {} : { cluster: status.cluster }),
    nodes,
    guests,
    issues,
    apiCalls,
  };
}
