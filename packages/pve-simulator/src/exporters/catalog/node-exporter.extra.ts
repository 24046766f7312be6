// node_exporter families the recorded e2e outputs cannot show: the e2e test disables the
// filesystem, uname and timex collectors, and its meminfo fixture predates MemAvailable.
// Names, types and labels follow node_exporter 1.5.0's collectors (filesystem_linux.go,
// uname_linux.go, timex.go, meminfo.go); the conformance test lists them as documented extras.
import type { Catalog } from '../exposition.js';

export const nodeExporterExtraCatalog: Catalog = {
  node_memory_MemAvailable_bytes: {
    type: 'gauge',
    help: 'Memory information field MemAvailable_bytes.',
  },
  node_filesystem_avail_bytes: {
    type: 'gauge',
    help: 'Filesystem space available to non-root users in bytes.',
  },
  node_filesystem_free_bytes: { type: 'gauge', help: 'Filesystem free space in bytes.' },
  node_filesystem_size_bytes: { type: 'gauge', help: 'Filesystem size in bytes.' },
  node_filesystem_files: { type: 'gauge', help: 'Filesystem total file nodes.' },
  node_filesystem_files_free: { type: 'gauge', help: 'Filesystem total free file nodes.' },
  node_filesystem_readonly: { type: 'gauge', help: 'Filesystem read-only status.' },
  node_filesystem_device_error: {
    type: 'gauge',
    help: 'Whether an error occurred while getting statistics for the given device.',
  },
  node_uname_info: {
    type: 'gauge',
    help: 'Labeled system information as provided by the uname system call.',
  },
  node_timex_offset_seconds: {
    type: 'gauge',
    help: 'Time offset in between local system and reference clock.',
  },
  node_timex_sync_status: {
    type: 'gauge',
    help: 'Is clock synchronized to a reliable server (1 = yes, 0 = no).',
  },
};

/** Label names of the extra families (what the conformance test checks them against). */
export const nodeExporterExtraLabels: Readonly<Record<string, readonly string[]>> = {
  node_memory_MemAvailable_bytes: [],
  node_filesystem_avail_bytes: ['device', 'fstype', 'mountpoint'],
  node_filesystem_free_bytes: ['device', 'fstype', 'mountpoint'],
  node_filesystem_size_bytes: ['device', 'fstype', 'mountpoint'],
  node_filesystem_files: ['device', 'fstype', 'mountpoint'],
  node_filesystem_files_free: ['device', 'fstype', 'mountpoint'],
  node_filesystem_readonly: ['device', 'fstype', 'mountpoint'],
  node_filesystem_device_error: ['device', 'fstype', 'mountpoint'],
  node_uname_info: ['domainname', 'machine', 'nodename', 'release', 'sysname', 'version'],
  node_timex_offset_seconds: [],
  node_timex_sync_status: [],
};
