// Serialised response bodies cached per (model version, stats epoch, caller, variant). Any
// mutation bumps the model version and every 10 s the stats epoch moves, which drops the cache.
import { gzipSync } from 'node:zlib';
import type { PreparedBody } from './respond.js';

interface Entry {
  raw: Buffer;
  gz: Buffer | undefined;
}

export class ResponseCache {
  private version = -1;
  private epoch = -1;
  private readonly bodies = new Map<string, Entry>();

  get(version: number, epoch: number, key: string, build: () => string): PreparedBody {
    if (version !== this.version || epoch !== this.epoch) {
      this.bodies.clear();
      this.version = version;
      this.epoch = epoch;
    }
    let entry = this.bodies.get(key);
    if (entry === undefined) {
      // Stored encoded: re-encoding a multi-MB string on every send costs more than the send.
      entry = { raw: Buffer.from(build(), 'utf8'), gz: undefined };
      this.bodies.set(key, entry);
    }
    const e = entry;
    return { raw: e.raw, gzip: () => (e.gz ??= gzipSync(e.raw)) };
  }
}
