// The in-memory cluster model. Plain data; API views derive wire rows from it.

export type GuestType = 'qemu' | 'lxc';
export type GuestStatus = 'running' | 'stopped';
export type ExtraInterface = 'docker0' | 'cni0';

export interface NodeModel {
  name: string;
  /** 1-based corosync node id. */
  nodeid: number;
  /** Loopback address from the address plan (reported as `ip` in /cluster/status). */
  ip: string;
  maxcpu: number;
  maxmem: number;
  maxdisk: number;
  online: boolean;
  /** Epoch seconds the node (re)booted; uptime derives from it. */
  bootTime: number;
  level: string;
}

export interface StorageModel {
  storage: string;
  plugintype: string;
  content: string;
  shared: 0 | 1;
  maxdisk: number;
}

export interface GuestModel {
  vmid: number;
  type: GuestType;
  node: string;
  /** `undefined` = no name in the config (PVE shows "VM <vmid>" / "CT<vmid>"). */
  name: string | undefined;
  status: GuestStatus;
  template: boolean;
  ostype: string;
  /** Raw `tags` config value (`;`-joined) or undefined. */
  tags: string | undefined;
  pool: string | undefined;
  hastate: string | undefined;
  lock: string | undefined;
  cores: number;
  sockets: number;
  memoryMiB: number;
  diskGiB: number;
  /** Raw `agent` config value (qemu only), undefined = not configured. */
  agent: string | undefined;
  /** Whether a guest agent actually answers inside the guest (when enabled and running). */
  agentInstalled: boolean;
  ipconfig0: string | undefined;
  hostpci0: string | undefined;
  smbiosUuid: string;
  vmgenid: string;
  /** Loopback address from the address plan. */
  address: string;
  ipv6Only: boolean;
  extraInterfaces: ExtraInterface[];
  /** LXC: static `ip=` in net0 (true) or dhcp (false). */
  staticIp: boolean;
  /** Epoch seconds of the last start (uptime and counters derive from it). */
  startedAt: number;
  /** Creation time (meta ctime). */
  ctime: number;
  /** Config keys set at run time through setConfig (null = deleted). */
  overrides: Map<string, string | number | null>;
  /** Cached config text digest; cleared on every config change. */
  digestCache: string | undefined;
}

export interface ClusterSpec {
  name: string;
  nodes: NodeModel[];
  storages: StorageModel[];
  pools: string[];
  guests: GuestModel[];
}
