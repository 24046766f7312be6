import { describe, expect, it } from 'vitest';
import type { Guest, QemuConfig } from '@pvemon/proxmox-client';
import { guestLabels, memoryGb, sanitizeLabelName, tagsLabel } from './labels.js';

const guest = (g: Partial<Guest> = {}): Guest => ({
  id: 'qemu/100',
  type: 'qemu',
  vmid: 100,
  name: 'web-1',
  hasName: true,
  node: 'pve1',
  status: 'running',
  template: false,
  tags: [],
  tagsRaw: '',
  maxCpu: 4,
  maxMemBytes: 4 * 2 ** 30,
  ...g,
});

const qemuConfig = (c: Partial<QemuConfig> = {}): QemuConfig => ({
  type: 'qemu',
  node: 'pve1',
  vmid: 100,
  digest: 'a'.repeat(40),
  tags: [],
  tagsRaw: '',
  ostype: 'win11',
  osFamily: 'windows',
  onboot: false,
  template: false,
  protection: false,
  net: [
    {
      index: 0,
      key: 'net0',
      model: 'virtio',
      macAddress: 'bc:24:11:2e:c5:4a',
      firewall: true,
      linkDown: false,
      options: {},
      raw: '',
    },
  ],
  raw: {},
  sockets: 2,
  cores: 3,
  vcpus: 6,
  ipconfig: [],
  hostpci: [
    {
      index: 0,
      key: 'hostpci0',
      hosts: ['0000:01:00.0'],
      mdev: 'nvidia-63',
      mdevUuid: '00000000-0000-0000-0000-000000000100',
      pcie: true,
      xVga: false,
      options: {},
      raw: '',
    },
  ],
  agent: { configured: true, enabled: true },
  ...c,
});

describe('tagsLabel', () => {
  it('sorts and wraps tags so a regex can match one exactly', () => {
    expect(tagsLabel(['prod', 'db'])).toBe(';db;prod;');
    expect(tagsLabel([])).toBeUndefined();
    const label = tagsLabel(['preprod', 'web']) ?? '';
    expect(/^.*;prod;.*$/.test(label)).toBe(false);
    expect(/^.*;preprod;.*$/.test(label)).toBe(true);
  });
});

describe('memoryGb', () => {
  it('prints decimal GiB without trailing zeros', () => {
    expect(memoryGb(4 * 2 ** 30)).toBe('4');
    expect(memoryGb(512 * 2 ** 20)).toBe('0.5');
    expect(memoryGb(1536 * 2 ** 20)).toBe('1.5');
    expect(memoryGb(100 * 2 ** 20)).toBe('0.098');
  });
});

describe('sanitizeLabelName', () => {
  it('maps every PVE tag character to a valid label name', () => {
    expect(sanitizeLabelName('__meta_pve_tag_a-b+c.d')).toBe('__meta_pve_tag_a_b_c_d');
    expect(sanitizeLabelName('9lives')).toBe('_9lives');
    for (const n of ['a-b', 'x.y', 'ü', '1'])
      expect(sanitizeLabelName(n)).toMatch(/^[a-zA-Z_][a-zA-Z0-9_]*$/);
  });
});

describe('guestLabels', () => {
  it('emits exactly the contract labels and __meta_pve_* extras', () => {
    const labels = guestLabels({
      cluster: 'lab',
      guest: guest({ tags: ['prod', 'db-1.x+y'], pool: 'web', haState: 'started' }),
      config: qemuConfig(),
      os: 'windows',
      addressSource: 'agent',
    });
    expect(labels).toEqual({
      vm_id: '100',
      vm_name: 'web-1',
      vcpus: '6',
      memory_gb: '4',
      node: 'pve1',
      tags: ';db-1.x+y;prod;',
      cluster: 'lab',
      guest_type: 'qemu',
      os: 'windows',
      pool: 'web',
      __meta_pve_pool: 'web',
      __meta_pve_ha_state: 'started',
      __meta_pve_address_source: 'agent',
      __meta_pve_config_digest: 'a'.repeat(40),
      __meta_pve_ostype: 'win11',
      __meta_pve_net0_mac: 'bc:24:11:2e:c5:4a',
      __meta_pve_agent_enabled: '1',
      __meta_pve_hostpci: '1',
      __meta_pve_mdev: '1',
      __meta_pve_tag_prod: '1',
      __meta_pve_tag_db_1_x_y: '1',
    });
    for (const name of Object.keys(labels)) expect(name).toMatch(/^[a-zA-Z_][a-zA-Z0-9_]*$/);
  });

  it('leaves out tags and pool when unset and keeps unicode/quoted names verbatim', () => {
    const labels = guestLabels({
      cluster: 'lab',
      guest: guest({ name: 'Kundé "ß" \'db\'', maxMemBytes: 2 ** 29 }),
      config: undefined,
      os: 'other',
    });
    expect(labels).not.toHaveProperty('tags');
    expect(labels).not.toHaveProperty('pool');
    expect(labels.vm_name).toBe('Kundé "ß" \'db\'');
    expect(labels.memory_gb).toBe('0.5');
    expect(labels.vcpus).toBe('4');
  });
});
