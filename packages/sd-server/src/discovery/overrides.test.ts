import { describe, expect, it } from 'vitest';
import {
  addressFromDescription,
  DEFAULT_GUEST_PORTS,
  guestPort,
  portFromTags,
} from './overrides.js';

describe('port overrides', () => {
  it('reads pvemon-port-NNNN tags and ignores invalid ports', () => {
    expect(portFromTags(['prod', 'pvemon-port-9273'])).toBe(9273);
    expect(portFromTags(['pvemon-port-0', 'pvemon-port-70000'])).toBeUndefined();
    expect(portFromTags([])).toBeUndefined();
  });

  it('chooses ports by OS family unless a tag overrides', () => {
    expect(guestPort('qemu', 'windows', [], DEFAULT_GUEST_PORTS)).toBe(9182);
    expect(guestPort('qemu', 'linux', [], DEFAULT_GUEST_PORTS)).toBe(9100);
    expect(guestPort('lxc', 'linux', [], { ...DEFAULT_GUEST_PORTS, lxc: 9101 })).toBe(9101);
    expect(guestPort('qemu', 'windows', ['pvemon-port-9999'], DEFAULT_GUEST_PORTS)).toBe(9999);
  });
});

describe('address override', () => {
  it('reads a pvemon.address= line from the description', () => {
    expect(addressFromDescription('Web server\npvemon.address=10.1.2.3\nowner: ops')).toBe(
      '10.1.2.3',
    );
    expect(addressFromDescription('pvemon.address = [2001:db8::7]')).toBe('2001:db8::7');
    expect(addressFromDescription('pvemon.address=not-an-ip')).toBeUndefined();
    expect(addressFromDescription(undefined)).toBeUndefined();
  });
});
