import { recordingRules as R } from '../../src/recordings/names.js';
import type { Labels, RecordingCase, Series } from './types.js';
import { GPU, HOST, LINUX_GUEST as LG, PVE, SD, sel, WINDOWS_GUEST as WG } from './types.js';

const ramp = (perMinute: number): string => `0+${perMinute}x20`;
const flat = (value: number): string => `${value}x20`;
const guest101 = {
  ...PVE,
  id: 'qemu/101',
  vm_id: '101',
  vm_name: 'web1',
  node: 'pve1',
  guest_type: 'qemu',
};
const ct200 = {
  ...PVE,
  id: 'lxc/200',
  vm_id: '200',
  vm_name: 'ct1',
  node: 'pve2',
  guest_type: 'lxc',
};
const one = (labels: Labels, value: number) => ({ labels, value });

function cpuModes(labels: Labels, perMinute: Record<string, number>): Series[] {
  return ['0', '1'].flatMap((cpu) =>
    Object.entries(perMinute).map(
      ([mode, v]) => [sel('node_cpu_seconds_total', labels, { cpu, mode }), ramp(v)] as Series,
    ),
  );
}

const VGPU_BASE = {
  job: 'pvemon-vgpu',
  instance: '10.0.0.2:9836',
  node: 'pve2',
  gpu_uuid: 'GPU-aa',
  gpu_pci: '00000000:01:00.0',
};
const VGPU_A = {
  ...VGPU_BASE,
  vgpu_uuid: 'v-a',
  vgpu_type: 'L40S-12Q',
  vm_id: '105',
  vm_name: 'render1',
};
const VGPU_B = {
  ...VGPU_BASE,
  vgpu_uuid: 'v-b',
  vgpu_type: 'L40S-12Q',
  vm_id: '106',
  vm_name: 'render2',
};
const GPU_A = { ...GPU, uuid: 'aa' };
const SD_GUEST = { cluster: 'lab', vm_id: '101', vm_name: 'web1', node: 'pve1' };
const SD_INFO = {
  ...SD_GUEST,
  guest_type: 'qemu',
  os: 'linux',
  ostype: 'l26',
  tags: ';prod;web;',
  status: 'running',
  template: '0',
};
const SD_GUEST2 = { cluster: 'lab', vm_id: '200', vm_name: 'ct1', node: 'pve2' };
const SD_INFO2 = {
  ...SD_GUEST2,
  guest_type: 'lxc',
  os: 'linux',
  ostype: 'debian',
  status: 'running',
  template: '0',
};
const VDA = { device: 'vda' };
const SDA = { device: 'sda' };
const ROOT = { device: '/dev/vda1', fstype: 'ext4', mountpoint: '/' };
const NIC = { nic: 'Ethernet' };
const C = { volume: 'C:' };

