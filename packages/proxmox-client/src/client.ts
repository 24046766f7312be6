// ProxmoxClient: typed, validated read methods over the transport.
import { TicketAuth, TokenAuth } from './auth.js';
import { ProxmoxOptionsError } from './errors.js';
import { buildInventory } from './inventory.js';
import { resolveOptions, type ResolvedOptions } from './options.js';
import {
  parseAgentInterfaces,
  parseClusterResources,
  parseClusterStatus,
  parseGuestList,
  parseLxcConfig,
  parseLxcInterfaces,
  parseNodeList,
  parsePermissions,
  parseQemuConfig,
  parseVersion,
  type ParseContext,
} from './parse.js';
import { targetNode } from './response-errors.js';
import { Transport, type TransportRequest } from './transport.js';
import type {
  ClusterResource,
  ClusterResourceType,
  ClusterStatus,
  EndpointHealth,
  GetOptions,
  Guest,
  GuestInterface,
  Inventory,
  InventoryOptions,
  LxcConfig,
  Node,
  Permissions,
  ProxmoxClientOptions,
  ProxmoxVersion,
  QemuConfig,
  QueryValue,
  RequestOptions,
} from './types.js';
import { validate } from './validate.js';

const enc = encodeURIComponent;

const RESOURCE_TYPES = new Set(['vm', 'node', 'storage', 'sdn']);

function checkNode(node: unknown): string {
  if (typeof node !== 'string' || node.trim() === '' || /[/?#\s]/.test(node)) {
    throw new ProxmoxOptionsError(
      'node',
      `Invalid node name ${JSON.stringify(node)}: give the node's name as /nodes or /cluster/resources report it (e.g. "pve1")`,
    );
  }
  return node;
}

function checkVmid(vmid: unknown): number {
  const n = typeof vmid === 'string' && /^\d+$/.test(vmid) ? Number(vmid) : vmid;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    throw new ProxmoxOptionsError(
      'vmid',
      `Invalid vmid ${JSON.stringify(vmid)}: expected a positive integer such as 100`,
    );
  }
  return n;
}

function requestOptions(options: RequestOptions | undefined): Partial<TransportRequest> {
  const out: Partial<TransportRequest> = {};
  if (options?.signal !== undefined) out.signal = options.signal;
  if (options?.timeoutMs !== undefined) out.timeoutMs = options.timeoutMs;
  return out;
}

/**
 * A read-focused Proxmox VE API client. One instance per cluster; it keeps connections, the
 * healthy-endpoint choice and (for ticket auth) the session. Call `close()` when done.
 */
export class ProxmoxClient {
  readonly #transport: Transport;
  readonly #options: ResolvedOptions;

  constructor(options: ProxmoxClientOptions) {
    this.#options = resolveOptions(options);
    this.#transport = new Transport(this.#options);
    const auth = this.#options.auth;
    this.#transport.setAuth(
      auth.type === 'token' ? new TokenAuth(auth) : new TicketAuth(auth, this.#transport),
    );
    if (this.#options.tls.insecure) {
      this.#options.logger.warn(
        { endpoints: this.#options.endpoints.map((e) => e.url) },
        'proxmox-client: TLS verification is DISABLED (tls.insecure) — anyone on the path can read the token; use tls.ca or tls.fingerprints instead',
      );
    }
  }

  /** Endpoint base URLs, normalised (`https://host:8006`). */
  get endpoints(): string[] {
    return this.#options.endpoints.map((e) => e.url);
  }

  /** Failover state of each endpoint. */
  health(): EndpointHealth[] {
    return this.#transport.health();
  }

  /** Closes pooled connections. The client cannot be used afterwards. */
  async close(): Promise<void> {
    await this.#transport.close();
  }

