/**
 * Every recording-rule name pvemon ships, for dashboards and the Grafana app to import.
 * Levels: `guest` (one series per Proxmox guest), `guest_device`/`guest_mountpoint` (Linux guest
 * disk, NIC, filesystem), `guest_volume`/`guest_nic` (Windows guest), `node`/`node_device` (PVE
 * host), `storage` (PVE storage per node), `gpu` (physical GPU), `vgpu` (vGPU instance).
 * One rate window everywhere: 5m.
 */
export const recordingRules = {
  // Inventory joins: one series per guest, value 1, labels only.
  guestPveInfo: 'guest:pve_guest_info:relabel',
  guestInfo: 'guest:pvemon_guest_info:join',
  // Host view of each guest (pve-exporter), labelled vm_id, vm_name, node, guest_type.
  guestUp: 'guest:pve_up:join',
  guestCpuHost: 'guest:pve_cpu_usage:ratio',
  guestMemoryHost: 'guest:pve_memory_usage:ratio',
  guestDiskReadBytesHost: 'guest:pve_disk_read_bytes:rate5m',
  guestDiskWrittenBytesHost: 'guest:pve_disk_written_bytes:rate5m',
  guestNetReceiveBytesHost: 'guest:pve_network_receive_bytes:rate5m',
  guestNetTransmitBytesHost: 'guest:pve_network_transmit_bytes:rate5m',
  storageUsage: 'storage:pve_disk_usage:ratio',
  // In-guest view, Linux (node_exporter).
  guestCpuLinux: 'guest:node_cpu_utilisation:rate5m',
  guestCpuStealLinux: 'guest:node_cpu_steal:rate5m',
  guestMemoryLinux: 'guest:node_memory_utilisation:ratio',
  guestSwapLinux: 'guest:node_vmstat_pswp:rate5m',
  guestDiskReadsLinux: 'guest_device:node_disk_reads_completed:rate5m',
  guestDiskWritesLinux: 'guest_device:node_disk_writes_completed:rate5m',
  guestDiskReadLatencyLinux: 'guest_device:node_disk_read_latency_seconds:rate5m',
  guestDiskWriteLatencyLinux: 'guest_device:node_disk_write_latency_seconds:rate5m',
  guestDiskReadBytesLinux: 'guest_device:node_disk_read_bytes:rate5m',
  guestDiskWrittenBytesLinux: 'guest_device:node_disk_written_bytes:rate5m',
  guestNetReceiveBytesLinux: 'guest_device:node_network_receive_bytes:rate5m',
  guestNetTransmitBytesLinux: 'guest_device:node_network_transmit_bytes:rate5m',
  guestNetReceiveDropLinux: 'guest_device:node_network_receive_drop:rate5m',
  guestNetTransmitDropLinux: 'guest_device:node_network_transmit_drop:rate5m',
  guestFilesystemAvailLinux: 'guest_mountpoint:node_filesystem_avail:ratio',
  // In-guest view, Windows (windows_exporter v0.31).
  guestCpuWindows: 'guest:windows_cpu_utilisation:rate5m',
  guestMemoryWindows: 'guest:windows_memory_utilisation:ratio',
  guestPagingWindows: 'guest:windows_memory_swap_pages:rate5m',
  guestDiskReadsWindows: 'guest_volume:windows_logical_disk_reads:rate5m',
  guestDiskWritesWindows: 'guest_volume:windows_logical_disk_writes:rate5m',
  guestDiskReadLatencyWindows: 'guest_volume:windows_logical_disk_read_latency_seconds:rate5m',
  guestDiskWriteLatencyWindows: 'guest_volume:windows_logical_disk_write_latency_seconds:rate5m',
  guestDiskReadBytesWindows: 'guest_volume:windows_logical_disk_read_bytes:rate5m',
  guestDiskWriteBytesWindows: 'guest_volume:windows_logical_disk_write_bytes:rate5m',
  guestNetReceiveBytesWindows: 'guest_nic:windows_net_bytes_received:rate5m',
  guestNetSentBytesWindows: 'guest_nic:windows_net_bytes_sent:rate5m',
  guestNetReceiveDiscardedWindows: 'guest_nic:windows_net_packets_received_discarded:rate5m',
  guestNetOutboundDiscardedWindows: 'guest_nic:windows_net_packets_outbound_discarded:rate5m',
  guestVolumeFreeWindows: 'guest_volume:windows_logical_disk_free:ratio',
  // Proxmox VE hosts (node_exporter on the node).
  nodeCpu: 'node:node_cpu_utilisation:rate5m',
  nodeCpuGuestShare: 'node:node_cpu_guest:rate5m',
  nodeMemory: 'node:node_memory_utilisation:ratio',
  nodeSwap: 'node:node_vmstat_pswp:rate5m',
  nodePressureCpu: 'node:node_pressure_cpu_waiting:rate5m',
  nodePressureMemory: 'node:node_pressure_memory_waiting:rate5m',
  nodePressureIo: 'node:node_pressure_io_waiting:rate5m',
  nodeDiskReads: 'node_device:node_disk_reads_completed:rate5m',
  nodeDiskWrites: 'node_device:node_disk_writes_completed:rate5m',
  nodeDiskReadLatency: 'node_device:node_disk_read_latency_seconds:rate5m',
  nodeDiskWriteLatency: 'node_device:node_disk_write_latency_seconds:rate5m',
  nodeNetReceiveBytes: 'node_device:node_network_receive_bytes:rate5m',
  nodeNetTransmitBytes: 'node_device:node_network_transmit_bytes:rate5m',
  nodeNetReceiveDrop: 'node_device:node_network_receive_drop:rate5m',
  nodeNetTransmitDrop: 'node_device:node_network_transmit_drop:rate5m',
  // GPUs.
  gpuUtilization: 'gpu:nvidia_smi_utilization_gpu:ratio',
  gpuMemoryUsed: 'gpu:nvidia_smi_memory_used:ratio',
  gpuVgpuUtilizationSum: 'gpu:pvemon_vgpu_gpu_utilization:sum',
  vgpuUtilization: 'vgpu:pvemon_vgpu_gpu_utilization:ratio',
  vgpuFramebufferUsed: 'vgpu:pvemon_vgpu_framebuffer_used:ratio',
} as const;

export type RecordingRuleKey = keyof typeof recordingRules;
export type RecordingRuleName = (typeof recordingRules)[RecordingRuleKey];

/** The single rate window of every `rate()` in pvemon's rules (≥ 4× a 15–60 s scrape interval). */
export const RATE_WINDOW = '5m';
