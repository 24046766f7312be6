// An in-memory implementation of the inventory caching hooks (ConfigCache / InterfacesCache).
// Bring your own (LRU, Redis, …) by implementing the same get/set/delete.
import type { GuestKey } from './types.js';

/** `pve1/qemu/100` — a stable string form of a GuestKey. */
export function guestKeyString(key: GuestKey): string {
  return `${key.node}/${key.type}/${key.vmid}`;
}

/**
 * Map-backed cache keyed by (node, type, vmid). `maxEntries` bounds memory by evicting the
 * least recently written entry.
 */
export class MemoryGuestCache<Entry> {
  readonly #entries = new Map<string, Entry>();

  constructor(readonly maxEntries = 100_000) {}

  get size(): number {
    return this.#entries.size;
  }

  get(key: GuestKey): Entry | undefined {
    return this.#entries.get(guestKeyString(key));
  }

  set(key: GuestKey, entry: Entry): void {
    const k = guestKeyString(key);
    this.#entries.delete(k);
    this.#entries.set(k, entry);
    if (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
  }

  delete(key: GuestKey): void {
    this.#entries.delete(guestKeyString(key));
  }

  clear(): void {
    this.#entries.clear();
  }
}
