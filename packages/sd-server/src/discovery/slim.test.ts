import { parseLxcConfig, parseQemuConfig } from '@pvemon/proxmox-client';
import { describe, expect, it } from 'vitest';
import { configAddresses, resolveAddress } from './resolve.js';
import { DEFAULT_ADDRESS_POLICY } from './address.js';
import { slimConfig, slimInterfaces } from './slim.js';

const qemu = parseQemuConfig('pve1', 101, {
  digest: 'a'.repeat(40),
  name: 'web-1',
  ostype: 'win11',
  sockets: 2,
  cores: 4,
  memory: '8192',
  agent: '1,fstrim_cloned_disks=1',
  net0: 'virtio=BC:24:11:00:00:01,bridge=vmbr0,firewall=1',
  net1: 'virtio=BC:24:11:00:00:02,bridge=vmbr1',
  ipconfig0: 'ip=10.0.0.5/24,gw=10.0.0.1',
  ipconfig1: 'ip=10.1.0.5/24',
  hostpci0: '0000:01:00.0,mdev=nvidia-63,pcie=1',
  smbios1: 'uuid=7b8c3f5e-1111-2222-3333-444455556666',
  tags: 'prod;web',
  description: `${'notes '.repeat(1000)}\npvemon.address=10.9.9.9\nmore notes`,
});

const lxc = parseLxcConfig('pve2', 102, {
  digest: 'b'.repeat(40),
  hostname: 'ct-1',
  ostype: 'debian',
  cores: 2,
  memory: 512,
  net0: 'name=eth0,bridge=vmbr0,hwaddr=BC:24:11:00:00:03,ip=10.0.0.6/24,gw=10.0.0.1',
  unprivileged: 1,
  description: 'just notes',
});

describe('slimConfig', () => {
  it('keeps what labels, metrics and address resolution read', () => {
    const s = slimConfig(qemu);
    expect(s).toMatchObject({
      type: 'qemu',
      digest: qemu.digest,
      ostype: 'win11',
      osFamily: 'windows',
      vcpus: 8,
      memoryMiB: 8192,
      agent: { configured: true, enabled: true },
    });
    expect(s.net.map((n) => [n.key, n.macAddress])).toEqual([['net0', 'bc:24:11:00:00:01']]);
    expect(configAddresses(s)).toEqual(configAddresses(qemu));
    if (s.type !== 'qemu' || qemu.type !== 'qemu') throw new Error('qemu expected');
    expect(s.hostpci.map((h) => [h.key, h.mdev])).toEqual(qemu.hostpci.map((h) => [h.key, h.mdev]));
    // The override line survives; the rest of an 8 KiB description does not.
    expect(s.description).toBe('pvemon.address=10.9.9.9');
    const input = { type: 'qemu' as const, interfaces: undefined };
    expect(resolveAddress({ ...input, config: s }, DEFAULT_ADDRESS_POLICY, [])).toEqual(
      resolveAddress({ ...input, config: qemu }, DEFAULT_ADDRESS_POLICY, []),
    );
  });

  it('drops raw maps, other NICs, SMBIOS and option maps', () => {
    const s = slimConfig(qemu);
    expect(s.raw).toEqual({});
    expect(s.net).toHaveLength(1);
    expect(s.net[0]?.raw).toBe('');
    if (s.type !== 'qemu') throw new Error('qemu expected');
    expect(s.ipconfig.map((i) => i.key)).toEqual(['ipconfig0']);
    expect(s.smbios1).toBeUndefined();
    expect(JSON.stringify(s).length).toBeLessThan(JSON.stringify(qemu).length / 5);
  });

  it('keeps a container static address and drops a description without an override', () => {
    const s = slimConfig(lxc);
    expect(s).toMatchObject({ type: 'lxc', ostype: 'debian', vcpus: 2, unprivileged: true });
    expect(configAddresses(s)).toEqual([{ address: '10.0.0.6', source: 'lxc-config' }]);
    expect(s.description).toBeUndefined();
  });
});

describe('slimInterfaces', () => {
  it('drops traffic statistics only', () => {
    const list = [
      {
        name: 'eth0',
        macAddress: 'bc:24:11:00:00:01',
        addresses: [
          {
            address: '10.0.0.5',
            family: 'ipv4' as const,
            prefix: 24,
            loopback: false,
            linkLocal: false,
          },
        ],
        statistics: { rxBytes: 1, txBytes: 2 },
      },
    ];
    expect(slimInterfaces(list)).toEqual([
      { name: 'eth0', macAddress: 'bc:24:11:00:00:01', addresses: list[0]?.addresses },
    ]);
  });
});
