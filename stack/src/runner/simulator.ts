import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as SimulatorPackage from '@pvemon/pve-simulator';

type SimulatorModule = typeof SimulatorPackage;

/** What the runner needs from a running simulator (structural, so tests can see the contract). */
export interface RunningSimulator {
  readonly clusterName: string;
  readonly endpoints: readonly { readonly url: string }[];
  readonly ca: { readonly path: string };
  readonly tokens: {
    readonly agent?: { readonly id: string; readonly secret: string };
    readonly auditor?: { readonly id: string; readonly secret: string };
  };
  readonly nodes: readonly { readonly name: string; readonly ip: string }[];
  /** Emulated exporter endpoints (simulated-exporters feature). */
  readonly exporters: readonly {
    readonly type: string;
    readonly host: string;
    readonly port: number;
    readonly vmid?: number;
  }[];
  readonly control: { startScenario(spec: string): Promise<unknown> };
  /** GPU nodes hosting vGPU guests, with the files pvemon-vgpu needs to run against them. */
  readonly vgpuHosts: readonly VgpuHost[];
  close(): Promise<void>;
}

/** A simulated vGPU host: where its pvemon-vgpu listens and what it reads. */
export interface VgpuHost {
  readonly node: string;
  /** The node's simulated address (pvemon-vgpu listens on ip:9836 like on a real host). */
  readonly ip: string;
  /** Fake nvidia-smi answering from the simulator. */
  readonly nvidiaSmi: string;
  /** The node's qemu-server/*.conf (PVE format). */
  readonly configDir: string;
}

export interface SimulatorSettings {
  readonly nodes: number;
  readonly guests: number;
  readonly seed: number;
  /** Scenarios active from the start (`cpu-saturation:vm101`, `node-down:pve2`, …). */
  readonly scenarios?: readonly string[];
  /** Shifts the simulator's loopback address plan (parallel runs); default 0. */
  readonly addressOffset?: number;
  /** Where the GPU hosts' fake nvidia-smi and VM configs are written. */
  readonly filesDir: string;
}

/**
 * Starts @pvemon/pve-simulator in this process (its public API) on ephemeral loopback ports, with
 * no artificial 401 delay. Imported lazily: with a real cluster configured it is never loaded.
 */
export async function startDemoSimulator(s: SimulatorSettings): Promise<RunningSimulator> {
  let mod: SimulatorModule;
  try {
    mod = await import('@pvemon/pve-simulator');
  } catch (err) {
    throw new Error(
      `cannot load @pvemon/pve-simulator (${err instanceof Error ? err.message : String(err)}): build it with \`npx nx run @pvemon/pve-simulator:build\``,
    );
  }
  const sim = await mod.startSimulator({
    nodes: s.nodes,
    guests: s.guests,
    seed: s.seed,
    host: '127.0.0.1',
    port: 0,
    authDelayMs: 0,
    // A healthy cluster: no IPv6-only (unroutable) guests, an exporter in every guest.
    profile: 'demo',
    addressOffset: s.addressOffset ?? 0,
    // Every guest/node exporter on its own 127.x address at the standard port, as sd-server
    // announces them; the pve-exporter endpoint on 127.0.0.1:9221 (offset 0).
    exporters: { ports: 'standard' },
    scenarios: [...(s.scenarios ?? [])],
  });
  try {
    // The same files the Compose demo's pvemon-vgpu reads (pvemon-sim --vgpu-dir).
    const vgpuHosts = mod.writeVgpuHosts(sim, join(s.filesDir, 'vgpu'));
    return Object.assign(sim, { vgpuHosts });
  } catch (err) {
    await sim.close();
    throw err;
  }
}

/**
 * The sd-server configuration for the simulator: token secret in a 0600 file (never on the
 * command line), the simulator's CA pinned, loopback guest addresses allowed (demo only).
 */
export function writeSdConfigForSimulator(
  sim: Pick<RunningSimulator, 'clusterName' | 'endpoints' | 'ca' | 'tokens'>,
  dir: string,
  listen: { host: string; port: number },
  refreshSeconds: number,
  pveExporterTarget?: string,
): string {
  const token = sim.tokens.agent ?? sim.tokens.auditor;
  if (!token) throw new Error('the simulator offers neither an "agent" nor an "auditor" token');
  const secretFile = join(dir, 'pve-token.secret');
  writeFileSync(secretFile, `${token.secret}\n`, { mode: 0o600 });
  const file = join(dir, 'sd.yml');
  const cluster = {
    name: sim.clusterName,
    endpoints: sim.endpoints.map((e) => e.url),
    tokenId: token.id,
    tokenSecretFile: secretFile,
    tls: { caFile: sim.ca.path },
    allowLoopback: true,
    ...(pveExporterTarget ? { pveExporter: { target: pveExporterTarget } } : {}),
  };
  const config = {
    listen,
    refreshInterval: refreshSeconds,
    logLevel: 'info',
    clusters: [cluster],
  };
  // JSON is YAML: no serializer quirks for the URLs and ids.
  writeFileSync(file, JSON.stringify(config, null, 2), { mode: 0o600 });
  return file;
}
