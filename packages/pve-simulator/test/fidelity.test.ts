// Fidelity: every row shape the simulator serves is compared with real PVE bodies
// (test/fixtures/pve, provenance in SOURCES.md): same keys, same JSON types.
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.js';
import { call, data, fixture, startTestSim, typeMap } from './helpers.js';
import type { Row } from './helpers.js';

/** Every key of the real row exists in ours with the same JSON type. */
function expectShapeCovers(ours: Row, real: Row, ignore: string[] = []): void {
  const oursTypes = typeMap(ours);
  for (const [k, t] of Object.entries(typeMap(real))) {
    if (ignore.includes(k)) continue;
    expect(oursTypes[k], `key "${k}"`).toBe(t);
  }
}

describe('fidelity against real PVE bodies (PVE 9 flavour)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startTestSim({ pveVersion: '9' });
  });
  afterAll(() => sim.close());

  it('/cluster/resources qemu, node and storage rows match the real row shapes', async () => {
    const real = fixture<Row[]>('cluster_resources.go-proxmox-pve8x.json');
    const ours = await data<Row[]>(sim, '/cluster/resources');
    const realRunning = real.find((r) => r.type === 'qemu' && r.status === 'running') as Row;
    const oursRunning = ours.find((r) => r.type === 'qemu' && r.status === 'running') as Row;
    expectShapeCovers(oursRunning, realRunning);
    const realTemplate = real.find((r) => r.template === 1) as Row;
    const oursTemplate = ours.find((r) => r.type === 'qemu' && r.template === 1) as Row;
    expectShapeCovers(oursTemplate, realTemplate);
    expect(oursTemplate.status).toBe('stopped');
    expectShapeCovers(
      ours.find((r) => r.type === 'node') as Row,
      real.find((r) => r.type === 'node') as Row,
    );
    expectShapeCovers(
      ours.find((r) => r.type === 'storage') as Row,
      real.find((r) => r.type === 'storage') as Row,
    );
    // ids follow PVE's formats.
    for (const r of ours) {
      expect(r.id).toMatch(
        /^(qemu\/\d+|lxc\/\d+|node\/pve\d+|storage\/pve\d+\/[\w-]+|sdn\/pve\d+\/\w+|\/pool\/\w+)$/,
      );
    }
    // One storage row per storage per node; pool rows without `type` only.
    const storageRows = ours.filter((r) => r.type === 'storage');
    expect(storageRows.length).toBe(3 * sim.nodes.length);
    expect(ours.filter((r) => r.type === 'pool').map((r) => r.id)).toEqual([
      '/pool/prod',
      '/pool/dev',
      '/pool/lab',
    ]);
    const vmOnly = await data<Row[]>(sim, '/cluster/resources?type=vm');
    expect(new Set(vmOnly.map((r) => r.type))).toEqual(new Set(['qemu', 'lxc']));
    // Tags keep PVE's raw `;`-joined form, incl. + . _ - characters.
    expect(ours.find((r) => r.id === 'qemu/104')?.tags).toBe('go-proxmox+cloud-init');
    expect(ours.find((r) => r.id === 'qemu/110')?.tags).toBe('app_1;critical;k8s');
  });

  it('gzip when the client accepts it (like pveproxy), identical content', async () => {
    const plain = await call(sim, '/api2/json/cluster/resources', {
      token: sim.tokens.auditor.header,
    });
    const gz = await call(sim, '/api2/json/cluster/resources', {
      token: sim.tokens.auditor.header,
      headers: { 'accept-encoding': 'gzip, deflate' },
    });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gunzipSync(gz.raw).toString('utf8')).toBe(plain.text);
  });

  it('errors close the connection; 401 has neither body nor content type', async () => {
    const e = await call(sim, '/api2/json/nodes/nope/qemu', { token: sim.tokens.auditor.header });
    expect(e.headers.connection).toBe('close');
    const u = await call(sim, '/api2/json/version');
    expect(u.headers['content-type']).toBeUndefined();
    expect(u.headers['content-length']).toBe('0');
  });

  it('an invalid ?type= is a 400 with per-parameter errors', async () => {
    const res = await call(sim, '/api2/json/cluster/resources?type=qemu', {
      token: sim.tokens.auditor.header,
    });
    expect([res.status, res.statusMessage]).toEqual([400, 'Parameter verification failed.']);
    expect(res.json().errors).toEqual({
      type: "value 'qemu' does not have a value in the enumeration 'vm, storage, node, sdn'",
    });
  });

  it('PVE 9 rows add memhost (qemu) and host-arch (node)', async () => {
    const ours = await data<Row[]>(sim, '/cluster/resources');
    const q = ours.find((r) => r.type === 'qemu' && r.status === 'running') as Row;
    expect(typeof q.memhost).toBe('number');
    expect(ours.find((r) => r.type === 'node')?.['host-arch']).toBe('x86_64');
    expect(ours.find((r) => r.type === 'lxc')?.memhost).toBeUndefined();
    const list = await data<Row[]>(sim, `/nodes/${sim.control.guest(100)?.node}/qemu`);
    const vm = list.find((r) => r.vmid === 100) as Row;
    for (const k of ['cpu', 'io', 'memory']) {
      expect(typeof vm[`pressure${k}some`]).toBe('number');
      expect(typeof vm[`pressure${k}full`]).toBe('number');
    }
  });

  it('guest summaries expose what vGPU mapping needs (smbios uuid, hostpci, MAC)', async () => {
    const g = sim.control.guest(102);
    expect(g?.hostpci0).toBe('0000:81:00.4,mdev=nvidia-63');
    const cfg = await data<Row>(sim, `/nodes/${g?.node}/qemu/102/config`);
    expect(cfg.smbios1).toBe(`uuid=${g?.smbiosUuid}`);
    expect(String(cfg.net0)).toContain(`virtio=${g?.mac},`);
  });

  it('/cluster/status has the real cluster and node row shapes, local: 1 for the answering node', async () => {
    const real = fixture<Row[]>('cluster_status.go-proxmox-pve8x.json');
    const ours = await data<Row[]>(sim, '/cluster/status');
    const cluster = ours.find((r) => r.type === 'cluster') as Row;
    expect(typeMap(cluster)).toEqual(typeMap(real.find((r) => r.type === 'cluster') as Row));
    const nodeRows = ours.filter((r) => r.type === 'node');
    expect(typeMap(nodeRows[0] as Row)).toEqual(
      typeMap(real.find((r) => r.type === 'node') as Row),
    );
    expect(nodeRows.map((r) => r.local)).toEqual([1, 0, 0]);
    expect(nodeRows.map((r) => r.ip)).toEqual(['127.1.0.1', '127.1.0.2', '127.1.0.3']);
    expect(cluster.quorate).toBe(1);
  });

  it('/nodes rows match the real shape, with an uppercase colon SHA-256 ssl_fingerprint', async () => {
    const real = fixture<Row[]>('nodes.go-proxmox-pve8x.json');
    const ours = await data<Row[]>(sim, '/nodes');
    expectShapeCovers(ours[0] as Row, real[0] as Row);
    for (const r of ours) expect(r.ssl_fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('qemu configs look like real ones (Linux, Windows) with string memory on PVE 9', async () => {
    const linuxReal = fixture<Row>('nodes_node_qemu_vmid_config.linux.ansible-pve6.2.json');
    const g = sim.control.guest(100);
    const ours = await data<Row>(sim, `/nodes/${g?.node}/qemu/100/config`);
    expectShapeCovers(ours, linuxReal, [
      'memory',
      'kvm',
      'description',
      'hotplug',
      'bios',
      'ide0',
      'bootdisk',
      'scsi0',
      'tags',
    ]);
    expect(ours.memory).toMatch(/^\d+$/);
    expect(ours.net0).toMatch(/^virtio=BC:24:11(:[0-9A-F]{2}){3},bridge=vmbr0,firewall=1$/);
    expect(ours.smbios1).toMatch(/^uuid=[0-9a-f-]{36}$/);
    expect(ours.digest).toMatch(/^[0-9a-f]{40}$/);
    expect(ours.ipconfig0).toBe('ip=127.100.0.100/8,gw=127.0.0.1');
    const win = await data<Row>(sim, `/nodes/${sim.control.guest(109)?.node}/qemu/109/config`);
    const winReal = fixture<Row>('nodes_node_qemu_vmid_config.windows.ansible-pve6.2.json');
    expectShapeCovers(win, winReal, ['memory', 'cpulimit', 'bootdisk', 'scsihw', 'sata0', 'ide2']);
    expect(win.ostype).toBe('win8');
    const gpu = await data<Row>(sim, `/nodes/${sim.control.guest(102)?.node}/qemu/102/config`);
    expect(gpu.hostpci0).toBe('0000:81:00.4,mdev=nvidia-63');
    expect(gpu.ostype).toBe('win11');
  });

  it('lxc config and status/current match the real shapes', async () => {
    const real = fixture<Row>('nodes_node_lxc_vmid_config.go-proxmox-pve7x.json');
    const node = sim.control.guest(101)?.node;
    const ours = await data<Row>(sim, `/nodes/${node}/lxc/101/config`);
    expectShapeCovers(ours, real, ['lxc', 'mp0', 'features']);
    expect(ours.net0).toMatch(
      /^name=eth0,bridge=vmbr0,firewall=1,gw=127\.0\.0\.1,hwaddr=BC:24:11(:[0-9A-F]{2}){3},ip=127\.100\.0\.101\/8,type=veth$/,
    );
    const realStatus = fixture<Row>('nodes_node_lxc_vmid_status_current.ansible-pve6.2.json');
    const status = await data<Row>(sim, `/nodes/${node}/lxc/101/status/current`);
    expectShapeCovers(status, realStatus, ['cpus', 'ha']);
    expect(Object.keys(status.ha as Row)).toContain('managed');
  });

  it('QEMU agent interfaces match the recorded shape, incl. lo, the guest loopback IP and docker0', async () => {
    const real = fixture<{ result: Row[] }>(
      'nodes_node_qemu_vmid_agent_network-get-interfaces.linux.ansible-pve6.2.json',
    );
    const ours = await data<{ result: Row[] }>(
      sim,
      `/nodes/${sim.control.guest(100)?.node}/qemu/100/agent/network-get-interfaces`,
    );
    const realEth = real.result.find((r) => r.name === 'eth0') as Row;
    const ourNames = ours.result.map((r) => r.name);
    expect(ourNames).toEqual(expect.arrayContaining(['lo', 'docker0']));
    const eth = ours.result.find(
      (r) => r['hardware-address'] !== '00:00:00:00:00:00' && r.name !== 'docker0',
    ) as Row;
    expect(Object.keys(eth).sort()).toEqual(Object.keys(realEth).sort());
    expect(Object.keys((eth.statistics as Row) ?? {}).sort()).toEqual(
      Object.keys(realEth.statistics as Row).sort(),
    );
    const ips = eth['ip-addresses'] as Row[];
    expect(Object.keys(ips[0] as Row).sort()).toEqual(['ip-address', 'ip-address-type', 'prefix']);
    expect(ips.map((i) => i['ip-address'])).toContain('127.100.0.100');
    expect(ips.some((i) => String(i['ip-address']).startsWith('fe80::'))).toBe(true);
    // Windows guests name their NIC "Ethernet".
    const win = await data<{ result: Row[] }>(
      sim,
      `/nodes/${sim.control.guest(102)?.node}/qemu/102/agent/network-get-interfaces`,
    );
    expect(win.result.map((r) => r.name)).toEqual(['Ethernet', 'Loopback Pseudo-Interface 1']);
    // IPv6-only guest: no IPv4 on its NIC.
    const v6 = await data<{ result: Row[] }>(
      sim,
      `/nodes/${sim.control.guest(108)?.node}/qemu/108/agent/network-get-interfaces`,
    );
    const nic = v6.result.find((r) => r.name !== 'lo') as Row;
    expect((nic['ip-addresses'] as Row[]).every((i) => i['ip-address-type'] === 'ipv6')).toBe(true);
  });

  it('LXC interfaces: 2025 shape on PVE 9 (inet/inet6 types), null when stopped', async () => {
    const legacy = fixture<Row[]>('nodes_node_lxc_vmid_interfaces.legacy.go-proxmox-pve7x.json');
    const ours = await data<Row[]>(
      sim,
      `/nodes/${sim.control.guest(101)?.node}/lxc/101/interfaces`,
    );
    expect(Array.isArray(ours)).toBe(true);
    for (const key of Object.keys(legacy[1] as Row)) expect(ours[1]).toHaveProperty(key);
    expect(ours[1]?.inet).toBe('127.100.0.101/8');
    const types = (ours[1]?.['ip-addresses'] as Row[]).map((a) => a['ip-address-type']);
    expect(new Set(types)).toEqual(new Set(['inet', 'inet6']));
    expect(await data(sim, `/nodes/${sim.control.guest(107)?.node}/lxc/107/interfaces`)).toBeNull();
  });

  it('/cluster/nextid is a string; /nodes/{node}/status reports memory and rootfs', async () => {
    expect(await data(sim, '/cluster/nextid')).toBe('140');
    const st = await data<Row>(sim, '/nodes/pve1/status');
    expect(Object.keys(st)).toEqual(
      expect.arrayContaining(['uptime', 'cpu', 'memory', 'rootfs', 'cpuinfo', 'pveversion']),
    );
    expect(st.pveversion).toMatch(/^pve-manager\/9\.1\.1\/[0-9a-f]{16}$/);
  });

  it('/version has the PVE ≥ 8 format', async () => {
    const v = await data<Row>(sim, '/version');
    expect(v.version).toMatch(/^9\.\d+\.\d+$/);
    expect(v.repoid).toMatch(/^[0-9a-f]{16}$/);
    expect(v.release).toBe('9.1');
  });
});

describe('older PVE flavours reproduce their wire quirks', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startTestSim({ pveVersion: '8.0', guests: 20 });
  });
  afterAll(() => sim.close());

  it('PVE 8.0: string lxc vmid, integer qemu memory, legacy LXC interfaces, no message field', async () => {
    const lxcReal = fixture<Row[]>('nodes_node_lxc.go-proxmox-pve7x.json');
    const node = sim.control.guest(101)?.node;
    const list = await data<Row[]>(sim, `/nodes/${node}/lxc`);
    const ct = list.find((r) => r.vmid === '101') as Row;
    expectShapeCovers(ct, lxcReal[0] as Row);
    const cfg = await data<Row>(sim, `/nodes/${sim.control.guest(100)?.node}/qemu/100/config`);
    expect(typeof cfg.memory).toBe('number');
    const legacy = fixture<Row[]>('nodes_node_lxc_vmid_interfaces.legacy.go-proxmox-pve7x.json');
    const ifaces = await data<Row[]>(sim, `/nodes/${node}/lxc/101/interfaces`);
    expect(Object.keys(ifaces[1] as Row).sort()).toEqual(Object.keys(legacy[1] as Row).sort());
    const res = await data<Row[]>(sim, '/cluster/resources?type=vm');
    expect(typeof res.find((r) => r.type === 'lxc')?.vmid).toBe('number');
    expect(res.find((r) => r.type === 'qemu')?.memhost).toBeUndefined();
  });

  it('PVE 7: version "X.Y-Z" with an 8-hex repoid like the real 7.2 body', async () => {
    const sim7 = await startTestSim({ pveVersion: 7, guests: 2, nodes: 1 });
    try {
      const real = fixture<Row>('version.proxmoxer-pve7.2.json');
      const v = await data<Row>(sim7, '/version');
      expect(typeMap(v)).toEqual(typeMap(real));
      expect(v.version).toMatch(/^7\.\d+-\d+$/);
      expect(v.repoid).toMatch(/^[0-9a-f]{8}$/);
    } finally {
      await sim7.close();
    }
  });
});

describe('standalone node', () => {
  it('has no cluster row and a single fake node entry with nodeid 0', async () => {
    const sim = await startTestSim({ standalone: true, nodes: 1, guests: 3 });
    try {
      const real = fixture<Row[]>('cluster_status.go-proxmox-pve8x.json');
      const rows = await data<Row[]>(sim, '/cluster/status');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ type: 'node', nodeid: 0, local: 1, online: 1 });
      expect(typeMap(rows[0] as Row)).toEqual(typeMap(real.find((r) => r.type === 'node') as Row));
    } finally {
      await sim.close();
    }
    await expect(startTestSim({ standalone: true, nodes: 2 })).rejects.toThrow(
      /"standalone" needs nodes: 1/,
    );
  });
});
