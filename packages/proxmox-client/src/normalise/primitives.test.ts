import { describe, expect, it } from 'vitest';
import {
  defaultGuestName,
  normaliseMac,
  osFamilyFromOstype,
  parseMemoryMiB,
  parseTags,
  parseVmid,
  toBoolean,
} from './primitives.js';

describe('toBoolean', () => {
  it('maps Perl 0/1 (numbers and strings) and real booleans', () => {
    expect([1, 0, '1', '0', true, false].map((v) => toBoolean(v))).toEqual([
      true,
      false,
      true,
      false,
      true,
      false,
    ]);
  });
  it('falls back for missing or odd values', () => {
    expect(toBoolean(undefined)).toBe(false);
    expect(toBoolean('maybe', true)).toBe(true);
  });
});

describe('parseVmid', () => {
  it('accepts ints and the string vmids of PVE < 8.1 LXC lists', () => {
    expect(parseVmid(100)).toBe(100);
    expect(parseVmid('106')).toBe(106);
  });
  it('rejects non-ids', () => {
    expect(parseVmid('abc')).toBeUndefined();
    expect(parseVmid(0)).toBeUndefined();
    expect(parseVmid(1.5)).toBeUndefined();
  });
});

describe('parseMemoryMiB', () => {
  it('reads the integer (PVE < 8.1) and the string forms (PVE ≥ 8.1)', () => {
    expect(parseMemoryMiB(1000)).toBe(1000);
    expect(parseMemoryMiB('4096')).toBe(4096);
    expect(parseMemoryMiB('current=2048')).toBe(2048);
    expect(parseMemoryMiB(' current=512 ')).toBe(512);
  });
  it('returns undefined for garbage', () => {
    expect(parseMemoryMiB('lots')).toBeUndefined();
    expect(parseMemoryMiB('foo=1')).toBeUndefined();
    expect(parseMemoryMiB(undefined)).toBeUndefined();
  });
});

describe('parseTags', () => {
  it('splits on ; , and whitespace, trims, lower-cases, de-duplicates and sorts', () => {
    expect(parseTags('one, two, three')).toEqual(['one', 'three', 'two']);
    expect(parseTags('Prod;web  prod,,DB\tweb')).toEqual(['db', 'prod', 'web']);
    expect(parseTags('go-proxmox+cloud-init')).toEqual(['go-proxmox+cloud-init']);
  });
  it('gives [] when unset', () => {
    expect(parseTags(undefined)).toEqual([]);
    expect(parseTags('')).toEqual([]);
  });
});

describe('osFamilyFromOstype', () => {
  it('classifies qemu ostypes', () => {
    for (const os of ['wxp', 'w2k', 'w2k3', 'w2k8', 'wvista', 'win7', 'win8', 'win10', 'win11']) {
      expect(osFamilyFromOstype(os, 'qemu')).toBe('windows');
    }
    expect(osFamilyFromOstype('l26', 'qemu')).toBe('linux');
    expect(osFamilyFromOstype('l24', 'qemu')).toBe('linux');
    expect(osFamilyFromOstype('solaris', 'qemu')).toBe('other');
    expect(osFamilyFromOstype('other', 'qemu')).toBe('other');
    expect(osFamilyFromOstype(undefined, 'qemu')).toBe('other');
  });
  it('treats every lxc ostype as linux except unmanaged', () => {
    for (const os of [
      'alpine',
      'archlinux',
      'centos',
      'debian',
      'devuan',
      'fedora',
      'nixos',
      'ubuntu',
    ]) {
      expect(osFamilyFromOstype(os, 'lxc')).toBe('linux');
    }
    expect(osFamilyFromOstype('unmanaged', 'lxc')).toBe('other');
  });
});

describe('defaultGuestName / normaliseMac', () => {
  it('uses PVE defaults', () => {
    expect(defaultGuestName('qemu', 200)).toBe('VM 200');
    expect(defaultGuestName('lxc', 101)).toBe('CT101');
  });
  it('lower-cases MACs', () => {
    expect(normaliseMac('BC:24:11:2E:C5:4A')).toBe('bc:24:11:2e:c5:4a');
    expect(normaliseMac('nope')).toBeUndefined();
  });
});
