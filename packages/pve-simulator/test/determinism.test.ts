// Same seed + same clock ⇒ byte-identical API bodies and the same token secrets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.js';
import { call, startTestSim } from './helpers.js';

describe('determinism from the seed', () => {
  const clock = () => 1_760_000_000_000;
  let a: Simulator;
  let b: Simulator;
  let c: Simulator;
  beforeAll(async () => {
    [a, b, c] = await Promise.all([
      startTestSim({ seed: 42, now: clock }),
      startTestSim({ seed: 42, now: clock }),
      startTestSim({ seed: 43, now: clock }),
    ]);
  });
  afterAll(() => Promise.all([a, b, c].map((s) => s.close())));

  const body = async (s: Simulator, path: string) =>
    (await call(s, `/api2/json${path}`, { token: s.tokens.auditor.header })).text;

  it('produces identical bodies for the same seed and different ones for another seed', async () => {
    for (const path of [
      '/cluster/resources',
      '/cluster/status',
      '/nodes/pve1/qemu',
      '/nodes/pve2/lxc',
    ]) {
      expect(await body(a, path), path).toBe(await body(b, path));
    }
    const g = a.control.guest(100);
    const cfg = `/nodes/${g?.node}/qemu/100/config`;
    expect(await body(a, cfg)).toBe(await body(b, cfg));
    expect(await body(a, '/cluster/resources')).not.toBe(await body(c, '/cluster/resources'));
    expect(a.tokens.auditor.secret).toBe(b.tokens.auditor.secret);
    expect(a.tokens.auditor.secret).not.toBe(c.tokens.auditor.secret);
    expect(a.tokens.auditor.secret).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
