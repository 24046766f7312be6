import type { Selectors } from '../config.js';
import { recordingRule, type RecordingRule } from '../dsl/rule.js';
import { pveExporter, PVE_ID } from '../metrics/pve-exporter.js';
import { pvemon } from '../metrics/pvemon.js';
import { recordingRules as R } from './names.js';
import { PAGE } from './pages.js';
import { sel } from './promql.js';

export function inventoryRecordings(s: Selectors): RecordingRule[] {
  return [
    recordingRule({
      record: R.guestPveInfo,
      // pve-exporter names guests by `id="qemu/100"`; derive the label contract's vm_id, vm_name
      // and guest_type once here so every host-view rule joins on it. Templates never run.
      expr: `max without (name, type) (
  label_replace(
    label_replace(
      label_replace(
        ${sel(pveExporter.guestInfo, s.pve, `id=~"${PVE_ID.guest}"`, 'template!="1"')},
        "vm_id", "$1", "id", "(?:qemu|lxc)/([0-9]+)"
      ),
      "vm_name", "$1", "name", "(.*)"
    ),
    "guest_type", "$1", "type", "(.*)"
  )
)`,
      usedBy: [
        'every guest:pve_* rule',
        'PveGuestNotBackedUp',
        'PveHaError',
        'PveReplicationFailed',
      ],
    }),
    recordingRule({
      record: R.guestInfo,
      // vCPUs and memory are sample values in the sd-server's metrics; count_values turns them into
      // the `vcpus`/`memory_gb` labels the guest targets carry, so panels filter without joins.
      expr: `max without (instance, job) (${sel(pvemon.guestInfo, s.sd)})
* on (cluster, vm_id) group_left (vcpus)
  clamp_max(count_values without (instance, job) ("vcpus", ${sel(pvemon.guestVcpus, s.sd)}), 1)
* on (cluster, vm_id) group_left (memory_gb)
  clamp_max(count_values without (instance, job) ("memory_gb", ${sel(pvemon.guestMemoryBytes, s.sd)} / 1073741824), 1)`,
      usedBy: [PAGE.configTable, PAGE.compare, PAGE.overview],
    }),
  ];
}
