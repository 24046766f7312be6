// Writes a simulated node's /etc/pve/qemu-server/<vmid>.conf files (PVE's `key: value` format),
// so host-side tools that read VM configs (pvemon-vgpu --config-dir) can run against the simulator.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { guestConfigBody } from './model/guest-config.js';
import type { Simulator } from './simulator.js';

/**
 * Writes `<dir>/<node>/qemu-server/<vmid>.conf` for the qemu guests on `node` as they are now
 * (a snapshot: call again after a migration). Stale configs in that folder are removed.
 * Returns the folder (what `--config-dir` takes).
 */
export function writeQemuServerConfigs(
  sim: Pick<Simulator, 'model' | 'pve'>,
  dir: string,
  node: string,
): string {
  sim.model.requireNode(node);
  const out = join(resolve(dir), node, 'qemu-server');
  mkdirSync(out, { recursive: true });
  const keep = new Set<string>();
  for (const g of sim.model.guests()) {
    if (g.type !== 'qemu' || g.node !== node) continue;
    const body = guestConfigBody(g, sim.pve);
    const text = Object.entries(body)
      .map(([k, v]) => `${k}: ${String(v)}`)
      .join('\n');
    const file = `${g.vmid}.conf`;
    writeFileSync(join(out, file), `${text}\n`);
    keep.add(file);
  }
  for (const f of readdirSync(out)) if (f.endsWith('.conf') && !keep.has(f)) rmSync(join(out, f));
  return out;
}
