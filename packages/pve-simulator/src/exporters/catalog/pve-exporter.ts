// prometheus-pve-exporter v3.x families (src/pve_exporter/collector/{cluster,node}.py). HELP
// texts as in the code (the README example is partly stale, see test/fixtures SOURCES).
import type { Catalog } from '../exposition.js';

const dep = (what: string): string => `DEPRECATED: Use ${what} instead.`;
const NET_OUT =
  "The amount of traffic in bytes that was sent from the guest over the network since it was started. (for types 'qemu' and 'lxc')";
const NET_IN =
  "The amount of traffic in bytes that was sent to the guest over the network since it was started. (for types 'qemu' and 'lxc')";
const DISK_W =
  "The amount of bytes the guest wrote to its block devices since the guest was started. This info is not available for all storage types. (for types 'qemu' and 'lxc')";
const DISK_R =
  "The amount of bytes the guest read from its block devices since the guest was started. This info is not available for all storage types. (for types 'qemu' and 'lxc')";

export const pveExporterCatalog: Catalog = {
  pve_up: { type: 'gauge', help: 'Node/VM/CT-Status is online/running' },
  pve_disk_size_bytes: {
    type: 'gauge',
    help: "Storage size in bytes (for type 'storage'), root image size for VMs (for types 'qemu' and 'lxc').",
  },
  pve_disk_usage_bytes: {
    type: 'gauge',
    help: "Used disk space in bytes (for type 'storage'), used root image space for VMs (for types 'qemu' and 'lxc').",
  },
  pve_memory_size_bytes: {
    type: 'gauge',
    help: "Number of available memory in bytes (for types 'node', 'qemu' and 'lxc').",
  },
  pve_memory_usage_bytes: {
    type: 'gauge',
    help: "Used memory in bytes (for types 'node', 'qemu' and 'lxc').",
  },
  pve_network_transmit_bytes: {
    type: 'gauge',
    help: `${NET_OUT} ${dep('pve_network_transmit_bytes_total')}`,
  },
  pve_network_receive_bytes: {
    type: 'gauge',
    help: `${NET_IN} ${dep('pve_network_receive_bytes_total')}`,
  },
  pve_disk_write_bytes: { type: 'gauge', help: `${DISK_W} ${dep('pve_disk_written_bytes_total')}` },
  pve_disk_read_bytes: { type: 'gauge', help: `${DISK_R} ${dep('pve_disk_read_bytes_total')}` },
  pve_cpu_usage_ratio: {
    type: 'gauge',
    help: "CPU utilization (for types 'node', 'qemu' and 'lxc').",
  },
  pve_cpu_usage_limit: {
    type: 'gauge',
    help: "Number of available CPUs (for types 'node', 'qemu' and 'lxc').",
  },
  pve_uptime_seconds: {
    type: 'gauge',
    help: "Uptime of node or virtual guest in seconds (for types 'node', 'qemu' and 'lxc').",
  },
  pve_storage_shared: {
    type: 'gauge',
    help: 'Whether or not the storage is shared among cluster nodes',
  },
  pve_network_transmit_bytes_total: { type: 'counter', help: NET_OUT },
  pve_network_receive_bytes_total: { type: 'counter', help: NET_IN },
  pve_disk_written_bytes_total: { type: 'counter', help: DISK_W },
  pve_disk_read_bytes_total: { type: 'counter', help: DISK_R },
  pve_ha_state: { type: 'gauge', help: 'HA service status (for HA managed VMs).' },
  pve_lock_state: {
    type: 'gauge',
    help: "The guest's current config lock (for types 'qemu' and 'lxc')",
  },
  pve_guest_info: { type: 'gauge', help: 'VM/CT info' },
  pve_storage_info: { type: 'gauge', help: 'Storage info' },
  pve_node_info: { type: 'gauge', help: 'Node info' },
  pve_cluster_info: { type: 'gauge', help: 'Cluster info' },
  pve_version_info: { type: 'gauge', help: 'Proxmox VE version info' },
  pve_not_backed_up_total: {
    type: 'gauge',
    help: 'Total number of guests not covered by any backup job.',
  },
  pve_not_backed_up_info: {
    type: 'gauge',
    help: 'Present if guest is not covered by any backup job.',
  },
  pve_onboot_status: { type: 'gauge', help: 'Proxmox vm config onboot value' },
  pve_replication_duration_seconds: { type: 'gauge', help: 'Proxmox vm replication duration' },
  pve_replication_last_sync_timestamp_seconds: {
    type: 'gauge',
    help: 'Proxmox vm replication last_sync',
  },
  pve_replication_last_try_timestamp_seconds: {
    type: 'gauge',
    help: 'Proxmox vm replication last_try',
  },
  pve_replication_next_sync_timestamp_seconds: {
    type: 'gauge',
    help: 'Proxmox vm replication next_sync',
  },
  pve_replication_failed_syncs: { type: 'gauge', help: 'Proxmox vm replication fail_count' },
  pve_replication_info: { type: 'gauge', help: 'Proxmox vm replication info' },
  pve_subscription_info: {
    type: 'gauge',
    help: 'Proxmox VE subscription info (1 if present)',
  },
  pve_subscription_status: {
    type: 'gauge',
    help: 'Proxmox VE subscription status (1 if matches status)',
  },
  pve_subscription_next_due_timestamp_seconds: {
    type: 'gauge',
    help: 'Subscription next due date as Unix timestamp',
  },
};
