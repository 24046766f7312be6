import type { DataTransformerConfig } from '@grafana/data';

/** Column order and headers of the VM config table (source field name → header). */
export const CONFIG_COLUMNS: Array<[string, string]> = [
  ['cluster', 'Cluster'],
  ['node', 'Node'],
  ['vm_id', 'ID'],
  ['vm_name', 'Name'],
  ['guest_type', 'Type'],
  ['os', 'OS'],
  ['ostype', 'OS type'],
  ['Value #status', 'Status'],
  ['vcpus', 'vCPUs'],
  ['memory_gb', 'Memory (GiB)'],
  ['tags', 'Tags'],
  ['pool', 'Pool'],
  ['agent', 'Agent'],
  ['Value #gpus', 'GPU/vGPU devices'],
  ['instance', 'Exporter address'],
  ['Value #exporter', 'In-guest exporter'],
  ['Value #uptime', 'Uptime'],
];

/** Prometheus bookkeeping and raw duplicates that the table hides. */
const HIDDEN = ['Time', '__name__', 'job', 'status', 'template', 'Value #info'];

/**
 * The instant queries (one frame each, all keyed by vm_id) become one row per guest: `merge`
 * joins rows on their common fields, `organize` orders, hides and renames, `sortBy` sorts by name.
 */
export function configTableTransformations(): DataTransformerConfig[] {
  return [
    { id: 'merge', options: {} },
    {
      id: 'organize',
      options: {
        excludeByName: Object.fromEntries(HIDDEN.map((f) => [f, true])),
        indexByName: Object.fromEntries(CONFIG_COLUMNS.map(([f], i) => [f, i])),
        renameByName: Object.fromEntries(CONFIG_COLUMNS),
      },
    },
    { id: 'sortBy', options: { sort: [{ field: 'Name', desc: false }] } },
  ];
}
