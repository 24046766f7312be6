import type { Selectors } from '../config.js';
import { recordingRule, type RecordingRule } from '../dsl/rule.js';
import { WINDOWS_VOLUMES_EXCLUDED, windowsExporter as W } from '../metrics/windows-exporter.js';
import { recordingRules as R } from './names.js';
import { PAGE } from './pages.js';
import { rate, sel } from './promql.js';

/** In-guest view of Windows VMs (windows_exporter v0.31 default collectors). */
export function windowsGuestRecordings(s: Selectors): RecordingRule[] {
  const j = s.guestWindows;
  const vol = `volume!~"${WINDOWS_VOLUMES_EXCLUDED}"`;
  // PDH raw counters: latency = rate(latency seconds) / rate(operations).
  const latency = (time: string, ops: string): string =>
    `${rate(time, j, vol)} / (${rate(ops, j, vol)} > 0)`;
  const diskUse = ['DiskLatencyHigh', PAGE.overview, PAGE.compare, PAGE.vm];
  return [
    recordingRule({
      record: R.guestCpuWindows,
      expr: `1 - avg without (core, mode) (${rate(W.cpuTime, j, 'mode="idle"')})`,
      usedBy: ['GuestCpuSaturation', PAGE.compare, PAGE.vm],
    }),
    recordingRule({
      record: R.guestMemoryWindows,
      expr: `1 - ${sel(W.memAvailable, j)} / (${sel(W.memPhysicalTotal, j)} > 0)`,
      usedBy: ['MemorySwapActive', PAGE.compare, PAGE.vm],
    }),
    recordingRule({
      record: R.guestPagingWindows,
      expr: `${rate(W.swapPagesRead, j)} + ${rate(W.swapPagesWritten, j)}`,
      usedBy: ['MemorySwapActive', PAGE.vm],
    }),
    recordingRule({
      record: R.guestDiskReadsWindows,
      expr: rate(W.diskReads, j, vol),
      usedBy: diskUse,
    }),
    recordingRule({
      record: R.guestDiskWritesWindows,
      expr: rate(W.diskWrites, j, vol),
      usedBy: diskUse,
    }),
    recordingRule({
      record: R.guestDiskReadLatencyWindows,
      expr: latency(W.diskReadLatency, W.diskReads),
      usedBy: diskUse,
    }),
    recordingRule({
      record: R.guestDiskWriteLatencyWindows,
      expr: latency(W.diskWriteLatency, W.diskWrites),
      usedBy: diskUse,
    }),
    recordingRule({
      record: R.guestDiskReadBytesWindows,
      expr: rate(W.diskReadBytes, j, vol),
      usedBy: [PAGE.vm],
    }),
    recordingRule({
      record: R.guestDiskWriteBytesWindows,
      expr: rate(W.diskWriteBytes, j, vol),
      usedBy: [PAGE.vm],
    }),
    recordingRule({
      record: R.guestNetReceiveBytesWindows,
      expr: rate(W.netBytesReceived, j),
      usedBy: [PAGE.vm],
    }),
    recordingRule({
      record: R.guestNetSentBytesWindows,
      expr: rate(W.netBytesSent, j),
      usedBy: [PAGE.vm],
    }),
    recordingRule({
      record: R.guestNetReceiveDiscardedWindows,
      expr: rate(W.netReceivedDiscarded, j),
      usedBy: ['NetworkPacketDrops', PAGE.vm],
    }),
    recordingRule({
      record: R.guestNetOutboundDiscardedWindows,
      expr: rate(W.netOutboundDiscarded, j),
      usedBy: ['NetworkPacketDrops', PAGE.vm],
    }),
    recordingRule({
      record: R.guestVolumeFreeWindows,
      expr: `${sel(W.diskFree, j, vol)} / (${sel(W.diskSize, j, vol)} > 0)`,
      usedBy: ['GuestFilesystemAlmostFull', PAGE.vm],
    }),
  ];
}
