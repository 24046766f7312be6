import type { AddressSource, Guest, GuestConfig, OsFamily } from './model.js';

export type Labels = Record<string, string>;

const INVALID_LABEL_CHARS = /[^a-zA-Z0-9_]/g;

/**
 * A valid Prometheus label name from arbitrary text: one bad name makes Prometheus reject the
 * whole SD payload, so every generated name goes through here.
 */
export function sanitizeLabelName(name: string): string {
  const s = name.replace(INVALID_LABEL_CHARS, '_');
  return /^[a-zA-Z_]/.test(s) ? s : `_${s}`;
}

/**
 * The `tags` label: sorted, `;`-joined and wrapped in `;` so `tags=~".*;prod;.*"` matches the tag
 * `prod` exactly (never `preprod`). Undefined for no tags — Prometheus treats an empty label as
 * absent, so the label is left out.
 */
export function tagsLabel(tags: readonly string[]): string | undefined {
  if (tags.length === 0) return undefined;
  return `;${[...new Set(tags)].sort().join(';')};`;
}

/** Decimal GiB with at most 3 decimals and no trailing zeros: `4`, `0.5`, `1.5`. */
export function memoryGb(bytes: number): string {
  return String(Number((bytes / 2 ** 30).toFixed(3)));
}

/** vCPUs from the config (`vcpus || sockets*cores`) when known, else the resource's `maxcpu`. */
export function guestVcpus(guest: Guest, config: GuestConfig | undefined): number {
  return config?.vcpus ?? guest.maxCpu ?? 0;
}

/** Memory in bytes: the resource's `maxmem`, else the config's `memory`. */
export function guestMemoryBytes(guest: Guest, config: GuestConfig | undefined): number {
  return guest.maxMemBytes ?? (config?.memoryMiB ?? 0) * 2 ** 20;
}

export interface GuestLabelInput {
  readonly cluster: string;
  readonly guest: Guest;
  readonly config: GuestConfig | undefined;
  readonly os: OsFamily;
  readonly addressSource?: AddressSource;
}

/** Labels of a guest target: exactly the contract's names, plus `__meta_pve_*` for relabelling. */
export function guestLabels(input: GuestLabelInput): Labels {
  const { cluster, guest: g, config: c, os } = input;
  const labels: Labels = {
    vm_id: String(g.vmid),
    vm_name: g.name,
    vcpus: String(guestVcpus(g, c)),
    memory_gb: memoryGb(guestMemoryBytes(g, c)),
    node: g.node,
    cluster,
    guest_type: g.type,
    os,
  };
  const tags = tagsLabel(g.tags);
  if (tags) labels.tags = tags;
  if (g.pool) labels.pool = g.pool;

  // No status/template labels: every guest target is running and not a template, and constant
  // labels on 10,000 targets cost /targets ~10 % of its bytes.
  const meta: Labels = {};
  if (g.pool) meta.pool = g.pool;
  if (g.haState) meta.ha_state = g.haState;
  if (g.lock) meta.lock = g.lock;
  if (input.addressSource) meta.address_source = input.addressSource;
  if (c) {
    if (c.digest) meta.config_digest = c.digest;
    if (c.ostype) meta.ostype = c.ostype;
    const mac = c.net.find((n) => n.index === 0)?.macAddress;
    if (mac) meta.net0_mac = mac;
    if (c.type === 'qemu') {
      meta.agent_enabled = c.agent.enabled ? '1' : '0';
      meta.hostpci = c.hostpci.length > 0 ? '1' : '0';
      meta.mdev = c.hostpci.some((d) => d.mdev) ? '1' : '0';
    }
  }
  for (const [k, v] of Object.entries(meta)) labels[`__meta_pve_${k}`] = v;
  for (const tag of g.tags) labels[sanitizeLabelName(`__meta_pve_tag_${tag}`)] = '1';
  return labels;
}
