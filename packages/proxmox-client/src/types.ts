// Public, normalised types of @pvemon/proxmox-client. PVE's wire quirks (0/1 booleans, string or
// int vmid/memory, `;`/`,`-separated tags, property strings) never leak past these types.
// Stability rule: add fields, never rename or remove them.

/** The two guest kinds PVE manages. */
export type GuestType = 'qemu' | 'lxc';

/** Coarse OS family derived from `ostype` (see `osFamilyFromOstype`). */
export type OsFamily = 'linux' | 'windows' | 'other';

/** Node liveness as PVE reports it in `/cluster/resources` and `/nodes`. */
export type NodeStatus = 'online' | 'offline' | 'unknown';

/**
 * Guest status. `unknown` appears when the node has no RRD data for the guest (node offline,
 * brand-new guest); such rows are kept, not dropped. Other strings (e.g. `paused`) pass through.
 */
export type GuestStatus = 'running' | 'stopped' | 'paused' | 'unknown' | (string & {});

/** `/version` */
export interface ProxmoxVersion {
  /** `8.2.4` (PVE ≥ 8) or `7.2-3` (PVE ≤ 7). */
  version: string;
  /** `8.2` */
  release: string;
  /** 16 hex digits on PVE ≥ 8, 8 on older releases. */
  repoid: string;
  /** Major version parsed from `version` (NaN-free: undefined when unparsable). */
  major?: number;
  console?: string;
}

/** Identifies a guest on a node — the key of the caching hooks. */
export interface GuestKey {
  node: string;
  type: GuestType;
  vmid: number;
}

/** A cluster node, merged from `/cluster/resources` (stats) and optionally `/cluster/status`. */
export interface Node {
  /** `node/<name>` */
  id: string;
  name: string;
  status: NodeStatus;
  /** `status === 'online'` (or `/cluster/status` `online: 1` when fetched). */
  online: boolean;
  /** Corosync ring address from `/cluster/status` (only with `withNodeAddresses`). */
  ip?: string;
  /** Corosync node id from `/cluster/status`. */
  nodeId?: number;
  /** True for the node whose pveproxy answered `/cluster/status`. */
  local?: boolean;
  /** Subscription level: '', 'c', 'b', 's', 'p'. */
  level?: string;
  /** CPU usage as a fraction of `maxCpu` (0..1). */
  cpu?: number;
  maxCpu?: number;
  memBytes?: number;
  maxMemBytes?: number;
  diskBytes?: number;
  maxDiskBytes?: number;
  uptimeSeconds?: number;
  /** SHA-256 of the certificate pveproxy serves, `AA:BB:…` (only from `/nodes`). */
  sslFingerprint?: string;
  cgroupMode?: number;
  hostArch?: string;
}

/** A guest row of `/cluster/resources` (or `/nodes/{node}/{qemu,lxc}`), normalised. */
export interface Guest {
  /** `qemu/100`, `lxc/101` */
  id: string;
  type: GuestType;
  vmid: number;
  /** PVE's own default when the row has no name: `VM <vmid>` (qemu) / `CT<vmid>` (lxc). */
  name: string;
  /** False when `name` was missing on the wire and the default above was used. */
  hasName: boolean;
  /** Node currently hosting the guest. */
  node: string;
  status: GuestStatus;
  template: boolean;
  /** Split on `;`, `,` and whitespace, trimmed, lower-cased, de-duplicated, sorted. */
  tags: string[];
  /** The raw tag string as PVE returned it ('' when unset). */
  tagsRaw: string;
  pool?: string;
  /** `backup`, `migrate`, `snapshot`, … when locked. */
  lock?: string;
  /** HA service state (`started`, `stopped`, `error`, …) when HA-managed. */
  haState?: string;
  /** CPU usage as a fraction of `maxCpu` (0..1). */
  cpu?: number;
  /** vCPUs as PVE accounts them (qemu: vcpus || sockets*cores, capped at host CPUs; lxc: cores). */
  maxCpu?: number;
  memBytes?: number;
  maxMemBytes?: number;
  /** PVE 9: host view of the guest's memory. */
  memHostBytes?: number;
  diskBytes?: number;
  maxDiskBytes?: number;
  netInBytes?: number;
  netOutBytes?: number;
  diskReadBytes?: number;
  diskWriteBytes?: number;
  uptimeSeconds?: number;
  /** Process id on the host (node-level lists only). */
  pid?: number;
}

