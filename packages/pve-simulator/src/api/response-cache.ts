// Serialised response bodies cached per (model version, stats epoch, caller, variant). Any
// mutation bumps the model version and every 10 s the stats epoch moves, which drops the cache.

export class ResponseCache {
  private version = -1;
  private epoch = -1;
  private readonly bodies = new Map<string, Buffer>();

  get(version: number, epoch: number, key: string, build: () => string): Buffer {
    if (version !== this.version || epoch !== this.epoch) {
      this.bodies.clear();
      this.version = version;
      this.epoch = epoch;
    }
    let body = this.bodies.get(key);
    if (body === undefined) {
      // Stored encoded: re-encoding a multi-MB string on every send costs more than the send.
      body = Buffer.from(build(), 'utf8');
      this.bodies.set(key, body);
    }
    return body;
  }
}
