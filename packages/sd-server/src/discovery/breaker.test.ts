import { describe, expect, it } from 'vitest';
import { AgentBreaker } from './breaker.js';

describe('AgentBreaker', () => {
  it('opens after N consecutive failures, doubles the backoff, closes on success', () => {
    const b = new AgentBreaker({ failures: 3, backoffMs: 1000, maxBackoffMs: 3000 });
    b.failure('g', 0);
    b.failure('g', 0);
    expect(b.allows('g', 0)).toBe(true);
    b.failure('g', 0);
    expect(b.allows('g', 999)).toBe(false);
    expect(b.allows('g', 1000)).toBe(true);
    for (let i = 0; i < 3; i++) b.failure('g', 1000);
    expect(b.allows('g', 2999)).toBe(false);
    expect(b.allows('g', 3000)).toBe(true);
    for (let i = 0; i < 3; i++) b.failure('g', 3000);
    expect(b.allows('g', 5999)).toBe(false); // capped at 3000 ms
    expect(b.allows('g', 6000)).toBe(true);
    b.success('g');
    b.failure('g', 6000);
    expect(b.allows('g', 6000)).toBe(true);
  });
});
