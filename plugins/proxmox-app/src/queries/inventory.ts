import { pvemon, recordingRules as R, type JobNames } from '@pvemon/rules';
import { sdInventoryMetrics } from '@pvemon/metrics-contract';
import { VAR } from '../constants';
import { guestJobs, m, sel } from './matchers';
import { instantQuery, type PanelQuery } from './types';

/**
 * Inventory (sd-server's pvemon_* info metrics): variable queries, guest status, config table.
 * Status codes shared by the status grid's value mappings.
 */
export const GUEST_STATUS = { down: 0, running: 1, stopped: 2, unknown: 3 } as const;
export const NODE_STATUS = { down: 0, online: 1 } as const;

const GUEST_KEY = 'vm_id, vm_name, node';

/** Variable queries (Prometheus `label_values` / `query_result` syntax). */
export function variableQueries(jobs: JobNames) {
  const info = (...matchers: string[]) => sel(pvemon.guestInfo, m.job(jobs.sd), ...matchers);
  const joined = (...matchers: string[]) => sel(R.guestInfo, ...matchers);
  return {
    cluster: `label_values(${info()}, cluster)`,
    node: `label_values(${info(m.cluster)}, node)`,
    /** One option per guest: text = vm_name, value = vm_id (regex below). */
    guest: `query_result(max by (vm_id, vm_name) (${info(m.cluster, m.node)}))`,
    vcpus: `label_values(${joined(m.cluster)}, vcpus)`,
    memoryGb: `label_values(${joined(m.cluster)}, memory_gb)`,
    tag: `label_values(${info(m.cluster)}, tags)`,
    /** Guests narrowed by the Comparison filters (vcpus, memory_gb, tags are labels of the join). */
    filteredGuest: `query_result(max by (vm_id, vm_name) (${joined(m.cluster, m.node, filterMatchers)}))`,
  };
}

/** vCPU, memory and tag filters of the Comparison page as label matchers on the inventory join. */
export const filterMatchers = [
  `vcpus=~"\${${VAR.vcpus}:regex}"`,
  `memory_gb=~"\${${VAR.memoryGb}:regex}"`,
  // tags is `;a;b;` (sd-server): match one whole tag, and guests without tags when All is chosen.
  `tags=~"(.*;)?(\${${VAR.tag}:regex})(;.*)?"`,
].join(', ');

/** Regex turning `{vm_id="100", vm_name="web"} 1 …` into text=web, value=100. */
export const GUEST_OPTION_REGEX = '/vm_id="(?<value>[^"]+)".*vm_name="(?<text>[^"]*)"/';
/** Splits `;a;b;` into one option per tag. */
export const TAG_OPTION_REGEX = '/;([^;]+)/g';

/**
 * Status of every guest: down (Proxmox says not running though inventory says running) first,
 * then running/stopped from the inventory, anything else unknown. `or` keeps the first match.
 */
export function guestStatusExpr(jobs: JobNames, extra: string[] = []): string {
  const info = (...matchers: string[]) =>
    `max by (${GUEST_KEY}) (${sel(pvemon.guestInfo, m.job(jobs.sd), m.cluster, ...extra, ...matchers)})`;
  return [
    // Down: the inventory says running but Proxmox reports it not up (crashed, hung, migrating).
    `((max by (${GUEST_KEY}) (${sel(R.guestUp, ...extra)}) == 0) and ${info('status="running"')}) * 0 + ${GUEST_STATUS.down}`,
    `${info('status="running"')} * 0 + ${GUEST_STATUS.running}`,
    `${info('status="stopped"')} * 0 + ${GUEST_STATUS.stopped}`,
    `${info()} * 0 + ${GUEST_STATUS.unknown}`,
  ].join('\nor\n');
}

export function nodeStatusExpr(jobs: JobNames): string {
  const info = (online: string) =>
    `max by (node) (${sel(sdInventoryMetrics.nodeInfo.name, m.job(jobs.sd), m.cluster, online)})`;
  return `${info('online="1"')} * 0 + ${NODE_STATUS.online}\nor\n${info('online!="1"')} * 0 + ${NODE_STATUS.down}`;
}

/**
 * The VM config table: one instant query per fact, merged into one row per guest by the
 * table's transformations (see pages/ConfigTable/configTableTransformations.ts).
 */
export function configTableQueries(jobs: JobNames, scope: string[]): PanelQuery[] {
  const byGuest = (expr: string) => `max by (vm_id) (${expr})`;
  return [
    // Identity and configuration: labels of the inventory join (value 1).
    instantQuery('info', sel(R.guestInfo, m.cluster, ...scope)),
    instantQuery('status', `max by (vm_id) (${guestStatusExpr(jobs, scope)})`),
    // Passthrough/mediated devices configured in hostpciN.
    instantQuery(
      'gpus',
      `count by (vm_id) (${sel(sdInventoryMetrics.guestGpuInfo.name, m.job(jobs.sd), m.cluster, ...scope)})\nor max by (vm_id) (${sel(pvemon.guestInfo, m.job(jobs.sd), m.cluster, ...scope)}) * 0`
    ),
    // In-guest exporter target: its address (instance) and whether it answers.
    instantQuery('exporter', `max by (vm_id, instance) (${sel('up', guestJobs(jobs), ...scope)})`),
    instantQuery(
      'uptime',
      byGuest(
        `${sel('pve_uptime_seconds', m.job(jobs.pve), 'id=~"(qemu|lxc)/[0-9]+"')}\n* on (job, instance, id) group_left (vm_id) ${sel(R.guestPveInfo, ...scope)}`
      )
    ),
  ];
}
