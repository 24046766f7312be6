// windows_exporter `process` collector families. The v0.31.8 e2e output has none (its process
// filter matched nothing), so these follow docs/collector.process.md @ v0.31.8.
import type { Catalog } from '../exposition.js';

export const windowsProcessCatalog: Catalog = {
  windows_process_info: { type: 'gauge', help: 'Process information.' },
  windows_process_start_time_seconds_timestamp: {
    type: 'gauge',
    help: 'Time of process start.',
  },
  windows_process_cpu_time_total: {
    type: 'counter',
    help: 'Returns elapsed time that all of the threads of this process used the processor to execute instructions by mode (privileged, user).',
  },
  windows_process_handles: {
    type: 'gauge',
    help: 'Total number of handles the process has open.',
  },
  windows_process_io_bytes_total: {
    type: 'counter',
    help: 'Bytes issued to I/O operations in different modes (read, write, other).',
  },
  windows_process_io_operations_total: {
    type: 'counter',
    help: 'I/O operations issued in different modes (read, write, other).',
  },
  windows_process_page_faults_total: {
    type: 'counter',
    help: 'Page faults by the threads executing in this process.',
  },
  windows_process_private_bytes: {
    type: 'gauge',
    help: 'Current number of bytes this process has allocated that cannot be shared with other processes.',
  },
  windows_process_threads: {
    type: 'gauge',
    help: 'Number of threads currently active in this process.',
  },
  windows_process_virtual_bytes: {
    type: 'gauge',
    help: 'Current size, in bytes, of the virtual address space that the process is using.',
  },
  windows_process_working_set_private_bytes: {
    type: 'gauge',
    help: 'Size of the working set, in bytes, that is use for this process only and not shared nor shareable by other processes.',
  },
  windows_process_working_set_bytes: {
    type: 'gauge',
    help: 'Maximum number of bytes in the working set of this process at any point in time.',
  },
};
