import { describe, expect, it } from 'vitest';
import type { Guest, LxcConfig } from '@pvemon/proxmox-client';
import { DEFAULT_GUEST_PORTS } from './overrides.js';
import type { ClusterSnapshot, GuestEntry } from './snapshot.js';
import { TargetStore } from './target-store.js';
import { buildTargets, type TargetSettings } from './targets.js';

const settings: TargetSettings = {
  ports: DEFAULT_GUEST_PORTS,
  nodeExporterPort: 9100,
  gpuExporterPort: 9835,
  gpuNodes: ['pve2'],
  pveTarget: 'pve1.example',
  pveModule: 'default',
};

function entry(
  vmid: number,
  g: Partial<Guest>,
  address?: string,
  extra: Partial<GuestEntry> = {},
): GuestEntry {
  return {
    guest: {
      id: `qemu/${vmid}`,
      type: 'qemu',
      vmid,
      name: `vm${vmid}`,
      hasName: true,
      node: 'pve1',
      status: 'running',
      template: false,
      tags: [],
      tagsRaw: '',
      maxCpu: 2,
      maxMemBytes: 2 ** 30,
      ...g,
    },
    os: g.type === 'lxc' ? 'linux' : 'windows',
    addressStale: false,
    fromUnreachableNode: false,
    ...(address ? { address: { address, source: 'agent' as const } } : {}),
    ...extra,
  };
}

function snapshot(cluster: string, entries: GuestEntry[]): ClusterSnapshot {
  return {
    cluster,
    takenAt: 0,
    guests: new Map(entries.map((e) => [e.guest.vmid, e])),
    nodes: [
      { name: 'pve1', ip: '10.0.0.1', online: true, nodeId: 1 },
      { name: 'pve2', ip: '10.0.0.2', online: true, nodeId: 2 },
      { name: 'pve3', online: true },
    ],
    unreachableNodes: [],
    apiCalls: 2,
  };
}

const lxcConfig = {
  type: 'lxc',
  ostype: 'debian',
  osFamily: 'linux',
  net: [],
  hostpci: undefined,
} as unknown as LxcConfig;

describe('buildTargets', () => {
  const s = snapshot('lab', [
    entry(100, { tags: ['prod'] }, '10.1.0.100'),
    entry(101, { type: 'lxc', node: 'pve2', tags: ['db', 'prod'] }, '2001:db8::101', {
      config: lxcConfig,
    }),
    entry(102, { status: 'stopped' }, undefined),
    entry(103, { template: true }, '10.1.0.103'),
    entry(104, { tags: ['pvemon-port-9999'] }, '10.1.0.104'),
    entry(105, {}, undefined, { unresolved: 'agent_not_running' }),
  ]);
  const t = buildTargets(s, settings);

  it('makes one group per running, non-template guest with an address', () => {
    expect(t.guests.map((g) => g.group.targets[0])).toEqual([
      '10.1.0.100:9182',
      '[2001:db8::101]:9100',
      '10.1.0.104:9999',
    ]);
  });

  it('marks gpu targets whose node hosts a vGPU (mdev) guest with __meta_pve_node_vgpu', () => {
    const qemu = (hostpci: { mdev?: string }[]) =>
      ({
        type: 'qemu',
        ostype: 'l26',
        osFamily: 'linux',
        net: [],
        hostpci,
        agent: { enabled: false },
      }) as unknown as LxcConfig;
    const v = buildTargets(
      snapshot('lab', [
        entry(200, { node: 'pve1' }, '10.1.0.200', { config: qemu([{ mdev: 'nvidia-63' }]) }),
        entry(201, { node: 'pve2' }, '10.1.0.201', { config: qemu([{}]) }),
      ]),
      settings,
    );
    expect(v.gpu.map((g) => [g.group.labels.node, g.group.labels.__meta_pve_node_vgpu])).toEqual([
      ['pve1', '1'],
      ['pve2', '0'],
    ]);
  });

  it('makes node, gpu and pve targets', () => {
    expect(t.nodes.map((g) => g.group.targets[0])).toEqual(['10.0.0.1:9100', '10.0.0.2:9100']);
    expect(t.gpu.map((g) => g.group.targets[0])).toEqual(['10.0.0.2:9835']);
    expect(t.pve).toHaveLength(1);
    expect(t.pve[0]?.group).toEqual({
      targets: ['pve1.example'],
      labels: { cluster: 'lab', __meta_pve_module: 'default' },
    });
  });

  it('serves merged, filterable bodies with stable ETags', () => {
    const store = new TargetStore();
    store.publish('lab', t);
    store.publish('other', buildTargets(snapshot('other', [entry(200, {}, '10.2.0.1')]), settings));
    const all = JSON.parse(store.body('guests').raw.toString()) as {
      labels: Record<string, string>;
    }[];
    expect(all.map((g) => g.labels.vm_id)).toEqual(['100', '101', '104', '200']);
    const etag = store.body('guests').etag;
    store.publish('other', buildTargets(snapshot('other', [entry(200, {}, '10.2.0.1')]), settings));
    expect(store.body('guests').etag).toBe(etag);

    const ids = (
      f: Parameters<TargetStore['body']>[1],
      role: 'guests' | 'nodes' = 'guests',
    ): string[] =>
      (JSON.parse(store.body(role, f).raw.toString()) as { labels: Record<string, string> }[]).map(
        (g) => g.labels.vm_id ?? `${g.labels.cluster}/${g.labels.node}`,
      );
    expect(ids({ tag: ['prod'] })).toEqual(['100', '101']);
    expect(ids({ tag: ['prod'], type: ['lxc'] })).toEqual(['101']);
    expect(ids({ cluster: ['other'] })).toEqual(['200']);
    expect(ids({ os: ['linux'] })).toEqual(['101']);
    expect(ids({ node: ['pve2'] })).toEqual(['101']);
    expect(ids({ tag: ['db'] }, 'nodes')).toEqual(['lab/pve2']);
    expect(store.body('gpu').gzip.length).toBeGreaterThan(0);
  });
});
