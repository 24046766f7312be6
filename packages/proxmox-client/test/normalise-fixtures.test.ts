// Every normaliser against the real PVE bodies in test/fixtures (see fixtures/SOURCES.md).
import { describe, expect, it } from 'vitest';
import { normaliseClusterStatus } from '../src/normalise/cluster-status.js';
import { normaliseLxcConfig, normaliseQemuConfig } from '../src/normalise/config.js';
import { normaliseAgentInterfaces, normaliseLxcInterfaces } from '../src/normalise/interfaces.js';
import {
  normaliseClusterResource,
  normaliseGuest,
  normaliseNodeListItem,
} from '../src/normalise/resources.js';
import { normaliseVersion } from '../src/normalise/version.js';
import {
  agentInterfacesSchema,
  clusterResourcesSchema,
  clusterStatusSchema,
  guestConfigSchema,
  guestListSchema,
  lxcInterfacesSchema,
  nodeListSchema,
  versionSchema,
} from '../src/schemas.js';
import {
  ProxmoxGuestAgentError,
  ProxmoxInvalidResponseError,
  parseAgentInterfaces,
  parseClusterResources,
  parseGuestList,
  parseQemuConfig,
} from '../src/index.js';
import { fixture } from './fixtures.js';

describe('/cluster/resources (go-proxmox PVE 8)', () => {
  const rows = clusterResourcesSchema.parse(fixture('cluster_resources.go-proxmox-pve8x'));
  const resources = rows.map(normaliseClusterResource);
  const guests = resources.filter((r) => r.kind === 'guest');
  const nodes = resources.filter((r) => r.kind === 'node');

  it('splits rows by kind', () => {
    expect(guests).toHaveLength(4);
    expect(nodes.map((n) => n.name).sort()).toEqual(['node1', 'node2', 'node3', 'node4']);
    expect(resources.filter((r) => r.kind === 'storage')).toHaveLength(12);
  });

  it('normalises a running VM with 0/1 template and byte counters', () => {
    expect(guests.find((g) => g.vmid === 100)).toMatchObject({
      id: 'qemu/100',
      type: 'qemu',
      name: 'server1',
      hasName: true,
      node: 'node2',
      status: 'running',
      template: false,
      tags: [],
      tagsRaw: '',
      maxCpu: 1,
      memBytes: 842551296,
      netInBytes: 2456116121,
      uptimeSeconds: 874350,
    });
  });

  it('marks template: 1 as a template and keeps one-tag strings containing +', () => {
    expect(guests.find((g) => g.vmid === 101)?.template).toBe(true);
    expect(guests.find((g) => g.vmid === 102)?.tags).toEqual(['go-proxmox+cloud-init']);
  });

  it('normalises node rows (status online → online: true, cgroup-mode)', () => {
    expect(nodes.find((n) => n.name === 'node1')).toMatchObject({
      id: 'node/node1',
      status: 'online',
      online: true,
      maxCpu: 8,
      cgroupMode: 2,
    });
  });

  it('sorts the random-order storage content list and maps shared 0 → false', () => {
    const storage = resources.find((r) => r.id === 'storage/node1/local');
    expect(storage).toMatchObject({
      kind: 'storage',
      content: ['backup', 'iso', 'vztmpl'],
      shared: false,
    });
  });

  it('keeps rows with missing name and status unknown (node without RRD data)', () => {
    const row = clusterResourcesSchema.parse([
      { id: 'lxc/105', type: 'lxc', vmid: 105, node: 'node4', status: 'unknown' },
    ]);
    const [guest] = row.map(normaliseClusterResource);
    expect(guest).toMatchObject({
      kind: 'guest',
      name: 'CT105',
      hasName: false,
      status: 'unknown',
      template: false,
    });
    const [vm] = clusterResourcesSchema
      .parse([{ id: 'qemu/300', type: 'qemu', vmid: 300, node: 'node4' }])
      .map(normaliseClusterResource);
    expect(vm).toMatchObject({ name: 'VM 300', status: 'unknown' });
  });

  it('rejects a guest row without vmid, naming the field', () => {
    const result = clusterResourcesSchema.safeParse([{ id: 'qemu/1', type: 'qemu', node: 'n' }]);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([0, 'vmid']);
  });
});

describe('/nodes (go-proxmox PVE 8)', () => {
  it('keeps ssl_fingerprint as reported', () => {
    const nodes = nodeListSchema
      .parse(fixture('nodes.go-proxmox-pve8x'))
      .map(normaliseNodeListItem);
    expect(nodes[0]).toMatchObject({
      name: 'node1',
      online: true,
      sslFingerprint:
        '80:D4:F2:DF:64:95:CD:8D:A0:82:82:AC:48:BA:C0:7A:1B:6B:87:8B:FE:B9:83:1C:95:4E:79:58:77:99:69:F5',
    });
  });
});

