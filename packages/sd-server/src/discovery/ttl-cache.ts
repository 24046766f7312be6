import type { GuestKey } from './model.js';

export function guestKeyString(k: GuestKey): string {
  return `${k.node}/${k.type}/${k.vmid}`;
}

/** FNV-1a of a string → [0, 1): a stable per-guest jitter. */
function unitHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 2 ** 32;
}

/**
 * The config / interfaces cache handed to `inventory()`. Entries expire after a TTL spread over
 * [0.75, 1] × ttl per guest, so the 10,000 configs fetched by a cold start do not all expire in
 * the same refresh and hit pveproxy (3 workers) as one burst.
 */
export class JitteredTtlCache<E extends { fetchedAt: number }> {
  private readonly entries = new Map<string, { entry: E; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    /** Shrinks an entry before it is stored. */
    private readonly shrink: (entry: E) => E = (e) => e,
  ) {}

  get(key: GuestKey): E | undefined {
    const e = this.entries.get(guestKeyString(key));
    return e && this.now() <= e.expiresAt ? e.entry : undefined;
  }

  set(key: GuestKey, entry: E): void {
    const k = guestKeyString(key);
    this.entries.set(k, {
      entry: this.shrink(entry),
      expiresAt: entry.fetchedAt + this.ttlMs * (0.75 + 0.25 * unitHash(k)),
    });
  }

  delete(key: GuestKey): void {
    this.entries.delete(guestKeyString(key));
  }

  /** Drops entries of guests no longer present (deleted or migrated away). */
  retain(keys: ReadonlySet<string>): void {
    for (const k of this.entries.keys()) if (!keys.has(k)) this.entries.delete(k);
  }

  get size(): number {
    return this.entries.size;
  }
}
