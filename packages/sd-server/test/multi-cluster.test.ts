import { startSimulator, type Simulator } from '@pvemon/pve-simulator';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/app.js';
import { resolveConfig } from '../src/config/load.js';
import type { TargetGroupJson } from './lab.js';

let a: Simulator;
let b: Simulator;
let app: FastifyInstance;

/** One cluster of the config: a simulator over HTTPS with its CA and the auditor token. */
const simCluster = (name: string, s: Simulator) => ({
  name,
  endpoints: s.endpoints.map((e) => e.url),
  tokenId: s.tokens.auditor.id,
  tokenSecret: s.tokens.auditor.secret,
  tls: { caFile: s.ca.path },
  allowLoopback: true,
});

beforeAll(async () => {
  [a, b] = await Promise.all([
    startSimulator({ nodes: 2, guests: 20, authDelayMs: 0, seed: 1, clusterName: 'alpha' }),
    startSimulator({ nodes: 3, guests: 20, authDelayMs: 0, seed: 2, clusterName: 'beta' }),
  ]);
  const config = resolveConfig(
    { logLevel: 'silent', clusters: [simCluster('alpha', a), simCluster('beta', b)] },
    'test',
  );
  app = await build({ config, startDiscovery: false });
  await app.discovery.refreshAll();
});
afterAll(async () => {
  await app?.close();
  await Promise.all([a?.close(), b?.close()]);
});

const targets = async (url: string): Promise<TargetGroupJson[]> =>
  (await app.inject(url)).json<TargetGroupJson[]>();

describe('several clusters, each with its own endpoints, token and CA', () => {
  it('merges every cluster and filters by cluster', async () => {
    const all = await targets('/targets');
    const clusters = new Set(all.map((t) => t.labels.cluster));
    expect(clusters).toEqual(new Set(['alpha', 'beta']));
    const beta = await targets('/targets?cluster=beta');
    expect(beta.length).toBe(all.filter((t) => t.labels.cluster === 'beta').length);
    expect((await targets('/targets/pve')).map((t) => t.labels.cluster)).toEqual(['alpha', 'beta']);
    expect((await targets('/targets/nodes')).length).toBe(5);
  });

  it('keeps serving one cluster when the other is down, and reports only that one', async () => {
    const before = await targets('/targets');
    for (const e of b.endpoints) await b.control.endpointDown(e.node);
    await app.discovery.refreshAll();
    expect(await targets('/targets')).toEqual(before);
    const h = (await app.inject('/health')).json<{
      status: string;
      clusters: { cluster: string; ok: boolean }[];
    }>();
    expect(h.status).toBe('degraded');
    expect(h.clusters.map((c) => [c.cluster, c.ok])).toEqual([
      ['alpha', true],
      ['beta', false],
    ]);
  });
});

describe('startup with one cluster unreachable', () => {
  it('answers 503 until the startup grace is over, then serves the clusters it has', async () => {
    const [up, down] = await Promise.all([
      startSimulator({ nodes: 1, guests: 20, authDelayMs: 0, seed: 3 }),
      startSimulator({ nodes: 1, guests: 20, authDelayMs: 0, seed: 4 }),
    ]);
    for (const e of down.endpoints) await down.control.endpointDown(e.node);
    const cluster = (name: string, s: Simulator) => ({ ...simCluster(name, s), requestTimeout: 1 });
    const config = resolveConfig(
      {
        logLevel: 'silent',
        startupGrace: '2s',
        clusters: [cluster('up', up), cluster('down', down)],
      },
      'test',
    );
    const graced = await build({ config, startDiscovery: false });
    try {
      await graced.discovery.refreshAll();
      expect((await graced.inject('/targets')).statusCode).toBe(503);
      expect((await graced.inject('/health')).statusCode).toBe(503);
      await new Promise((r) => setTimeout(r, 2_050));
      const res = await graced.inject('/targets');
      expect(res.statusCode).toBe(200);
      expect(new Set(res.json<TargetGroupJson[]>().map((t) => t.labels.cluster))).toEqual(
        new Set(['up']),
      );
    } finally {
      await graced.close();
      await Promise.all([up.close(), down.close()]);
    }
  });
});
