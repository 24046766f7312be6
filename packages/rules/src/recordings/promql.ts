import { RATE_WINDOW } from './names.js';

/** `metric{matchers}` — matchers joined with commas, empty ones dropped. */
export function sel(metric: string, ...matchers: string[]): string {
  const m = matchers.filter((x) => x.length > 0).join(', ');
  return m ? `${metric}{${m}}` : metric;
}

/** `rate(metric{…}[5m])` with pvemon's one rate window. */
export function rate(metric: string, ...matchers: string[]): string {
  return `rate(${sel(metric, ...matchers)}[${RATE_WINDOW}])`;
}

/** Join that copies the guest's identity from `guest:pve_guest_info:relabel` (same scrape). */
export const GUEST_JOIN = 'on (job, instance, id) group_left (vm_id, vm_name, node, guest_type)';
