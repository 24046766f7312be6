// TLS: the CA verifies every endpoint, /nodes reports the served leaf's fingerprint, and an
// untrusted client is refused (so pinning/CA trust is really exercised).
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.js';
import { call, data, startTestSim } from './helpers.js';
import type { Row } from './helpers.js';

describe('TLS', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startTestSim({ guests: 5 });
  });
  afterAll(() => sim.close());

  it('each endpoint serves its node certificate, signed by the CA, fingerprint as in /nodes', async () => {
    const nodes = await data<Row[]>(sim, '/nodes');
    expect(readFileSync(sim.ca.path, 'utf8')).toBe(sim.ca.pem);
    const ca = new X509Certificate(sim.ca.pem);
    expect(ca.ca).toBe(true);
    const seen = new Set<string>();
    for (const ep of sim.endpoints) {
      const res = await call(sim, '/api2/json/version', {
        token: sim.tokens.auditor.header,
        base: ep.url,
      });
      const served = new X509Certificate(res.peer?.raw ?? Buffer.alloc(0));
      expect(served.checkIssued(ca)).toBe(true);
      expect(served.subjectAltName).toContain('IP Address:127.0.0.1');
      expect(served.fingerprint256).toBe(nodes.find((n) => n.node === ep.node)?.ssl_fingerprint);
      expect(served.fingerprint256).toBe(sim.fingerprints[ep.node]);
      seen.add(served.fingerprint256);
    }
    expect(seen.size).toBe(sim.endpoints.length);
  });

  it('a client that does not trust the CA is refused', async () => {
    await expect(call(sim, '/api2/json/version', { ca: '' })).rejects.toMatchObject({
      code: expect.stringMatching(/SELF_SIGNED|UNABLE_TO_GET_ISSUER|UNABLE_TO_VERIFY/),
    });
  });
});

describe('TLS isolation between simulators', () => {
  it("one simulator's CA does not validate another simulator's certificates", async () => {
    const [a, b] = await Promise.all([
      startTestSim({ guests: 2, nodes: 1 }),
      startTestSim({ guests: 2, nodes: 1 }),
    ]);
    try {
      await expect(call(a, '/api2/json/version', { ca: b.ca.pem })).rejects.toMatchObject({
        code: expect.stringMatching(/UNABLE_TO_GET_ISSUER|UNABLE_TO_VERIFY|SELF_SIGNED/),
      });
      expect(a.fingerprint).not.toBe(b.fingerprint);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('node-address listeners', () => {
  it('binds each node on its own loopback address at one port, and the cert covers it', async () => {
    const sim = await startTestSim({ guests: 2, nodes: 2, bindNodeAddresses: true });
    try {
      expect(sim.endpoints.map((e) => e.host)).toEqual(['127.1.0.1', '127.1.0.2']);
      for (const ep of sim.endpoints) {
        const res = await call(sim, '/api2/json/cluster/status', {
          token: sim.tokens.auditor.header,
          base: ep.url,
        });
        expect(res.status).toBe(200);
        const local = (res.json().data as Row[]).find((r) => r.local === 1);
        expect(local?.ip).toBe(ep.host);
      }
    } finally {
      await sim.close();
    }
  });
});
