import { VAR } from '../constants';

/** PromQL label matchers built from scene variables, shared by every query module. */
export const m = {
  cluster: `cluster=~"\${${VAR.cluster}:regex}"`,
  node: `node=~"\${${VAR.node}:regex}"`,
  guests: `vm_id=~"\${${VAR.guest}:regex}"`,
  job: (job: string) => `job="${job}"`,
  /** Exact node, from a route parameter (Host Detail). */
  nodeIs: (node: string) => `node="${escapeLabelValue(node)}"`,
  /** Exact guest, from a route parameter (VM Detail). */
  vmIs: (vmId: string) => `vm_id="${escapeLabelValue(vmId)}"`,
};

/** `metric{a, b}` with empty matchers dropped. */
export function sel(metric: string, ...matchers: string[]): string {
  const list = matchers.filter((x) => x.length > 0).join(', ');
  return list ? `${metric}{${list}}` : metric;
}

/** A route parameter spliced into a label matcher must not close the string. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** In-guest exporters (Linux and Windows may be separate jobs): `job=~"guests"`. */
export function guestJobs(jobs: { guestLinux: string; guestWindows: string }): string {
  const names = [...new Set([jobs.guestLinux, jobs.guestWindows])].map(escapeRegex);
  return `job=~"${names.join('|')}"`;
}

function escapeRegex(value: string): string {
  return escapeLabelValue(value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}
