import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from './lab.js';

// The simulator's first guests have fixed traits (pve-simulator src/model/showcase.ts):
// 100 linux+agent+docker0+cloud-init, 101 lxc static ip, 102 windows+vGPU, 103 stopped,
// 104 template, 105 windows without agent, 106 agent enabled but not running, 108 IPv6-only,
// 109 windows HA, 110 unicode name/no agent, 111 lxc IPv6-only, 112 cni0 bridge, 113 no name,
// 115 quoted name.
let lab: Lab;

beforeAll(async () => {
  lab = await startLab();
  const c = lab.sim.control;
  // Cloud-init only: no agent, a static ipconfig0.
  c.setConfig(113, { ipconfig0: 'ip=127.100.0.113/8,gw=127.0.0.1' });
  c.setTags(113, undefined);
  // Explicit override for a guest without agent, and a unicode name on a target.
  c.setConfig(110, { description: 'Datenbank\npvemon.address=127.100.0.110\n' });
  // Every character PVE allows in tags, and a port override.
  c.setTags(112, ['a-b', 'c+d', 'e.f', 'g_h', '0zero', 'pvemon-port-9273']);
  await lab.refresh();
});
afterAll(async () => lab?.close());

describe('guest targets against the simulator (HTTPS, token auth)', () => {
  it('serves Linux qemu via the agent, skipping lo and docker0, with exact labels', async () => {
    const t = (await lab.byVmid()).get('100');
    const g = lab.sim.model.guest(100);
    expect(g).toBeDefined();
    expect(t?.targets).toEqual(['127.100.0.100:9100']);
    const { vm_id, vm_name, vcpus, memory_gb, node, tags, cluster, guest_type, os, pool } =
      t?.labels ?? {};
    expect({ vm_id, vm_name, vcpus, memory_gb, node, tags, cluster, guest_type, os, pool }).toEqual(
      {
        vm_id: '100',
        vm_name: g?.name,
        vcpus: String((g?.cores ?? 0) * (g?.sockets ?? 0)),
        memory_gb: String((g?.memoryMiB ?? 0) / 1024),
        node: g?.node,
        tags: ';prod;web;',
        cluster: 'lab',
        guest_type: 'qemu',
        os: 'linux',
        pool: 'prod',
      },
    );
    expect(t?.labels.__meta_pve_address_source).toBe('agent');
    expect(t?.labels.__meta_pve_agent_enabled).toBe('1');
    expect(t?.labels.__meta_pve_net0_mac).toMatch(/^bc:24:11:/);
    expect(t?.labels.__meta_pve_config_digest).toMatch(/^[0-9a-f]{40}$/);
  });

  it('serves Windows qemu on 9182 with vGPU meta labels', async () => {
    const t = (await lab.byVmid()).get('102');
    expect(t?.targets).toEqual(['127.100.0.102:9182']);
    expect(t?.labels).toMatchObject({
      os: 'windows',
      tags: ';gpu;windows;',
      __meta_pve_hostpci: '1',
      __meta_pve_mdev: '1',
    });
    expect((await lab.byVmid()).get('115')?.targets).toEqual(['127.100.0.115:9182']);
  });

  it('serves LXC from its static ip= and IPv6-only guests bracketed', async () => {
    const m = await lab.byVmid();
    expect(m.get('101')?.targets).toEqual(['127.100.0.101:9100']);
    expect(m.get('101')?.labels).toMatchObject({
      guest_type: 'lxc',
      os: 'linux',
      __meta_pve_address_source: 'lxc-config',
    });
    expect(m.get('108')?.targets).toEqual(['[fd00:7076:6d6f:6e::6c]:9100']);
    expect(m.get('111')?.targets).toEqual(['[fd00:7076:6d6f:6e::6f]:9100']);
  });

  it('skips CNI bridges, and keeps every allowed tag character with a port override', async () => {
    const t = (await lab.byVmid()).get('112');
    expect(t?.targets).toEqual(['127.100.0.112:9273']);
    expect(t?.labels.tags).toBe(';0zero;a-b;c+d;e.f;g_h;pvemon-port-9273;');
    expect(t?.labels).toMatchObject({
      __meta_pve_tag_a_b: '1',
      __meta_pve_tag_c_d: '1',
      __meta_pve_tag_0zero: '1',
    });
    for (const name of Object.keys(t?.labels ?? {}))
      expect(name).toMatch(/^[a-zA-Z_][a-zA-Z0-9_]*$/);
  });

  it('uses cloud-init ipconfig0 without an agent and PVE default names', async () => {
    const t = (await lab.byVmid()).get('113');
    expect(t?.targets).toEqual(['127.100.0.113:9100']);
    expect(t?.labels).toMatchObject({ vm_name: 'VM 113', __meta_pve_address_source: 'cloud-init' });
    expect(t?.labels).not.toHaveProperty('tags');
  });

  it('keeps unicode and quote-bearing names verbatim', async () => {
    const m = await lab.byVmid();
    expect(m.get('110')?.labels.vm_name).toBe('dätenbank-ü01');
    expect(m.get('110')?.labels.__meta_pve_address_source).toBe('override');
    expect(m.get('115')?.labels.vm_name).toBe('web "quoted"-115');
    expect(m.get('115')?.labels.__meta_pve_lock).toBe('backup');
  });

  it('leaves out stopped guests, templates and guests without address, and says why in /health', async () => {
    const m = await lab.byVmid();
    for (const vmid of ['103', '104', '105', '106', '107', '114'])
      expect(m.has(vmid), vmid).toBe(false);
    const health = (await lab.app.inject('/health')).json<{
      status: string;
      clusters: { unresolved: Record<string, { count: number; vmIds: number[] }> }[];
    }>();
    expect(health.status).toBe('ok');
    const unresolved = health.clusters[0]?.unresolved ?? {};
    expect(unresolved.no_agent?.vmIds).toContain(105);
    expect(unresolved.agent_not_running?.vmIds).toContain(106);
    const all = Object.values(unresolved).flatMap((u) => u.vmIds);
    for (const vmid of [103, 104, 107, 114]) expect(all).not.toContain(vmid);
  });

  it('never asks the agent of stopped guests, templates or guests without agent', async () => {
    const paths = Object.keys(lab.sim.control.requestCounts().byPath).filter((p) =>
      p.includes('/agent/'),
    );
    for (const vmid of [103, 104, 105, 110, 113])
      expect(
        paths.some((p) => p.includes(`/${vmid}/agent/`)),
        String(vmid),
      ).toBe(false);
    expect(paths.some((p) => p.includes('/100/agent/'))).toBe(true);
  });

  it('includes every running guest that has an address, exactly once', async () => {
    const running = lab.sim.control.guests().filter((g) => g.status === 'running' && !g.template);
    const targets = await lab.targets();
    const ids = targets.map((t) => Number(t.labels.vm_id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(running.map((g) => g.vmid)).toContain(id);
  });

  it('serves nodes, gpu and pve roles', async () => {
    const nodes = await lab.targets('/targets/nodes');
    expect(nodes.map((n) => n.targets[0]).sort()).toEqual(
      lab.sim.nodes.map((n) => `${n.ip}:9100`).sort(),
    );
    const gpu = await lab.targets('/targets/gpu');
    const gpuNodes = new Set([102, 112].map((v) => lab.sim.model.guest(v)?.node));
    expect(gpu.map((g) => g.labels.node).sort()).toEqual([...gpuNodes].sort());
    expect(gpu.every((g) => g.targets[0]?.endsWith(':9835'))).toBe(true);
    const pve = await lab.targets('/targets/pve');
    expect(pve).toEqual([
      {
        targets: ['127.0.0.1'],
        labels: {
          cluster: 'lab',
          __meta_pve_module: 'default',
          __meta_pve_corosync_cluster: lab.sim.clusterName,
        },
      },
    ]);
  });

  it('filters every role by cluster, node, tag, type and os', async () => {
    const ids = async (q: string): Promise<string[]> =>
      (await lab.targets(`/targets?${q}`)).map((t) => t.labels.vm_id ?? '').sort();
    expect(await ids('tag=prod')).toEqual(['100']);
    expect(await ids('type=lxc')).toEqual(expect.arrayContaining(['101', '111']));
    expect(
      (await ids('os=windows')).every(
        (id) => ['102', '109', '115'].includes(id) || Number(id) > 115,
      ),
    ).toBe(true);
    expect(await ids('cluster=nope')).toEqual([]);
    const node = lab.sim.model.guest(100)?.node ?? '';
    const onNode = await lab.targets(`/targets?node=${node}`);
    expect(onNode.every((t) => t.labels.node === node)).toBe(true);
    const bad = await lab.app.inject('/targets?type=vm');
    expect(bad.statusCode).toBe(400);
    expect((await lab.app.inject('/targets/bogus')).statusCode).toBe(400);
  });

  it('publishes inventory info metrics from the contract', async () => {
    const text = (await lab.app.inject('/metrics')).body;
    expect(text).toMatch(
      /pvemon_guest_info\{cluster="lab",vm_id="102",vm_name="[^"]+",node="[^"]+",guest_type="qemu",os="windows",ostype="win11",tags=";gpu;windows;",pool="prod",status="running",template="0",agent="1"\} 1/,
    );
    expect(text).toMatch(
      /pvemon_guest_gpu_info\{cluster="lab",vm_id="102",.*hostpci="hostpci0",pci_id="0000:81:00.4",mdev_type="nvidia-63",mdev_uuid="00000000-0000-0000-0000-000000000102"\} 1/,
    );
    expect(text).toMatch(/pvemon_guest_vcpus\{cluster="lab",vm_id="100"/);
    expect(text).toMatch(/pvemon_guest_memory_bytes\{cluster="lab",vm_id="100"/);
    expect(text).toMatch(
      /pvemon_node_info\{cluster="lab",node="pve1",ip="127\.1\.0\.1",online="1",nodeid="1"\} 1/,
    );
    expect(text).toMatch(/pvemon_sd_unresolved_guests\{cluster="lab",reason="no_agent"\} \d+/);
    expect(text).toMatch(/pvemon_sd_targets\{cluster="lab",role="guests"\} \d+/);
    expect(text).toMatch(
      /pvemon_sd_proxmox_requests_total\{cluster="lab",endpoint="\/cluster\/resources",outcome="ok"\} 1/,
    );
    expect(text).toMatch(
      /pvemon_sd_refresh_duration_seconds_count\{cluster="lab",outcome="success"\} 1/,
    );
    expect(text).toMatch(/pvemon_sd_cache_age_seconds\{cluster="lab"\} /);
    expect(text).toMatch(/pvemon_sd_stale\{cluster="lab"\} 0/);
    // The whole exposition parses, and Prometheus's linter finds nothing in pvemon's metrics
    // (it only flags prom-client's default nodejs_active_*_total gauges).
    const check = spawnSync('/usr/bin/promtool', ['check', 'metrics'], {
      input: text,
      encoding: 'utf8',
    });
    const complaints = (check.stdout + check.stderr).split('\n').filter(Boolean);
    expect(
      complaints.filter((l) => !/^nodejs_active_\w+_total non-counter metrics/.test(l)),
    ).toEqual([]);
  });
});

describe('loopback addresses on a real cluster', () => {
  it('are rejected unless allowLoopback is set, and reported as unusable', async () => {
    const strict = await startLab({ cluster: { allowLoopback: false } });
    try {
      await strict.refresh();
      const targets = await strict.targets();
      // Every 127.x address is refused; guests that also report a ULA IPv6 address keep that one.
      for (const t of targets) expect(t.targets[0]).toMatch(/^\[fd00:/);
      expect(targets.map((t) => t.labels.vm_id)).toEqual(
        expect.arrayContaining(['100', '108', '111']),
      );
      expect(targets.find((t) => t.labels.vm_id === '100')?.targets).toEqual([
        '[fd00:7076:6d6f:6e::64]:9100',
      ]);
      const health = (await strict.app.inject('/health')).json<{
        clusters: { unresolved: Record<string, { vmIds: number[] }> }[];
      }>();
      expect(health.clusters[0]?.unresolved.no_usable_address?.vmIds).toEqual(
        expect.arrayContaining([101, 102, 109]),
      );
    } finally {
      await strict.close();
    }
  });
});
