import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  guestAddress,
  guestIpv6,
  guestMac,
  linkLocalFromMac,
  nodeAddress,
  pveExporterAddress,
} from './address-plan.js';

describe('address plan', () => {
  it('maps nodes and vmids to loopback addresses', () => {
    expect(nodeAddress(1)).toBe('127.1.0.1');
    expect(nodeAddress(300)).toBe('127.1.1.44');
    expect(guestAddress(100)).toBe('127.100.0.100');
    expect(guestAddress(1234)).toBe('127.100.4.210');
    expect(guestAddress(70_000)).toBe('127.101.17.112');
    expect(guestIpv6(255)).toBe('fd00:7076:6d6f:6e::ff');
    expect(() => guestAddress(99)).toThrow(/address plan/);
    expect(() => nodeAddress(0)).toThrow(RangeError);
  });

  it('shifts both ranges by the address offset', () => {
    expect(nodeAddress(1, 5)).toBe('127.6.0.1');
    expect(guestAddress(100, 5)).toBe('127.105.0.100');
    expect(pveExporterAddress(0)).toBe('127.0.0.1');
    expect(pveExporterAddress(5)).toBe('127.6.255.254');
    expect(() => nodeAddress(1, 99)).toThrow(/address offset 99/);
    expect(() => guestAddress(155 * 65_536 - 1, 1)).toThrow(/address plan/);
  });

  it('guest addresses are bindable on this machine', async () => {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, guestAddress(512), resolve);
    });
    expect(server.address()).toMatchObject({ address: '127.100.2.0' });
    await new Promise((r) => server.close(r));
  });

  it('MACs use the Proxmox OUI and never collide', () => {
    const macs = new Set<string>();
    for (let v = 100; v < 20_100; v++) macs.add(guestMac(v));
    expect(macs.size).toBe(20_000);
    expect(guestMac(100)).toMatch(/^BC:24:11(:[0-9A-F]{2}){3}$/);
  });

  it('derives EUI-64 link-local addresses like the kernel (checked against a real LXC body)', () => {
    // fixture nodes_node_lxc_vmid_interfaces.legacy: hwaddr bc:24:11:89:67:07 → fe80::be24:11ff:fe89:6707
    expect(linkLocalFromMac('bc:24:11:89:67:07')).toBe('fe80::be24:11ff:fe89:6707');
  });
});