/** An IP assignment written in a guest config (`ip=` / `ip6=` of `ipconfigN` or LXC `netN`). */
export type IpAssignment =
  | { kind: 'static'; cidr: string; address: string; prefix?: number }
  | { kind: 'dhcp' }
  /** IPv6 SLAAC (`ip6=auto`). */
  | { kind: 'auto' }
  /** LXC `manual`: configured inside the container. */
  | { kind: 'manual' };

/** A parsed `net[n]` property string (qemu or lxc). */
export interface NetDevice {
  /** n of `net[n]` */
  index: number;
  /** `net0` */
  key: string;
  /** qemu NIC model (`virtio`, `e1000`, …); undefined for lxc. */
  model?: string;
  /** Lower-case `aa:bb:cc:dd:ee:ff` (qemu `<model>=MAC`/`macaddr=`, lxc `hwaddr=`). */
  macAddress?: string;
  bridge?: string;
  firewall: boolean;
  linkDown: boolean;
  /** VLAN tag */
  vlanTag?: number;
  trunks?: number[];
  mtu?: number;
  /** MB/s */
  rate?: number;
  queues?: number;
  /** lxc: interface name inside the container (`eth0`). */
  name?: string;
  /** lxc: `ip=` */
  ipv4?: IpAssignment;
  /** lxc: `ip6=` */
  ipv6?: IpAssignment;
  /** lxc: `gw=` */
  gateway4?: string;
  /** lxc: `gw6=` */
  gateway6?: string;
  /** lxc: `type=` (`veth`) */
  type?: string;
  /** Every key=value of the property string, unparsed. */
  options: Record<string, string>;
  raw: string;
}

/** A parsed cloud-init `ipconfig[n]` (pairs with `net[n]`). */
export interface IpConfig {
  index: number;
  /** `ipconfig0` */
  key: string;
  ipv4?: IpAssignment;
  ipv6?: IpAssignment;
  gateway4?: string;
  gateway6?: string;
  options: Record<string, string>;
  raw: string;
}

/** A parsed `hostpci[n]` (PCI passthrough / vGPU). */
export interface HostPciDevice {
  index: number;
  /** `hostpci0` */
  key: string;
  /** PCI ids from `host=` (`0000:01:00.0`, `01:00`), split on `;`. Empty when `mapping=` is used. */
  hosts: string[];
  /** Cluster resource mapping id (`/cluster/mapping/pci`). */
  mapping?: string;
  /** Mediated device type (`nvidia-63`, `i915-GVTg_V5_4`). */
  mdev?: string;
  /**
   * UUID PVE gives the mdev instance while the VM runs:
   * `sprintf('%08d-0000-0000-0000-%012d', index, vmid)`. Only set when `mdev` is.
   */
  mdevUuid?: string;
  pcie: boolean;
  xVga: boolean;
  rombar?: boolean;
  romfile?: string;
  legacyIgd?: boolean;
  driver?: string;
  vendorId?: string;
  deviceId?: string;
  subVendorId?: string;
  subDeviceId?: string;
  options: Record<string, string>;
  raw: string;
}

/** Parsed qemu `agent` property (`1`, `1,fstrim_cloned_disks=1`, `enabled=1,type=virtio`, `0`). */
export interface AgentConfig {
  /** The `agent` key exists in the config (PVE's first availability check). */
  configured: boolean;
  enabled: boolean;
  /** `virtio` (default) or `isa`. */
  type?: string;
  freezeFs?: boolean;
  fstrimClonedDisks?: boolean;
  raw?: string;
}

