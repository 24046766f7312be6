// concurrency.spread: per-node requests go to the node's own endpoint when /cluster/status told
// us which one it is, else to the least busy endpoint; other requests keep the preferred one.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProxmoxClient, type ProxmoxClientOptions } from '../src/index.js';
import { json, selfSignedCertificate, startLocalServer, type LocalServer } from './local-https.js';

const SECRET = '0b7f3c2e-aaaa-4bbb-8ccc-1234567890ab';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const servers: LocalServer[] = [];
/** Requests each server is working on (counted in the handler, until it starts answering). */
const busy = [0, 0, 0];
const peakBusy = [0, 0, 0];
const clients: ProxmoxClient[] = [];

/** Server i is node `n<i>`: its /cluster/status marks that row `local`. */
function statusOf(i: number) {
  return {
    data: [
      { type: 'cluster', id: 'cluster', name: 'c', nodes: 3, quorate: 1, version: 3 },
      ...[0, 1, 2].map((n) => ({
        type: 'node',
        id: `node/n${n}`,
        name: `n${n}`,
        nodeid: n + 1,
        ip: `10.0.0.${n + 1}`,
        local: n === i ? 1 : 0,
        online: 1,
      })),
    ],
  };
}

function client(overrides: Partial<ProxmoxClientOptions> = {}): ProxmoxClient {
  const c = new ProxmoxClient({
    endpoints: servers.map((s) => s.url),
    auth: { type: 'token', tokenId: 'monitor@pve!test', secret: SECRET },
    tls: { fingerprints: servers.map((s) => s.fingerprint) },
    retry: false,
    logger: { warn() {} },
    ...overrides,
  });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  const cert = selfSignedCertificate();
  for (let i = 0; i < 3; i++)
    servers.push(
      await startLocalServer(cert, async (req, res) => {
        if (req.url?.includes('/cluster/status')) return json(res, 200, statusOf(i));
        busy[i] = (busy[i] ?? 0) + 1;
        peakBusy[i] = Math.max(peakBusy[i] ?? 0, busy[i] ?? 0);
        await sleep(20);
        busy[i] = (busy[i] ?? 1) - 1;
        json(res, 200, { data: [] });
      }),
    );
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(servers.map((s) => s.close()));
});
beforeEach(() => {
  servers.forEach((s) => s.resetStats());
  peakBusy.fill(0);
});

const nodeHits = (s: LocalServer) => s.hits.filter((h) => h.url.includes('/nodes/')).length;

describe('concurrency.spread', () => {
  it('off (default): everything goes to the preferred endpoint', async () => {
    const c = client({ concurrency: { perEndpoint: 3 } });
    await Promise.all(Array.from({ length: 12 }, (_, i) => c.qemuList(`x${i}`)));
    expect(servers.map(nodeHits)).toEqual([12, 0, 0]);
  });

  it('unknown nodes: spread over the endpoints, each within perEndpoint', async () => {
    const c = client({ concurrency: { perEndpoint: 2, perNode: 3, spread: true } });
    await Promise.all(Array.from({ length: 18 }, (_, i) => c.qemuList(`x${i}`)));
    expect(servers.map(nodeHits)).toEqual([6, 6, 6]);
    expect(peakBusy).toEqual([2, 2, 2]);
  });

  it("a node's requests go to its own endpoint once /cluster/status named it", async () => {
    const c = client({ concurrency: { spread: true } });
    await c.clusterStatus(); // answered by server 0: learns n0 ↔ server 0 only
    servers.forEach((s) => s.resetStats());
    await Promise.all(Array.from({ length: 6 }, () => c.qemuList('n0')));
    expect(servers.map(nodeHits)).toEqual([6, 0, 0]);
    // Unknown nodes still spread; non-node paths stay on the preferred endpoint.
    await Promise.all(Array.from({ length: 6 }, (_, i) => c.qemuList(`y${i}`)));
    await c.clusterResources();
    expect(servers[0]?.hits.filter((h) => h.url.includes('/cluster/resources'))).toHaveLength(1);
    expect(servers.map(nodeHits).reduce((a, b) => a + b)).toBe(12);
    expect(nodeHits(servers[1] as LocalServer)).toBeGreaterThan(0);
  });
});
