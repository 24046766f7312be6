// Request counting per path, route and endpoint.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Simulator } from '../src/index.js';
import { call, startTestSim } from './helpers.js';

describe('request counting', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startTestSim({ guests: 10 });
  });
  afterAll(() => sim.close());

  it('counts by path, route and endpoint; control calls are not counted; reset clears', async () => {
    sim.control.resetCounts();
    const t = sim.tokens.auditor.header;
    const [e1, e2] = sim.endpoints;
    await call(sim, '/api2/json/cluster/resources?type=vm', { token: t, base: e1?.url });
    await call(sim, '/api2/json//cluster/resources/', { token: t, base: e2?.url }); // normalised
    await call(sim, `/api2/json/nodes/${sim.control.guest(100)?.node}/qemu/100/config`, {
      token: t,
    });
    await call(sim, '/api2/json/version'); // 401 still costs a request
    await call(sim, '/_sim/info');
    const c = sim.control.requestCounts();
    expect(c.total).toBe(4);
    expect(c.byPath['/cluster/resources']).toBe(2);
    expect(c.byPath['/version']).toBe(1);
    expect(c.byRoute['GET /nodes/{node}/qemu/{vmid}/config']).toBe(1);
    expect(c.byRoute['GET /cluster/resources']).toBe(2);
    expect(c.byEndpoint).toEqual({ pve1: 3, pve2: 1 });
    const http = (await call(sim, '/_sim/requests')).json();
    expect(http.total).toBe(4);
    await call(sim, '/_sim/requests', { method: 'DELETE' });
    expect(sim.control.requestCounts().total).toBe(0);
  });

  it('tracks the peak number of requests in flight per endpoint and per target node', async () => {
    sim.control.resetCounts();
    const id = sim.control.addLatency({ ms: 150 });
    try {
      const t = sim.tokens.auditor.header;
      const [e1, e2] = sim.endpoints;
      await Promise.all([
        ...Array.from({ length: 4 }, () =>
          call(sim, '/api2/json/nodes/pve2/qemu', { token: t, base: e1?.url }),
        ),
        call(sim, '/api2/json/nodes/pve3/lxc', { token: t, base: e2?.url }),
        call(sim, '/api2/json/version', { token: t, base: e2?.url }),
      ]);
    } finally {
      sim.control.removeFault(id);
    }
    const c = sim.control.requestCounts();
    expect(c.maxInFlight).toBe(6);
    expect(c.maxInFlightByEndpoint).toEqual({ pve1: 4, pve2: 2 });
    expect(c.maxInFlightByNode).toEqual({ pve2: 4, pve3: 1 });
    // The server's 'finish' can trail the client's 'end' within this one process.
    await vi.waitFor(() => expect(sim.control.requestCounts().inFlight).toBe(0));
  });
});
