// A small counting semaphore with abortable waits, plus a keyed variant (one per endpoint /
// target node). pveproxy and pvedaemon run 3 workers each, so PVE queues or drops beyond that.
import { onAbort } from './abort-fan-out.js';

/** Releases a slot; calling it twice is harmless. */
export type Release = () => void;

interface Waiter {
  resolve: (release: Release) => void;
  reject: (reason: unknown) => void;
  detach?: () => void;
}

export class Semaphore {
  #active = 0;
  readonly #queue: Waiter[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be an integer ≥ 1');
  }

  /** Slots in use. */
  get active(): number {
    return this.#active;
  }

  /** Callers waiting for a slot. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Waits for a slot; rejects with the signal's reason if aborted while waiting. */
  acquire(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#active < this.limit) {
      this.#active++;
      return Promise.resolve(this.#releaser());
    }
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject };
      this.#queue.push(waiter);
      if (signal !== undefined) {
        waiter.detach = onAbort(signal, () => {
          const i = this.#queue.indexOf(waiter);
          if (i !== -1) this.#queue.splice(i, 1);
          reject(signal.reason);
        });
      }
    });
  }

  /** Runs `task` inside a slot. */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(signal);
    try {
      return await task();
    } finally {
      release();
    }
  }

  #releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#queue.shift();
      if (next === undefined) {
        this.#active--;
        return;
      }
      // Hand the slot straight to the next waiter: `active` stays the same.
      next.detach?.();
      next.resolve(this.#releaser());
    };
  }
}

/** One semaphore per key, created on first use. */
export class KeyedSemaphores {
  readonly #semaphores = new Map<string, Semaphore>();

  constructor(readonly limit: number) {}

  get(key: string): Semaphore {
    let semaphore = this.#semaphores.get(key);
    if (semaphore === undefined) {
      semaphore = new Semaphore(this.limit);
      this.#semaphores.set(key, semaphore);
    }
    return semaphore;
  }

  /** In-flight count for `key` (0 if never used). */
  active(key: string): number {
    return this.#semaphores.get(key)?.active ?? 0;
  }
}
