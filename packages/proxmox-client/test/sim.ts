// Helpers for integration tests against the real @pvemon/pve-simulator.
import { startSimulator, type Simulator, type SimulatorOptions } from '@pvemon/pve-simulator';
import { ProxmoxClient, type ProxmoxClientOptions, type ProxmoxLogger } from '../src/index.js';

export function startSim(options: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({ nodes: 3, guests: 40, seed: 7, authDelayMs: 0, ...options });
}

export type TokenName = keyof Simulator['tokens'];

export interface RecordingLogger extends ProxmoxLogger {
  lines: string[];
}

export function recordingLogger(): RecordingLogger {
  const lines: string[] = [];
  const push = (obj: object, msg?: string) => lines.push(`${msg ?? ''} ${JSON.stringify(obj)}`);
  return { lines, warn: push, info: push, debug: push, error: push };
}

/** A client for `sim` trusting its CA, with fast retries; closed by `closeAll`. */
export function simClient(
  sim: Simulator,
  overrides: Partial<ProxmoxClientOptions> & { token?: TokenName } = {},
): ProxmoxClient {
  const { token = 'admin', ...rest } = overrides;
  const t = sim.tokens[token];
  const client = new ProxmoxClient({
    endpoints: sim.endpoints.map((e) => e.url),
    auth: { type: 'token', tokenId: t.id, secret: t.secret },
    tls: { ca: sim.ca.pem },
    retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 20 },
    logger: recordingLogger(),
    ...rest,
  });
  opened.push(client);
  return client;
}

const opened: ProxmoxClient[] = [];

export async function closeAll(): Promise<void> {
  await Promise.all(opened.splice(0).map((c) => c.close()));
}
