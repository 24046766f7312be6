import type { VgpuSnapshot, VgpuSource } from './snapshot.js';

/**
 * Decorates a source so that concurrent callers share one collection (single-flight) and a
 * result is reused for `minIntervalMs` after it finished: two Prometheus servers scraping
 * the same host, or a scrape racing the textfile timer, fork nvidia-smi once.
 */
export class CachedVgpuSource implements VgpuSource {
  private inflight: Promise<VgpuSnapshot> | undefined;
  private last: { snapshot: VgpuSnapshot; at: number } | undefined;
  private readonly now: () => number;

  constructor(
    private readonly inner: VgpuSource,
    private readonly minIntervalMs: number,
    now?: () => number,
  ) {
    this.now = now ?? Date.now;
  }

  collect(): Promise<VgpuSnapshot> {
    if (this.inflight) return this.inflight;
    const last = this.last;
    if (last && this.now() - last.at < this.minIntervalMs) return Promise.resolve(last.snapshot);
    this.inflight = this.inner
      .collect()
      .then((snapshot) => {
        this.last = { snapshot, at: this.now() };
        return snapshot;
      })
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }
}
