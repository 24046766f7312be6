import type { FiringCase, QuietCase } from './types.js';
import {
  GPU,
  HOST,
  LINUX_GUEST as LG,
  pveGuest,
  pveGuestLabels,
  sel,
  WINDOWS_GUEST as WG,
} from './types.js';

const LG2 = { ...LG, instance: '10.0.0.14:9100', vm_id: '104', vm_name: 'batch1' };
const VGPU = {
  job: 'pvemon-vgpu',
  instance: '10.0.0.2:9836',
  node: 'pve2',
  gpu_uuid: 'GPU-5d0c7d6a-8a5e-4e52-9d44-1f6a2b3c4d5e',
  gpu_pci: '00000000:01:00.0',
  vgpu_uuid: '8f0b1c2d-3e4f-5a6b-7c8d-9e0f1a2b3c4d',
  vgpu_type: 'NVIDIA L40S-12Q',
  vm_id: '105',
  vm_name: 'render1',
};

export const firing: FiringCase[] = [
  {
    alert: 'HostCpuStealHigh',
    name: '50% steal on both vCPUs of a Linux guest',
    series: [
      [sel('node_cpu_seconds_total', LG, { cpu: '0', mode: 'steal' }), '0+30x40'],
      [sel('node_cpu_seconds_total', LG, { cpu: '1', mode: 'steal' }), '0+30x40'],
    ],
    notBefore: '5m',
    firesAt: '6m',
    expected: [
      {
        labels: LG,
        summary: 'CPU steal 50% in guest web1 (101) on node pve1',
        description:
          'The vCPUs of web1 waited 50% of the time for a physical CPU of pve1 (threshold 5% for 5 minutes): other guests or the host compete for the same cores.',
      },
    ],
  },
  {
    alert: 'HostCpuPressureHigh',
    name: 'PSI cpu some at 40% on a PVE host',
    series: [[sel('node_pressure_cpu_waiting_seconds_total', HOST), '0+24x40']],
    notBefore: '12m',
    firesAt: '13m',
    expected: [
      {
        labels: HOST,
        summary: 'CPU pressure 40% on node pve1',
        description:
          'Runnable tasks (QEMU vCPU threads included) on pve1 waited for a CPU 40% of the time for 10 minutes (PSI cpu some, threshold 20%): the host-side mirror of guest steal.',
      },
    ],
  },
  {
    alert: 'GuestCpuSaturation',
    name: 'Linux and Windows guests at 95%, a guest without exporter at 97% from the host view',
    series: [
      [sel('node_cpu_seconds_total', LG, { cpu: '0', mode: 'idle' }), '0+3x40'],
      [sel('node_cpu_seconds_total', LG, { cpu: '1', mode: 'idle' }), '0+3x40'],
      [sel('windows_cpu_time_total', WG, { core: '0,0', mode: 'idle' }), '0+3x40'],
      [
        sel('pve_cpu_usage_ratio', {
          job: 'pve',
          instance: 'pve-exporter:9221',
          cluster: 'lab',
          id: 'qemu/103',
        }),
        '_ 0.97x40',
      ],
      pveGuest('103', 'db1', 'pve2'),
    ],
    notBefore: '10m',
    firesAt: '11m',
    expected: [
      {
        labels: LG,
        summary: 'CPU 95% busy in guest web1 (101) on node pve1',
        description:
          'web1 has kept its vCPUs more than 90% busy for 10 minutes (now 95%, measured by job guests). Work is queueing inside the guest.',
      },
      {
        labels: WG,
        summary: 'CPU 95% busy in guest win1 (102) on node pve2',
        description:
          'win1 has kept its vCPUs more than 90% busy for 10 minutes (now 95%, measured by job guests). Work is queueing inside the guest.',
      },
      {
        labels: pveGuestLabels('103', 'db1', 'pve2'),
        summary: 'CPU 97% busy in guest db1 (103) on node pve2',
        description:
          'db1 has kept its vCPUs more than 90% busy for 10 minutes (now 97%, measured by job pve). Work is queueing inside the guest.',
      },
    ],
  },
  {
    alert: 'DiskLatencyHigh',
    name: '80 ms reads on a busy Linux disk, 100 ms writes on a busy Windows volume',
    series: [
      [sel('node_disk_reads_completed_total', LG, { device: 'vda' }), '0+600x30'],
      [sel('node_disk_read_time_seconds_total', LG, { device: 'vda' }), '0+48x30'],
      [sel('node_disk_writes_completed_total', LG, { device: 'vda' }), '0x30'],
      [sel('node_disk_write_time_seconds_total', LG, { device: 'vda' }), '0x30'],
      [sel('windows_logical_disk_writes_total', WG, { volume: 'C:' }), '0+600x30'],
      [sel('windows_logical_disk_write_latency_seconds_total', WG, { volume: 'C:' }), '0+60x30'],
      [sel('windows_logical_disk_reads_total', WG, { volume: 'C:' }), '0x30'],
      [sel('windows_logical_disk_read_latency_seconds_total', WG, { volume: 'C:' }), '0x30'],
    ],
    notBefore: '5m',
    firesAt: '6m',
    expected: [
      {
        labels: { ...LG, device: 'vda' },
        summary: 'Disk vda of guest web1 (101) on node pve1: 80ms per operation',
        description:
          'Average read or write latency on vda has been above 50ms for 5 minutes while the disk did more than 1 operation per second (now 80ms). Idle disks are ignored.',
      },
      {
        labels: { ...WG, volume: 'C:' },
        summary: 'Disk C: of guest win1 (102) on node pve2: 100ms per operation',
        description:
          'Average read or write latency on C: has been above 50ms for 5 minutes while the disk did more than 1 operation per second (now 100ms). Idle disks are ignored.',
      },
    ],
  },
  {
    alert: 'MemorySwapActive',
    name: 'Linux guest swapping 20 pages/s for 10 minutes, then stops (keep_firing_for holds it)',
    series: [
      [sel('node_vmstat_pswpin', LG), '0+600x10 6000x40'],
      [sel('node_vmstat_pswpout', LG), '0+600x10 6000x40'],
      [sel('node_memory_SwapTotal_bytes', LG), '1073741824x50'],
    ],
    notBefore: '5m',
    firesAt: '6m',
    expected: [
      {
        labels: LG,
        summary: 'Swapping 20.0 pages/s on guest web1 (101) on node pve1',
        description:
          'Pages have been moving between memory and swap/pagefile continuously for 5 minutes on guest web1 (101) on node pve1 (20.0 pages/s). Memory is short: expect latency spikes.',
      },
    ],
    alsoAt: [
      {
        at: '20m',
        expected: [
          {
            labels: LG,
            summary: 'Swapping 4.0 pages/s on guest web1 (101) on node pve1',
            description:
              'Pages have been moving between memory and swap/pagefile continuously for 5 minutes on guest web1 (101) on node pve1 (4.0 pages/s). Memory is short: expect latency spikes.',
          },
        ],
      },
      { at: '30m', expected: [] },
    ],
  },
  {
    alert: 'MemorySwapActive',
    name: 'Windows guest paging 30 pages/s with memory 94% used',
    series: [
      [sel('windows_memory_swap_pages_read_total', WG), '0+1200x30'],
      [sel('windows_memory_swap_pages_written_total', WG), '0+600x30'],
      [sel('windows_memory_available_bytes', WG), '536870912x30'],
      [sel('windows_memory_physical_total_bytes', WG), '8589934592x30'],
    ],
    notBefore: '6m',
    firesAt: '7m',
    expected: [
      {
        labels: WG,
        summary: 'Swapping 30.0 pages/s on guest win1 (102) on node pve2',
        description:
          'Pages have been moving between memory and swap/pagefile continuously for 5 minutes on guest win1 (102) on node pve2 (30.0 pages/s). Memory is short: expect latency spikes.',
      },
    ],
  },
  {
    alert: 'NetworkPacketDrops',
    name: 'sustained 2 drops/s on a Linux guest, a host bridge and a Windows NIC',
    series: [
      [sel('node_network_receive_drop_total', LG, { device: 'eth0' }), '0+120x40'],
      [sel('node_network_transmit_drop_total', LG, { device: 'eth0' }), '0x40'],
      [sel('node_network_receive_drop_total', HOST, { device: 'vmbr0' }), '0+60x40'],
      [sel('node_network_transmit_drop_total', HOST, { device: 'vmbr0' }), '0+60x40'],
      [
        sel('windows_net_packets_received_discarded_total', WG, { nic: 'Intel[R] PRO_1000 MT' }),
        '0+120x40',
      ],
      [
        sel('windows_net_packets_outbound_discarded_total', WG, { nic: 'Intel[R] PRO_1000 MT' }),
        '0x40',
      ],
    ],
    notBefore: '12m',
    firesAt: '13m',
    expected: [
      {
        labels: { ...LG, device: 'eth0' },
        summary: '2.0 packets/s dropped on eth0 of guest web1 (101) on node pve1',
        description:
          'Interface eth0 has dropped more than 1 packet/s (receive + transmit) for 10 minutes on guest web1 (101) on node pve1. Loopback and PVE tap/fwbr/fwpr/fwln/veth plumbing are excluded.',
      },
      {
        labels: { ...HOST, device: 'vmbr0' },
        summary: '2.0 packets/s dropped on vmbr0 of node pve1',
        description:
          'Interface vmbr0 has dropped more than 1 packet/s (receive + transmit) for 10 minutes on node pve1. Loopback and PVE tap/fwbr/fwpr/fwln/veth plumbing are excluded.',
      },
      {
        labels: { ...WG, nic: 'Intel[R] PRO_1000 MT' },
        summary: '2.0 packets/s dropped on Intel[R] PRO_1000 MT of guest win1 (102) on node pve2',
        description:
          'Interface Intel[R] PRO_1000 MT has dropped more than 1 packet/s (receive + transmit) for 10 minutes on guest win1 (102) on node pve2. Loopback and PVE tap/fwbr/fwpr/fwln/veth plumbing are excluded.',
      },
    ],
  },
  {
    alert: 'GpuUtilizationHigh',
    name: 'physical GPU at 98% and a vGPU instance at 99%',
    series: [
      [
        sel('nvidia_smi_utilization_gpu_ratio', GPU, {
          uuid: '5d0c7d6a-8a5e-4e52-9d44-1f6a2b3c4d5e',
        }),
        '0.98x30',
      ],
      [
        sel('nvidia_smi_gpu_info', GPU, {
          uuid: '5d0c7d6a-8a5e-4e52-9d44-1f6a2b3c4d5e',
          name: 'NVIDIA L40S',
          driver_version: '595.80',
        }),
        '1x30',
      ],
      [sel('pvemon_vgpu_gpu_utilization_ratio', VGPU), '0.99x30'],
    ],
    notBefore: '9m',
    firesAt: '10m',
    expected: [
      {
        labels: { ...GPU, uuid: '5d0c7d6a-8a5e-4e52-9d44-1f6a2b3c4d5e', gpu_name: 'NVIDIA L40S' },
        summary: 'GPU NVIDIA L40S 5d0c7d6a-8a5e-4e52-9d44-1f6a2b3c4d5e on node pve2 at 98%',
        description:
          'GPU utilisation has been above 95% for 10 minutes (physical GPU NVIDIA L40S on pve2, now 98%). Jobs on this GPU queue or slow down.',
      },
      {
        labels: VGPU,
        summary: 'vGPU of guest render1 (105) on node pve2 at 99%',
        description:
          'GPU utilisation has been above 95% for 10 minutes (vGPU NVIDIA L40S-12Q of render1 on pve2, now 99%). Jobs on this GPU queue or slow down.',
      },
    ],
  },
];

