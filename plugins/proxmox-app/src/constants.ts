import pluginJson from './plugin.json';

export const PLUGIN_ID = pluginJson.id;
export const PLUGIN_BASE_URL = `/a/${PLUGIN_ID}`;

/** Route slugs under PLUGIN_BASE_URL; drill-down routes take the node name or vm_id. */
export const ROUTES = {
  overview: 'overview',
  hosts: 'hosts',
  compare: 'compare',
  /** The VM config table; `/vms/:vmId` drills down to one guest. */
  vms: 'vms',
} as const;

/** Scene variable names; they appear in URLs as `var-<name>` and must stay stable. */
export const VAR = {
  ds: 'ds',
  cluster: 'cluster',
  node: 'node',
  guest: 'vm',
  vcpus: 'vcpus',
  memoryGb: 'memory_gb',
  tag: 'tag',
} as const;

/** Every panel queries the datasource chosen in the `ds` variable. */
export const DS_REF = { type: 'prometheus', uid: `\${${VAR.ds}}` } as const;