/** Parsed qemu `smbios1` (values decoded when `base64=1`). */
export interface Smbios1 {
  /** Lower-cased SMBIOS UUID (= QEMU `-uuid` for NVIDIA vGPU on PVE ≥ 7.4). */
  uuid?: string;
  manufacturer?: string;
  product?: string;
  version?: string;
  serial?: string;
  sku?: string;
  family?: string;
  options: Record<string, string>;
  raw: string;
}

/** Fields common to qemu and lxc configs. */
export interface GuestConfigBase {
  type: GuestType;
  node: string;
  vmid: number;
  /** SHA-1 of the config file; changes on every edit. */
  digest?: string;
  /** qemu `name` / lxc `hostname` (undefined when unset). */
  name?: string;
  tags: string[];
  tagsRaw: string;
  /** Configured memory in MiB (qemu `memory` int or `"[current=]N"` string). */
  memoryMiB?: number;
  /** Total vCPUs: qemu `vcpus || sockets*cores`, lxc `cores` (undefined = all host CPUs). */
  vcpus?: number;
  ostype?: string;
  osFamily: OsFamily;
  onboot: boolean;
  template: boolean;
  protection: boolean;
  lock?: string;
  description?: string;
  net: NetDevice[];
  /** The whole config as PVE returned it. */
  raw: Record<string, unknown>;
}

export interface QemuConfig extends GuestConfigBase {
  type: 'qemu';
  sockets: number;
  cores: number;
  /** Raw `vcpus` (hot-plugged vCPU count) when set and > 0. */
  vcpusHotplug?: number;
  /** `cpu` model string (`host`, `x86-64-v2-AES`, …). */
  cpuType?: string;
  /** MiB; 0 = balloon driver disabled; undefined = ballooning with min = memory. */
  balloonMiB?: number;
  ipconfig: IpConfig[];
  hostpci: HostPciDevice[];
  agent: AgentConfig;
  smbios1?: Smbios1;
  vmgenid?: string;
}

export interface LxcConfig extends GuestConfigBase {
  type: 'lxc';
  hostname?: string;
  cores?: number;
  swapMiB?: number;
  arch?: string;
  unprivileged: boolean;
}

export type GuestConfig = QemuConfig | LxcConfig;

export type AddressFamily = 'ipv4' | 'ipv6';

/** One IP address of a guest interface (QEMU agent or LXC `/interfaces`). */
export interface GuestAddress {
  address: string;
  family: AddressFamily;
  prefix?: number;
  /** 127.0.0.0/8 or ::1 */
  loopback: boolean;
  /** 169.254.0.0/16 or fe80::/10 */
  linkLocal: boolean;
}

export interface GuestInterfaceStatistics {
  rxBytes?: number;
  rxPackets?: number;
  rxErrors?: number;
  rxDropped?: number;
  txBytes?: number;
  txPackets?: number;
  txErrors?: number;
  txDropped?: number;
}

/** A network interface seen from inside a guest. */
export interface GuestInterface {
  name: string;
  /** Lower-case MAC; undefined when not reported. */
  macAddress?: string;
  addresses: GuestAddress[];
  statistics?: GuestInterfaceStatistics;
}

/** `/cluster/status` cluster row — absent on a standalone node. */
export interface ClusterInfo {
  name: string;
  /** Number of nodes in the corosync config. */
  nodes: number;
  /** Corosync config version. */
  version: number;
  quorate: boolean;
}

/** `/cluster/status` node row. */
export interface ClusterNodeStatus {
  name: string;
  /** `node/<name>` */
  id: string;
  /** 0 on a standalone node. */
  nodeId: number;
  ip?: string;
  /** The node whose pveproxy answered. */
  local: boolean;
  online: boolean;
  level?: string;
}

export interface ClusterStatus {
  /** Undefined on a standalone (non-clustered) node. */
  cluster?: ClusterInfo;
  nodes: ClusterNodeStatus[];
  standalone: boolean;
}

/**
 * `/access/permissions`: path → privilege → grant. `propagate` mirrors PVE's 1/0 value.
 * Use `hasPrivilege(perms, path, privilege)` to test a path including inherited grants.
 */
export interface Permissions {
  paths: Record<string, Record<string, { propagate: boolean }>>;
}