export const quiet: QuietCase[] = [
  {
    alert: 'HostCpuStealHigh',
    name: '4% steal stays below the 5% threshold',
    series: [[sel('node_cpu_seconds_total', LG, { cpu: '0', mode: 'steal' }), '0+2.4x40']],
    at: ['10m', '30m'],
  },
  {
    alert: 'HostCpuPressureHigh',
    name: '15% CPU pressure is normal on a busy host',
    series: [[sel('node_pressure_cpu_waiting_seconds_total', HOST), '0+9x40']],
    at: ['20m', '40m'],
  },
  {
    alert: 'GuestCpuSaturation',
    name: '85% in-guest beats a 97% host view of the same guest; 88% host view alone',
    series: [
      [sel('node_cpu_seconds_total', LG, { cpu: '0', mode: 'idle' }), '0+9x40'],
      [sel('up', LG), '1x40'],
      [
        sel('pve_cpu_usage_ratio', {
          job: 'pve',
          instance: 'pve-exporter:9221',
          cluster: 'lab',
          id: 'qemu/101',
        }),
        '0.97x40',
      ],
      pveGuest('101', 'web1', 'pve1'),
      [
        sel('pve_cpu_usage_ratio', {
          job: 'pve',
          instance: 'pve-exporter:9221',
          cluster: 'lab',
          id: 'qemu/103',
        }),
        '0.88x40',
      ],
      pveGuest('103', 'db1', 'pve2'),
    ],
    at: ['15m', '30m'],
  },
  {
    alert: 'DiskLatencyHigh',
    name: 'one slow op on an idle disk, 40 ms on a busy disk, an excluded HarddiskVolume',
    series: [
      [sel('node_disk_reads_completed_total', LG, { device: 'vdb' }), '0x10 1x30'],
      [sel('node_disk_read_time_seconds_total', LG, { device: 'vdb' }), '0x10 2x30'],
      [sel('node_disk_reads_completed_total', LG, { device: 'vda' }), '0+600x40'],
      [sel('node_disk_read_time_seconds_total', LG, { device: 'vda' }), '0+24x40'],
      [sel('windows_logical_disk_reads_total', WG, { volume: 'HarddiskVolume1' }), '0+600x40'],
      [
        sel('windows_logical_disk_read_latency_seconds_total', WG, { volume: 'HarddiskVolume1' }),
        '0+60x40',
      ],
    ],
    at: ['11m', '14m', '20m', '30m'],
  },
  {
    alert: 'MemorySwapActive',
    name: 'a single swap burst; a host without swap; Windows paging with free memory',
    series: [
      [sel('node_vmstat_pswpin', LG2), '0x10 500x30'],
      [sel('node_vmstat_pswpout', LG2), '0x40'],
      [sel('node_memory_SwapTotal_bytes', LG2), '1073741824x40'],
      [sel('node_vmstat_pswpin', HOST), '0+60x40'],
      [sel('node_vmstat_pswpout', HOST), '0+60x40'],
      [sel('node_memory_SwapTotal_bytes', HOST), '0x40'],
      [sel('windows_memory_swap_pages_read_total', WG), '0+1200x40'],
      [sel('windows_memory_swap_pages_written_total', WG), '0+600x40'],
      [sel('windows_memory_available_bytes', WG), '4294967296x40'],
      [sel('windows_memory_physical_total_bytes', WG), '8589934592x40'],
    ],
    at: ['12m', '14m', '16m', '20m', '30m'],
  },
  {
    alert: 'NetworkPacketDrops',
    name: 'one dropped packet, 0.5 drops/s, and drops on PVE tap/fwbr/veth plumbing and lo',
    series: [
      [sel('node_network_receive_drop_total', LG, { device: 'eth0' }), '0x10 1x40'],
      [sel('node_network_transmit_drop_total', LG, { device: 'eth0' }), '0x50'],
      [sel('node_network_receive_drop_total', LG2, { device: 'eth0' }), '0+30x50'],
      [sel('node_network_transmit_drop_total', LG2, { device: 'eth0' }), '0x50'],
      [sel('node_network_receive_drop_total', LG, { device: 'lo' }), '0+600x50'],
      [sel('node_network_transmit_drop_total', LG, { device: 'lo' }), '0x50'],
      [sel('node_network_receive_drop_total', HOST, { device: 'tap100i0' }), '0+600x50'],
      [sel('node_network_transmit_drop_total', HOST, { device: 'tap100i0' }), '0x50'],
      [sel('node_network_receive_drop_total', HOST, { device: 'fwbr100i0' }), '0+600x50'],
      [sel('node_network_transmit_drop_total', HOST, { device: 'fwbr100i0' }), '0x50'],
      [sel('node_network_receive_drop_total', HOST, { device: 'veth200i0' }), '0+600x50'],
      [sel('node_network_transmit_drop_total', HOST, { device: 'veth200i0' }), '0x50'],
    ],
    at: ['11m', '15m', '25m', '40m'],
  },
  {
    alert: 'GpuUtilizationHigh',
    name: 'exactly 95% is not above 95%',
    series: [
      [sel('nvidia_smi_utilization_gpu_ratio', GPU, { uuid: 'aa' }), '0.95x30'],
      [sel('nvidia_smi_gpu_info', GPU, { uuid: 'aa', name: 'NVIDIA L40S' }), '1x30'],
      [sel('pvemon_vgpu_gpu_utilization_ratio', VGPU), '0.9x30'],
    ],
    at: ['15m', '25m'],
  },
];

