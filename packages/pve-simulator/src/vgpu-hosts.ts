// Everything pvemon-vgpu needs to run against the simulator from another process or container,
// per simulated vGPU host (a node with mediated-device guests): the node's fake nvidia-smi, its
// qemu-server/*.conf, and a manifest listing them (vgpu-hosts.json).
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeNvidiaSmiWrappers } from './nvidia-smi-wrappers.js';
import { writeQemuServerConfigs } from './qemu-server-configs.js';
import type { Simulator } from './simulator.js';

export interface VgpuHostFiles {
  readonly node: string;
  /** The node's simulated address (pvemon-vgpu listens on ip:9836 like on a real host). */
  readonly ip: string;
  /** Fake nvidia-smi answering from the running simulator. */
  readonly nvidiaSmi: string;
  /** The node's qemu-server/*.conf folder (pvemon-vgpu --config-dir). */
  readonly configDir: string;
}

export const VGPU_MANIFEST = 'vgpu-hosts.json';

/** Writes the files into `dir` and `dir`/vgpu-hosts.json; returns the manifest's entries. */
export function writeVgpuHosts(
  sim: Pick<Simulator, 'load' | 'exporterGateway' | 'model' | 'pve'>,
  dir: string,
): VgpuHostFiles[] {
  const vgpuNodes = new Set(
    sim.model
      .guests()
      .filter((g) => sim.load.hasVgpu(g))
      .map((g) => g.node),
  );
  const hosts = writeNvidiaSmiWrappers(sim, dir)
    .filter((w) => vgpuNodes.has(w.node))
    .map((w) => ({
      node: w.node,
      ip: w.ip,
      nvidiaSmi: w.path,
      configDir: writeQemuServerConfigs(sim, dir, w.node),
    }));
  writeFileSync(join(resolve(dir), VGPU_MANIFEST), `${JSON.stringify(hosts, null, 2)}\n`);
  return hosts;
}
