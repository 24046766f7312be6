import type { ProxmoxVersion } from '../types.js';
import { stripUndefined } from './primitives.js';

/** `/version`: `version` is `8.2.4` on PVE ≥ 8 and `7.2-3` before. */
export function normaliseVersion(raw: {
  version: string;
  release?: string;
  repoid?: string;
  console?: string;
}): ProxmoxVersion {
  const major = Number.parseInt(raw.version, 10);
  return stripUndefined({
    version: raw.version,
    release: raw.release ?? raw.version.replace(/[-.]\d+$/, ''),
    repoid: raw.repoid ?? '',
    major: Number.isNaN(major) ? undefined : major,
    console: raw.console,
  });
}
