/** Input series for promtool: `[series selector, values in expanding notation]`. */
export type Series = readonly [string, string];

export type Labels = Readonly<Record<string, string>>;

export interface ExpectedAlert {
  readonly labels: Labels;
  readonly summary: string;
  readonly description: string;
}

/**
 * The alert is not firing one evaluation before `firesAt` (the `for` boundary) and fires with
 * exactly `expected` at `firesAt`. `alsoAt` adds later checks (e.g. keep_firing_for).
 */
export interface FiringCase {
  readonly alert: string;
  readonly name: string;
  readonly series: readonly Series[];
  readonly firesAt: string;
  readonly notBefore: string;
  readonly expected: readonly ExpectedAlert[];
  readonly alsoAt?: readonly { at: string; expected: readonly ExpectedAlert[] }[];
}

/** The near miss: the alert must not fire at any of `at`. */
export interface QuietCase {
  readonly alert: string;
  readonly name: string;
  readonly series: readonly Series[];
  readonly at: readonly string[];
}

export interface RecordingCase {
  readonly name: string;
  readonly series: readonly Series[];
  readonly at: string;
  readonly expect: readonly {
    record: string;
    samples: readonly { labels: Labels; value: number }[];
  }[];
}

/** `{a="1", b="2"}` */
export function sel(metric: string, ...parts: Labels[]): string {
  const merged = Object.assign({}, ...parts) as Labels;
  const body = Object.entries(merged)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
    .join(', ');
  return `${metric}{${body}}`;
}

// Label sets of the test world (what the stack's scrape jobs put on targets).
export const LINUX_GUEST: Labels = {
  job: 'guests',
  instance: '10.0.0.11:9100',
  cluster: 'lab',
  node: 'pve1',
  vm_id: '101',
  vm_name: 'web1',
  os: 'linux',
};
export const WINDOWS_GUEST: Labels = {
  job: 'guests',
  instance: '10.0.0.12:9182',
  cluster: 'lab',
  node: 'pve2',
  vm_id: '102',
  vm_name: 'win1',
  os: 'windows',
};
export const HOST: Labels = {
  job: 'pve-nodes',
  instance: '10.0.0.1:9100',
  cluster: 'lab',
  node: 'pve1',
};
export const PVE: Labels = { job: 'pve', instance: 'pve-exporter:9221', cluster: 'lab' };
export const GPU: Labels = {
  job: 'nvidia-gpu',
  instance: '10.0.0.2:9835',
  cluster: 'lab',
  node: 'pve2',
};
export const SD: Labels = { job: 'pvemon-sd', instance: '127.0.0.1:9464' };

/** pve_guest_info for a guest of the test world. */
export function pveGuest(vmid: string, name: string, node: string, type = 'qemu'): Series {
  return [
    sel('pve_guest_info', PVE, { id: `${type}/${vmid}`, name, node, type, template: '0' }),
    '1x200',
  ];
}
/** The labels a pve-exporter guest series gets from guest:pve_guest_info:relabel. */
export function pveGuestLabels(vmid: string, name: string, node: string, type = 'qemu'): Labels {
  return { ...PVE, id: `${type}/${vmid}`, vm_id: vmid, vm_name: name, node, guest_type: type };
}
