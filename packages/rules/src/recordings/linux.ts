import type { Selectors } from '../config.js';
import { recordingRule, type RecordingRule } from '../dsl/rule.js';
import {
  NETDEV_EXCLUDED,
  NODE_FS_TYPES_EXCLUDED,
  nodeExporter as N,
} from '../metrics/node-exporter.js';
import { recordingRules as R, type RecordingRuleName } from './names.js';
import { PAGE } from './pages.js';
import { rate, sel } from './promql.js';

/** CPU busy share: idle, iowait and steal are time the (v)CPU did not run work for this system. */
export function cpuUtilisation(job: string): string {
  return `1 - sum without (mode) (
  avg without (cpu) (${rate(N.cpuSeconds, job, 'mode=~"idle|iowait|steal"')})
)`;
}

export function memoryUtilisation(job: string): string {
  return `1 - ${sel(N.memAvailable, job)} / (${sel(N.memTotal, job)} > 0)`;
}

/** Pages swapped in plus out per second (vmstat counters are untyped but monotonic). */
export function swapActivity(job: string): string {
  return `${rate(N.vmstatPswpIn, job)} + ${rate(N.vmstatPswpOut, job)}`;
}

/** Average seconds per completed operation; `> 0` drops idle devices (0/0 and t/0 → no sample). */
export function diskLatency(job: string, time: string, ops: string): string {
  return `${rate(time, job)} / (${rate(ops, job)} > 0)`;
}

interface DeviceRecords {
  reads: RecordingRuleName;
  writes: RecordingRuleName;
  readLatency: RecordingRuleName;
  writeLatency: RecordingRuleName;
}

/** Per-device disk rules shared by Linux guests and PVE hosts. */
export function diskRecordings(
  job: string,
  r: DeviceRecords,
  usedBy: {
    latency: string[];
    iops: string[];
  },
): RecordingRule[] {
  return [
    recordingRule({ record: r.reads, expr: rate(N.diskReadsCompleted, job), usedBy: usedBy.iops }),
    recordingRule({
      record: r.writes,
      expr: rate(N.diskWritesCompleted, job),
      usedBy: usedBy.iops,
    }),
    recordingRule({
      record: r.readLatency,
      expr: diskLatency(job, N.diskReadTime, N.diskReadsCompleted),
      usedBy: usedBy.latency,
    }),
    recordingRule({
      record: r.writeLatency,
      expr: diskLatency(job, N.diskWriteTime, N.diskWritesCompleted),
      usedBy: usedBy.latency,
    }),
  ];
}

interface NetRecords {
  rxBytes: RecordingRuleName;
  txBytes: RecordingRuleName;
  rxDrop: RecordingRuleName;
  txDrop: RecordingRuleName;
}

/** Per-interface network rules without loopback and PVE's per-guest bridge plumbing. */
export function netRecordings(
  job: string,
  r: NetRecords,
  usedBy: {
    bytes: string[];
    drops: string[];
  },
): RecordingRule[] {
  const dev = `device!~"${NETDEV_EXCLUDED}"`;
  return [
    recordingRule({
      record: r.rxBytes,
      expr: rate(N.netReceiveBytes, job, dev),
      usedBy: usedBy.bytes,
    }),
    recordingRule({
      record: r.txBytes,
      expr: rate(N.netTransmitBytes, job, dev),
      usedBy: usedBy.bytes,
    }),
    recordingRule({
      record: r.rxDrop,
      expr: rate(N.netReceiveDrop, job, dev),
      usedBy: usedBy.drops,
    }),
    recordingRule({
      record: r.txDrop,
      expr: rate(N.netTransmitDrop, job, dev),
      usedBy: usedBy.drops,
    }),
  ];
}