/** One world of realistic series; every recording rule is checked against it at minute 10. */
export const recordingCases: RecordingCase[] = [
  {
    name: 'pve-exporter host view and inventory joins',
    at: '10m',
    series: [
      [
        sel('pve_guest_info', PVE, {
          id: 'qemu/101',
          name: 'web1',
          node: 'pve1',
          type: 'qemu',
          tags: 'prod;web',
          template: '0',
        }),
        flat(1),
      ],
      [
        sel('pve_guest_info', PVE, {
          id: 'lxc/200',
          name: 'ct1',
          node: 'pve2',
          type: 'lxc',
          template: '0',
        }),
        flat(1),
      ],
      [
        sel('pve_guest_info', PVE, {
          id: 'qemu/900',
          name: 'tmpl',
          node: 'pve1',
          type: 'qemu',
          template: '1',
        }),
        flat(1),
      ],
      [sel('pve_up', PVE, { id: 'qemu/101' }), flat(1)],
      [sel('pve_up', PVE, { id: 'lxc/200' }), flat(0)],
      [sel('pve_up', PVE, { id: 'node/pve1' }), flat(1)],
      [sel('pve_cpu_usage_ratio', PVE, { id: 'qemu/101' }), flat(0.25)],
      [sel('pve_cpu_usage_ratio', PVE, { id: 'node/pve1' }), flat(0.5)],
      [sel('pve_memory_usage_bytes', PVE, { id: 'qemu/101' }), flat(512)],
      [sel('pve_memory_size_bytes', PVE, { id: 'qemu/101' }), flat(2048)],
      [sel('pve_memory_usage_bytes', PVE, { id: 'lxc/200' }), flat(0)],
      [sel('pve_memory_size_bytes', PVE, { id: 'lxc/200' }), flat(0)],
      [sel('pve_disk_read_bytes_total', PVE, { id: 'qemu/101' }), ramp(6000)],
      [sel('pve_disk_written_bytes_total', PVE, { id: 'qemu/101' }), ramp(12000)],
      [sel('pve_network_receive_bytes_total', PVE, { id: 'qemu/101' }), ramp(61440)],
      [sel('pve_network_transmit_bytes_total', PVE, { id: 'qemu/101' }), ramp(30720)],
      [sel('pve_disk_usage_bytes', PVE, { id: 'storage/pve1/local-lvm' }), flat(250)],
      [sel('pve_disk_size_bytes', PVE, { id: 'storage/pve1/local-lvm' }), flat(1000)],
      [sel('pve_disk_usage_bytes', PVE, { id: 'qemu/101' }), flat(10)],
      [sel('pve_disk_size_bytes', PVE, { id: 'qemu/101' }), flat(100)],
      [sel('pvemon_guest_info', SD, SD_INFO), flat(1)],
      [sel('pvemon_guest_vcpus', SD, SD_GUEST), flat(4)],
      [sel('pvemon_guest_memory_bytes', SD, SD_GUEST), flat(2147483648)],
      [sel('pvemon_guest_info', SD, SD_INFO2), flat(1)],
      [sel('pvemon_guest_vcpus', SD, SD_GUEST2), flat(1)],
      [sel('pvemon_guest_memory_bytes', SD, SD_GUEST2), flat(536870912)],
    ],
    expect: [
      {
        record: R.guestPveInfo,
        samples: [
          one({ ...guest101, tags: 'prod;web', template: '0' }, 1),
          one({ ...ct200, template: '0' }, 1),
        ],
      },
      {
        record: R.guestInfo,
        samples: [
          one({ ...SD_INFO, vcpus: '4', memory_gb: '2' }, 1),
          one({ ...SD_INFO2, vcpus: '1', memory_gb: '0.5' }, 1),
        ],
      },
      { record: R.guestUp, samples: [one(guest101, 1), one(ct200, 0)] },
      { record: R.guestCpuHost, samples: [one(guest101, 0.25)] },
      { record: R.guestMemoryHost, samples: [one(guest101, 0.25)] },
      { record: R.guestDiskReadBytesHost, samples: [one(guest101, 100)] },
      { record: R.guestDiskWrittenBytesHost, samples: [one(guest101, 200)] },
      { record: R.guestNetReceiveBytesHost, samples: [one(guest101, 1024)] },
      { record: R.guestNetTransmitBytesHost, samples: [one(guest101, 512)] },
      {
        record: R.storageUsage,
        samples: [
          one({ ...PVE, id: 'storage/pve1/local-lvm', node: 'pve1', storage: 'local-lvm' }, 0.25),
        ],
      },
    ],
  },
  {
    name: 'Linux guest (node_exporter)',
    at: '10m',
    series: [
      ...cpuModes(LG, { idle: 30, iowait: 7.5, steal: 7.5, user: 15 }),
      [sel('node_memory_MemAvailable_bytes', LG), flat(768)],
      [sel('node_memory_MemTotal_bytes', LG), flat(1024)],
      [sel('node_vmstat_pswpin', LG), ramp(60)],
      [sel('node_vmstat_pswpout', LG), ramp(120)],
      [sel('node_disk_reads_completed_total', LG, VDA), ramp(600)],
      [sel('node_disk_writes_completed_total', LG, VDA), ramp(1200)],
      [sel('node_disk_read_time_seconds_total', LG, VDA), ramp(6)],
      [sel('node_disk_write_time_seconds_total', LG, VDA), ramp(24)],
      [sel('node_disk_read_bytes_total', LG, VDA), ramp(61440)],
      [sel('node_disk_written_bytes_total', LG, VDA), ramp(122880)],
      [sel('node_disk_reads_completed_total', LG, { device: 'vdb' }), flat(5)],
      [sel('node_disk_read_time_seconds_total', LG, { device: 'vdb' }), flat(1)],
      [sel('node_network_receive_bytes_total', LG, { device: 'eth0' }), ramp(61440)],
      [sel('node_network_transmit_bytes_total', LG, { device: 'eth0' }), ramp(30720)],
      [sel('node_network_receive_drop_total', LG, { device: 'eth0' }), ramp(60)],
      [sel('node_network_transmit_drop_total', LG, { device: 'eth0' }), ramp(30)],
      [sel('node_network_receive_bytes_total', LG, { device: 'lo' }), ramp(61440)],
      [sel('node_network_receive_drop_total', LG, { device: 'veth1a2b3c' }), ramp(60)],
      [sel('node_filesystem_avail_bytes', LG, ROOT), flat(250)],
      [sel('node_filesystem_size_bytes', LG, ROOT), flat(1000)],
      [
        sel('node_filesystem_avail_bytes', LG, {
          device: 'tmpfs',
          fstype: 'tmpfs',
          mountpoint: '/run',
        }),
        flat(900),
      ],
      [
        sel('node_filesystem_size_bytes', LG, {
          device: 'tmpfs',
          fstype: 'tmpfs',
          mountpoint: '/run',
        }),
        flat(1000),
      ],
    ],
    expect: [
      { record: R.guestCpuLinux, samples: [one(LG, 0.25)] },
      { record: R.guestCpuStealLinux, samples: [one(LG, 0.125)] },
      { record: R.guestMemoryLinux, samples: [one(LG, 0.25)] },
      { record: R.guestSwapLinux, samples: [one(LG, 3)] },
      {
        record: R.guestDiskReadsLinux,
        samples: [one({ ...LG, ...VDA }, 10), one({ ...LG, device: 'vdb' }, 0)],
      },
      { record: R.guestDiskWritesLinux, samples: [one({ ...LG, ...VDA }, 20)] },
      { record: R.guestDiskReadLatencyLinux, samples: [one({ ...LG, ...VDA }, 0.01)] },
      { record: R.guestDiskWriteLatencyLinux, samples: [one({ ...LG, ...VDA }, 0.02)] },
      { record: R.guestDiskReadBytesLinux, samples: [one({ ...LG, ...VDA }, 1024)] },
      { record: R.guestDiskWrittenBytesLinux, samples: [one({ ...LG, ...VDA }, 2048)] },
      { record: R.guestNetReceiveBytesLinux, samples: [one({ ...LG, device: 'eth0' }, 1024)] },
      { record: R.guestNetTransmitBytesLinux, samples: [one({ ...LG, device: 'eth0' }, 512)] },
      { record: R.guestNetReceiveDropLinux, samples: [one({ ...LG, device: 'eth0' }, 1)] },
      { record: R.guestNetTransmitDropLinux, samples: [one({ ...LG, device: 'eth0' }, 0.5)] },
      { record: R.guestFilesystemAvailLinux, samples: [one({ ...LG, ...ROOT }, 0.25)] },
    ],
  },
  {
    name: 'Windows guest (windows_exporter v0.31)',
    at: '10m',
    series: [
      [sel('windows_cpu_time_total', WG, { core: '0,0', mode: 'idle' }), ramp(45)],
      [sel('windows_cpu_time_total', WG, { core: '0,0', mode: 'user' }), ramp(15)],
      [sel('windows_memory_available_bytes', WG), flat(768)],
      [sel('windows_memory_physical_total_bytes', WG), flat(1024)],
      [sel('windows_memory_swap_pages_read_total', WG), ramp(60)],
      [sel('windows_memory_swap_pages_written_total', WG), ramp(60)],
      [sel('windows_logical_disk_reads_total', WG, C), ramp(600)],
      [sel('windows_logical_disk_writes_total', WG, C), ramp(300)],
      [sel('windows_logical_disk_read_latency_seconds_total', WG, C), ramp(12)],
      [sel('windows_logical_disk_write_latency_seconds_total', WG, C), ramp(15)],
      [sel('windows_logical_disk_read_bytes_total', WG, C), ramp(6000)],
      [sel('windows_logical_disk_write_bytes_total', WG, C), ramp(3000)],
      [sel('windows_logical_disk_reads_total', WG, { volume: 'HarddiskVolume1' }), ramp(600)],
      [sel('windows_logical_disk_free_bytes', WG, C), flat(250)],
      [sel('windows_logical_disk_size_bytes', WG, C), flat(1000)],
      [sel('windows_net_bytes_received_total', WG, NIC), ramp(61440)],
      [sel('windows_net_bytes_sent_total', WG, NIC), ramp(30720)],
      [sel('windows_net_packets_received_discarded_total', WG, NIC), ramp(60)],
      [sel('windows_net_packets_outbound_discarded_total', WG, NIC), ramp(30)],
    ],
    expect: [
      { record: R.guestCpuWindows, samples: [one(WG, 0.25)] },
      { record: R.guestMemoryWindows, samples: [one(WG, 0.25)] },
      { record: R.guestPagingWindows, samples: [one(WG, 2)] },
      { record: R.guestDiskReadsWindows, samples: [one({ ...WG, ...C }, 10)] },
      { record: R.guestDiskWritesWindows, samples: [one({ ...WG, ...C }, 5)] },
      { record: R.guestDiskReadLatencyWindows, samples: [one({ ...WG, ...C }, 0.02)] },
      { record: R.guestDiskWriteLatencyWindows, samples: [one({ ...WG, ...C }, 0.05)] },
      { record: R.guestDiskReadBytesWindows, samples: [one({ ...WG, ...C }, 100)] },
      { record: R.guestDiskWriteBytesWindows, samples: [one({ ...WG, ...C }, 50)] },
      { record: R.guestNetReceiveBytesWindows, samples: [one({ ...WG, ...NIC }, 1024)] },
      { record: R.guestNetSentBytesWindows, samples: [one({ ...WG, ...NIC }, 512)] },
      { record: R.guestNetReceiveDiscardedWindows, samples: [one({ ...WG, ...NIC }, 1)] },
      { record: R.guestNetOutboundDiscardedWindows, samples: [one({ ...WG, ...NIC }, 0.5)] },
      { record: R.guestVolumeFreeWindows, samples: [one({ ...WG, ...C }, 0.25)] },
    ],
  },
  {
    name: 'Proxmox VE host (node_exporter on the node)',
    at: '10m',
    series: [
      ...cpuModes(HOST, { idle: 30, iowait: 7.5, steal: 0, user: 22.5 }),
      [sel('node_cpu_guest_seconds_total', HOST, { cpu: '0', mode: 'user' }), ramp(12)],
      [sel('node_cpu_guest_seconds_total', HOST, { cpu: '1', mode: 'user' }), ramp(12)],
      [sel('node_memory_MemAvailable_bytes', HOST), flat(768)],
      [sel('node_memory_MemTotal_bytes', HOST), flat(1024)],
      [sel('node_vmstat_pswpin', HOST), ramp(0)],
      [sel('node_vmstat_pswpout', HOST), ramp(60)],
      [sel('node_pressure_cpu_waiting_seconds_total', HOST), ramp(15)],
      [sel('node_pressure_memory_waiting_seconds_total', HOST), ramp(3)],
      [sel('node_pressure_io_waiting_seconds_total', HOST), ramp(6)],
      [sel('node_disk_reads_completed_total', HOST, SDA), ramp(600)],
      [sel('node_disk_writes_completed_total', HOST, SDA), ramp(1200)],
      [sel('node_disk_read_time_seconds_total', HOST, SDA), ramp(3)],
      [sel('node_disk_write_time_seconds_total', HOST, SDA), ramp(12)],
      [sel('node_network_receive_bytes_total', HOST, { device: 'vmbr0' }), ramp(61440)],
      [sel('node_network_transmit_bytes_total', HOST, { device: 'vmbr0' }), ramp(30720)],
      [sel('node_network_receive_drop_total', HOST, { device: 'vmbr0' }), ramp(6)],
      [sel('node_network_transmit_drop_total', HOST, { device: 'vmbr0' }), ramp(0)],
      [sel('node_network_receive_bytes_total', HOST, { device: 'tap100i0' }), ramp(61440)],
      [sel('node_network_receive_drop_total', HOST, { device: 'fwbr100i0' }), ramp(600)],
      [sel('node_network_transmit_drop_total', HOST, { device: 'fwpr100p0' }), ramp(600)],
      [sel('node_network_transmit_drop_total', HOST, { device: 'fwln100i0' }), ramp(600)],
    ],
    expect: [
      { record: R.nodeCpu, samples: [one(HOST, 0.375)] },
      { record: R.nodeCpuGuestShare, samples: [one(HOST, 0.2)] },
      { record: R.nodeMemory, samples: [one(HOST, 0.25)] },
      { record: R.nodeSwap, samples: [one(HOST, 1)] },
      { record: R.nodePressureCpu, samples: [one(HOST, 0.25)] },
      { record: R.nodePressureMemory, samples: [one(HOST, 0.05)] },
      { record: R.nodePressureIo, samples: [one(HOST, 0.1)] },
      { record: R.nodeDiskReads, samples: [one({ ...HOST, ...SDA }, 10)] },
      { record: R.nodeDiskWrites, samples: [one({ ...HOST, ...SDA }, 20)] },
      { record: R.nodeDiskReadLatency, samples: [one({ ...HOST, ...SDA }, 0.005)] },
      { record: R.nodeDiskWriteLatency, samples: [one({ ...HOST, ...SDA }, 0.01)] },
      { record: R.nodeNetReceiveBytes, samples: [one({ ...HOST, device: 'vmbr0' }, 1024)] },
      { record: R.nodeNetTransmitBytes, samples: [one({ ...HOST, device: 'vmbr0' }, 512)] },
      { record: R.nodeNetReceiveDrop, samples: [one({ ...HOST, device: 'vmbr0' }, 0.1)] },
      { record: R.nodeNetTransmitDrop, samples: [one({ ...HOST, device: 'vmbr0' }, 0)] },
    ],
  },
  {
    name: 'GPUs and vGPU instances',
    at: '10m',
    series: [
      [sel('nvidia_smi_utilization_gpu_ratio', GPU_A), flat(0.5)],
      [sel('nvidia_smi_memory_used_bytes', GPU_A), flat(4096)],
      [sel('nvidia_smi_memory_total_bytes', GPU_A), flat(16384)],
      [
        sel('nvidia_smi_gpu_info', GPU_A, { name: 'NVIDIA L40S', driver_version: '595.80' }),
        flat(1),
      ],
      [sel('pvemon_vgpu_gpu_utilization_ratio', VGPU_A), flat(0.25)],
      [sel('pvemon_vgpu_gpu_utilization_ratio', VGPU_B), flat(0.5)],
      [sel('pvemon_vgpu_framebuffer_used_bytes', VGPU_A), flat(1024)],
      [sel('pvemon_vgpu_framebuffer_total_bytes', VGPU_A), flat(4096)],
    ],
    expect: [
      { record: R.gpuUtilization, samples: [one({ ...GPU_A, gpu_name: 'NVIDIA L40S' }, 0.5)] },
      { record: R.gpuMemoryUsed, samples: [one({ ...GPU_A, gpu_name: 'NVIDIA L40S' }, 0.25)] },
      { record: R.vgpuUtilization, samples: [one(VGPU_A, 0.25), one(VGPU_B, 0.5)] },
      { record: R.vgpuFramebufferUsed, samples: [one(VGPU_A, 0.25)] },
      { record: R.gpuVgpuUtilizationSum, samples: [one(VGPU_BASE, 0.75)] },
    ],
  },
];
