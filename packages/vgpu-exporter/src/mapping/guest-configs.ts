import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parsePveGuestConfig, type PveGuestConfig } from './pve-config.js';

/** PVE's own node's VM configs; in a cluster this is a symlink to `nodes/<this node>/qemu-server`. */
export const DEFAULT_QEMU_CONFIG_DIR = '/etc/pve/qemu-server';

/**
 * Reads every `<vmid>.conf` in `dir`. A config that vanishes between listing and reading (VM
 * deleted or migrated) is skipped. An unreadable directory throws with the fix in the message.
 */
export async function readGuestConfigs(dir: string): Promise<PveGuestConfig[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    const hint =
      code === 'EACCES'
        ? ' (run as root or add the user to the www-data group)'
        : code === 'ENOENT'
          ? ' (not a Proxmox VE host? set --config-dir)'
          : '';
    throw new Error(`cannot read PVE guest configs in ${dir}: ${code}${hint}`, { cause: error });
  }
  const configs = await Promise.all(
    entries
      .filter((name) => /^\d+\.conf$/.test(name))
      .map(async (name) => {
        try {
          const text = await readFile(join(dir, name), 'utf8');
          return parsePveGuestConfig(Number(name.slice(0, -'.conf'.length)), text);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
          throw error;
        }
      }),
  );
  return configs.filter((c): c is PveGuestConfig => c != null).sort((a, b) => a.vmid - b.vmid);
}
