/** Why a guest has (or lacks) in-guest data, from its inventory status and its exporter target. */
export type InGuestState =
  | { kind: 'ok'; address: string }
  | { kind: 'stopped' }
  | { kind: 'exporter-down'; address: string }
  | { kind: 'no-target' }
  | { kind: 'unknown-guest' };

export interface InGuestFacts {
  /** `status` label of pvemon_guest_info, undefined when the guest is not in the inventory. */
  status?: string;
  /** The guest's exporter targets: address (instance) and `up` value. */
  targets: Array<{ address: string; up: number }>;
}

export function diagnoseInGuest(facts: InGuestFacts): InGuestState {
  if (facts.status === undefined) {
    return { kind: 'unknown-guest' };
  }
  const up = facts.targets.find((t) => t.up === 1);
  if (up) {
    return { kind: 'ok', address: up.address };
  }
  if (facts.status !== 'running') {
    return { kind: 'stopped' };
  }
  const down = facts.targets[0];
  return down ? { kind: 'exporter-down', address: down.address } : { kind: 'no-target' };
}

/** The sentence shown above the in-guest panels. */
export function inGuestMessage(state: InGuestState): {
  severity: 'success' | 'info' | 'warning' | 'error';
  title: string;
  text: string;
} {
  switch (state.kind) {
    case 'ok':
      return { severity: 'success', title: 'In-guest exporter up', text: `Scraping ${state.address}.` };
    case 'stopped':
      return {
        severity: 'info',
        title: 'No in-guest data: the guest is not running',
        text: 'Only the host view is available for a stopped guest.',
      };
    case 'exporter-down':
      return {
        severity: 'error',
        title: 'No in-guest data: the exporter is down',
        text: `Prometheus cannot scrape ${state.address}: check that node_exporter/windows_exporter runs in the guest and the firewall lets Prometheus in.`,
      };
    case 'no-target':
      return {
        severity: 'warning',
        title: 'No in-guest data: no exporter target',
        text: 'The sd-server found no address for this guest (no QEMU guest agent, agent not answering, or no IP in the config), so Prometheus does not scrape an exporter in it. Install and enable the guest agent, or set a static IP.',
      };
    case 'unknown-guest':
      return {
        severity: 'warning',
        title: 'Guest not in the inventory',
        text: 'The sd-server does not list this vm_id: it may have been deleted or belong to another cluster.',
      };
  }
}
