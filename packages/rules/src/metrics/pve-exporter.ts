/**
 * prometheus-pve-exporter (v3.x) metric names. Every series has an `id` label:
 * `node/<node>`, `qemu/<vmid>`, `lxc/<vmid>`, `storage/<node>/<storage>`, `cluster/<name>`.
 */
export const pveExporter = {
  up: 'pve_up',
  guestInfo: 'pve_guest_info',
  cpuUsageRatio: 'pve_cpu_usage_ratio',
  memoryUsage: 'pve_memory_usage_bytes',
  memorySize: 'pve_memory_size_bytes',
  diskUsage: 'pve_disk_usage_bytes',
  diskSize: 'pve_disk_size_bytes',
  storageShared: 'pve_storage_shared',
  diskReadBytes: 'pve_disk_read_bytes_total',
  diskWrittenBytes: 'pve_disk_written_bytes_total',
  netReceiveBytes: 'pve_network_receive_bytes_total',
  netTransmitBytes: 'pve_network_transmit_bytes_total',
  haState: 'pve_ha_state',
  onbootStatus: 'pve_onboot_status',
  notBackedUpInfo: 'pve_not_backed_up_info',
  replicationFailedSyncs: 'pve_replication_failed_syncs',
  replicationInfo: 'pve_replication_info',
} as const;

/** `id` matchers, written without `.` so Prometheus 2.x and 3.x read them the same way. */
export const PVE_ID = {
  guest: '(qemu|lxc)/[0-9]+',
  node: 'node/[^/]+',
  storage: 'storage/[^/]+/[^/]+',
  cluster: 'cluster/[^/]+',
} as const;
