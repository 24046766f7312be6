import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from './lab.js';

let lab: Lab;
const calls = (): number => lab.sim.control.requestCounts().total;

beforeAll(async () => {
  lab = await startLab({ cluster: { agentBreaker: { failures: 1, backoff: '10m' } } });
  await lab.refresh();
  await lab.refresh(); // opens the breaker of the guest whose agent never answers (106)
});
afterAll(async () => lab?.close());

describe('change detection', () => {
  it('costs exactly 2 API calls per refresh on an unchanged cluster', async () => {
    lab.sim.control.resetCounts();
    for (let i = 0; i < 3; i++) await lab.refresh();
    const counts = lab.sim.control.requestCounts();
    expect(counts.byRoute).toEqual({ 'GET /cluster/resources': 3, 'GET /cluster/status': 3 });
  });

  it('moves a migrated guest to its new node within one refresh', async () => {
    const g = lab.sim.model.guest(100);
    const to = lab.sim.nodes.map((n) => n.name).find((n) => n !== g?.node) ?? '';
    lab.sim.control.migrateGuest(100, to);
    lab.sim.control.resetCounts();
    await lab.refresh();
    const t = (await lab.byVmid()).get('100');
    expect(t?.labels.node).toBe(to);
    expect(t?.targets).toEqual(['127.100.0.100:9100']);
    // The new node misses the cache: one config and one agent call for that guest only.
    expect(lab.sim.control.requestCounts().byPath).toMatchObject({
      [`/nodes/${to}/qemu/100/config`]: 1,
      [`/nodes/${to}/qemu/100/agent/network-get-interfaces`]: 1,
    });
    expect(calls()).toBe(4);
  });

  it('shows a new guest within one refresh', async () => {
    const created = lab.sim.control.createGuest({
      type: 'qemu',
      name: 'fresh-vm',
      ostype: 'l26',
      agent: '1',
      tags: ['new'],
    });
    await lab.refresh();
    const t = (await lab.byVmid()).get(String(created.vmid));
    expect(t?.targets).toEqual([`${created.address}:9100`]);
    expect(t?.labels).toMatchObject({ vm_name: 'fresh-vm', tags: ';new;', node: created.node });
  });

  it('drops a stopped guest and brings it back after a restart, re-reading its agent', async () => {
    lab.sim.control.stopGuest(109);
    await lab.refresh();
    expect((await lab.byVmid()).has('109')).toBe(false);
    lab.sim.control.startGuest(109);
    lab.sim.control.resetCounts();
    await lab.refresh();
    expect((await lab.byVmid()).get('109')?.targets).toEqual(['127.100.0.109:9182']);
    const node = lab.sim.model.guest(109)?.node ?? '';
    expect(
      lab.sim.control.requestCounts().byPath[
        `/nodes/${node}/qemu/109/agent/network-get-interfaces`
      ],
    ).toBe(1);
  });

  it('follows a retag on the next refresh without per-guest calls for the tag itself', async () => {
    lab.sim.control.setTags(101, ['db', 'prod']);
    await lab.refresh();
    expect((await lab.byVmid()).get('101')?.labels.tags).toBe(';db;prod;');
  });

  it('drops a deleted guest', async () => {
    lab.sim.control.deleteGuest(115);
    await lab.refresh();
    expect((await lab.byVmid()).has('115')).toBe(false);
  });
});
