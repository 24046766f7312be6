import { defineMetric } from './metric.js';

/** Labels `@pvemon/sd-server` puts on every guest target (HTTP SD) — the label contract. */
export const GUEST_TARGET_LABELS = [
  'vm_id',
  'vm_name',
  'vcpus',
  'memory_gb',
  'node',
  'tags',
  'cluster',
  'guest_type',
  'os',
  'pool',
] as const;
export type GuestTargetLabel = (typeof GUEST_TARGET_LABELS)[number];

/** Inventory info metrics served on the sd-server's `/metrics`, read by rules and the app. */
export const sdInventoryMetrics = {
  guestInfo: defineMetric({
    name: 'pvemon_guest_info',
    type: 'gauge',
    help: 'Proxmox VE guest inventory; always 1. Join on (cluster, vm_id) for names, tags and placement.',
    labels: [
      'cluster',
      'vm_id',
      'vm_name',
      'node',
      'guest_type',
      'os',
      'ostype',
      'tags',
      'pool',
      'status',
      'template',
      // QEMU guest agent enabled in the config (`1`/`0`); always `0` for LXC (no agent there).
      'agent',
    ],
  }),
  guestVcpus: defineMetric({
    name: 'pvemon_guest_vcpus',
    type: 'gauge',
    help: 'Number of vCPUs configured for the guest (vcpus, else sockets*cores).',
    labels: ['cluster', 'vm_id', 'vm_name', 'node'],
  }),
  guestMemoryBytes: defineMetric({
    name: 'pvemon_guest_memory_bytes',
    type: 'gauge',
    help: 'Memory configured for the guest, in bytes.',
    labels: ['cluster', 'vm_id', 'vm_name', 'node'],
  }),
  guestGpuInfo: defineMetric({
    name: 'pvemon_guest_gpu_info',
    type: 'gauge',
    help: 'A PCI device (GPU or vGPU) passed to a guest through hostpciN; always 1.',
    labels: ['cluster', 'vm_id', 'vm_name', 'node', 'hostpci', 'pci_id', 'mdev_type', 'mdev_uuid'],
  }),
  nodeInfo: defineMetric({
    name: 'pvemon_node_info',
    type: 'gauge',
    help: 'Proxmox VE cluster node inventory; always 1.',
    labels: ['cluster', 'node', 'ip', 'online', 'nodeid'],
  }),
} as const;

/** The sd-server's own health metrics (discovery freshness, Proxmox API cost). */
export const sdServerMetrics = {
  refreshDuration: defineMetric({
    name: 'pvemon_sd_refresh_duration_seconds',
    type: 'histogram',
    help: 'Duration of one discovery refresh of a cluster.',
    labels: ['cluster', 'outcome'],
  }),
  lastSuccess: defineMetric({
    name: 'pvemon_sd_last_success_timestamp_seconds',
    type: 'gauge',
    help: 'Unix time of the last successful discovery refresh of a cluster.',
    labels: ['cluster'],
  }),
  cacheAge: defineMetric({
    name: 'pvemon_sd_cache_age_seconds',
    type: 'gauge',
    help: 'Age of the snapshot currently served for a cluster.',
    labels: ['cluster'],
  }),
  stale: defineMetric({
    name: 'pvemon_sd_stale',
    type: 'gauge',
    help: '1 when the last refresh of a cluster failed and an older snapshot is being served.',
    labels: ['cluster'],
  }),
  proxmoxRequests: defineMetric({
    name: 'pvemon_sd_proxmox_requests_total',
    type: 'counter',
    help: 'Proxmox API requests made by discovery, by endpoint template and outcome.',
    labels: ['cluster', 'endpoint', 'outcome'],
  }),
  targets: defineMetric({
    name: 'pvemon_sd_targets',
    type: 'gauge',
    help: 'Targets currently served, by role.',
    labels: ['cluster', 'role'],
  }),
  unresolvedGuests: defineMetric({
    name: 'pvemon_sd_unresolved_guests',
    type: 'gauge',
    help: 'Running guests left out of /targets because no address could be resolved, by reason.',
    labels: ['cluster', 'reason'],
  }),
} as const;
