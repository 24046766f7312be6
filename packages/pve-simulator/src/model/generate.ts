// Deterministic cluster generation from a seed. Each guest draws from its own RNG stream
// (seed, vmid) so adding guests never reshuffles the existing ones.
import { guestAddress, nodeAddress } from './address-plan.js';
import { LINUX_ROLES, ODD_NAMES, WINDOWS_ROLES } from './names.js';
import { applyShowcase } from './showcase.js';
import { hex, intBetween, mixSeed, mulberry32, pick, uuid } from './rng.js';
import type { Rng } from './rng.js';
import type { ClusterSpec, GuestModel, GuestType, NodeModel, StorageModel } from './types.js';

export interface GenerateOptions {
  seed: number;
  nodes: number;
  guests: number;
  /** Epoch seconds used as "now" for uptimes. */
  now: number;
  clusterName?: string;
  /** Shifts every node/guest address (see the address plan); default 0. */
  addressOffset?: number;
  /**
   * `demo`: a healthy cluster for the demo — no IPv6-only guests (their ULA addresses are not
   * routable here) and every running guest with an exporter. `default` keeps the fixed traits
   * tests rely on.
   */
  profile?: 'default' | 'demo';
}

export const POOLS = ['prod', 'dev', 'lab'] as const;

const TAGS = [
  'prod',
  'dev',
  'web',
  'db',
  'k8s',
  'backup-daily',
  'go-proxmox+cloud-init',
  'team.a',
  'app_1',
  'critical',
  'monitoring',
] as const;

export const NODE_STORAGES: StorageModel[] = [
  {
    storage: 'local',
    plugintype: 'dir',
    content: 'iso,backup,vztmpl',
    shared: 0,
    maxdisk: 100 * 2 ** 30,
  },
  {
    storage: 'local-zfs',
    plugintype: 'zfspool',
    content: 'images,rootdir',
    shared: 0,
    maxdisk: 900 * 2 ** 30,
  },
  {
    storage: 'cephfs',
    plugintype: 'cephfs',
    content: 'backup,iso,vztmpl',
    shared: 1,
    maxdisk: 8 * 2 ** 40,
  },
];

export function generateNode(
  seed: number,
  index: number,
  now: number,
  addressOffset = 0,
): NodeModel {
  const rng = mulberry32(mixSeed(seed, 0xa0de, index));
  const maxcpu = pick(rng, [8, 12, 16, 32, 48, 64]);
  return {
    name: `pve${index}`,
    nodeid: index,
    ip: nodeAddress(index, addressOffset),
    maxcpu,
    maxmem: pick(rng, [64, 128, 256, 512]) * 2 ** 30 - intBetween(rng, 0, 2 ** 26),
    maxdisk: pick(rng, [480, 960, 1920]) * 10 ** 9 + intBetween(rng, 0, 10 ** 8),
    online: true,
    bootTime: now - intBetween(rng, 86_400, 90 * 86_400),
    level: '',
  };
}

function drawTags(rng: Rng): string | undefined {
  if (rng() < 0.4) return undefined;
  const n = intBetween(rng, 1, 3);
  const set = new Set<string>();
  for (let i = 0; i < n; i++) set.add(pick(rng, TAGS));
  // PVE stores tags de-duplicated, sorted and `;`-joined (GuestHelpers get_unique_tags).
  return [...set].sort().join(';');
}

