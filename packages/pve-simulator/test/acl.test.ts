// Permission filtering: restricted tokens see fewer rows (never a 403 on /cluster/resources),
// 403 with PVE's message elsewhere, and the PVE 8 vs 9 guest-agent privilege.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.js';
import { call, data, startTestSim } from './helpers.js';
import type { Row } from './helpers.js';

describe('ACL filtering (PVE 9)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startTestSim({ guests: 60, pveVersion: 9 });
  });
  afterAll(() => sim.close());

  it('the restricted token only sees its pool and its two VMs, no storage, no node stats', async () => {
    const all = await data<Row[]>(sim, '/cluster/resources');
    const rows = await data<Row[]>(sim, '/cluster/resources', sim.tokens.restricted.header);
    const visibleGuests = rows.filter((r) => r.type === 'qemu' || r.type === 'lxc');
    const allGuests = all.filter((r) => r.type === 'qemu' || r.type === 'lxc');
    expect(visibleGuests.length).toBeGreaterThan(2);
    expect(visibleGuests.length).toBeLessThan(allGuests.length);
    const explicit = sim.tokens.restricted.acl
      .filter((e) => e.path.startsWith('/vms/'))
      .map((e) => Number(e.path.slice(5)));
    for (const r of visibleGuests) {
      const g = sim.control.guest(Number(r.vmid));
      expect(g?.pool === 'dev' || explicit.includes(Number(r.vmid))).toBe(true);
    }
    const devGuests = sim.control.guests().filter((g) => g.pool === 'dev');
    expect(visibleGuests.length).toBe(
      devGuests.length + explicit.filter((v) => sim.control.guest(v)?.pool !== 'dev').length,
    );
    // Pool membership is hidden where the token lacks Pool.Audit on that pool.
    for (const r of visibleGuests) if (r.pool !== undefined) expect(r.pool).toBe('dev');
    expect(rows.filter((r) => r.type === 'storage')).toEqual([]);
    expect(rows.filter((r) => r.type === 'pool').map((r) => r.id)).toEqual(['/pool/dev']);
    const node = rows.find((r) => r.type === 'node') as Row;
    expect(node.maxcpu).toBeUndefined();
    expect(node.status).toBe('online');
  });

  it('403 with the PVE message on /cluster/status and on guests outside the ACL', async () => {
    const res = await call(sim, '/api2/json/cluster/status', {
      token: sim.tokens.restricted.header,
    });
    expect(res.status).toBe(403);
    expect(res.statusMessage).toBe('Permission check failed (/, Sys.Audit)');
    expect(res.json()).toEqual({ data: null, message: 'Permission check failed (/, Sys.Audit)\n' });
    const hidden = sim.control.guests().find((g) => g.pool !== 'dev' && g.vmid > 105);
    const cfg = await call(
      sim,
      `/api2/json/nodes/${hidden?.node}/${hidden?.type}/${hidden?.vmid}/config`,
      {
        token: sim.tokens.restricted.header,
      },
    );
    expect(cfg.status).toBe(403);
    expect(cfg.statusMessage).toBe(`Permission check failed (/vms/${hidden?.vmid}, VM.Audit)`);
  });

  it('/access/permissions reports effective privileges per path with propagate flags', async () => {
    const mine = await data<Record<string, Record<string, number>>>(
      sim,
      '/access/permissions',
      sim.tokens.restricted.header,
    );
    expect(mine['/']).toBeUndefined();
    expect(mine['/pool/dev']?.['VM.Audit']).toBe(1);
    const vmPath = Object.keys(mine).find((p) => p.startsWith('/vms/')) as string;
    expect(mine[vmPath]?.['VM.Audit']).toBe(0);
    const auditor = await data<Record<string, Record<string, number>>>(sim, '/access/permissions');
    expect(Object.keys(auditor['/'] ?? {}).sort()).toEqual([
      'Datastore.Audit',
      'Mapping.Audit',
      'Pool.Audit',
      'SDN.Audit',
      'Sys.Audit',
      'VM.Audit',
      'VM.GuestAgent.Audit',
    ]);
    const one = await data<Record<string, Record<string, number>>>(
      sim,
      '/access/permissions?path=/vms/100',
    );
    expect(Object.keys(one)).toEqual(['/vms/100']);
    const admin = await data<Record<string, Record<string, number>>>(
      sim,
      '/access/permissions',
      sim.tokens.admin.header,
    );
    expect(admin['/']?.['VM.Monitor']).toBeUndefined();
    expect(admin['/']?.['VM.GuestAgent.Unrestricted']).toBe(1);
  });

  it('/pools lists only pools the token may audit; / is an index', async () => {
    expect(await data(sim, '/pools', sim.tokens.restricted.header)).toEqual([{ poolid: 'dev' }]);
    expect(await data(sim, '/pools')).toEqual([
      { poolid: 'prod' },
      { poolid: 'dev' },
      { poolid: 'lab' },
    ]);
    expect(await data(sim, '/')).toContainEqual({ subdir: 'cluster' });
  });

  it('PVE 9: PVEAuditor may read guest-agent interfaces', async () => {
    const res = await call(
      sim,
      `/api2/json/nodes/${sim.control.guest(100)?.node}/qemu/100/agent/network-get-interfaces`,
      {
        token: sim.tokens.auditor.header,
      },
    );
    expect(res.status).toBe(200);
  });
});

describe('guest-agent privilege on PVE 8', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startTestSim({ guests: 20, pveVersion: 8 });
  });
  afterAll(() => sim.close());

  it('PVEAuditor gets 403 VM.Monitor; a token with VM.Monitor gets the interfaces', async () => {
    const path = `/api2/json/nodes/${sim.control.guest(100)?.node}/qemu/100/agent/network-get-interfaces`;
    const denied = await call(sim, path, { token: sim.tokens.auditor.header });
    expect(denied.status).toBe(403);
    expect(denied.statusMessage).toBe('Permission check failed (/vms/100, VM.Monitor)');
    expect((await call(sim, path, { token: sim.tokens.agent.header })).status).toBe(200);
    const perms = await data<Record<string, Record<string, number>>>(sim, '/access/permissions');
    expect(perms['/']?.['VM.GuestAgent.Audit']).toBeUndefined();
  });
});
