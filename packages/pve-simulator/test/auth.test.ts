// Authentication: token header parsing and PVE's 401 reason phrases, the auth delay, tickets
// with CSRF and expiry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.js';
import { call, startTestSim } from './helpers.js';

describe('token authentication', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startTestSim({ guests: 10 });
  });
  afterAll(() => sim.close());

  const cases: [string, (s: Simulator) => Record<string, string>, string][] = [
    ['no credentials', () => ({}), 'No ticket'],
    [
      'wrong secret',
      (s) => ({
        authorization: `PVEAPIToken=${s.tokens.auditor.id}=00000000-0000-4000-8000-000000000000`,
      }),
      'invalid token value!',
    ],
    [
      'unknown token',
      () => ({ authorization: 'PVEAPIToken=pvemon@pve!nope=x' }),
      "no such token 'nope' for user 'pvemon@pve'",
    ],
    [
      'unknown user',
      () => ({ authorization: 'PVEAPIToken=nobody@pve!x=y' }),
      "no such user ('nobody@pve')",
    ],
    [
      'malformed token id',
      () => ({ authorization: 'PVEAPIToken=justtext=y' }),
      "'justtext' is not a valid token ID",
    ],
  ];
  for (const [name, headers, reason] of cases) {
    it(`${name} → 401 "${reason}" with an empty body`, async () => {
      const res = await call(sim, '/api2/json/version', { headers: headers(sim) });
      expect(res.status).toBe(401);
      expect(res.statusMessage).toBe(reason);
      expect(res.text).toBe('');
    });
  }

  it('a valid token is accepted and never echoed back', async () => {
    const res = await call(sim, '/api2/json/version', { token: sim.tokens.auditor.header });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json;charset=UTF-8');
    expect(res.text).not.toContain(sim.tokens.auditor.secret);
  });

  it('delays every 401 by the configured auth delay', async () => {
    sim.control.setAuthDelay(300);
    try {
      const t0 = performance.now();
      const res = await call(sim, '/api2/json/version', {
        token: 'PVEAPIToken=pvemon@pve!monitor=bad',
      });
      expect(res.status).toBe(401);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(280);
    } finally {
      sim.control.setAuthDelay(0);
    }
  });

  it('unknown paths are authenticated first, then answered 501 with the PVE message', async () => {
    expect((await call(sim, '/api2/json/nodes/pve1/foo')).status).toBe(401);
    const res = await call(sim, '/api2/json/nodes/pve1/foo', { token: sim.tokens.auditor.header });
    expect(res.status).toBe(501);
    expect(res.statusMessage).toBe("Method 'GET /nodes/pve1/foo' not implemented");
    expect(res.json()).toEqual({
      data: null,
      message: "Method 'GET /nodes/pve1/foo' not implemented\n",
    });
    const head = await call(sim, '/api2/json/version', {
      method: 'HEAD',
      token: sim.tokens.auditor.header,
    });
    expect(head.status).toBe(501);
    expect(head.statusMessage).toBe("method 'HEAD' not available");
  });
});

describe('ticket authentication', () => {
  let sim: Simulator;
  let clock = Date.now();
  beforeAll(async () => {
    sim = await startTestSim({ guests: 10, ticketLifetimeMs: 60_000, now: () => clock });
  });
  afterAll(() => sim.close());

  async function login(password: string, username = sim.users.root.userid) {
    return call(sim, '/api2/json/access/ticket', { method: 'POST', form: { username, password } });
  }

  it('issues a ticket + CSRF token that authenticate GETs; POSTs need the CSRF header', async () => {
    const res = await login(sim.users.root.password);
    expect(res.status).toBe(200);
    const d = res.json().data as {
      ticket: string;
      CSRFPreventionToken: string;
      username: string;
      cap: Record<string, unknown>;
    };
    expect(d.username).toBe('root@pam');
    expect(d.ticket).toMatch(/^PVE:root@pam:[0-9A-F]{8}::\S+$/);
    expect(d.CSRFPreventionToken).toMatch(/^[0-9A-F]{8}:\S+$/);
    expect(Object.keys(d.cap)).toEqual(
      expect.arrayContaining(['vms', 'storage', 'nodes', 'dc', 'access']),
    );
    const cookie = `PVEAuthCookie=${encodeURIComponent(d.ticket)}`;
    expect((await call(sim, '/api2/json/cluster/status', { headers: { cookie } })).status).toBe(
      200,
    );
    const g = sim.control.guests().find((x) => x.type === 'qemu' && x.status === 'running');
    const stopPath = `/api2/json/nodes/${g?.node}/qemu/${g?.vmid}/status/stop`;
    const noCsrf = await call(sim, stopPath, { method: 'POST', headers: { cookie } });
    expect(noCsrf.status).toBe(401);
    expect(noCsrf.statusMessage).toBe('Permission denied - invalid csrf token');
    const ok = await call(sim, stopPath, {
      method: 'POST',
      headers: { cookie, csrfpreventiontoken: d.CSRFPreventionToken },
    });
    expect(ok.status).toBe(200);
    expect(ok.json().data).toMatch(
      new RegExp(
        `^UPID:${g?.node}:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:qmstop:${g?.vmid}:root@pam:$`,
      ),
    );
    expect(sim.control.guest(g?.vmid ?? 0)?.status).toBe('stopped');
  });

  it('accepts JSON login bodies and the ticket as renewal password; rejects bad passwords', async () => {
    const res = await call(sim, '/api2/json/access/ticket', {
      method: 'POST',
      body: { username: 'pvemon', realm: 'pve', password: sim.users.monitor.password },
    });
    expect(res.status).toBe(200);
    const ticket = (res.json().data as { ticket: string }).ticket;
    expect((await login(ticket, 'pvemon@pve')).status).toBe(200);
    const bad = await login('wrong');
    expect(bad.status).toBe(401);
    expect(bad.statusMessage).toBe('authentication failure');
  });

  it('tickets expire after the configured lifetime', async () => {
    const d = (await login(sim.users.root.password)).json().data as { ticket: string };
    const cookie = `PVEAuthCookie=${encodeURIComponent(d.ticket)}`;
    clock += 59_000;
    expect((await call(sim, '/api2/json/version', { headers: { cookie } })).status).toBe(200);
    clock += 2_000;
    const expired = await call(sim, '/api2/json/version', { headers: { cookie } });
    expect(expired.status).toBe(401);
    expect(expired.statusMessage).toBe('permission denied - invalid PVE ticket');
    // A forged signature is rejected too.
    const forged = `PVEAuthCookie=${encodeURIComponent(d.ticket.replace(/::.*/, '::AAAA'))}`;
    expect((await call(sim, '/api2/json/version', { headers: { cookie: forged } })).status).toBe(
      401,
    );
  });
});