describe('/nodes/{node}/lxc (go-proxmox PVE 7: string vmid)', () => {
  it('normalises string vmids to numbers and keeps the template CT', () => {
    const rows = guestListSchema.parse(fixture('nodes_node_lxc.go-proxmox-pve7x'));
    const guests = rows.map((r) => normaliseGuest(r, 'lxc', 'pve1'));
    expect(guests.map((g) => g.vmid)).toEqual([106, 105, 101]);
    expect(guests.map((g) => g.id)).toEqual(['lxc/106', 'lxc/105', 'lxc/101']);
    expect(guests[2]).toMatchObject({ template: true, status: 'stopped', node: 'pve1', maxCpu: 1 });
    expect(guests[0]?.pid).toBe(248173);
  });
});

describe('/cluster/status', () => {
  it('reads a quorate 4-node PVE 8 cluster and the local node', () => {
    const status = normaliseClusterStatus(
      clusterStatusSchema.parse(fixture('cluster_status.go-proxmox-pve8x')),
    );
    expect(status.cluster).toEqual({ name: 'clustername', nodes: 4, version: 4, quorate: true });
    expect(status.standalone).toBe(false);
    expect(status.nodes.map((n) => n.name)).toEqual(['node1', 'node2', 'node3', 'node4']);
    expect(status.nodes.find((n) => n.local)).toMatchObject({
      name: 'node1',
      ip: '192.168.1.1',
      nodeId: 1,
      online: true,
    });
  });
  it('reads an offline node (PVE 6.2 recording)', () => {
    const status = normaliseClusterStatus(
      clusterStatusSchema.parse(fixture('cluster_status.ansible-pve6.2')),
    );
    expect(status.nodes.find((n) => n.name === 'testnode2')).toMatchObject({
      online: false,
      local: false,
    });
  });
  it('detects a standalone node (no cluster row)', () => {
    const status = normaliseClusterStatus(
      clusterStatusSchema.parse([
        {
          type: 'node',
          id: 'node/pve',
          name: 'pve',
          nodeid: 0,
          local: 1,
          online: 1,
          ip: '10.0.0.2',
        },
      ]),
    );
    expect(status.standalone).toBe(true);
    expect(status.cluster).toBeUndefined();
  });
});

describe('qemu configs (PVE 6.2 recordings)', () => {
  const load = (name: string, vmid: number) =>
    normaliseQemuConfig('testnode', vmid, guestConfigSchema.parse(fixture(name)));

  it('linux: integer memory, agent with fstrim, tags "one, two, three", net0', () => {
    const c = load('nodes_node_qemu_vmid_config.linux.ansible-pve6.2', 101);
    expect(c).toMatchObject({
      type: 'qemu',
      name: 'test-qemu',
      memoryMiB: 1000,
      vcpus: 1,
      sockets: 1,
      cores: 1,
      osFamily: 'linux',
      ostype: 'l26',
      onboot: true,
      tags: ['one', 'three', 'two'],
      cpuType: 'host',
      agent: { configured: true, enabled: true, fstrimClonedDisks: true },
      smbios1: { uuid: 'ffffffff-ffff-ffff-ffff-ffffffffffff' },
    });
    expect(c.net).toHaveLength(1);
    expect(c.net[0]).toMatchObject({
      model: 'virtio',
      macAddress: 'ff:ff:ff:ff:ff:ff',
      bridge: 'vmbr0',
      firewall: true,
    });
    expect(c.hostpci).toEqual([]);
    expect(c.ipconfig).toEqual([]);
  });

  it('multi-nic: two NICs in index order, agent type virtio, balloon 0, vcpus = sockets*cores', () => {
    const c = load('nodes_node_qemu_vmid_config.linux-multi-nic.ansible-pve6.2', 103);
    expect(c.net.map((n) => [n.key, n.bridge])).toEqual([
      ['net0', 'vmbr0'],
      ['net1', 'vmbr1'],
    ]);
    expect(c.agent).toMatchObject({ enabled: true, type: 'virtio' });
    expect(c.balloonMiB).toBe(0);
    expect(c.vcpus).toBe(4);
    expect(c.smbios1?.uuid).toBe('863b31c3-42ca-4a92-aed7-4111f342f70a');
    expect(c.digest).toBe('51b7599f869b9a3f564804a0aed290f3de803292');
  });

  it('windows: ostype win8 → windows, 6 cores, agent "1"', () => {
    const c = load('nodes_node_qemu_vmid_config.windows.ansible-pve6.2', 102);
    expect(c).toMatchObject({
      osFamily: 'windows',
      vcpus: 6,
      memoryMiB: 10240,
      agent: { enabled: true },
    });
    expect(c.tags).toEqual([]);
  });

  it('PVE ≥ 8.1 string memory, vcpus override, ipconfig and hostpci mdev', () => {
    const raw = {
      ...(fixture('nodes_node_qemu_vmid_config.linux.ansible-pve6.2') as object),
      memory: 'current=4096',
      sockets: 2,
      cores: 4,
      vcpus: 6,
      ipconfig0: 'ip=10.0.0.5/24,gw=10.0.0.1',
      hostpci0: '0000:05:00.0,mdev=nvidia-65,pcie=1',
      agent: 0,
    };
    const c = normaliseQemuConfig('pve1', 101, guestConfigSchema.parse(raw));
    expect(c.memoryMiB).toBe(4096);
    expect(c.vcpus).toBe(6);
    expect(c.vcpusHotplug).toBe(6);
    expect(c.ipconfig[0]?.ipv4).toEqual({
      kind: 'static',
      cidr: '10.0.0.5/24',
      address: '10.0.0.5',
      prefix: 24,
    });
    expect(c.hostpci[0]).toMatchObject({
      mdev: 'nvidia-65',
      mdevUuid: '00000000-0000-0000-0000-000000000101',
    });
    expect(c.agent).toMatchObject({ configured: true, enabled: false });
  });

  it('a config without agent key → not configured; non-string net0 fails validation', () => {
    const c = normaliseQemuConfig('pve1', 5, guestConfigSchema.parse({ name: 'x' }));
    expect(c.agent).toEqual({ configured: false, enabled: false });
    expect(c.osFamily).toBe('other');
    expect(guestConfigSchema.safeParse({ net0: 5 }).success).toBe(false);
  });
});

