// inventory() against the simulator: API cost, normalised fields, caching hooks and per-node
// failures reported per guest.
import type { Simulator } from '@pvemon/pve-simulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConfigCacheEntry,
  type InterfacesCacheEntry,
  MemoryGuestCache,
  ProxmoxNodeUnreachableError,
} from '../src/index.js';
import { closeAll, simClient, startSim } from './sim.js';

let sim: Simulator;

beforeAll(async () => {
  sim = await startSim({ nodes: 3, guests: 40, seed: 11 });
});
afterEach(async () => {
  sim.control.clearFaults();
  sim.control.resetCounts();
  for (const n of sim.nodes) sim.control.setNodeOnline(n.name, true);
  await closeAll();
});
afterAll(async () => {
  await sim.close();
});

describe('inventory()', () => {
  it('costs exactly one /cluster/resources call by default', async () => {
    const inventory = await simClient(sim).inventory();
    expect(sim.control.requestCounts()).toMatchObject({
      total: 1,
      byPath: { '/cluster/resources': 1 },
    });
    expect(inventory.apiCalls).toBe(1);
    expect(inventory.nodes.map((n) => n.name)).toEqual(['pve1', 'pve2', 'pve3']);
    expect(inventory.guests).toHaveLength(sim.control.guests().length);
    expect(inventory.endpoint).toBe(sim.endpoints[0]?.url);
    expect(inventory.issues).toEqual([]);
    const model = sim.model.guests();
    for (const guest of inventory.guests) {
      const m = model.find((g) => g.vmid === guest.vmid)!;
      expect(guest).toMatchObject({
        type: m.type,
        node: m.node,
        template: m.template,
        status: m.status,
      });
      expect(guest.name).toBe(m.name ?? (m.type === 'qemu' ? `VM ${m.vmid}` : `CT${m.vmid}`));
      // PVE puts its default name into the row when the config has none; `hasName` is false
      // only when the row itself lacks a name (no RRD data yet).
      expect(guest.hasName).toBe(true);
    }
    const templates = inventory.guests.filter((g) => g.template);
    expect(templates.length).toBeGreaterThan(0);
    const withoutTemplates = await simClient(sim).inventory({ includeTemplates: false });
    expect(withoutTemplates.guests).toHaveLength(inventory.guests.length - templates.length);
  });

  it('withNodeAddresses adds /cluster/status: ips, node ids, quorum', async () => {
    const inventory = await simClient(sim).inventory({ withNodeAddresses: true });
    expect(sim.control.requestCounts().total).toBe(2);
    expect(inventory.cluster).toMatchObject({ quorate: true, nodes: 3 });
    for (const node of inventory.nodes) {
      const m = sim.nodes.find((n) => n.name === node.name)!;
      expect(node).toMatchObject({ ip: m.ip, nodeId: m.nodeid, online: true });
    }
  });

  it('a 403 on /cluster/status becomes an issue, not a failure', async () => {
    const inventory = await simClient(sim, { token: 'restricted' }).inventory({
      withNodeAddresses: true,
    });
    expect(inventory.issues).toHaveLength(1);
    expect(inventory.issues[0]).toMatchObject({
      scope: 'cluster-status',
      error: { code: 'PERMISSION' },
    });
    expect(inventory.guests.length).toBeGreaterThan(0);
  });

  it('configs: one call per selected guest, then served from the cache until something changes', async () => {
    const client = simClient(sim);
    const cache = new MemoryGuestCache<ConfigCacheEntry>();
    const selected = (g: { template: boolean }) => !g.template;
    const first = await client.inventory({ withConfig: selected, configCache: cache });
    const wanted = first.guests.filter((g) => !g.template);
    expect(sim.control.requestCounts().total).toBe(1 + wanted.length);
    expect(first.apiCalls).toBe(1 + wanted.length);
    expect(
      wanted.every((g) => g.config !== undefined && g.configFromCache === false && g.configChanged),
    ).toBe(true);
    expect(first.guests.filter((g) => g.template).every((g) => g.config === undefined)).toBe(true);
    const vm = wanted.find((g) => g.type === 'qemu')!;
    expect(vm.config?.vcpus).toBeGreaterThan(0);

    sim.control.resetCounts();
    const second = await client.inventory({ withConfig: selected, configCache: cache });
    expect(sim.control.requestCounts().total).toBe(1);
    expect(second.guests.filter((g) => !g.template).every((g) => g.configFromCache)).toBe(true);

    // Retagging changes the resource row → only that guest's config is fetched again.
    sim.control.setTags(vm.vmid, ['retagged', 'Prod']);
    sim.control.resetCounts();
    const third = await client.inventory({ withConfig: selected, configCache: cache });
    expect(sim.control.requestCounts().total).toBe(2);
    const retagged = third.guests.find((g) => g.vmid === vm.vmid)!;
    expect(retagged).toMatchObject({
      configFromCache: false,
      configChanged: true,
      tags: ['prod', 'retagged'],
    });
    expect(retagged.config?.tags).toEqual(['prod', 'retagged']);
  });

  it('configTransform / interfacesTransform shape what is attached and cached', async () => {
    const configs = new MemoryGuestCache<ConfigCacheEntry>();
    const ifaces = new MemoryGuestCache<InterfacesCacheEntry>();
    const inv = await simClient(sim).inventory({
      withConfig: (g) => g.status === 'running',
      withInterfaces: true,
      configCache: configs,
      interfacesCache: ifaces,
      configTransform: (c) => ({ ...c, raw: {}, description: 'slim' }),
      interfacesTransform: (list) => list.map(({ statistics: _s, ...rest }) => rest),
    });
    const withConfig = inv.guests.filter((g) => g.config !== undefined);
    expect(withConfig.length).toBeGreaterThan(0);
    for (const g of withConfig) {
      expect(g.config).toMatchObject({ raw: {}, description: 'slim' });
      expect((await configs.get(g))?.config).toBe(g.config);
    }
    const withIfaces = inv.guests.filter((g) => g.interfaces !== undefined);
    expect(withIfaces.length).toBeGreaterThan(0);
    for (const g of withIfaces) {
      expect(g.interfaces?.every((i) => i.statistics === undefined)).toBe(true);
      expect((await ifaces.get(g))?.interfaces).toBe(g.interfaces);
    }
  });

  it('a restart (uptime went down) and a migration (new node) refetch the config', async () => {
    const client = simClient(sim);
    const cache = new MemoryGuestCache<ConfigCacheEntry>();
    const running = sim.model.guests().filter((g) => g.status === 'running' && !g.template);
    const [restartMe, moveMe] = running;
    await client.inventory({ withConfig: true, configCache: cache });
    sim.control.stopGuest(restartMe!.vmid);
    sim.control.startGuest(restartMe!.vmid);
    const target = sim.nodes.find((n) => n.name !== moveMe!.node)!.name;
    sim.control.migrateGuest(moveMe!.vmid, target);
    sim.control.resetCounts();
    const inventory = await client.inventory({ withConfig: true, configCache: cache });
    const restarted = inventory.guests.find((g) => g.vmid === restartMe!.vmid)!;
    const moved = inventory.guests.find((g) => g.vmid === moveMe!.vmid)!;
    expect(restarted).toMatchObject({
      restarted: true,
      configFromCache: false,
      configChanged: false,
    });
    expect(moved).toMatchObject({ node: target, configFromCache: false });
    expect(sim.control.requestCounts().total).toBe(3);
  });

  it('interfaces only for running guests with the agent enabled; agent failures per guest', async () => {
    const client = simClient(sim);
    const dead = sim.model
      .guests()
      .find(
        (g) =>
          g.type === 'qemu' &&
          g.status === 'running' &&
          g.agentInstalled &&
          /^(1|enabled=1)/.test(g.agent ?? ''),
      )!;
    sim.control.setAgent(dead.vmid, { state: 'dead' });
    const inventory = await client.inventory({ withConfig: true, withInterfaces: true });
    const counts = sim.control.requestCounts().byRoute;
    const agentCalls = counts['GET /nodes/{node}/qemu/{vmid}/agent/network-get-interfaces'] ?? 0;
    const expectedAgent = inventory.guests.filter(
      (g) =>
        g.type === 'qemu' &&
        g.status === 'running' &&
        !g.template &&
        g.config?.type === 'qemu' &&
        g.config.agent.enabled,
    );
    expect(agentCalls).toBe(expectedAgent.length);
    const lxcCalls = counts['GET /nodes/{node}/lxc/{vmid}/interfaces'] ?? 0;
    expect(lxcCalls).toBe(
      inventory.guests.filter((g) => g.type === 'lxc' && g.status === 'running' && !g.template)
        .length,
    );
    const deadGuest = inventory.guests.find((g) => g.vmid === dead.vmid)!;
    expect(deadGuest.interfaces).toBeUndefined();
    expect(deadGuest.interfacesError).toMatchObject({
      code: 'GUEST_AGENT_UNAVAILABLE',
      reason: 'agent-not-running',
    });
    const good = inventory.guests.find(
      (g) => g.interfaces !== undefined && g.type === 'qemu' && !sim.model.guest(g.vmid)!.ipv6Only,
    )!;
    const address = sim.model.guest(good.vmid)!.address;
    expect(good.interfaces!.flatMap((i) => i.addresses.map((a) => a.address))).toContain(address);
    expect(
      inventory.issues.filter((i) => i.scope === 'interfaces').map((i) => i.guest?.vmid),
    ).toContain(dead.vmid);
  });

  it('interfaces cache: hits within max age, dropped when the agent dies', async () => {
    const client = simClient(sim);
    const cache = new MemoryGuestCache<InterfacesCacheEntry>();
    const options = {
      withInterfaces: (g: { type: string }) => g.type === 'lxc',
      interfacesCache: cache,
    };
    const first = await client.inventory(options);
    const fetched = first.guests.filter((g) => g.interfaces !== undefined);
    expect(fetched.length).toBeGreaterThan(0);
    expect(cache.size).toBe(fetched.length);
    sim.control.resetCounts();
    const second = await client.inventory(options);
    expect(sim.control.requestCounts().total).toBe(1);
    expect(second.guests.filter((g) => g.interfacesFromCache)).toHaveLength(fetched.length);
  });

  it('an offline node: its guests get per-guest errors (or cached configs), nothing is thrown', async () => {
    const client = simClient(sim);
    const cache = new MemoryGuestCache<ConfigCacheEntry>();
    await client.inventory({ withConfig: true, configCache: cache, configMaxAgeMs: 0 });
    sim.control.setNodeOnline('pve2', false);
    sim.control.resetCounts();
    const inventory = await client.inventory({
      withConfig: true,
      configCache: cache,
      configMaxAgeMs: 0,
    });
    const onPve2 = inventory.guests.filter((g) => g.node === 'pve2');
    expect(onPve2.length).toBeGreaterThan(0);
    for (const g of onPve2) {
      expect(g.status).toBe('unknown');
      expect(g.configError).toBeInstanceOf(ProxmoxNodeUnreachableError);
      expect(g.config).toBeDefined(); // last known config
      expect(g.configFromCache).toBe(true);
    }
    expect(inventory.nodes.find((n) => n.name === 'pve2')?.online).toBe(false);
    // No call was spent on the offline node.
    const paths = Object.keys(sim.control.requestCounts().byPath);
    expect(paths.some((p) => p.startsWith('/nodes/pve2/'))).toBe(false);
    expect(
      inventory.guests
        .filter((g) => g.node !== 'pve2')
        .every((g) => g.config !== undefined && !g.configError),
    ).toBe(true);
  });

  it('a node that answers 595 mid-run costs one call, then its guests are skipped', async () => {
    // /cluster/resources still says online, but proxying to pve3 fails.
    sim.control.addError({
      status: 595,
      path: '/nodes/pve3/**',
      message: 'Errors during connection establishment, proxy handshake: Connection refused',
    });
    const inventory = await simClient(sim).inventory({ withConfig: true, concurrency: 1 });
    const onPve3 = inventory.guests.filter((g) => g.node === 'pve3');
    expect(onPve3.every((g) => g.configError instanceof ProxmoxNodeUnreachableError)).toBe(true);
    const calls = Object.entries(sim.control.requestCounts().byPath).filter(([p]) =>
      p.startsWith('/nodes/pve3/'),
    );
    expect(calls.reduce((sum, [, n]) => sum + n, 0)).toBe(1);
    expect(inventory.issues.filter((i) => i.node === 'pve3')).toHaveLength(onPve3.length);
  });

  it('bounded per-guest concurrency still completes', async () => {
    sim.control.addLatency({ ms: 20, path: '/nodes/**' });
    const inventory = await simClient(sim).inventory({ withConfig: true, concurrency: 2 });
    expect(inventory.guests.every((g) => g.config !== undefined)).toBe(true);
  });
});
