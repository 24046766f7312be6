export interface BreakerOptions {
  /** Consecutive failures that open the breaker. */
  readonly failures: number;
  /** First open period, in ms; doubled on each re-open. */
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
}

interface State {
  failures: number;
  opens: number;
  openUntil: number;
}

/**
 * Per-guest circuit breaker for guest-agent calls: a dead agent costs PVE ~3 s of a pveproxy
 * worker per call (guest-ping timeout), so after `failures` consecutive failures the guest is not
 * asked again for `backoffMs` (then 2×, 4×, … up to `maxBackoffMs`). One success closes it.
 */
export class AgentBreaker {
  private readonly states = new Map<string, State>();

  constructor(private readonly opts: BreakerOptions) {}

  /** False while the breaker of `key` is open. */
  allows(key: string, now: number): boolean {
    const s = this.states.get(key);
    return !s || s.openUntil <= now;
  }

  isOpen(key: string, now: number): boolean {
    return !this.allows(key, now);
  }

  success(key: string): void {
    this.states.delete(key);
  }

  failure(key: string, now: number): void {
    const s = this.states.get(key) ?? { failures: 0, opens: 0, openUntil: 0 };
    s.failures += 1;
    if (s.failures >= this.opts.failures) {
      const backoff = Math.min(this.opts.backoffMs * 2 ** s.opens, this.opts.maxBackoffMs);
      s.openUntil = now + backoff;
      s.opens += 1;
      s.failures = 0;
    }
    this.states.set(key, s);
  }

  /** Drops state of guests that no longer exist. */
  retain(keys: ReadonlySet<string>): void {
    for (const k of this.states.keys()) if (!keys.has(k)) this.states.delete(k);
  }
}
