import { describe, expect, it } from 'vitest';
import { generateCluster } from './generate.js';
import type { GuestModel } from './types.js';

const NOW = 1_760_000_000;
const strip = (g: GuestModel) => ({ ...g, overrides: [...g.overrides] });

describe('generateCluster', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = generateCluster({ seed: 7, nodes: 4, guests: 200, now: NOW });
    const b = generateCluster({ seed: 7, nodes: 4, guests: 200, now: NOW });
    const c = generateCluster({ seed: 8, nodes: 4, guests: 200, now: NOW });
    expect(a.guests.map(strip)).toEqual(b.guests.map(strip));
    expect(a.nodes).toEqual(b.nodes);
    expect(a.name).toBe(b.name);
    expect(c.guests.map(strip)).not.toEqual(a.guests.map(strip));
  });

  it('adding guests never reshuffles existing ones', () => {
    const small = generateCluster({ seed: 3, nodes: 3, guests: 50, now: NOW });
    const big = generateCluster({ seed: 3, nodes: 3, guests: 80, now: NOW });
    expect(big.guests.slice(0, 50).map(strip)).toEqual(small.guests.map(strip));
  });

  it('contains every variety the consumers rely on', () => {
    const { guests } = generateCluster({ seed: 1, nodes: 5, guests: 1500, now: NOW });
    const has = (p: (g: GuestModel) => boolean) => guests.some(p);
    for (const os of ['l26', 'win10', 'win11', 'win8', 'debian', 'ubuntu', 'alpine']) {
      expect(
        has((g) => g.ostype === os),
        os,
      ).toBe(true);
    }
    expect(has((g) => g.template)).toBe(true);
    expect(has((g) => g.status === 'stopped' && !g.template)).toBe(true);
    expect(has((g) => g.tags?.includes(';') === true)).toBe(true);
    expect(has((g) => /[+._-]/.test(g.tags ?? ''))).toBe(true);
    expect(new Set(guests.map((g) => g.pool))).toEqual(new Set([undefined, 'prod', 'dev', 'lab']));
    expect(has((g) => g.hastate === 'started')).toBe(true);
    expect(has((g) => g.type === 'qemu' && g.agent === undefined)).toBe(true);
    expect(has((g) => g.agent === '0')).toBe(true);
    expect(has((g) => g.agent !== undefined && g.agent !== '0' && !g.agentInstalled)).toBe(true);
    expect(has((g) => g.ipconfig0?.startsWith('ip=127.') === true)).toBe(true);
    expect(has((g) => g.ipconfig0 === 'ip=dhcp')).toBe(true);
    expect(has((g) => /^0000:81:00\.\d,mdev=nvidia-\d+/.test(g.hostpci0 ?? ''))).toBe(true);
    expect(has((g) => g.ipv6Only)).toBe(true);
    expect(has((g) => g.extraInterfaces.includes('docker0'))).toBe(true);
    expect(has((g) => g.extraInterfaces.includes('cni0'))).toBe(true);
    expect(has((g) => g.name === undefined)).toBe(true);
    expect(has((g) => /[^\x20-\x7e]|["']/.test(g.name ?? ''))).toBe(true);
    expect(has((g) => g.lock !== undefined)).toBe(true);
    expect(new Set(guests.map((g) => g.node)).size).toBe(5);
    // Every guest owns a distinct loopback address.
    expect(new Set(guests.map((g) => g.address)).size).toBe(guests.length);
  });

  it('the first guests have fixed showcase traits even in tiny clusters', () => {
    const { guests } = generateCluster({ seed: 99, nodes: 1, guests: 16, now: NOW });
    expect(guests[0]).toMatchObject({
      vmid: 100,
      type: 'qemu',
      ostype: 'l26',
      status: 'running',
      agent: '1',
    });
    expect(guests[1]).toMatchObject({ vmid: 101, type: 'lxc', status: 'running' });
    expect(guests[2]?.hostpci0).toBe('0000:81:00.4,mdev=nvidia-63');
    expect(guests[4]?.template).toBe(true);
    expect(guests[13]?.name).toBeUndefined();
  });

  it('demo profile: same cluster, but no IPv6-only or exporter-less `other` guests', () => {
    const plain = generateCluster({ seed: 1, nodes: 3, guests: 400, now: NOW });
    const demo = generateCluster({ seed: 1, nodes: 3, guests: 400, now: NOW, profile: 'demo' });
    expect(plain.guests.some((g) => g.ipv6Only)).toBe(true);
    expect(plain.guests.some((g) => g.ostype === 'other')).toBe(true);
    expect(demo.guests.some((g) => g.ipv6Only || g.ostype === 'other')).toBe(false);
    expect(demo.guests.map((g) => [g.vmid, g.node, g.status])).toEqual(
      plain.guests.map((g) => [g.vmid, g.node, g.status]),
    );
  });

  it('address offset shifts node and guest addresses, static IPs included', () => {
    const c = generateCluster({ seed: 1, nodes: 2, guests: 200, now: NOW, addressOffset: 7 });
    expect(c.nodes.map((n) => n.ip)).toEqual(['127.8.0.1', '127.8.0.2']);
    expect(c.guests[0]?.address).toBe('127.107.0.100');
    const statics = c.guests.filter((g) => g.ipconfig0?.startsWith('ip=1'));
    expect(statics.length).toBeGreaterThan(0);
    for (const g of statics) expect(g.ipconfig0).toContain(`ip=${g.address}/8`);
  });
});