export function generateGuest(
  seed: number,
  vmid: number,
  nodes: readonly NodeModel[],
  now: number,
  forceType?: GuestType,
  addressOffset = 0,
): GuestModel {
  const rng = mulberry32(mixSeed(seed, vmid));
  const type: GuestType = forceType ?? (rng() < 0.7 ? 'qemu' : 'lxc');
  const node = nodes[Math.floor(rng() * nodes.length)]?.name ?? 'pve1';
  const template = rng() < 0.04;
  const running = !template && rng() < 0.8;
  let ostype: string;
  if (type === 'qemu') {
    const r = rng();
    ostype =
      r < 0.64 ? 'l26' : r < 0.77 ? 'win10' : r < 0.9 ? 'win11' : r < 0.96 ? 'win8' : 'other';
  } else {
    ostype = pick(rng, ['debian', 'debian', 'ubuntu', 'ubuntu', 'alpine']);
  }
  const windows = ostype.startsWith('w');
  const role = windows ? pick(rng, WINDOWS_ROLES) : pick(rng, LINUX_ROLES);
  let name: string | undefined = `${role}-${String(vmid).padStart(3, '0')}`;
  const nameRoll = rng();
  if (nameRoll < 0.01) name = undefined;
  else if (nameRoll < 0.025) name = `${pick(rng, ODD_NAMES)}-${vmid}`;
  const tags = drawTags(rng);
  const pool = rng() < 0.5 ? pick(rng, POOLS) : undefined;
  const ha = rng() < 0.1;
  const lockRoll = rng();
  let agent: string | undefined;
  let agentInstalled = false;
  let ipconfig0: string | undefined;
  let hostpci0: string | undefined;
  if (type === 'qemu') {
    const a = rng();
    if (a < 0.62) agent = pick(rng, ['1', '1,fstrim_cloned_disks=1', 'enabled=1,type=virtio']);
    else if (a < 0.67) agent = '0';
    // Some enabled agents are not installed/started inside the guest.
    agentInstalled = agent !== undefined && agent !== '0' && rng() < 0.9;
    if (!windows && rng() < 0.35) {
      ipconfig0 =
        rng() < 0.75 ? `ip=${guestAddress(vmid, addressOffset)}/8,gw=127.0.0.1` : 'ip=dhcp';
    }
    if (rng() < 0.08) {
      const fn = intBetween(rng, 1, 7);
      hostpci0 = `0000:81:00.${fn},mdev=${pick(rng, ['nvidia-63', 'nvidia-64', 'nvidia-65', 'nvidia-46'])}`;
      if (rng() < 0.5) hostpci0 += ',pcie=1';
    }
  }
  const extraInterfaces: GuestModel['extraInterfaces'] = [];
  if (!windows) {
    if (rng() < 0.2) extraInterfaces.push('docker0');
    if (rng() < 0.1) extraInterfaces.push('cni0');
  }
  const cores = pick(rng, [1, 2, 2, 4, 4, 8]);
  return {
    vmid,
    type,
    node,
    name,
    status: running ? 'running' : 'stopped',
    template,
    ostype,
    tags,
    pool,
    hastate: ha ? (running ? 'started' : 'stopped') : undefined,
    lock: lockRoll < 0.01 ? 'backup' : lockRoll < 0.015 ? 'snapshot' : undefined,
    cores,
    sockets: type === 'qemu' && rng() < 0.15 ? 2 : 1,
    memoryMiB:
      type === 'lxc' ? pick(rng, [512, 1024, 2048]) : pick(rng, [1024, 2048, 4096, 8192, 16384]),
    diskGiB: pick(rng, [8, 16, 32, 64, 128]),
    agent,
    agentInstalled,
    ipconfig0,
    hostpci0,
    smbiosUuid: uuid(rng),
    vmgenid: uuid(rng),
    address: guestAddress(vmid, addressOffset),
    ipv6Only: rng() < 0.03,
    extraInterfaces,
    staticIp: rng() < 0.6,
    startedAt: running ? now - intBetween(rng, 60, 60 * 86_400) : 0,
    ctime: now - intBetween(rng, 90 * 86_400, 900 * 86_400),
    overrides: new Map(),
    digestCache: undefined,
  };
}

export function generateCluster(opts: GenerateOptions): ClusterSpec {
  const nodes: NodeModel[] = [];
  const offset = opts.addressOffset ?? 0;
  for (let i = 1; i <= opts.nodes; i++) nodes.push(generateNode(opts.seed, i, opts.now, offset));
  const guests: GuestModel[] = [];
  for (let i = 0; i < opts.guests; i++) {
    // Guarantee both kinds exist even in tiny clusters.
    const force: GuestType | undefined = i === 0 ? 'qemu' : i === 1 ? 'lxc' : undefined;
    const guest = generateGuest(opts.seed, 100 + i, nodes, opts.now, force, offset);
    applyShowcase(guest, i, opts.now);
    // The showcase's static cloud-init IP is written for offset 0: keep it the guest's address.
    if (guest.ipconfig0?.startsWith('ip=127.')) {
      guest.ipconfig0 = guest.ipconfig0.replace(/^ip=[\d.]+/, `ip=${guest.address}`);
    }
    if (opts.profile === 'demo') {
      guest.ipv6Only = false;
      // `other` guests run no exporter (LoadModel.exporterKind); the demo gives them Linux.
      if (guest.ostype === 'other') guest.ostype = 'l26';
    }
    guests.push(guest);
  }
  const rng = mulberry32(mixSeed(opts.seed, 0xc1));
  return {
    name: opts.clusterName ?? `sim-${hex(rng, 4)}`,
    nodes,
    storages: NODE_STORAGES,
    pools: [...POOLS],
    guests,
  };
}
