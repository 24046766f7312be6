// qemu `agent`: `[enabled=]0|1[,freeze-fs=0|1][,fstrim_cloned_disks=0|1][,type=virtio|isa]`,
// stored as `1`, `1,fstrim_cloned_disks=1`, `enabled=1,type=virtio` or `0`.
import type { AgentConfig } from '../types.js';
import { stripUndefined, toBoolean } from './primitives.js';
import { parsePropertyString } from './property-string.js';

/** Parses `agent`; `undefined`/`null` means "not configured" (PVE's first availability check). */
export function parseAgent(value: unknown): AgentConfig {
  if (value === undefined || value === null || value === '') {
    return { configured: false, enabled: false };
  }
  const raw = String(value);
  const options = parsePropertyString(raw, 'enabled');
  const freeze = options['freeze-fs'] ?? options['freeze-fs-on-backup'];
  return stripUndefined({
    configured: true,
    enabled: toBoolean(options.enabled),
    type: options.type,
    freezeFs: freeze === undefined ? undefined : toBoolean(freeze),
    fstrimClonedDisks:
      options.fstrim_cloned_disks === undefined
        ? undefined
        : toBoolean(options.fstrim_cloned_disks),
    raw,
  });
}
