import { describe, expect, it } from 'vitest';
import type { GuestInterface } from '@pvemon/proxmox-client';
import {
  DEFAULT_ADDRESS_POLICY,
  compileCidrs,
  formatTarget,
  isUsableAddress,
  pickConfigAddress,
  pickInterfaceAddress,
  type AddressPolicy,
} from './address.js';

const iface = (name: string, mac: string | undefined, ...addresses: string[]): GuestInterface => ({
  name,
  ...(mac ? { macAddress: mac } : {}),
  addresses: addresses.map((a) => ({
    address: a,
    family: a.includes(':') ? 'ipv6' : 'ipv4',
    loopback: a.startsWith('127.') || a === '::1',
    linkLocal: a.startsWith('169.254.') || a.startsWith('fe80:'),
  })),
});

const policy = (p: Partial<AddressPolicy> = {}): AddressPolicy => ({
  ...DEFAULT_ADDRESS_POLICY,
  ...p,
});

describe('isUsableAddress', () => {
  it('rejects loopback unless allowed, and always link-local, unspecified and multicast', () => {
    expect(isUsableAddress('127.0.0.1', policy())).toBe(false);
    expect(isUsableAddress('127.12.3.4', policy())).toBe(false);
    expect(isUsableAddress('::1', policy())).toBe(false);
    expect(isUsableAddress('127.12.3.4', policy({ allowLoopback: true }))).toBe(true);
    for (const a of [
      '169.254.1.1',
      'fe80::1',
      '0.0.0.0',
      '::',
      '224.0.0.1',
      'ff02::1',
      'not-an-ip',
    ])
      expect(isUsableAddress(a, policy({ allowLoopback: true })), a).toBe(false);
    expect(isUsableAddress('10.0.0.5', policy())).toBe(true);
    expect(isUsableAddress('2001:db8::5', policy())).toBe(true);
  });
});

describe('pickInterfaceAddress', () => {
  it('skips lo, docker and CNI bridges and picks the real interface', () => {
    const ifaces = [
      iface('lo', '00:00:00:00:00:00', '127.0.0.1', '::1'),
      iface('docker0', '02:42:ac:11:00:01', '172.17.0.1'),
      iface('br-3f2a9c1d', '02:42:11:22:33:44', '172.18.0.1'),
      iface('veth12ab', '5a:1b:2c:3d:4e:5f', '172.17.0.5'),
      iface('cni0', '0a:58:0a:f4:00:01', '10.244.0.1'),
      iface('eth0', 'bc:24:11:2e:c5:4a', '192.168.1.20', 'fe80::be24:11ff:fe2e:c54a'),
    ];
    expect(pickInterfaceAddress(ifaces, undefined, policy())).toBe('192.168.1.20');
  });

  it('prefers the interface whose MAC matches net0', () => {
    const ifaces = [
      iface('eth0', 'bc:24:11:00:00:01', '10.0.0.1'),
      iface('eth1', 'bc:24:11:00:00:02', '10.0.1.1'),
    ];
    expect(pickInterfaceAddress(ifaces, 'BC:24:11:00:00:02', policy())).toBe('10.0.1.1');
  });

  it('prefers a configured CIDR over the net0 MAC, and IPv4 over IPv6', () => {
    const ifaces = [
      iface('eth0', 'bc:24:11:00:00:01', '2001:db8::1', '10.0.0.1'),
      iface('eth1', undefined, '10.9.0.7'),
    ];
    const p = policy({ preferredCidrs: ['10.9.0.0/16'] });
    expect(
      pickInterfaceAddress(ifaces, 'bc:24:11:00:00:01', p, compileCidrs(p.preferredCidrs)),
    ).toBe('10.9.0.7');
    expect(pickInterfaceAddress(ifaces, 'bc:24:11:00:00:01', policy())).toBe('10.0.0.1');
    expect(pickInterfaceAddress(ifaces, 'bc:24:11:00:00:01', policy({ preferFamily: 6 }))).toBe(
      '2001:db8::1',
    );
  });

  it('handles IPv6-only guests and zone ids', () => {
    const ifaces = [iface('ens18', undefined, 'fe80::1%ens18', '2001:db8:0:1::42')];
    expect(pickInterfaceAddress(ifaces, undefined, policy())).toBe('2001:db8:0:1::42');
  });

  it('accepts a loopback guest address only with allowLoopback, never the lo interface', () => {
    const ifaces = [iface('lo', undefined, '127.0.0.1'), iface('eth0', undefined, '127.20.0.5')];
    expect(pickInterfaceAddress(ifaces, undefined, policy())).toBeUndefined();
    expect(pickInterfaceAddress(ifaces, undefined, policy({ allowLoopback: true }))).toBe(
      '127.20.0.5',
    );
  });

  it('skips Windows loopback pseudo-interfaces', () => {
    const ifaces = [
      iface('Loopback Pseudo-Interface 1', undefined, '127.0.0.1', '::1'),
      iface('Ethernet', 'bc:24:11:aa:bb:cc', '169.254.3.3', '10.1.2.3'),
    ];
    expect(pickInterfaceAddress(ifaces, undefined, policy({ allowLoopback: true }))).toBe(
      '10.1.2.3',
    );
  });
});

describe('pickConfigAddress / compileCidrs / formatTarget', () => {
  it('picks a usable static address', () => {
    expect(
      pickConfigAddress(
        [
          { address: '127.0.0.1', source: 'cloud-init' },
          { address: '2001:db8::9', source: 'cloud-init' },
          { address: '10.1.1.9', source: 'cloud-init' },
        ],
        policy(),
      ),
    ).toEqual({ address: '10.1.1.9', source: 'cloud-init' });
  });

  it('rejects bad CIDRs with a message naming them', () => {
    expect(() => compileCidrs(['10.0.0.0/33'])).toThrow(/invalid CIDR "10.0.0.0\/33"/);
    expect(() => compileCidrs(['nope'])).toThrow(/invalid CIDR "nope"/);
  });

  it('brackets IPv6 targets', () => {
    expect(formatTarget('10.0.0.1', 9100)).toBe('10.0.0.1:9100');
    expect(formatTarget('2001:db8::1', 9182)).toBe('[2001:db8::1]:9182');
  });
});