/** A non-fatal failure recorded by `inventory()` instead of being thrown. */
export interface InventoryIssue {
  /** What failed: the cluster status call, a guest's config or interfaces. */
  scope: 'cluster-status' | 'config' | 'interfaces';
  guest?: GuestKey;
  node?: string;
  error: Error;
}

/** A guest as returned by `inventory()`: the resource row plus what the caller asked for. */
export interface InventoryGuest extends Guest {
  /** Present when `withConfig` selected the guest and the config was obtained (fresh or cached). */
  config?: GuestConfig;
  /** True when `config` came from the `configCache` without an API call. */
  configFromCache?: boolean;
  /** True when a fresh config's `digest` differs from the cached one (or there was none). */
  configChanged?: boolean;
  /** Why the config could not be fetched (node unreachable, permission, …). */
  configError?: Error;
  /** Present when `withInterfaces` selected the guest and interfaces were obtained. */
  interfaces?: GuestInterface[];
  interfacesFromCache?: boolean;
  /** Agent unavailable, node unreachable, permission, … */
  interfacesError?: Error;
  /**
   * Uptime went down since the cached entry (the guest restarted, or stopped): cached data was
   * not trusted. Only known when a cache entry existed.
   */
  restarted?: boolean;
}

export interface Inventory {
  /** Epoch milliseconds when the `/cluster/resources` response arrived. */
  fetchedAt: number;
  /** The endpoint that answered `/cluster/resources`. */
  endpoint: string;
  cluster?: ClusterInfo;
  nodes: Node[];
  guests: InventoryGuest[];
  /** Per-guest / per-call failures; the rest of the inventory is still valid. */
  issues: InventoryIssue[];
  /** API calls this inventory made (cache hits and skipped calls excluded; retries not counted). */
  apiCalls: number;
}

/** Cached guest config plus what `inventory()` needs to decide whether it is still valid. */
export interface ConfigCacheEntry {
  config: GuestConfig;
  /** Epoch ms of the fetch. */
  fetchedAt: number;
  /** Guest uptime when fetched: a lower uptime later means a restart. */
  uptimeSeconds?: number;
  /** Resource-row fields that change when the config changes (name, tags, template, lock). */
  fingerprint: string;
}

export interface InterfacesCacheEntry {
  interfaces: GuestInterface[];
  fetchedAt: number;
  uptimeSeconds?: number;
}

/**
 * Storage for configs between inventory runs (a Map, an LRU, Redis …). Keys are
 * `(node, type, vmid)`; a migration changes the node and therefore misses the cache.
 * Methods may be sync or async.
 */
export interface ConfigCache {
  get(key: GuestKey): ConfigCacheEntry | undefined | Promise<ConfigCacheEntry | undefined>;
  set(key: GuestKey, entry: ConfigCacheEntry): void | Promise<void>;
  delete?(key: GuestKey): void | Promise<void>;
}

export interface InterfacesCache {
  get(key: GuestKey): InterfacesCacheEntry | undefined | Promise<InterfacesCacheEntry | undefined>;
  set(key: GuestKey, entry: InterfacesCacheEntry): void | Promise<void>;
  delete?(key: GuestKey): void | Promise<void>;
}

/** Select guests for per-guest calls: `true` = all eligible, or a predicate. */
export type GuestSelector = boolean | ((guest: Guest) => boolean);

/** Predicate on the guest and (when fetched) its config. */
export type GuestInterfacesSelector =
  boolean | ((guest: Guest, config: GuestConfig | undefined) => boolean);

