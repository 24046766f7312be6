import { formatTarget } from './address.js';
import { guestLabels, type Labels } from './labels.js';
import { guestPort, type GuestPorts } from './overrides.js';
import { isTarget, type ClusterSnapshot, type GuestEntry } from './snapshot.js';

export const ROLES = ['guests', 'nodes', 'pve', 'gpu'] as const;
export type Role = (typeof ROLES)[number];

/** What a target can be filtered on (`?cluster=&node=&tag=&type=&os=`). */
export interface Facets {
  readonly cluster: string;
  readonly nodes: ReadonlySet<string>;
  readonly tags: ReadonlySet<string>;
  readonly types: ReadonlySet<string>;
  readonly os: ReadonlySet<string>;
}

export interface TargetGroup {
  readonly targets: readonly string[];
  readonly labels: Labels;
}

export interface FacetedGroup {
  readonly group: TargetGroup;
  readonly facets: Facets;
}

const faceted = (group: TargetGroup, facets: Facets): FacetedGroup => ({ group, facets });

/** Everything a guest's target group is derived from; equal signatures → equal groups. */
function guestSignature(e: GuestEntry, cluster: string, port: number): string {
  const g = e.guest;
  const c = e.config;
  return [
    cluster,
    g.name,
    g.node,
    g.type,
    g.tagsRaw,
    g.pool,
    g.haState,
    g.lock,
    g.maxCpu,
    g.maxMemBytes,
    c?.digest,
    c?.vcpus,
    e.os,
    e.address?.address,
    e.address?.source,
    e.addressStale,
    port,
  ].join('\u0001');
}

/** Memo of guest target groups between refreshes (most guests do not change). */
export type GuestGroupMemo = Map<number, { sig: string; group: FacetedGroup }>;

/** The per-cluster settings target building needs. */
export interface TargetSettings {
  readonly ports: GuestPorts;
  readonly nodeExporterPort: number;
  readonly gpuExporterPort: number;
  readonly gpuNodes: readonly string[];
  /** Host the pve-exporter should query (`target` param). */
  readonly pveTarget: string;
  readonly pveModule: string;
}

export type RoleGroups = Record<Role, FacetedGroup[]>;

const one = (v: string): ReadonlySet<string> => new Set([v]);

