/**
 * node_exporter metric names the rules use (Debian bookworm ships 1.5.0; names checked against the
 * recorded 1.5.0 and 1.12.1 outputs). vmstat counters are untyped and have no `_total` suffix.
 */
export const nodeExporter = {
  cpuSeconds: 'node_cpu_seconds_total',
  /** Host: CPU time spent running guests (also counted inside `user`). */
  cpuGuestSeconds: 'node_cpu_guest_seconds_total',
  pressureCpuWaiting: 'node_pressure_cpu_waiting_seconds_total',
  pressureMemoryWaiting: 'node_pressure_memory_waiting_seconds_total',
  pressureIoWaiting: 'node_pressure_io_waiting_seconds_total',
  memTotal: 'node_memory_MemTotal_bytes',
  memAvailable: 'node_memory_MemAvailable_bytes',
  swapTotal: 'node_memory_SwapTotal_bytes',
  vmstatPswpIn: 'node_vmstat_pswpin',
  vmstatPswpOut: 'node_vmstat_pswpout',
  diskReadsCompleted: 'node_disk_reads_completed_total',
  diskWritesCompleted: 'node_disk_writes_completed_total',
  diskReadTime: 'node_disk_read_time_seconds_total',
  diskWriteTime: 'node_disk_write_time_seconds_total',
  diskReadBytes: 'node_disk_read_bytes_total',
  diskWrittenBytes: 'node_disk_written_bytes_total',
  netReceiveBytes: 'node_network_receive_bytes_total',
  netTransmitBytes: 'node_network_transmit_bytes_total',
  netReceiveDrop: 'node_network_receive_drop_total',
  netTransmitDrop: 'node_network_transmit_drop_total',
  fsAvail: 'node_filesystem_avail_bytes',
  fsSize: 'node_filesystem_size_bytes',
  fsReadonly: 'node_filesystem_readonly',
  timexOffset: 'node_timex_offset_seconds',
} as const;

/** Pseudo and in-memory filesystems that never fill a disk (tmpfs is NOT excluded by 1.5.0). */
export const NODE_FS_TYPES_EXCLUDED = 'tmpfs|devtmpfs|ramfs|squashfs|overlay|nsfs|fuse[.]lxcfs';

/**
 * Interfaces whose drops are not a network problem: loopback, and the per-guest plumbing PVE
 * creates on hosts (tapNNNiN, fwbr/fwpr/fwln firewall bridges, vethNNNiN for LXC, also Docker's
 * veth pairs inside guests). Character classes instead of `.` keep the meaning identical in
 * Prometheus 2.x and 3.x (3.x lets `.` match newlines).
 */
export const NETDEV_EXCLUDED = 'lo|(tap|fwbr|fwpr|fwln|veth)[0-9A-Za-z_-]*';

/** A guest's own port on a PVE host: `tap<vmid>i<n>` (QEMU) or `veth<vmid>i<n>` (LXC). */
export const PVE_GUEST_PORT = '(tap|veth)[0-9]+i[0-9]+';