describe('lxc configs', () => {
  it('PVE 6.2: static ip in net0, tags with comma+space, hostname as name', () => {
    const c = normaliseLxcConfig(
      'testnode',
      100,
      guestConfigSchema.parse(fixture('nodes_node_lxc_vmid_config.ansible-pve6.2')),
    );
    expect(c).toMatchObject({
      type: 'lxc',
      name: 'test-lxc',
      hostname: 'test-lxc',
      vcpus: 1,
      memoryMiB: 1000,
      swapMiB: 0,
      osFamily: 'linux',
      tags: ['one', 'three', 'two'],
      protection: false,
    });
    expect(c.net[0]).toMatchObject({
      name: 'eth0',
      ipv4: { kind: 'static', address: '10.1.1.3', prefix: 24 },
      gateway4: '10.1.1.1',
    });
  });
  it('PVE 7: dhcp, firewall, raw lxc pairs kept in raw', () => {
    const c = normaliseLxcConfig(
      'pve1',
      101,
      guestConfigSchema.parse(fixture('nodes_node_lxc_vmid_config.go-proxmox-pve7x')),
    );
    expect(c).toMatchObject({
      vcpus: 2,
      memoryMiB: 4096,
      onboot: true,
      tags: ['tag1', 'tag2'],
      osFamily: 'linux',
    });
    expect(c.net[0]).toMatchObject({
      ipv4: { kind: 'dhcp' },
      firewall: true,
      macAddress: '5d:cf:bd:b2:c5:39',
    });
    expect(Array.isArray(c.raw.lxc)).toBe(true);
  });
});

