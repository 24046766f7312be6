import type { Selectors } from '../config.js';
import { alertSpec, type AlertSpec } from '../dsl/rule.js';
import { NODE_FS_TYPES_EXCLUDED, nodeExporter as N } from '../metrics/node-exporter.js';
import { pveExporter as P, PVE_ID } from '../metrics/pve-exporter.js';
import { WINDOWS_VOLUMES_EXCLUDED, windowsExporter as W } from '../metrics/windows-exporter.js';
import { recordingRules as R } from '../recordings/names.js';
import { GUEST_JOIN, sel } from '../recordings/promql.js';
import { GUEST, PERCENT } from './templates.js';

/** Look-back and horizon of the predictive fill alerts. */
const TREND = '6h';
const HORIZON_SECONDS = 24 * 3600;

/**
 * A shared storage (Ceph, NFS, iSCSI…) is listed once per node with the same usage; alert on it
 * once, without `node` (it is not a node's problem, and a node going down must not inhibit it).
 */
function oncePerSharedStorage(expr: string, pveJob: string): string {
  const shared = `${sel(P.storageShared, pveJob, `id=~"${PVE_ID.storage}"`)} == 1`;
  const indented = expr.replace(/\n/g, '\n  ');
  return `(
  ${indented}
) unless on (job, instance, id) ${shared}
or
max without (id, node) (
  (
    ${expr.replace(/\n/g, '\n    ')}
  ) and on (job, instance, id) ${shared}
)`;
}

const STORAGE_WHERE =
  'storage {{ $labels.storage }}{{ with $labels.node }} on node {{ . }}{{ end }}';

export function capacityAlerts(s: Selectors): AlertSpec[] {
  const storage = `id=~"${PVE_ID.storage}"`;
  const fs = `fstype!~"${NODE_FS_TYPES_EXCLUDED}"`;
  const vol = `volume!~"${WINDOWS_VOLUMES_EXCLUDED}"`;
  const where = `{{ $labels.mountpoint }}{{ $labels.volume }} of ${GUEST}`;
  return [
    alertSpec({
      alert: 'PveStorageFillingUp',
      expr: oncePerSharedStorage(
        `${R.storageUsage} > 0.8
and on (job, instance, id)
predict_linear(${sel(P.diskUsage, s.pve, storage)}[${TREND}], ${HORIZON_SECONDS}) > ${sel(P.diskSize, s.pve, storage)}`,
        s.pve,
      ),
      for: '1h',
      labels: { severity: 'warning' },
      annotations: {
        summary: `Proxmox ${STORAGE_WHERE} is ${PERCENT} full and filling up`,
        description: `At the rate of the last ${TREND}, ${STORAGE_WHERE} (now ${PERCENT} used) is full within 24 hours. Thin pools and Ceph pools stop guests with I/O errors when full.`,
      },
      watches: 'PVE storage > 80 % and predicted full within 24 h (shared storage alerts once).',
    }),
    alertSpec({
      alert: 'PveStorageAlmostFull',
      expr: oncePerSharedStorage(`${R.storageUsage} > 0.95`, s.pve),
      for: '5m',
      labels: { severity: 'critical' },
      annotations: {
        summary: `Proxmox ${STORAGE_WHERE} is ${PERCENT} full`,
        description: `Proxmox ${STORAGE_WHERE} is ${PERCENT} used. Writes (guest disks, backups, snapshots) fail when it is full.`,
      },
      watches: 'PVE storage > 95 % used (shared storage alerts once, without `node`).',
    }),
    alertSpec({
      alert: 'GuestFilesystemFillingUp',
      expr: `(
  ${R.guestFilesystemAvailLinux} < 0.2
  and predict_linear(${sel(N.fsAvail, s.guestLinux, fs)}[${TREND}], ${HORIZON_SECONDS}) < 0
  and ${sel(N.fsReadonly, s.guestLinux, fs)} == 0
)
or (
  ${R.guestVolumeFreeWindows} < 0.2
  and predict_linear(${sel(W.diskFree, s.guestWindows, vol)}[${TREND}], ${HORIZON_SECONDS}) < 0
)`,
      for: '1h',
      labels: { severity: 'warning' },
      annotations: {
        summary: `Filesystem ${where} has ${PERCENT} free and is filling up`,
        description: `At the rate of the last ${TREND}, ${where} (${PERCENT} free) runs out of space within 24 hours.`,
      },
      watches:
        'Guest filesystem/volume < 20 % free and predicted full within 24 h (Linux, Windows).',
    }),
    alertSpec({
      alert: 'GuestFilesystemAlmostFull',
      expr: `(${R.guestFilesystemAvailLinux} < 0.05 and ${sel(N.fsReadonly, s.guestLinux, fs)} == 0)
or ${R.guestVolumeFreeWindows} < 0.05`,
      for: '15m',
      labels: { severity: 'critical' },
      annotations: {
        summary: `Filesystem ${where} has only ${PERCENT} free`,
        description: `${where} has less than 5% free space for 15 minutes (now ${PERCENT}). Applications and databases fail on a full filesystem.`,
      },
      watches: 'Guest filesystem/volume < 5 % free (Linux, Windows).',
    }),
    alertSpec({
      alert: 'PveReplicationFailed',
      expr: `label_replace(
  label_replace(
    (${sel(P.replicationFailedSyncs, s.pve)} > 0)
    * on (job, instance, id) group_left (guest, source, target)
      ${sel(P.replicationInfo, s.pve)},
    "vm_id", "$1", "guest", "(?:qemu|lxc)/([0-9]+)"
  ),
  "node", "$1", "source", "node/([^/]+)"
)
* on (cluster, vm_id) group_left (vm_name)
  max by (cluster, vm_id, vm_name) (${R.guestPveInfo})`,
      for: '5m',
      labels: { severity: 'warning' },
      annotations: {
        summary: `Replication job {{ $labels.id }} of ${GUEST} is failing`,
        description:
          'Storage replication {{ $labels.id }} from {{ $labels.source }} to {{ $labels.target }} has failed {{ $value }} times in a row. The replica is getting older: a failover would lose more data.',
      },
      watches: 'Storage replication job with failed syncs.',
    }),
    alertSpec({
      alert: 'PveGuestNotBackedUp',
      expr: `(${sel(P.notBackedUpInfo, s.pve, `id=~"${PVE_ID.guest}"`)} == 1)
* ${GUEST_JOIN}
  ${R.guestPveInfo}`,
      for: '1h',
      labels: { severity: 'warning' },
      annotations: {
        summary: `${GUEST.charAt(0).toUpperCase()}${GUEST.slice(1)} is not covered by any backup job`,
        description:
          'No backup job of the cluster includes {{ $labels.guest_type }} {{ $labels.vm_id }} ({{ $labels.vm_name }}). Add it to a job (Datacenter → Backup) or exclude it knowingly.',
      },
      watches: 'Guest not included in any backup job.',
    }),
  ];
}