export interface InventoryOptions {
  signal?: AbortSignal;
  /** Also call `/cluster/status` to learn node IPs, node ids and quorum (needs Sys.Audit on /). */
  withNodeAddresses?: boolean;
  /** Fetch guest configs (one call per selected guest, unless cached). Default false. */
  withConfig?: GuestSelector;
  /**
   * Fetch guest interfaces (QEMU agent / LXC `/interfaces`). Only running, non-template guests
   * are ever asked, and qemu guests only when their config (if fetched) has the agent enabled.
   * Default false.
   */
  withInterfaces?: GuestInterfacesSelector;
  /** Include templates in `guests` (default true; they are never asked for interfaces). */
  includeTemplates?: boolean;
  configCache?: ConfigCache;
  /** Re-fetch a cached config after this age even if nothing changed (default 10 min). */
  configMaxAgeMs?: number;
  interfacesCache?: InterfacesCache;
  /** Re-fetch cached interfaces after this age (default 60 s). */
  interfacesMaxAgeMs?: number;
  /** Max per-guest calls in flight for this inventory (default 6; the client limits apply too). */
  concurrency?: number;
  /**
   * Applied to every fetched config before it is cached and attached to its guest, e.g. to keep
   * only the fields the caller reads: a 10,000-guest inventory otherwise holds every full config
   * (raw key/value map, descriptions) until it returns.
   */
  configTransform?: (config: GuestConfig) => GuestConfig;
  /** Same for fetched interfaces (e.g. to drop traffic statistics). */
  interfacesTransform?: (interfaces: GuestInterface[]) => GuestInterface[];
}

/** Minimal structured logger; pino's and console's methods both fit. */
export interface ProxmoxLogger {
  debug?(obj: object, msg?: string): void;
  info?(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error?(obj: object, msg?: string): void;
}

/** API token auth (recommended): header `Authorization: PVEAPIToken=<tokenId>=<secret>`. */
export interface TokenAuthOptions {
  type: 'token';
  /** `USER@REALM!TOKENID`, e.g. `monitor@pve!sd`. */
  tokenId: string;
  /** The token secret (a UUID shown once by `pveum user token add`). */
  secret: string;
}

/** Ticket (password) auth: POST /access/ticket, cookie + CSRF token, renewed before expiry. */
export interface TicketAuthOptions {
  type: 'ticket';
  /** `USER@REALM`, e.g. `monitor@pve`. */
  username: string;
  password: string;
  /** Renew the ticket after this age (default 1 h; PVE tickets expire after 2 h). */
  renewAfterMs?: number;
}

export type AuthOptions = TokenAuthOptions | TicketAuthOptions;

export type CertificateInput = string | Buffer;

export interface TlsOptions {
  /** PEM CA(s) to trust, e.g. the cluster's `/etc/pve/pve-root-ca.pem`. Replaces system CAs. */
  ca?: CertificateInput | CertificateInput[];
  /**
   * SHA-256 fingerprints of accepted leaf certificates (`AA:BB:…` as `/nodes` reports them;
   * case and colons do not matter). A matching leaf is accepted whatever its chain or hostname.
   */
  fingerprints?: string | string[];
  /** Check the certificate's names against the endpoint host (default true; CA mode only). */
  verifyHostname?: boolean;
  /** Accept any certificate. Logs a warning. Never use outside a lab. */
  insecure?: boolean;
}

export interface TimeoutOptions {
  /** TCP+TLS connect (default 5 000 ms). */
  connectMs?: number;
  /** Until response headers (default 15 000 ms). */
  headersMs?: number;
  /** Between body chunks (default 15 000 ms). */
  bodyMs?: number;
  /** Whole request including body, per attempt (default 30 000 ms). */
  requestMs?: number;
  /** Whole request for guest-agent calls (default 15 000 ms; PVE itself spends up to ~8 s). */
  agentMs?: number;
}

export interface RetryOptions {
  /** Extra attempts after the first, GET only (default 2; 0 disables). */
  retries?: number;
  /** First backoff delay (default 200 ms), doubled per attempt, full jitter. */
  baseDelayMs?: number;
  /** Backoff cap (default 2 000 ms). */
  maxDelayMs?: number;
  /** Retry 595/596 (target node unreachable). Default false: the node is likely down. */
  retryNodeUnreachable?: boolean;
}

export interface ConcurrencyOptions {
  /** In-flight requests per endpoint (default 3 = pveproxy's worker count). */
  perEndpoint?: number;
  /** In-flight proxied `/nodes/{node}/…` requests per target node (default 3). */
  perNode?: number;
  /**
   * Spread `/nodes/{node}/…` requests over the endpoints instead of sending everything to the
   * preferred one (default false). Such a request goes to the node's own endpoint when known
   * (learnt from `/cluster/status`: the `local` row, or an endpoint whose host is the node's IP
   * or name), which saves PVE a proxy hop; otherwise to the healthy endpoint with the fewest
   * requests routed to it. Failover order is unchanged after that first choice.
   */
  spread?: boolean;
}

export interface FailoverOptions {
  /** After a failure, skip an endpoint for this long before trying it again (default 30 000 ms). */
  cooldownMs?: number;
}

export interface ProxmoxClientOptions {
  /**
   * API URLs of one or more cluster nodes: `https://pve1.example:8006`, `pve2.example`
   * (https and port 8006 assumed when omitted). Any node answers for the whole cluster.
   */
  endpoints: string | string[];
  auth: AuthOptions;
  tls?: TlsOptions;
  timeouts?: TimeoutOptions;
  /** `false` disables retries. */
  retry?: RetryOptions | false;
  concurrency?: ConcurrencyOptions;
  failover?: FailoverOptions;
  /** Receives warnings (insecure TLS, failover). Default: console for warnings only. */
  logger?: ProxmoxLogger;
  /** `User-Agent` header (default `pvemon-proxmox-client/<version>`). */
  userAgent?: string;
}

/** Health of one configured endpoint, as seen by the failover logic. */
export interface EndpointHealth {
  /** Base URL, e.g. `https://pve1.example:8006`. */
  endpoint: string;
  /** The endpoint requests go to first (the last one that answered). */
  preferred: boolean;
  /** False while the endpoint cools down after a failure. */
  healthy: boolean;
  /** Consecutive failures (reset by a success). */
  consecutiveFailures: number;
  /** Epoch ms until which the endpoint is skipped (when unhealthy). */
  cooldownUntil?: number;
  /** Message of the last failure. */
  lastError?: string;
  /** Requests currently in flight to this endpoint. */
  inFlight: number;
}

/** Per-call options accepted by every method. */
export interface RequestOptions {
  signal?: AbortSignal;
  /** Overrides the whole-request timeout for this call. */
  timeoutMs?: number;
}

export type QueryValue = string | number | boolean | undefined;

export interface GetOptions<T> extends RequestOptions {
  query?: Record<string, QueryValue>;
  /** A zod (or zod-compatible) schema validating `data`; without it `data` is `unknown`. */
  schema?: { safeParse(input: unknown): SafeParseLike<T> };
}

export type SafeParseLike<T> =
  | { success: true; data: T }
  | { success: false; error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } };

export type ClusterResourceType = 'vm' | 'node' | 'storage' | 'sdn';

/** A `/cluster/resources` row, normalised by kind. */
export type ClusterResource =
  | ({ kind: 'guest' } & Guest)
  | ({ kind: 'node' } & Node)
  | {
      kind: 'storage';
      id: string;
      node: string;
      storage: string;
      status: string;
      plugintype?: string;
      content: string[];
      shared: boolean;
      diskBytes?: number;
      maxDiskBytes?: number;
      raw: Record<string, unknown>;
    }
  | { kind: 'other'; id: string; type: string; raw: Record<string, unknown> };

/** Why the QEMU guest agent could not answer. */
export type GuestAgentUnavailableReason =
  | 'not-configured'
  | 'vm-not-running'
  | 'agent-not-running'
  /** HTTP 200 whose `result` is an agent error object (old PVE / unsupported command). */
  | 'agent-error';

/** Machine-readable error codes (stable; safe across duplicate package copies). */
export type ProxmoxErrorCode =
  | 'OPTIONS'
  | 'AUTHENTICATION'
  | 'PERMISSION'
  | 'NOT_FOUND'
  | 'GUEST_AGENT_UNAVAILABLE'
  | 'NODE_UNREACHABLE'
  | 'TIMEOUT'
  | 'TLS'
  | 'INVALID_RESPONSE'
  | 'CONNECTION'
  | 'ABORTED'
  | 'HTTP';