/** Builds every role's target groups of one cluster snapshot. */
export function buildTargets(
  s: ClusterSnapshot,
  settings: TargetSettings,
  memo: GuestGroupMemo = new Map(),
): RoleGroups {
  const guests: FacetedGroup[] = [];
  const seen = new Set<number>();
  // Per node: facets of the running guests it hosts (node-level roles filter on them).
  const hosted = new Map<string, { tags: Set<string>; types: Set<string>; os: Set<string> }>();
  const gpuNodes = new Set(settings.gpuNodes);
  // Nodes hosting a guest with a mediated device (`hostpciN: …,mdev=`): they run pvemon-vgpu.
  const vgpuNodes = new Set<string>();
  const sorted = [...s.guests.values()].sort((a, b) => a.guest.vmid - b.guest.vmid);
  for (const e of sorted) {
    const g = e.guest;
    if (e.config?.type === 'qemu' && e.config.hostpci.length > 0) gpuNodes.add(g.node);
    if (e.config?.type === 'qemu' && e.config.hostpci.some((d) => d.mdev)) vgpuNodes.add(g.node);
    if (g.status !== 'running' || g.template) continue;
    const h = hosted.get(g.node) ?? { tags: new Set(), types: new Set(), os: new Set() };
    for (const t of g.tags) h.tags.add(t);
    h.types.add(g.type);
    h.os.add(e.os);
    hosted.set(g.node, h);
    if (!isTarget(e)) continue;
    seen.add(g.vmid);
    const port = guestPort(g.type, e.os, g.tags, settings.ports);
    const sig = guestSignature(e, s.cluster, port);
    const cached = memo.get(g.vmid);
    if (cached?.sig === sig) {
      guests.push(cached.group);
      continue;
    }
    const labels = guestLabels({
      cluster: s.cluster,
      guest: g,
      config: e.config,
      os: e.os,
      addressSource: e.address.source,
    });
    if (e.addressStale) labels.__meta_pve_address_stale = '1';
    const group = faceted(
      { targets: [formatTarget(e.address.address, port)], labels },
      {
        cluster: s.cluster,
        nodes: one(g.node),
        tags: new Set(g.tags),
        types: one(g.type),
        os: one(e.os),
      },
    );
    memo.set(g.vmid, { sig, group });
    guests.push(group);
  }
  for (const vmid of memo.keys()) if (!seen.has(vmid)) memo.delete(vmid);

  const empty = { tags: new Set<string>(), types: new Set<string>(), os: new Set<string>() };
  const nodeGroup = (
    name: string,
    ip: string,
    port: number,
    online: boolean,
    nodeId?: number,
    extra: Labels = {},
  ): FacetedGroup => {
    const h = hosted.get(name) ?? empty;
    const labels: Labels = {
      node: name,
      cluster: s.cluster,
      __meta_pve_node_online: online ? '1' : '0',
      ...extra,
    };
    if (nodeId !== undefined) labels.__meta_pve_node_id = String(nodeId);
    if (s.corosyncName) labels.__meta_pve_corosync_cluster = s.corosyncName;
    return faceted(
      { targets: [formatTarget(ip, port)], labels },
      { cluster: s.cluster, nodes: one(name), tags: h.tags, types: h.types, os: h.os },
    );
  };
  const withIp = s.nodes.filter((n): n is typeof n & { ip: string } => n.ip !== undefined);
  const nodes = withIp.map((n) =>
    nodeGroup(n.name, n.ip, settings.nodeExporterPort, n.online, n.nodeId),
  );
  const gpu = withIp
    .filter((n) => gpuNodes.has(n.name))
    .map((n) =>
      nodeGroup(n.name, n.ip, settings.gpuExporterPort, n.online, n.nodeId, {
        __meta_pve_node_vgpu: vgpuNodes.has(n.name) ? '1' : '0',
      }),
    );

  const all = {
    tags: new Set([...hosted.values()].flatMap((h) => [...h.tags])),
    types: new Set([...hosted.values()].flatMap((h) => [...h.types])),
    os: new Set([...hosted.values()].flatMap((h) => [...h.os])),
  };
  const pve: FacetedGroup[] = [
    faceted(
      {
        targets: [settings.pveTarget],
        labels: {
          cluster: s.cluster,
          __meta_pve_module: settings.pveModule,
          ...(s.corosyncName ? { __meta_pve_corosync_cluster: s.corosyncName } : {}),
        },
      },
      { cluster: s.cluster, nodes: new Set(s.nodes.map((n) => n.name)), ...all },
    ),
  ];
  return { guests, nodes, pve, gpu };
}

/** Query filters; each is OR within itself and AND across filters. */
export interface TargetFilter {
  readonly cluster?: readonly string[];
  readonly node?: readonly string[];
  readonly tag?: readonly string[];
  readonly type?: readonly string[];
  readonly os?: readonly string[];
}

const hits = (want: readonly string[] | undefined, have: ReadonlySet<string>): boolean =>
  !want || want.length === 0 || want.some((w) => have.has(w));

export function matches(f: Facets, filter: TargetFilter): boolean {
  return (
    (!filter.cluster || filter.cluster.length === 0 || filter.cluster.includes(f.cluster)) &&
    hits(filter.node, f.nodes) &&
    hits(
      filter.tag?.map((t) => t.toLowerCase()),
      f.tags,
    ) &&
    hits(filter.type, f.types) &&
    hits(filter.os, f.os)
  );
}

export function isEmptyFilter(f: TargetFilter): boolean {
  return Object.values(f).every((v) => !v || (v as readonly string[]).length === 0);
}
