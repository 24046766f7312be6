import { describe, expect, it } from 'vitest';
import { CachedVgpuSource } from './cached-source.js';
import type { VgpuSnapshot, VgpuSource } from './snapshot.js';

function snapshot(n: number): VgpuSnapshot {
  return {
    node: `n${n}`,
    success: true,
    error: undefined,
    warnings: [],
    durationSeconds: 0,
    collectedAt: n,
    driverVersion: undefined,
    gpus: [],
    instances: [],
  };
}

/** A source whose collections finish only when the test says so. */
class ManualSource implements VgpuSource {
  calls = 0;
  private pending: ((s: VgpuSnapshot) => void)[] = [];
  collect(): Promise<VgpuSnapshot> {
    this.calls += 1;
    return new Promise((resolve) => this.pending.push(resolve));
  }
  finishAll(): void {
    for (const resolve of this.pending.splice(0)) resolve(snapshot(this.calls));
  }
}

describe('CachedVgpuSource', () => {
  it('shares one in-flight collection between concurrent callers', async () => {
    const inner = new ManualSource();
    const cached = new CachedVgpuSource(inner, 0);
    const all = Promise.all([cached.collect(), cached.collect(), cached.collect()]);
    inner.finishAll();
    const results = await all;
    expect(inner.calls).toBe(1);
    expect(new Set(results).size).toBe(1);
  });

  it('reuses a finished collection for the minimum interval, then collects again', async () => {
    let now = 1_000;
    const inner = new ManualSource();
    const cached = new CachedVgpuSource(inner, 5_000, () => now);
    const first = cached.collect();
    inner.finishAll();
    await first;
    now += 4_999;
    expect(await cached.collect()).toBe(await first);
    expect(inner.calls).toBe(1);
    now += 1;
    const third = cached.collect();
    inner.finishAll();
    expect((await third).node).toBe('n2');
    expect(inner.calls).toBe(2);
  });
});
