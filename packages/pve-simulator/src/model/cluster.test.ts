import { describe, expect, it } from 'vitest';
import { ClusterModel, normaliseTags } from './cluster.js';
import { generateCluster } from './generate.js';
import { configDigest, guestConfig, guestConfigBody } from './guest-config.js';
import { resolvePveVersion } from './pve-version.js';

const NOW = 1_760_000_000;
const model = () =>
  new ClusterModel(generateCluster({ seed: 1, nodes: 2, guests: 10, now: NOW }), 1, () => NOW);

describe('ClusterModel', () => {
  it('normalises tags like PVE (split ; , space; lower-case; dedupe; sort)', () => {
    expect(normaliseTags('Web, db;web  x+y')).toBe('db;web;x+y');
    expect(normaliseTags([])).toBeUndefined();
    expect(() => normaliseTags('ok;-bad')).toThrow(/invalid tag "-bad"/);
  });

  it('bumps the version on every mutation and validates inputs', () => {
    const m = model();
    const v0 = m.version;
    m.stopGuest(100);
    expect(m.version).toBe(v0 + 1);
    expect(() => m.migrateGuest(100, 'pve9')).toThrow('no node named "pve9" (nodes: pve1, pve2)');
    expect(() => m.createGuest({ vmid: 100 })).toThrow(/already exists/);
    expect(() => m.createGuest({ pool: 'nope' })).toThrow(/no pool "nope"/);
    expect(() => m.startGuest(104)).toThrow(/template/);
    expect(m.nextVmid()).toBe(110);
  });

  it('digest is the SHA-1 of the config text and follows every config change', () => {
    const m = model();
    const flavor = resolvePveVersion(9);
    const g = m.requireGuest(100);
    const cfg = guestConfig(g, flavor);
    expect(cfg.digest).toBe(configDigest(guestConfigBody(g, flavor)));
    m.setConfig(100, { cores: 3 });
    expect(guestConfig(g, flavor).digest).not.toBe(cfg.digest);
    expect(Object.keys(guestConfigBody(g, flavor))).toEqual(
      Object.keys(guestConfigBody(g, flavor)).sort(),
    );
  });
});