const PORT = (device: string) => ({ ...HOST, device });

firing.push({
  alert: 'GuestNetworkPortDrops',
  name: 'QEMU guest 101 not draining its tap port (2 drops/s)',
  series: [
    [sel('node_network_receive_drop_total', PORT('tap101i0')), '0+60x60'],
    [sel('node_network_transmit_drop_total', PORT('tap101i0')), '0+60x60'],
    pveGuest('101', 'web1', 'pve1'),
  ],
  notBefore: '32m',
  firesAt: '33m',
  expected: [
    {
      labels: { ...HOST, device: 'tap101i0', vm_id: '101', vm_name: 'web1' },
      summary: '2.0 packets/s dropped on port tap101i0 of guest web1 (101) on node pve1',
      description:
        'The host port tap101i0 of web1 has dropped more than 1 packet/s for 30 minutes: the guest does not take packets off its virtio queue fast enough (CPU-starved guest, single-queue NIC).',
    },
  ],
});

quiet.push({
  alert: 'GuestNetworkPortDrops',
  name: 'firewall-bridge drops are policy; 0.5 drops/s on a tap port is below the threshold',
  series: [
    [sel('node_network_receive_drop_total', PORT('fwbr101i0')), '0+600x60'],
    [sel('node_network_transmit_drop_total', PORT('fwbr101i0')), '0+600x60'],
    [sel('node_network_receive_drop_total', PORT('tap101i0')), '0+30x60'],
    [sel('node_network_transmit_drop_total', PORT('tap101i0')), '0x60'],
    pveGuest('101', 'web1', 'pve1'),
  ],
  at: ['40m', '60m'],
});
