import { describe, expect, it } from 'vitest';
import { generateGuest } from '../model/generate.js';
import { PERSONALITIES, personalityOf, profileOf } from './personality.js';

const node = {
  name: 'pve1',
  nodeid: 1,
  ip: '127.1.0.1',
  maxcpu: 32,
  maxmem: 2 ** 36,
  maxdisk: 1e12,
  online: true,
  bootTime: 0,
  level: '',
};

describe('personalities', () => {
  it('are deterministic per (seed, vmid), cover every kind and keep CPU below saturation', () => {
    const seen = new Set<string>();
    for (let vmid = 100; vmid < 400; vmid++) {
      const g = generateGuest(1, vmid, [node], 1_700_000_000);
      const a = profileOf(1, g);
      expect(profileOf(1, g)).toEqual(a);
      expect(a.cpu * (1 + a.waveAmplitude)).toBeLessThanOrEqual(0.9);
      expect(a.memFraction).toBeLessThanOrEqual(0.85);
      if (g.hostpci0?.includes('mdev=')) expect(a.personality).toBe('gpu-render');
      seen.add(personalityOf(1, g));
    }
    expect([...seen].sort()).toEqual([...PERSONALITIES].sort());
  });
});
