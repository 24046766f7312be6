// Scalar normalisers for PVE's wire quirks: Perl serialises booleans as 0/1, some integers as
// strings (LXC vmid before PVE 8.1, qemu memory since PVE 8.1), and tags as free-form lists.
import type { GuestType, OsFamily } from '../types.js';

/** 0/1 (number or string), true/false → boolean; anything else → `fallback`. */
export function toBoolean(value: unknown, fallback = false): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (v === '1' || v === 'true' || v === 'yes' || v === 'on') return true;
    if (v === '0' || v === 'false' || v === 'no' || v === 'off' || v === '') return false;
  }
  return fallback;
}

/** A finite number from a number or numeric string; undefined otherwise. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.trim());
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** An integer from a number or integer string; undefined otherwise. */
export function toInteger(value: unknown): number | undefined {
  const n = toNumber(value);
  return n !== undefined && Number.isInteger(n) ? n : undefined;
}

/** `vmid` arrives as int, or as a string (`"106"`) from LXC lists before PVE 8.1. */
export function parseVmid(value: unknown): number | undefined {
  const n = toInteger(value);
  return n !== undefined && n > 0 ? n : undefined;
}

/**
 * qemu `memory` in MiB: integer (PVE < 8.1) or the property string `[current=]N` (PVE ≥ 8.1,
 * returned as `"4096"` or `"current=4096"`). LXC `memory` is a plain integer.
 */
export function parseMemoryMiB(value: unknown): number | undefined {
  if (typeof value === 'number') return toInteger(value);
  if (typeof value !== 'string') return undefined;
  for (const part of value.split(',')) {
    const trimmed = part.trim();
    const eq = trimmed.indexOf('=');
    if (eq === -1) return toInteger(trimmed);
    if (trimmed.slice(0, eq).trim() === 'current') return toInteger(trimmed.slice(eq + 1));
  }
  return undefined;
}

/**
 * PVE tag lists: split on `;`, `,`, whitespace (and NUL, as PVE's `split_list`), trimmed,
 * lower-cased, de-duplicated and sorted — so `"B;a, a"` and `"a;b"` compare equal.
 */
export function parseTags(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  const tags = new Set<string>();
  for (const tag of value.split(/[;,\s\0]+/)) {
    const t = tag.trim().toLowerCase();
    if (t !== '') tags.add(t);
  }
  return [...tags].sort();
}

const LXC_UNMANAGED = 'unmanaged';

/**
 * OS family from `ostype`: every Windows qemu ostype starts with `w` (wxp … win11); `l24`/`l26`
 * are Linux; every LXC ostype (alpine, debian, …) is Linux except `unmanaged`.
 */
export function osFamilyFromOstype(ostype: unknown, type: GuestType): OsFamily {
  if (typeof ostype !== 'string' || ostype === '') return type === 'lxc' ? 'linux' : 'other';
  const os = ostype.toLowerCase();
  if (type === 'lxc') return os === LXC_UNMANAGED ? 'other' : 'linux';
  if (os.startsWith('w')) return 'windows';
  if (os === 'l24' || os === 'l26') return 'linux';
  return 'other';
}

/** PVE's own fallback names: `VM 100` for qemu, `CT101` for lxc. */
export function defaultGuestName(type: GuestType, vmid: number): string {
  return type === 'qemu' ? `VM ${vmid}` : `CT${vmid}`;
}

/** MAC to lower-case colon form; undefined for empty/invalid input. */
export function normaliseMac(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const hex = value.replace(/[^0-9a-fA-F]/g, '').toLowerCase();
  if (hex.length !== 12) return undefined;
  return hex.match(/../g)?.join(':');
}

/** Optional string: non-empty strings only. */
export function toOptionalString(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/**
 * Copies `value` without its undefined-valued keys, so normalised objects print and compare
 * cleanly. Builds a fresh object: `delete` would push V8 objects into slow dictionary mode.
 */
export function stripUndefined<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const v = value[key];
    if (v !== undefined) out[key] = v;
  }
  return out as T;
}
