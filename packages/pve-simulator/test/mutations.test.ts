// Run-time mutations are visible through the API (caches invalidated), digests change with configs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.js';
import { call, data, startTestSim } from './helpers.js';
import type { Row } from './helpers.js';

describe('mutations', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startTestSim({ guests: 20 });
  });
  afterAll(() => sim.close());

  const resources = () => data<Row[]>(sim, '/cluster/resources?type=vm');
  const config = (vmid: number) => {
    const g = sim.control.guest(vmid);
    return data<Row>(sim, `/nodes/${g?.node}/${g?.type}/${vmid}/config`);
  };

  it('create → start/stop → migrate → retag → delete, each visible in /cluster/resources', async () => {
    await resources(); // warm the cache
    const g = sim.control.createGuest({
      type: 'qemu',
      node: 'pve1',
      name: 'new-vm',
      tags: 'B;a',
      agent: '1',
    });
    expect(g.vmid).toBe(120);
    expect(g.address).toBe('127.100.0.120');
    let row = (await resources()).find((r) => r.vmid === 120);
    expect(row).toMatchObject({
      id: 'qemu/120',
      node: 'pve1',
      name: 'new-vm',
      status: 'running',
      tags: 'a;b',
    });
    expect((await data<Row[]>(sim, '/nodes/pve1/qemu')).some((r) => r.vmid === 120)).toBe(true);
    sim.control.stopGuest(120);
    row = (await resources()).find((r) => r.vmid === 120);
    expect([row?.status, row?.uptime, row?.mem]).toEqual(['stopped', 0, 0]);
    sim.control.startGuest(120);
    expect((await resources()).find((r) => r.vmid === 120)?.status).toBe('running');
    sim.control.migrateGuest(120, 'pve3');
    expect((await resources()).find((r) => r.vmid === 120)?.node).toBe('pve3');
    const old = await call(sim, '/api2/json/nodes/pve1/qemu/120/config', {
      token: sim.tokens.auditor.header,
    });
    expect([old.status, old.statusMessage]).toEqual([
      500,
      "Configuration file 'nodes/pve1/qemu-server/120.conf' does not exist",
    ]);
    const digest1 = (await config(120)).digest;
    sim.control.setTags(120, ['prod', 'Web', 'prod']);
    expect((await resources()).find((r) => r.vmid === 120)?.tags).toBe('prod;web');
    const digest2 = (await config(120)).digest;
    expect(digest2).not.toBe(digest1);
    sim.control.deleteGuest(120);
    expect((await resources()).some((r) => r.vmid === 120)).toBe(false);
    expect(() => sim.control.startGuest(120)).toThrow('no guest with vmid 120');
  });

  it('start/stop/migrate do not change the config digest', async () => {
    const before = (await config(100)).digest;
    sim.control.stopGuest(100);
    sim.control.startGuest(100);
    sim.control.migrateGuest(100, sim.control.guest(100)?.node === 'pve1' ? 'pve2' : 'pve1');
    expect((await config(100)).digest).toBe(before);
  });

  it('setConfig changes keys and the digest; deleting keys works; digest is stable otherwise', async () => {
    const before = await config(100);
    expect((await config(100)).digest).toBe(before.digest);
    sim.control.setConfig(100, {
      name: 'renamed',
      description: 'hello',
      cores: 6,
      memory: 'current=3072',
    });
    const after = await config(100);
    expect(after.digest).not.toBe(before.digest);
    expect(after).toMatchObject({
      name: 'renamed',
      description: 'hello',
      cores: 6,
      memory: 'current=3072',
    });
    expect((await resources()).find((r) => r.vmid === 100)).toMatchObject({
      name: 'renamed',
      maxmem: 3072 * 1024 * 1024,
    });
    sim.control.setConfig(100, { description: null, ipconfig0: null });
    const deleted = await config(100);
    expect(deleted.description).toBeUndefined();
    expect(deleted.ipconfig0).toBeUndefined();
    expect(() => sim.control.setConfig(100, { digest: 'x' })).toThrow(/digest/);
    expect(() => sim.control.setTags(100, 'bad tag!')).toThrow(/invalid tag/);
  });

  it('API start/stop need VM.PowerMgmt and return a task UPID', async () => {
    const g = sim.control
      .guests()
      .find((x) => x.type === 'lxc' && x.status === 'stopped' && !x.template);
    expect(g).toBeDefined();
    const path = `/api2/json/nodes/${g?.node}/lxc/${g?.vmid}/status/start`;
    const denied = await call(sim, path, { method: 'POST', token: sim.tokens.auditor.header });
    expect([denied.status, denied.statusMessage]).toEqual([
      403,
      `Permission check failed (/vms/${g?.vmid}, VM.PowerMgmt)`,
    ]);
    const ok = await call(sim, path, { method: 'POST', token: sim.tokens.admin.header });
    expect(ok.json().data).toMatch(/^UPID:pve\d+:.*:vzstart:\d+:root@pam!pvemon-admin:$/);
    expect(sim.control.guest(g?.vmid ?? 0)?.status).toBe('running');
  });

  it('HTTP control mutations validate input and name the field', async () => {
    const created = await call(sim, '/_sim/guests', {
      method: 'POST',
      body: { type: 'lxc', node: 'pve2', running: false },
    });
    expect(created.status).toBe(200);
    const vmid = created.json().vmid as number;
    expect(
      (await call(sim, `/_sim/guests/${vmid}/start`, { method: 'POST', body: {} })).json().status,
    ).toBe('running');
    expect(
      (
        await call(sim, `/_sim/guests/${vmid}/migrate`, { method: 'POST', body: { node: 'pve1' } })
      ).json().node,
    ).toBe('pve1');
    expect(
      (
        await call(sim, `/_sim/guests/${vmid}/tags`, { method: 'PUT', body: { tags: 'x;y' } })
      ).json().tags,
    ).toBe('x;y');
    expect(
      (
        await call(sim, `/_sim/guests/${vmid}/config`, {
          method: 'PUT',
          body: { hostname: 'ct-new' },
        })
      ).json().name,
    ).toBe('ct-new');
    const bad = await call(sim, '/_sim/guests', { method: 'POST', body: { type: 'vm' } });
    expect(bad.status).toBe(400);
    expect(bad.json().error).toMatch(/field "type"/);
    const badNode = await call(sim, `/_sim/guests/${vmid}/migrate`, {
      method: 'POST',
      body: { node: 'nope' },
    });
    expect(badNode.json().error).toMatch(/no node named "nope"/);
    expect((await call(sim, `/_sim/guests/${vmid}`, { method: 'DELETE' })).status).toBe(200);
    expect((await call(sim, `/_sim/guests/${vmid}`)).status).toBe(404);
  });
});
