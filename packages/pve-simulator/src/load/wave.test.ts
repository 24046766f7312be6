import { describe, expect, it } from 'vitest';
import { Segment, waveAt, waveIntegral } from './wave.js';

describe('wave segments', () => {
  const wave = { k: 0.5, omega: (2 * Math.PI) / 600, phase: 1.2 };

  it('integrates the wave in closed form (matches a numeric integral)', () => {
    let numeric = 0;
    const dt = 0.01;
    for (let i = 0; i < 30_000; i++) numeric += waveAt(wave, 100 + (i + 0.5) * dt) * dt;
    expect(waveIntegral(wave, 400) - waveIntegral(wave, 100)).toBeCloseTo(numeric, 4);
  });

  it('counters with non-negative rates never decrease and start from their base', () => {
    const r = Float64Array.from([2, -1]);
    const c = Float64Array.from([0, 1.5]); // 1.5 − 1·w(t) ≥ 0 since w ≤ 1.5
    const seg = new Segment(1000, Float64Array.from([10, 20]), c, [{ wave, r }]);
    expect([...seg.at(1000)]).toEqual([10, 20]);
    expect([...seg.at(900)]).toEqual([10, 20]); // clamped to the start
    let prev = seg.at(1000);
    for (let t = 1001; t < 3000; t += 7) {
      const now = seg.at(t);
      expect(now[0]).toBeGreaterThanOrEqual(prev[0] ?? 0);
      expect(now[1]).toBeGreaterThanOrEqual(prev[1] ?? 0);
      prev = now;
    }
    const rates = seg.rates(1500);
    expect(rates[0]).toBeCloseTo(2 * waveAt(wave, 1500), 12);
  });
});
