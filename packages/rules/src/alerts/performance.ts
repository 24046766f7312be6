import type { Selectors } from '../config.js';
import { alertSpec, type AlertSpec } from '../dsl/rule.js';
import { nodeExporter as N, PVE_GUEST_PORT } from '../metrics/node-exporter.js';
import { recordingRules as R } from '../recordings/names.js';
import { rate, sel } from '../recordings/promql.js';
import { GUEST, PERCENT, WHERE } from './templates.js';

/** Requests below this many operations per second never raise DiskLatencyHigh (idle-disk guard). */
export const DISK_MIN_IOPS = 1;
/** Dropped packets per second (receive + transmit) on one interface that count as sustained. */
export const DROPS_PER_SECOND = 1;
/** Windows pages read+written per second that count as paging when memory is nearly full. */
export const WINDOWS_PAGES_PER_SECOND = 10;

/** Up-series of the in-guest exporters, for "prefer the in-guest view" dedupe. */
function guestExportersUp(s: Selectors): string {
  return s.guestLinux === s.guestWindows
    ? `${sel('up', s.guestLinux)} == 1`
    : `(${sel('up', s.guestLinux)} == 1 or ${sel('up', s.guestWindows)} == 1)`;
}

export function performanceAlerts(s: Selectors): AlertSpec[] {
  return [
    alertSpec({
      alert: 'HostCpuStealHigh',
      expr: `${R.guestCpuStealLinux} > 0.05`,
      for: '5m',
      labels: { severity: 'warning' },
      annotations: {
        summary: `CPU steal ${PERCENT} in ${GUEST}`,
        description: `The vCPUs of {{ $labels.vm_name }} waited ${PERCENT} of the time for a physical CPU of {{ $labels.node }} (threshold 5% for 5 minutes): other guests or the host compete for the same cores.`,
      },
      watches:
        'In-guest (Linux) steal time > 5 %: the host is overcommitted or has a noisy neighbour.',
    }),
    alertSpec({
      alert: 'HostCpuPressureHigh',
      expr: `${R.nodePressureCpu} > 0.2`,
      for: '10m',
      labels: { severity: 'warning' },
      annotations: {
        summary: `CPU pressure ${PERCENT} on node {{ $labels.node }}`,
        description: `Runnable tasks (QEMU vCPU threads included) on {{ $labels.node }} waited for a CPU ${PERCENT} of the time for 10 minutes (PSI cpu some, threshold 20%): the host-side mirror of guest steal.`,
      },
      watches: 'Host PSI CPU "some" > 20 %: guests queue for physical CPUs (host view of steal).',
    }),
    alertSpec({
      alert: 'GuestCpuSaturation',
      // In-guest exporters are authoritative; the host view covers guests without one.
      expr: `${R.guestCpuLinux} > 0.9
or ${R.guestCpuWindows} > 0.9
or (
  ${R.guestCpuHost} > 0.9
  unless on (cluster, vm_id) ${guestExportersUp(s)}
)`,
      for: '10m',
      labels: { severity: 'warning' },
      annotations: {
        summary: `CPU ${PERCENT} busy in ${GUEST}`,
        description: `{{ $labels.vm_name }} has kept its vCPUs more than 90% busy for 10 minutes (now ${PERCENT}, measured by job {{ $labels.job }}). Work is queueing inside the guest.`,
      },
      watches: 'Guest CPU > 90 % (in-guest Linux/Windows, else host view `pve_cpu_usage_ratio`).',
    }),
    alertSpec({
      alert: 'DiskLatencyHigh',
      expr: `(${R.guestDiskReadLatencyLinux} > 0.05 and ${R.guestDiskReadsLinux} > ${DISK_MIN_IOPS})
or (${R.guestDiskWriteLatencyLinux} > 0.05 and ${R.guestDiskWritesLinux} > ${DISK_MIN_IOPS})
or (${R.guestDiskReadLatencyWindows} > 0.05 and ${R.guestDiskReadsWindows} > ${DISK_MIN_IOPS})
or (${R.guestDiskWriteLatencyWindows} > 0.05 and ${R.guestDiskWritesWindows} > ${DISK_MIN_IOPS})`,
      for: '5m',
      labels: { severity: 'warning' },
      annotations: {
        summary: `Disk {{ $labels.device }}{{ $labels.volume }} of ${GUEST}: {{ $value | humanizeDuration }} per operation`,
        description: `Average read or write latency on {{ $labels.device }}{{ $labels.volume }} has been above 50ms for 5 minutes while the disk did more than ${DISK_MIN_IOPS} operation per second (now {{ $value | humanizeDuration }}). Idle disks are ignored.`,
      },
      watches: `Guest disk read or write latency > 50 ms per operation while busy (> ${DISK_MIN_IOPS} op/s), Linux and Windows.`,
    }),
    alertSpec({
      alert: 'MemorySwapActive',
      expr: `(${R.guestSwapLinux} > 0 and ${sel(N.swapTotal, s.guestLinux)} > 0)
or (${R.nodeSwap} > 0 and ${sel(N.swapTotal, s.node)} > 0)
or (${R.guestPagingWindows} > ${WINDOWS_PAGES_PER_SECOND} and ${R.guestMemoryWindows} > 0.9)`,
      for: '5m',
      keep_firing_for: '10m',
      labels: { severity: 'warning' },
      annotations: {
        summary: `Swapping {{ $value | printf "%.1f" }} pages/s on ${WHERE}`,
        description: `Pages have been moving between memory and swap/pagefile continuously for 5 minutes on ${WHERE} ({{ $value | printf "%.1f" }} pages/s). Memory is short: expect latency spikes.`,
      },
      watches: `Swap activity (pages in+out/s > 0; Windows > ${WINDOWS_PAGES_PER_SECOND}/s with memory > 90 %) on guests and hosts with swap.`,
    }),
    alertSpec({
      alert: 'NetworkPacketDrops',
      expr: `${R.guestNetReceiveDropLinux} + ${R.guestNetTransmitDropLinux} > ${DROPS_PER_SECOND}
or ${R.nodeNetReceiveDrop} + ${R.nodeNetTransmitDrop} > ${DROPS_PER_SECOND}
or ${R.guestNetReceiveDiscardedWindows} + ${R.guestNetOutboundDiscardedWindows} > ${DROPS_PER_SECOND}`,
      for: '10m',
      keep_firing_for: '10m',
      labels: { severity: 'warning' },
      annotations: {
        summary: `{{ $value | printf "%.1f" }} packets/s dropped on {{ $labels.device }}{{ $labels.nic }} of ${WHERE}`,
        description: `Interface {{ $labels.device }}{{ $labels.nic }} has dropped more than ${DROPS_PER_SECOND} packet/s (receive + transmit) for 10 minutes on ${WHERE}. Loopback and PVE tap/fwbr/fwpr/fwln/veth plumbing are excluded.`,
      },
      watches: `Sustained drops > ${DROPS_PER_SECOND} packet/s for 10m per interface (guests Linux/Windows, hosts without PVE bridge plumbing).`,
    }),
    alertSpec({
      alert: 'GuestNetworkPortDrops',
      // The lower-severity view of PVE's per-guest plumbing: drops on a guest's tap/veth port
      // mean the guest does not drain its virtio queue fast enough (firewall-bridge drops are
      // policy and stay out). The vmid is part of the port name.
      expr: `(
  label_replace(
    ${rate(N.netReceiveDrop, s.node, `device=~"${PVE_GUEST_PORT}"`)}
    + ${rate(N.netTransmitDrop, s.node, `device=~"${PVE_GUEST_PORT}"`)},
    "vm_id", "$1", "device", "(?:tap|veth)([0-9]+)i[0-9]+"
  ) > ${DROPS_PER_SECOND}
)
* on (cluster, vm_id) group_left (vm_name)
  max by (cluster, vm_id, vm_name) (${R.guestPveInfo})`,
      for: '30m',
      labels: { severity: 'info' },
      annotations: {
        summary: `{{ $value | printf "%.1f" }} packets/s dropped on port {{ $labels.device }} of ${GUEST}`,
        description: `The host port {{ $labels.device }} of {{ $labels.vm_name }} has dropped more than ${DROPS_PER_SECOND} packet/s for 30 minutes: the guest does not take packets off its virtio queue fast enough (CPU-starved guest, single-queue NIC).`,
      },
      watches: `Drops > ${DROPS_PER_SECOND} packet/s on a guest's tap/veth port on the PVE host (info: shown in Grafana only).`,
    }),
    alertSpec({
      alert: 'GpuUtilizationHigh',
      expr: `${R.gpuUtilization} > 0.95
or ${R.vgpuUtilization} > 0.95`,
      for: '10m',
      labels: { severity: 'warning' },
      annotations: {
        summary: `{{ with $labels.vm_name }}vGPU of guest {{ . }} ({{ $labels.vm_id }}){{ else }}GPU {{ $labels.gpu_name }} {{ $labels.uuid }}{{ end }} on node {{ $labels.node }} at ${PERCENT}`,
        description: `GPU utilisation has been above 95% for 10 minutes ({{ with $labels.vm_name }}vGPU {{ $labels.vgpu_type }} of {{ . }}{{ else }}physical GPU {{ $labels.gpu_name }}{{ end }} on {{ $labels.node }}, now ${PERCENT}). Jobs on this GPU queue or slow down.`,
      },
      watches:
        'Physical GPU (nvidia_gpu_exporter) or vGPU instance (pvemon vGPU exporter) > 95 % busy.',
    }),
  ];
}
