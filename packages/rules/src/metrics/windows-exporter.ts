/**
 * windows_exporter v0.31 metric names (default collectors cpu, memory, logical_disk, net). The `cs`
 * collector and most `windows_os_*` series are gone since v0.31.0; their replacements are
 * `windows_cpu_logical_processor` and `windows_memory_physical_total_bytes`.
 */
export const windowsExporter = {
  cpuTime: 'windows_cpu_time_total',
  memAvailable: 'windows_memory_available_bytes',
  memPhysicalTotal: 'windows_memory_physical_total_bytes',
  /** Pages read from disk to resolve hard faults (includes memory-mapped files). */
  swapPagesRead: 'windows_memory_swap_pages_read_total',
  /** Pages written to disk to free memory. */
  swapPagesWritten: 'windows_memory_swap_pages_written_total',
  diskReads: 'windows_logical_disk_reads_total',
  diskWrites: 'windows_logical_disk_writes_total',
  diskReadLatency: 'windows_logical_disk_read_latency_seconds_total',
  diskWriteLatency: 'windows_logical_disk_write_latency_seconds_total',
  diskReadBytes: 'windows_logical_disk_read_bytes_total',
  diskWriteBytes: 'windows_logical_disk_write_bytes_total',
  diskFree: 'windows_logical_disk_free_bytes',
  diskSize: 'windows_logical_disk_size_bytes',
  netBytesReceived: 'windows_net_bytes_received_total',
  netBytesSent: 'windows_net_bytes_sent_total',
  netReceivedDiscarded: 'windows_net_packets_received_discarded_total',
  netOutboundDiscarded: 'windows_net_packets_outbound_discarded_total',
} as const;

/** Unmounted system/recovery partitions the logical_disk collector reports as `HarddiskVolumeN`. */
export const WINDOWS_VOLUMES_EXCLUDED = 'HarddiskVolume[0-9]+';
