import { describe, expect, it } from 'vitest';
import type { QemuConfig } from '@pvemon/proxmox-client';
import type { ClusterSnapshot, GuestEntry } from '../discovery/snapshot.js';
import { escapeLabelValue, InventoryText } from './inventory-text.js';

describe('InventoryText', () => {
  it('escapes label values as the text format requires', () => {
    expect(escapeLabelValue('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
  });

  it('renders each family once with HELP/TYPE, across clusters', () => {
    const snap = (cluster: string, name: string): ClusterSnapshot => ({
      cluster,
      takenAt: 0,
      guests: new Map([
        [
          100,
          {
            guest: {
              id: 'qemu/100',
              type: 'qemu',
              vmid: 100,
              name,
              hasName: true,
              node: 'pve1',
              status: 'stopped',
              template: false,
              tags: ['b', 'a'],
              tagsRaw: 'a;b',
              maxCpu: 2,
              maxMemBytes: 2 ** 30,
            },
            os: 'other',
            addressStale: false,
            fromUnreachableNode: false,
          },
        ],
      ]),
      nodes: [{ name: 'pve1', ip: '10.0.0.1', online: true, nodeId: 1 }],
      unreachableNodes: [],
      apiCalls: 2,
    });
    const text = new InventoryText();
    text.update(snap('x', 'say "hi"'));
    text.update(snap('y', 'plain'));
    const out = text.toString();
    expect(out.match(/# TYPE pvemon_guest_info gauge/g)).toHaveLength(1);
    expect(out).toContain(
      'pvemon_guest_info{cluster="x",vm_id="100",vm_name="say \\"hi\\"",node="pve1",guest_type="qemu",os="other",ostype="",tags=";a;b;",pool="",status="stopped",template="0",agent="0"} 1\n',
    );
    expect(out).toContain(
      'pvemon_guest_memory_bytes{cluster="y",vm_id="100",vm_name="plain",node="pve1"} 1073741824\n',
    );
    expect(out).toContain(
      'pvemon_node_info{cluster="y",node="pve1",ip="10.0.0.1",online="1",nodeid="1"} 1\n',
    );
  });

  it('flags the QEMU guest agent (agent="1"/"0") and follows a config change', () => {
    // Only the fields the inventory reads; the rest of a QemuConfig is irrelevant here.
    const config = (enabled: boolean) =>
      ({
        type: 'qemu',
        digest: enabled ? 'a' : 'b',
        ostype: 'l26',
        vcpus: 2,
        hostpci: [],
        agent: { configured: true, enabled },
      }) as unknown as QemuConfig;
    const entry = (cfg: QemuConfig | undefined, type: 'qemu' | 'lxc' = 'qemu'): GuestEntry => ({
      guest: {
        id: `${type}/101`,
        type,
        vmid: 101,
        name: 'web-01',
        hasName: true,
        node: 'pve1',
        status: 'running',
        template: false,
        tags: [],
        tagsRaw: '',
        maxCpu: 2,
        maxMemBytes: 2 ** 30,
      },
      os: 'linux',
      ...(cfg ? { config: cfg } : {}),
      addressStale: false,
      fromUnreachableNode: false,
    });
    const snap = (e: GuestEntry): ClusterSnapshot => ({
      cluster: 'c',
      takenAt: 0,
      guests: new Map([[101, e]]),
      nodes: [],
      unreachableNodes: [],
      apiCalls: 1,
    });
    const agentOf = (t: InventoryText) =>
      /pvemon_guest_info\{[^}]*agent="(\d)"/.exec(t.toString())?.[1];
    const text = new InventoryText();
    text.update(snap(entry(config(true))));
    expect(agentOf(text)).toBe('1');
    text.update(snap(entry(config(false))));
    expect(agentOf(text)).toBe('0');
    text.update(snap(entry(undefined, 'lxc')));
    expect(agentOf(text)).toBe('0');
  });
});
