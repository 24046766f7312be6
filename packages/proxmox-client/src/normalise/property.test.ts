import { describe, expect, it } from 'vitest';
import { parseAgent } from './agent.js';
import { parseHostPci } from './hostpci.js';
import { parseIpConfig } from './ipconfig.js';
import { mdevUuid, parseMdevUuid } from './mdev.js';
import { parseNetDevice } from './net.js';
import { parsePropertyString } from './property-string.js';
import { parseSmbios1 } from './smbios1.js';

describe('parsePropertyString', () => {
  it('stores a key-less first item under the default key', () => {
    expect(parsePropertyString('1,fstrim_cloned_disks=1', 'enabled')).toEqual({
      enabled: '1',
      fstrim_cloned_disks: '1',
    });
  });
});

describe('parseNetDevice', () => {
  it('parses the stored qemu form <model>=<MAC>', () => {
    const nic = parseNetDevice(
      0,
      'virtio=BC:24:11:2E:C5:4A,bridge=vmbr0,firewall=1,tag=20,trunks=10;20',
      'qemu',
    );
    expect(nic).toMatchObject({
      index: 0,
      key: 'net0',
      model: 'virtio',
      macAddress: 'bc:24:11:2e:c5:4a',
      bridge: 'vmbr0',
      firewall: true,
      linkDown: false,
      vlanTag: 20,
      trunks: [10, 20],
    });
  });
  it('parses the API form model=…,macaddr=…', () => {
    const nic = parseNetDevice(
      3,
      'model=e1000,macaddr=AA:BB:CC:DD:EE:FF,link_down=1,mtu=1400,queues=4,rate=12.5',
      'qemu',
    );
    expect(nic).toMatchObject({
      model: 'e1000',
      macAddress: 'aa:bb:cc:dd:ee:ff',
      linkDown: true,
      mtu: 1400,
      queues: 4,
      rate: 12.5,
    });
  });
  it('parses lxc net with static and dhcp addresses', () => {
    const nic = parseNetDevice(
      0,
      'name=eth0,bridge=vmbr0,gw=10.1.1.1,hwaddr=FF:FF:FF:FF:FF:FF,ip=10.1.1.3/24,ip6=auto,type=veth',
      'lxc',
    );
    expect(nic).toMatchObject({
      name: 'eth0',
      macAddress: 'ff:ff:ff:ff:ff:ff',
      ipv4: { kind: 'static', address: '10.1.1.3', prefix: 24, cidr: '10.1.1.3/24' },
      ipv6: { kind: 'auto' },
      gateway4: '10.1.1.1',
      type: 'veth',
    });
    expect(nic.model).toBeUndefined();
    expect(parseNetDevice(1, 'name=eth1,ip=dhcp,ip6=manual', 'lxc')).toMatchObject({
      ipv4: { kind: 'dhcp' },
      ipv6: { kind: 'manual' },
    });
  });
});

describe('parseIpConfig', () => {
  it('parses static, dhcp and v6 forms', () => {
    expect(parseIpConfig(0, 'ip=192.168.1.10/24,gw=192.168.1.1')).toMatchObject({
      key: 'ipconfig0',
      ipv4: { kind: 'static', address: '192.168.1.10', prefix: 24 },
      gateway4: '192.168.1.1',
    });
    expect(parseIpConfig(1, 'ip=dhcp,ip6=2001:db8::5/64,gw6=2001:db8::1')).toMatchObject({
      ipv4: { kind: 'dhcp' },
      ipv6: { kind: 'static', address: '2001:db8::5', prefix: 64 },
      gateway6: '2001:db8::1',
    });
  });
});

describe('parseHostPci', () => {
  it('parses a bare host id with flags', () => {
    expect(parseHostPci(0, '0000:01:00.0,pcie=1,x-vga=1', 100)).toMatchObject({
      key: 'hostpci0',
      hosts: ['0000:01:00.0'],
      pcie: true,
      xVga: true,
    });
  });
  it('splits multiple host ids on ;', () => {
    expect(parseHostPci(2, 'host=0000:01:00.0;0000:01:00.1,rombar=0', 100)).toMatchObject({
      hosts: ['0000:01:00.0', '0000:01:00.1'],
      rombar: false,
      pcie: false,
    });
  });
  it('parses mapping + mdev and derives the mdev UUID (qemu-server test VM 8006, hostpci1)', () => {
    const dev = parseHostPci(1, 'mapping=someGpu,mdev=some-model', 8006);
    expect(dev).toMatchObject({ hosts: [], mapping: 'someGpu', mdev: 'some-model' });
    expect(dev.mdevUuid).toBe('00000001-0000-0000-0000-000000008006');
    expect(parseHostPci(0, '0000:05:00.0,mdev=nvidia-65,pcie=1', 100).mdevUuid).toBe(
      '00000000-0000-0000-0000-000000000100',
    );
  });
});

describe('mdev UUIDs', () => {
  it('round-trips index and vmid', () => {
    expect(mdevUuid(0, 100)).toBe('00000000-0000-0000-0000-000000000100');
    expect(parseMdevUuid('00000001-0000-0000-0000-000000008006')).toEqual({ index: 1, vmid: 8006 });
  });
  it('rejects UUIDs PVE did not generate', () => {
    expect(parseMdevUuid('863b31c3-42ca-4a92-aed7-4111f342f70a')).toBeUndefined();
    expect(parseMdevUuid('00000000-0000-0000-0000-000000000000')).toBeUndefined();
  });
});

describe('parseAgent', () => {
  it.each([
    ['1', true, undefined],
    ['1,fstrim_cloned_disks=1', true, undefined],
    ['enabled=1,type=virtio', true, 'virtio'],
    ['1,type=isa', true, 'isa'],
    ['0', false, undefined],
    ['enabled=0', false, undefined],
  ])('%s → enabled=%s', (raw, enabled, type) => {
    const agent = parseAgent(raw);
    expect(agent.configured).toBe(true);
    expect(agent.enabled).toBe(enabled);
    expect(agent.type).toBe(type);
  });
  it('reads fstrim and freeze-fs flags, accepts a number, and reports "not configured"', () => {
    expect(parseAgent('1,fstrim_cloned_disks=1').fstrimClonedDisks).toBe(true);
    expect(parseAgent('1,freeze-fs-on-backup=0').freezeFs).toBe(false);
    expect(parseAgent(1).enabled).toBe(true);
    expect(parseAgent(undefined)).toEqual({ configured: false, enabled: false });
  });
});

describe('parseSmbios1', () => {
  it('lower-cases the uuid and decodes base64 fields', () => {
    const s = parseSmbios1(
      `uuid=863B31C3-42CA-4A92-AED7-4111F342F70A,manufacturer=${Buffer.from('ACME Corp').toString('base64')},base64=1`,
    );
    expect(s.uuid).toBe('863b31c3-42ca-4a92-aed7-4111f342f70a');
    expect(s.manufacturer).toBe('ACME Corp');
  });
  it('keeps plain values when base64 is not set', () => {
    expect(parseSmbios1('uuid=ffffffff-ffff-ffff-ffff-ffffffffffff,serial=abc').serial).toBe('abc');
  });
});
