// Counters that only go up, derived from elapsed time: every rate is `c + r·w(t)` with the wave
// w(t) = 1 + k·sin(ωt + φ) ≥ 0, whose integral W(t) = t − (k/ω)·cos(ωt + φ) is closed-form. A
// counter is then `base + c·(t − t0) + Σ r·(W(t) − W(t0))` over a segment that starts when the
// guest starts or a scenario/placement changes (then `base` carries the value over).

export interface Wave {
  k: number;
  omega: number;
  phase: number;
}

export const FLAT: Wave = { k: 0, omega: 1, phase: 0 };

export function waveAt(w: Wave, t: number): number {
  return 1 + w.k * Math.sin(w.omega * t + w.phase);
}

export function waveIntegral(w: Wave, t: number): number {
  return t - (w.k / w.omega) * Math.cos(w.omega * t + w.phase);
}

export interface Term {
  wave: Wave;
  /** Per-counter multipliers of the wave (may be negative if `c` keeps the sum ≥ 0). */
  r: Float64Array;
}

export class Segment {
  constructor(
    readonly t0: number,
    readonly base: Float64Array,
    readonly c: Float64Array,
    readonly terms: readonly Term[],
  ) {}

  /** Every counter at time t (clamped to the segment start). */
  at(t: number, out = new Float64Array(this.base.length)): Float64Array {
    const tt = Math.max(t, this.t0);
    const dt = tt - this.t0;
    for (let i = 0; i < out.length; i++) out[i] = (this.base[i] ?? 0) + (this.c[i] ?? 0) * dt;
    for (const term of this.terms) {
      const dW = waveIntegral(term.wave, tt) - waveIntegral(term.wave, this.t0);
      for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) + (term.r[i] ?? 0) * dW;
    }
    return out;
  }

  /** Instantaneous rates at t. */
  rates(t: number, out = new Float64Array(this.base.length)): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = this.c[i] ?? 0;
    for (const term of this.terms) {
      const w = waveAt(term.wave, t);
      for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) + (term.r[i] ?? 0) * w;
    }
    return out;
  }
}
