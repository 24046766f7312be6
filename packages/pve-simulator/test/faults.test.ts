// Every fault kind, switched at run time through sim.control and the HTTP control API.
import { connect } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.js';
import { call, data, startTestSim } from './helpers.js';
import type { Row } from './helpers.js';

function servedFingerprint(url: string, ca: string): Promise<string> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const s = connect(
      { host: u.hostname, port: Number(u.port), ca, servername: 'localhost' },
      () => {
        const fp = s.getPeerCertificate().fingerprint256;
        s.end();
        resolve(fp);
      },
    );
    s.on('error', reject);
  });
}

describe('fault injection', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startTestSim({ guests: 30 });
  });
  afterAll(() => sim.close());
  afterEach(() => sim.control.clearFaults());

  const v = (s: Simulator, base?: string) =>
    call(s, '/api2/json/version', { token: s.tokens.auditor.header, base });

  it('latency: global or per path pattern (matching logic is unit-tested in faults.test.ts)', async () => {
    const id = sim.control.addLatency({ ms: 200, path: '/version' });
    let t0 = performance.now();
    expect((await v(sim)).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(190);
    expect(sim.control.removeFault(id)).toBe(true);
    sim.control.addLatency({ ms: 150 });
    t0 = performance.now();
    await data(sim, '/cluster/status');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('5xx burst: the next N requests fail, then service resumes', async () => {
    sim.control.addError({ status: 503, count: 2, path: '/version' });
    const a = await v(sim);
    expect([a.status, a.statusMessage]).toEqual([503, 'Service Unavailable']);
    expect(a.json().message).toBe('Service Unavailable\n');
    expect((await v(sim)).status).toBe(503);
    expect((await v(sim)).status).toBe(200);
  });

  it('5xx with a probability uses the seeded RNG; endpoint-scoped errors hit one listener', async () => {
    sim.control.addError({ status: 500, probability: 0.5, path: '/version', message: 'boom' });
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await v(sim)).status);
    expect(statuses.filter((s) => s === 500).length).toBeGreaterThan(3);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(3);
    sim.control.clearFaults();
    sim.control.addError({ status: 502, endpoint: 'pve1' });
    const [e1, e2] = sim.endpoints;
    expect((await v(sim, e1?.url)).status).toBe(502);
    expect((await v(sim, e2?.url)).status).toBe(200);
  });

  it('truncated and malformed JSON bodies (HTTP 200, unparsable)', async () => {
    sim.control.addBodyFault({ kind: 'truncated', count: 1, path: '/cluster/resources' });
    const t = await call(sim, '/api2/json/cluster/resources', { token: sim.tokens.auditor.header });
    expect(t.status).toBe(200);
    expect(() => t.json()).toThrow();
    expect(t.text.startsWith('{"data":[')).toBe(true);
    sim.control.addBodyFault({ kind: 'malformed', count: 1 });
    const m = await v(sim);
    expect(() => m.json()).toThrow();
    expect((await v(sim)).json().data).toBeTruthy();
  });

  it('offline node: 595 on proxied calls, unknown guests, offline in status lists', async () => {
    sim.control.setNodeOnline('pve2', false);
    try {
      const res = await call(sim, '/api2/json/nodes/pve2/qemu', {
        token: sim.tokens.auditor.header,
      });
      expect(res.status).toBe(595);
      expect(res.statusMessage).toBe(
        'Errors during connection establishment, proxy handshake: No route to host',
      );
      expect(res.text).toBe('');
      const rows = await data<Row[]>(sim, '/cluster/resources');
      const guests = rows.filter(
        (r) => r.node === 'pve2' && (r.type === 'qemu' || r.type === 'lxc'),
      );
      expect(guests.length).toBeGreaterThan(0);
      for (const g of guests) {
        expect(g.status).toBe('unknown');
        expect(g.name).toBeUndefined();
        expect(g.uptime).toBeUndefined();
      }
      const node = rows.find((r) => r.id === 'node/pve2') as Row;
      expect(node.status).toBe('offline');
      expect(node.uptime).toBeUndefined();
      expect(node.maxcpu).toBeTypeOf('number');
      const status = await data<Row[]>(sim, '/cluster/status');
      expect(status.find((r) => r.name === 'pve2')?.online).toBe(0);
      expect(status.find((r) => r.type === 'cluster')?.quorate).toBe(1);
      expect((await data<Row[]>(sim, '/nodes')).find((r) => r.node === 'pve2')?.status).toBe(
        'offline',
      );
    } finally {
      sim.control.setNodeOnline('pve2', true);
    }
    expect(
      (await call(sim, '/api2/json/nodes/pve2/qemu', { token: sim.tokens.auditor.header })).status,
    ).toBe(200);
  });

  it('unknown node name: 596 "no such cluster node"', async () => {
    const res = await call(sim, '/api2/json/nodes/PVE1/qemu', { token: sim.tokens.auditor.header });
    expect(res.status).toBe(596);
    expect(res.json().message).toBe("no such cluster node 'PVE1'\n");
  });

  it('guest agent: dead, slow, unsupported, then ok again', async () => {
    const path = `/api2/json/nodes/${sim.control.guest(100)?.node}/qemu/100/agent/network-get-interfaces`;
    const get = () => call(sim, path, { token: sim.tokens.auditor.header });
    sim.control.setAgent(100, { state: 'dead' });
    const dead = await get();
    expect([dead.status, dead.statusMessage]).toEqual([500, 'QEMU guest agent is not running']);
    sim.control.setAgent(100, { state: 'slow', delayMs: 250 });
    const t0 = performance.now();
    expect((await get()).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(240);
    sim.control.setAgent(100, { state: 'unsupported' });
    expect((await get()).json().data).toEqual({
      result: {
        error: { class: 'Unsupported', desc: 'this feature or command is not currently supported' },
      },
    });
    sim.control.setAgent(100, { state: 'ok' });
    expect(Array.isArray(((await get()).json().data as { result: unknown }).result)).toBe(true);
    expect(() => sim.control.setAgent(101, { state: 'dead' })).toThrow(/LXC/);
  });

  it('agentTimeoutMs makes failing agent calls as slow as a guest-ping timeout', async () => {
    const slow = await startTestSim({ guests: 10, nodes: 1, agentTimeoutMs: 300 });
    try {
      const t0 = performance.now();
      const res = await call(slow, '/api2/json/nodes/pve1/qemu/106/agent/network-get-interfaces', {
        token: slow.tokens.auditor.header,
      });
      expect(res.statusMessage).toBe('QEMU guest agent is not running');
      expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    } finally {
      await slow.close();
    }
  });

  it('agent errors come in PVE order: not configured, not running, agent not running', async () => {
    const msg = async (vmid: number) => {
      const g = sim.control.guest(vmid);
      return (
        await call(sim, `/api2/json/nodes/${g?.node}/qemu/${vmid}/agent/network-get-interfaces`, {
          token: sim.tokens.auditor.header,
        })
      ).statusMessage;
    };
    expect(await msg(105)).toBe('No QEMU guest agent configured');
    expect(await msg(103)).toBe('VM 103 is not running');
    expect(await msg(106)).toBe('QEMU guest agent is not running');
    expect(await msg(110)).toBe('QEMU guest agent is not running'); // agent: "0" counts as configured
  });

  it('revoked token answers 401 until restored', async () => {
    sim.control.revokeToken(sim.tokens.auditor.id);
    const res = await v(sim);
    expect([res.status, res.statusMessage]).toEqual([
      401,
      "no such token 'monitor' for user 'pvemon@pve'",
    ]);
    sim.control.restoreToken(sim.tokens.auditor.id);
    expect((await v(sim)).status).toBe(200);
    expect(() => sim.control.revokeToken('x@y!z')).toThrow(/unknown token/);
    sim.control.expireToken(sim.tokens.auditor.id);
    const expired = await v(sim);
    expect([expired.status, expired.statusMessage]).toEqual([401, 'token expired']);
    sim.control.restoreToken(sim.tokens.auditor.id);
    expect((await v(sim)).status).toBe(200);
  });

  it('TLS certificate change: new fingerprint served and reported without restart', async () => {
    const before = await servedFingerprint(sim.url, sim.ca.pem);
    expect(before).toBe(sim.fingerprint);
    const rotated = sim.control.rotateCertificate('pve1');
    expect(rotated.pve1).not.toBe(before);
    const after = await servedFingerprint(sim.url, sim.ca.pem);
    expect(after).toBe(rotated.pve1);
    expect(sim.fingerprints.pve1).toBe(after);
    const nodes = await data<Row[]>(sim, '/nodes');
    expect(nodes.find((n) => n.node === 'pve1')?.ssl_fingerprint).toBe(after);
    // Still chained to the same CA.
    const res = await v(sim);
    expect(
      new X509Certificate(res.peer?.raw ?? Buffer.alloc(0)).checkIssued(
        new X509Certificate(sim.ca.pem),
      ),
    ).toBe(true);
  });

  it('an endpoint goes down (connection refused) and comes back on the same port', async () => {
    const ep = sim.endpoints[1];
    await sim.control.endpointDown('pve2');
    expect(sim.endpoints[1]?.up).toBe(false);
    await expect(v(sim, ep?.url)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect((await v(sim, sim.endpoints[0]?.url)).status).toBe(200);
    await sim.control.endpointUp('pve2');
    expect(sim.endpoints[1]?.port).toBe(ep?.port);
    expect((await v(sim, ep?.url)).status).toBe(200);
  });

  it('a node crash takes the node offline and its endpoint down; recovery undoes both', async () => {
    const ep = sim.endpoints[2];
    await sim.control.crashNode('pve3');
    await expect(v(sim, ep?.url)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    const status = await data<Row[]>(sim, '/cluster/status');
    expect(status.find((r) => r.name === 'pve3')?.online).toBe(0);
    await sim.control.recoverNode('pve3');
    expect((await v(sim, ep?.url)).status).toBe(200);
    expect((await data<Row[]>(sim, '/cluster/status')).find((r) => r.name === 'pve3')?.online).toBe(
      1,
    );
  });

  it('the same faults are reachable through the HTTP control API', async () => {
    const post = (path: string, body?: unknown, base?: string) =>
      call(sim, `/_sim${path}`, { method: 'POST', body: body ?? {}, base });
    const r = await post('/faults/error', { status: 500, count: 1, path: '/version' });
    expect(r.status).toBe(200);
    expect(typeof r.json().id).toBe('number');
    expect((await v(sim)).status).toBe(500);
    expect((await v(sim)).status).toBe(200);
    expect((await post('/faults/latency', { ms: -1 })).json().error).toMatch(/field "ms"/);
    expect((await post('/faults/body', { kind: 'gzip' })).status).toBe(400);
    expect((await post('/guests/100/agent', { state: 'dead' })).status).toBe(200);
    expect((await post(`/tokens/${encodeURIComponent(sim.tokens.auditor.id)}/revoke`)).status).toBe(
      200,
    );
    expect((await v(sim)).status).toBe(401);
    expect((await call(sim, '/_sim/faults', { method: 'DELETE' })).status).toBe(200);
    expect((await v(sim)).status).toBe(200);
    expect((await post('/nodes/pve3/offline')).status).toBe(200);
    expect(
      (await call(sim, '/api2/json/nodes/pve3/lxc', { token: sim.tokens.auditor.header })).status,
    ).toBe(595);
    expect((await post('/nodes/pve3/online')).status).toBe(200);
    const rot = await post('/tls/rotate', { node: 'pve3' });
    expect(rot.json().fingerprints).toEqual({ pve3: sim.fingerprints.pve3 });
    const e3 = sim.endpoints[2]?.url;
    expect((await post('/endpoints/pve3/down', {}, e3)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    await expect(v(sim, e3)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect((await post('/endpoints/pve3/up')).status).toBe(200);
    expect((await v(sim, e3)).status).toBe(200);
    await post('/faults/latency', { ms: 1, path: '/nodes/*/qemu/**' });
    const listed = (await call(sim, '/_sim/faults')).json() as {
      latency: { id: number; ms: number; path: string }[];
    };
    expect(listed.latency).toEqual([expect.objectContaining({ ms: 1, path: '/nodes/*/qemu/**' })]);
    expect(sim.control.listFaults().latency[0]?.id).toBe(listed.latency[0]?.id);
    const info = (await call(sim, '/_sim/info')).json();
    expect(info.caPath).toBe(sim.ca.path);
    expect(JSON.stringify(info)).not.toContain(sim.tokens.admin.secret);
  });
});
