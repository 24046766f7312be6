import type { Selectors } from '../config.js';
import { recordingRule, type RecordingRule } from '../dsl/rule.js';
import { pveExporter, PVE_ID } from '../metrics/pve-exporter.js';
import { recordingRules as R } from './names.js';
import { PAGE } from './pages.js';
import { GUEST_JOIN, rate, sel } from './promql.js';

/** Guests as the Proxmox host sees them (pve-exporter): works without any agent in the guest. */
export function hostViewRecordings(s: Selectors): RecordingRule[] {
  const guest = `id=~"${PVE_ID.guest}"`;
  const storage = `id=~"${PVE_ID.storage}"`;
  const joined = (expr: string): string => `${expr}\n* ${GUEST_JOIN}\n  ${R.guestPveInfo}`;
  const rateRule = (record: (typeof R)[keyof typeof R], metric: string, usedBy: string[]) =>
    recordingRule({ record, expr: joined(rate(metric, s.pve, guest)), usedBy });
  return [
    recordingRule({
      record: R.guestUp,
      expr: joined(sel(pveExporter.up, s.pve, guest)),
      usedBy: ['PveGuestDown', PAGE.overview],
    }),
    recordingRule({
      record: R.guestCpuHost,
      expr: joined(sel(pveExporter.cpuUsageRatio, s.pve, guest)),
      usedBy: ['GuestCpuSaturation', PAGE.overview, PAGE.host, PAGE.compare, PAGE.vm],
    }),
    recordingRule({
      record: R.guestMemoryHost,
      expr: joined(
        `(${sel(pveExporter.memoryUsage, s.pve, guest)} / (${sel(pveExporter.memorySize, s.pve, guest)} > 0))`,
      ),
      usedBy: [PAGE.overview, PAGE.host, PAGE.compare, PAGE.vm],
    }),
    rateRule(R.guestDiskReadBytesHost, pveExporter.diskReadBytes, [
      PAGE.host,
      PAGE.compare,
      PAGE.vm,
    ]),
    rateRule(R.guestDiskWrittenBytesHost, pveExporter.diskWrittenBytes, [
      PAGE.host,
      PAGE.compare,
      PAGE.vm,
    ]),
    rateRule(R.guestNetReceiveBytesHost, pveExporter.netReceiveBytes, [
      PAGE.overview,
      PAGE.host,
      PAGE.compare,
      PAGE.vm,
    ]),
    rateRule(R.guestNetTransmitBytesHost, pveExporter.netTransmitBytes, [
      PAGE.overview,
      PAGE.host,
      PAGE.compare,
      PAGE.vm,
    ]),
    recordingRule({
      record: R.storageUsage,
      // id="storage/<node>/<storage>" → node and storage labels for routing and inhibition.
      expr: `label_replace(
  label_replace(
    ${sel(pveExporter.diskUsage, s.pve, storage)} / (${sel(pveExporter.diskSize, s.pve, storage)} > 0),
    "node", "$1", "id", "storage/([^/]+)/[^/]+"
  ),
  "storage", "$1", "id", "storage/[^/]+/([^/]+)"
)`,
      usedBy: ['PveStorageFillingUp', 'PveStorageAlmostFull', PAGE.overview, PAGE.host],
    }),
  ];
}