  /**
   * GET any API path (below `/api2/json`) and return `data`, validated by `schema` when given.
   * Paths under `/nodes/{node}/` count against that node's concurrency limit.
   */
  async get<T = unknown>(path: string, options: GetOptions<T> = {}): Promise<T> {
    if (typeof path !== 'string' || !path.startsWith('/')) {
      throw new ProxmoxOptionsError(
        'path',
        `Invalid path ${JSON.stringify(path)}: give an API path starting with "/", e.g. "/cluster/resources"`,
      );
    }
    const [withoutQuery = '', inlineQuery] = path.split('?', 2);
    const clean = withoutQuery.replace(/^\/api2\/json(?=\/)/, '');
    const query: Record<string, QueryValue> = {};
    for (const [key, value] of new URLSearchParams(inlineQuery ?? '')) query[key] = value;
    Object.assign(query, options.query);
    const response = await this.#transport.request({
      method: 'GET',
      path: clean,
      ...requestOptions(options),
      query,
      ...(clean.includes('/agent/') ? { kind: 'agent' as const } : {}),
    });
    if (options.schema === undefined) return response.data as T;
    return validate(options.schema, response.data, this.#context(clean, response.endpoint));
  }

  /** `GET /version` */
  async version(options?: RequestOptions): Promise<ProxmoxVersion> {
    return parseVersion(...(await this.#fetch('/version', options)));
  }

  /** `GET /cluster/status` (needs Sys.Audit on `/`). */
  async clusterStatus(options?: RequestOptions): Promise<ClusterStatus> {
    const [data, context] = await this.#fetch('/cluster/status', options);
    const status = parseClusterStatus(data, context);
    this.#transport.learnNodes(status.nodes, context.endpoint ?? '');
    return status;
  }

  /**
   * `GET /cluster/resources[?type=]` — `vm` returns qemu and lxc rows. Rows the token may not
   * audit are silently missing (PVE filters, it does not 403).
   */
  async clusterResources(
    options: RequestOptions & { type?: ClusterResourceType } = {},
  ): Promise<ClusterResource[]> {
    if (options.type !== undefined && !RESOURCE_TYPES.has(options.type)) {
      throw new ProxmoxOptionsError(
        'type',
        `Invalid resource type ${JSON.stringify(options.type)}: use one of vm, node, storage, sdn`,
      );
    }
    return parseClusterResources(
      ...(await this.#fetch('/cluster/resources', options, { type: options.type })),
    );
  }

  /** `GET /nodes` (includes each node's `ssl_fingerprint`). */
  async nodes(options?: RequestOptions): Promise<Node[]> {
    return parseNodeList(...(await this.#fetch('/nodes', options)));
  }

  /** `GET /nodes/{node}/qemu` */
  async qemuList(node: string, options?: RequestOptions): Promise<Guest[]> {
    const n = checkNode(node);
    return parseGuestList('qemu', n, ...(await this.#fetch(`/nodes/${enc(n)}/qemu`, options)));
  }

  /** `GET /nodes/{node}/lxc` (vmid may be a string on PVE < 8.1; normalised to a number). */
  async lxcList(node: string, options?: RequestOptions): Promise<Guest[]> {
    const n = checkNode(node);
    return parseGuestList('lxc', n, ...(await this.#fetch(`/nodes/${enc(n)}/lxc`, options)));
  }

  /** `GET /nodes/{node}/qemu/{vmid}/config` (pending changes ignored with `current: true`). */
  async qemuConfig(
    node: string,
    vmid: number,
    options: RequestOptions & { current?: boolean } = {},
  ): Promise<QemuConfig> {
    const n = checkNode(node);
    const id = checkVmid(vmid);
    const path = `/nodes/${enc(n)}/qemu/${id}/config`;
    return parseQemuConfig(
      n,
      id,
      ...(await this.#fetch(path, options, { current: options.current })),
    );
  }

  /** `GET /nodes/{node}/lxc/{vmid}/config` */
  async lxcConfig(
    node: string,
    vmid: number,
    options: RequestOptions & { current?: boolean } = {},
  ): Promise<LxcConfig> {
    const n = checkNode(node);
    const id = checkVmid(vmid);
    const path = `/nodes/${enc(n)}/lxc/${id}/config`;
    return parseLxcConfig(
      n,
      id,
      ...(await this.#fetch(path, options, { current: options.current })),
    );
  }

  /**
   * `GET /nodes/{node}/qemu/{vmid}/agent/network-get-interfaces`. Needs VM.GuestAgent.Audit
   * (PVE 9) or VM.Monitor (PVE 8). Throws ProxmoxGuestAgentError when the agent is not
   * configured / the VM is not running / the agent does not answer / the agent returned an error.
   * Uses the guest-agent time budget (`timeouts.agentMs`).
   */
  async qemuAgentInterfaces(
    node: string,
    vmid: number,
    options?: RequestOptions,
  ): Promise<GuestInterface[]> {
    const n = checkNode(node);
    const id = checkVmid(vmid);
    const path = `/nodes/${enc(n)}/qemu/${id}/agent/network-get-interfaces`;
    return parseAgentInterfaces(n, id, ...(await this.#fetch(path, options, undefined, 'agent')));
  }

  /** `GET /nodes/{node}/lxc/{vmid}/interfaces` (PVE ≥ 8.0; `[]` for a stopped container). */
  async lxcInterfaces(
    node: string,
    vmid: number,
    options?: RequestOptions,
  ): Promise<GuestInterface[]> {
    const n = checkNode(node);
    const id = checkVmid(vmid);
    const path = `/nodes/${enc(n)}/lxc/${id}/interfaces`;
    return parseLxcInterfaces(n, id, ...(await this.#fetch(path, options)));
  }

  /** `GET /access/permissions[?path=]` — what the current token/user may do. */
  async permissions(path?: string, options?: RequestOptions): Promise<Permissions> {
    return parsePermissions(...(await this.#fetch('/access/permissions', options, { path })));
  }

  /**
   * The cluster's nodes and guests in one call to `/cluster/resources` (plus `/cluster/status`
   * with `withNodeAddresses`) plus the per-guest calls you select, with caching hooks.
   */
  async inventory(options: InventoryOptions = {}): Promise<Inventory> {
    return buildInventory(this, options);
  }

  /** GETs `path` and returns `[data, context]`, ready to spread into a parse function. */
  async #fetch(
    path: string,
    options: RequestOptions | undefined,
    query?: Record<string, QueryValue>,
    kind?: 'agent',
  ): Promise<[unknown, ParseContext]> {
    const { data, endpoint } = await this.#transport.request({
      method: 'GET',
      path,
      ...requestOptions(options),
      ...(query === undefined ? {} : { query }),
      ...(kind === undefined ? {} : { kind }),
    });
    return [data, this.#context(path, endpoint)];
  }

  #context(path: string, endpoint: string) {
    const node = targetNode(path);
    return { method: 'GET', path, endpoint, ...(node === undefined ? {} : { node }) };
  }
}

/** Creates a ProxmoxClient; throws ProxmoxOptionsError for invalid options. */
export function createProxmoxClient(options: ProxmoxClientOptions): ProxmoxClient {
  return new ProxmoxClient(options);
}