/** In-guest view of Linux VMs and containers (node_exporter; SD target labels carry vm_id…). */
export function linuxGuestRecordings(s: Selectors): RecordingRule[] {
  const j = s.guestLinux;
  const fs = `fstype!~"${NODE_FS_TYPES_EXCLUDED}"`;
  return [
    recordingRule({
      record: R.guestCpuLinux,
      expr: cpuUtilisation(j),
      usedBy: ['GuestCpuSaturation', PAGE.compare, PAGE.vm],
    }),
    recordingRule({
      record: R.guestCpuStealLinux,
      expr: `avg without (cpu, mode) (${rate(N.cpuSeconds, j, 'mode="steal"')})`,
      usedBy: ['HostCpuStealHigh', PAGE.host, PAGE.vm],
    }),
    recordingRule({
      record: R.guestMemoryLinux,
      expr: memoryUtilisation(j),
      usedBy: [PAGE.compare, PAGE.vm],
    }),
    recordingRule({
      record: R.guestSwapLinux,
      expr: swapActivity(j),
      usedBy: ['MemorySwapActive', PAGE.vm],
    }),
    ...diskRecordings(
      j,
      {
        reads: R.guestDiskReadsLinux,
        writes: R.guestDiskWritesLinux,
        readLatency: R.guestDiskReadLatencyLinux,
        writeLatency: R.guestDiskWriteLatencyLinux,
      },
      {
        latency: ['DiskLatencyHigh', PAGE.overview, PAGE.compare, PAGE.vm],
        iops: ['DiskLatencyHigh', PAGE.compare, PAGE.vm],
      },
    ),
    recordingRule({
      record: R.guestDiskReadBytesLinux,
      expr: rate(N.diskReadBytes, j),
      usedBy: [PAGE.vm],
    }),
    recordingRule({
      record: R.guestDiskWrittenBytesLinux,
      expr: rate(N.diskWrittenBytes, j),
      usedBy: [PAGE.vm],
    }),
    ...netRecordings(
      j,
      {
        rxBytes: R.guestNetReceiveBytesLinux,
        txBytes: R.guestNetTransmitBytesLinux,
        rxDrop: R.guestNetReceiveDropLinux,
        txDrop: R.guestNetTransmitDropLinux,
      },
      { bytes: [PAGE.vm], drops: ['NetworkPacketDrops', PAGE.vm] },
    ),
    recordingRule({
      record: R.guestFilesystemAvailLinux,
      expr: `${sel(N.fsAvail, j, fs)} / (${sel(N.fsSize, j, fs)} > 0)`,
      usedBy: ['GuestFilesystemAlmostFull', PAGE.vm],
    }),
  ];
}

/** Proxmox VE hosts (node_exporter on each node; the `nodes` SD role labels them `node`). */
export function nodeRecordings(s: Selectors): RecordingRule[] {
  const j = s.node;
  return [
    recordingRule({
      record: R.nodeCpu,
      expr: cpuUtilisation(j),
      usedBy: [PAGE.overview, PAGE.host],
    }),
    recordingRule({
      record: R.nodeCpuGuestShare,
      // Share of the host's CPU capacity spent running guests (node_cpu_guest_seconds_total).
      expr: `sum without (cpu, mode) (${rate(N.cpuGuestSeconds, j)})
/ count without (cpu, mode) (${sel(N.cpuSeconds, j, 'mode="idle"')})`,
      usedBy: [PAGE.host],
    }),
    recordingRule({
      record: R.nodeMemory,
      expr: memoryUtilisation(j),
      usedBy: [PAGE.overview, PAGE.host],
    }),
    recordingRule({
      record: R.nodeSwap,
      expr: swapActivity(j),
      usedBy: ['MemorySwapActive', PAGE.host],
    }),
    recordingRule({
      record: R.nodePressureCpu,
      expr: rate(N.pressureCpuWaiting, j),
      usedBy: ['HostCpuPressureHigh', PAGE.host],
    }),
    recordingRule({
      record: R.nodePressureMemory,
      expr: rate(N.pressureMemoryWaiting, j),
      usedBy: [PAGE.host],
    }),
    recordingRule({
      record: R.nodePressureIo,
      expr: rate(N.pressureIoWaiting, j),
      usedBy: [PAGE.host],
    }),
    ...diskRecordings(
      j,
      {
        reads: R.nodeDiskReads,
        writes: R.nodeDiskWrites,
        readLatency: R.nodeDiskReadLatency,
        writeLatency: R.nodeDiskWriteLatency,
      },
      { latency: [PAGE.host], iops: [PAGE.host] },
    ),
    ...netRecordings(
      j,
      {
        rxBytes: R.nodeNetReceiveBytes,
        txBytes: R.nodeNetTransmitBytes,
        rxDrop: R.nodeNetReceiveDrop,
        txDrop: R.nodeNetTransmitDrop,
      },
      { bytes: [PAGE.overview, PAGE.host], drops: ['NetworkPacketDrops', PAGE.host] },
    ),
  ];
}
