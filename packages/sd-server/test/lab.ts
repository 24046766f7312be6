// Test harness: a simulated PVE cluster over HTTPS + token auth, and the real sd-server app
// pointed at it. Every log line the app writes is captured so tests can grep it.
import { Writable } from 'node:stream';
import { startSimulator, type Simulator, type SimulatorOptions } from '@pvemon/pve-simulator';
import type { FastifyInstance } from 'fastify';
import { build } from '../src/app.js';
import { resolveConfig, type ResolvedConfig } from '../src/config/load.js';
import type { ClusterConfigInput, SdConfigInput } from '../src/config/schema.js';

export interface TargetGroupJson {
  targets: string[];
  labels: Record<string, string>;
}

export interface Lab {
  readonly sim: Simulator;
  readonly app: FastifyInstance;
  readonly config: ResolvedConfig;
  /** Every log line written so far. */
  readonly logs: string[];
  refresh(): Promise<void>;
  targets(path?: string): Promise<TargetGroupJson[]>;
  /** Guest targets by vm_id. */
  byVmid(): Promise<Map<string, TargetGroupJson>>;
  close(): Promise<void>;
}

export interface LabOptions {
  readonly sim?: SimulatorOptions;
  readonly cluster?: Partial<ClusterConfigInput>;
  readonly config?: Partial<SdConfigInput>;
  readonly token?: 'auditor' | 'agent' | 'restricted' | 'admin';
  /** Pin the nodes' leaf fingerprints instead of trusting the CA. */
  readonly pin?: boolean;
}

export async function startLab(opts: LabOptions = {}): Promise<Lab> {
  const sim = await startSimulator({ nodes: 3, guests: 20, authDelayMs: 0, seed: 1, ...opts.sim });
  const token = sim.tokens[opts.token ?? 'auditor'];
  const cluster: ClusterConfigInput = {
    name: 'lab',
    endpoints: sim.endpoints.map((e) => e.url),
    tokenId: token.id,
    tokenSecret: token.secret,
    tls: opts.pin ? { fingerprints: Object.values(sim.fingerprints) } : { caFile: sim.ca.path },
    allowLoopback: true,
    agentTimeout: 2,
    requestTimeout: 3,
    ...opts.cluster,
  };
  const config = resolveConfig({ clusters: [cluster], logLevel: 'debug', ...opts.config }, 'test');
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(...chunk.toString().split('\n').filter(Boolean));
      cb();
    },
  });
  const app = await build({ config, startDiscovery: false, logDestination: destination });
  await app.ready();
  const targets = async (path = '/targets'): Promise<TargetGroupJson[]> => {
    const res = await app.inject({
      url: path,
      headers: config.bearerToken ? { authorization: `Bearer ${config.bearerToken}` } : {},
    });
    if (res.statusCode !== 200) throw new Error(`${path}: HTTP ${res.statusCode} ${res.body}`);
    return res.json<TargetGroupJson[]>();
  };
  return {
    sim,
    app,
    config,
    logs,
    refresh: () => app.discovery.refreshAll(),
    targets,
    byVmid: async () => new Map((await targets()).map((g) => [g.labels.vm_id ?? '', g])),
    close: async () => {
      await app.close();
      await sim.close();
    },
  };
}
