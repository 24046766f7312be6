// Writes a fake `nvidia-smi` per simulated GPU node (shell wrappers around nvidia-smi.ts that ask
// the running simulator's exporter gateway), so pvemon-vgpu can run against the simulator.
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Simulator } from './simulator.js';

/** Path of the fake nvidia-smi entry point next to this file (dist/*.js or src/*.ts). */
function nvidiaSmiEntry(): string {
  const js = fileURLToPath(new URL('./nvidia-smi.js', import.meta.url));
  if (existsSync(js)) return `"${process.execPath}" "${js}"`;
  const ts = fileURLToPath(new URL('./nvidia-smi.ts', import.meta.url));
  return `"${process.execPath}" --import tsx "${ts}"`;
}

export interface NvidiaSmiWrapper {
  /** GPU node name (e.g. pve1). */
  readonly node: string;
  /** That node's simulated address (where its exporters listen). */
  readonly ip: string;
  /** Executable `<dir>/<node>/nvidia-smi`. */
  readonly path: string;
}

/**
 * Writes `<dir>/<node>/nvidia-smi` for every GPU node of a simulator started with exporters
 * (the wrappers call its exporter gateway). Returns one entry per GPU node.
 */
export function writeNvidiaSmiWrappers(
  sim: Pick<Simulator, 'load' | 'exporterGateway'>,
  dir: string,
): NvidiaSmiWrapper[] {
  if (!sim.exporterGateway) {
    throw new Error('writeNvidiaSmiWrappers: start the simulator with `exporters` first');
  }
  const out: NvidiaSmiWrapper[] = [];
  const cmd = nvidiaSmiEntry();
  for (const name of sim.load.gpuNodes()) {
    const node = sim.load.model.requireNode(name);
    const d = join(resolve(dir), name);
    mkdirSync(d, { recursive: true });
    const path = join(d, 'nvidia-smi');
    writeFileSync(
      path,
      `#!/bin/sh\n# Fake nvidia-smi of simulated GPU node ${name} (pvemon-sim).\nPVEMON_SIM_GATEWAY='${sim.exporterGateway}' PVEMON_SIM_NODE='${name}' exec ${cmd} "$@"\n`,
    );
    chmodSync(path, 0o755);
    out.push({ node: name, ip: node.ip, path });
  }
  return out;
}
