import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../model/rng.js';
import { FaultState } from './faults.js';
import { compilePathPattern } from './path-matcher.js';

describe('path patterns', () => {
  it('* is one segment, ** is anything, RegExps pass through', () => {
    const one = compilePathPattern('/nodes/*/qemu');
    expect(one.test('/nodes/pve1/qemu')).toBe(true);
    expect(one.test('/nodes/pve1/x/qemu')).toBe(false);
    const any = compilePathPattern('/nodes/**/agent/*');
    expect(any.test('/nodes/pve1/qemu/100/agent/network-get-interfaces')).toBe(true);
    expect(compilePathPattern('/version').test('/versionx')).toBe(false);
    expect(compilePathPattern('/a.b').test('/axb')).toBe(false);
    expect(compilePathPattern(/^\/cluster\//).test('/cluster/status')).toBe(true);
  });
});

describe('FaultState', () => {
  it('adds latency of matching rules only, per path and endpoint', () => {
    const f = new FaultState(mulberry32(1));
    f.addLatency({ ms: 100, path: '/version' });
    f.addLatency({ ms: 30, endpoint: 'pve2' });
    expect(f.latencyFor('/version', 'pve1')).toBe(100);
    expect(f.latencyFor('/version', 'pve2')).toBe(130);
    expect(f.latencyFor('/cluster/status', 'pve1')).toBe(0);
  });

  it('error bursts run out after count; probabilities follow the seeded RNG', () => {
    const f = new FaultState(mulberry32(1));
    f.addError({ status: 503, count: 2 });
    expect(
      [f.takeError('/x', 'a'), f.takeError('/x', 'a'), f.takeError('/x', 'a')].map(
        (e) => e?.status,
      ),
    ).toEqual([503, 503, undefined]);
    const g = new FaultState(mulberry32(5));
    const h = new FaultState(mulberry32(5));
    g.addError({ probability: 0.3 });
    h.addError({ probability: 0.3 });
    const seq = (s: FaultState) =>
      Array.from({ length: 200 }, () => (s.takeError('/x', 'a') ? 1 : 0));
    const a = seq(g);
    expect(a).toEqual(seq(h));
    const hits = a.reduce<number>((n, x) => n + x, 0);
    expect(hits).toBeGreaterThan(30);
    expect(hits).toBeLessThan(90);
  });

  it('validates rules with messages naming the field', () => {
    const f = new FaultState(mulberry32(1));
    expect(() => f.addError({ status: 200 })).toThrow(/"status"/);
    expect(() => f.addError({ probability: 2 })).toThrow(/"probability"/);
    expect(() => f.addLatency({ ms: -5 })).toThrow(/"ms"/);
    expect(() => f.addBodyFault({ kind: 'zip' as 'truncated' })).toThrow(/"kind"/);
  });

  it('lists and clears everything', () => {
    const f = new FaultState(mulberry32(1));
    const id = f.addBodyFault({ kind: 'truncated', count: 1 });
    f.agents.set(100, { state: 'dead' });
    f.revokedTokens.add('a@b!c');
    expect(f.list()).toMatchObject({
      bodies: [{ id, kind: 'truncated', remaining: 1 }],
      agents: { 100: { state: 'dead' } },
      revokedTokens: ['a@b!c'],
    });
    f.clear();
    expect(f.list()).toEqual({
      latency: [],
      errors: [],
      bodies: [],
      agents: {},
      revokedTokens: [],
      expiredTokens: [],
    });
  });
});