describe('guest interfaces', () => {
  it('QEMU agent (PVE 6.2 linux): lo, eth0 with v4+v6, docker0; flags loopback', () => {
    const parsed = agentInterfacesSchema.parse(
      fixture('nodes_node_qemu_vmid_agent_network-get-interfaces.linux.ansible-pve6.2'),
    );
    if (!Array.isArray(parsed.result)) throw new Error('expected an array');
    const ifaces = normaliseAgentInterfaces(parsed.result);
    expect(ifaces.map((i) => i.name)).toEqual(['lo', 'eth0', 'docker0']);
    expect(ifaces[0]?.addresses.every((a) => a.loopback)).toBe(true);
    expect(ifaces[1]).toMatchObject({
      macAddress: 'ff:ff:ff:ff:ff:ff',
      addresses: [
        { address: '10.1.2.3', family: 'ipv4', prefix: 24, loopback: false, linkLocal: false },
        { address: 'fd8c:4687:e88d:1be3:5b70:7b88:c79c:293', family: 'ipv6', prefix: 64 },
      ],
      statistics: { rxBytes: 324105, rxDropped: 12, txPackets: 3479 },
    });
  });
  it('QEMU agent error object with HTTP 200 (old PVE) is recognised by the schema', () => {
    const parsed = agentInterfacesSchema.parse(
      fixture('nodes_node_qemu_vmid_agent_network-get-interfaces.unsupported-error.ansible-pve6.2'),
    );
    expect(Array.isArray(parsed.result)).toBe(false);
  });
  it('LXC legacy shape (hwaddr/inet/inet6)', () => {
    const ifaces = normaliseLxcInterfaces(
      lxcInterfacesSchema.parse(fixture('nodes_node_lxc_vmid_interfaces.legacy.go-proxmox-pve7x')),
    );
    expect(ifaces[1]).toEqual({
      name: 'eth0',
      macAddress: 'bc:24:11:89:67:07',
      addresses: [
        { address: '192.168.3.95', family: 'ipv4', prefix: 22, loopback: false, linkLocal: false },
        {
          address: 'fe80::be24:11ff:fe89:6707',
          family: 'ipv6',
          prefix: 64,
          loopback: false,
          linkLocal: true,
        },
      ],
    });
  });
  it('LXC 2025 shape (ip-addresses with inet/inet6 types) wins over legacy fields', () => {
    const ifaces = normaliseLxcInterfaces(
      lxcInterfacesSchema.parse([
        {
          name: 'eth0',
          hwaddr: 'bc:24:11:89:67:07',
          'hardware-address': 'bc:24:11:89:67:07',
          inet: '192.168.3.95/22',
          'ip-addresses': [
            { 'ip-address': '192.168.3.95', 'ip-address-type': 'inet', prefix: 22 },
            { 'ip-address': '192.168.3.96', 'ip-address-type': 'inet', prefix: 22 },
            { 'ip-address': '2001:db8::7', 'ip-address-type': 'inet6', prefix: 64 },
          ],
        },
      ]),
    );
    expect(ifaces[0]?.addresses.map((a) => `${a.family} ${a.address}`)).toEqual([
      'ipv4 192.168.3.95',
      'ipv4 192.168.3.96',
      'ipv6 2001:db8::7',
    ]);
  });
  it('stopped container: data null → []', () => {
    expect(normaliseLxcInterfaces(lxcInterfacesSchema.parse(null))).toEqual([]);
  });
});

describe('/version', () => {
  it('PVE 7.2 format (version "7.2-3", 8-hex repoid)', () => {
    expect(normaliseVersion(versionSchema.parse(fixture('version.proxmoxer-pve7.2')))).toEqual({
      version: '7.2-3',
      release: '7.2',
      repoid: 'c743d6c1',
      major: 7,
    });
  });
  it('PVE 8 format (version "8.2.4")', () => {
    expect(
      normaliseVersion({ version: '8.2.4', release: '8.2', repoid: '0123456789abcdef' }).major,
    ).toBe(8);
  });
});

describe('public parse* functions on the fixtures', () => {
  it('parseAgentInterfaces: the HTTP 200 agent error object → ProxmoxGuestAgentError(agent-error)', () => {
    const data = fixture(
      'nodes_node_qemu_vmid_agent_network-get-interfaces.unsupported-error.ansible-pve6.2',
    );
    expect(() => parseAgentInterfaces('testnode', 102, data)).toThrow(ProxmoxGuestAgentError);
    try {
      parseAgentInterfaces('testnode', 102, data);
    } catch (error) {
      expect(error).toMatchObject({
        reason: 'agent-error',
        agentErrorClass: 'Unsupported',
        node: 'testnode',
      });
    }
  });
  it('parseClusterResources / parseQemuConfig / parseGuestList match the normalisers', () => {
    expect(parseClusterResources(fixture('cluster_resources.go-proxmox-pve8x'))).toHaveLength(20);
    expect(
      parseQemuConfig('n', 102, fixture('nodes_node_qemu_vmid_config.windows.ansible-pve6.2'))
        .osFamily,
    ).toBe('windows');
    expect(
      parseGuestList('lxc', 'n', fixture('nodes_node_lxc.go-proxmox-pve7x')).map((g) => g.vmid),
    ).toEqual([106, 105, 101]);
  });
  it('invalid data names the field and the path', () => {
    expect(() => parseGuestList('lxc', 'n', [{ vmid: 'x' }])).toThrow(ProxmoxInvalidResponseError);
    try {
      parseGuestList('lxc', 'n', [{ vmid: 'x' }]);
    } catch (error) {
      expect((error as ProxmoxInvalidResponseError).issues[0]?.field).toBe('[0].vmid');
      expect((error as Error).message).toContain('/nodes/n/lxc');
    }
  });
});
