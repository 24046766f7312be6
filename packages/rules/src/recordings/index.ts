import type { RulesConfig } from '../config.js';
import { selectors, withRateWindow } from '../config.js';
import type { RecordingRule, RuleGroup } from '../dsl/rule.js';
import { gpuRecordings } from './gpu.js';
import { hostViewRecordings } from './host-view.js';
import { inventoryRecordings } from './inventory.js';
import { linuxGuestRecordings, nodeRecordings } from './linux.js';
import { windowsGuestRecordings } from './windows.js';

/** Recording groups in dependency order: host-view rules read `guest:pve_guest_info:relabel`. */
export function recordingGroups(config: RulesConfig): RuleGroup<RecordingRule>[] {
  const s = selectors(config);
  const interval = config.evaluationInterval;
  const group = (name: string, rules: RecordingRule[]): RuleGroup<RecordingRule> => ({
    name,
    ...(interval && { interval }),
    rules: rules.map((r) => ({ ...r, expr: withRateWindow(r.expr, config) })),
  });
  return [
    // One group so the info relabel is evaluated before the joins that read it, every cycle.
    group('pvemon.recording.proxmox', [...inventoryRecordings(s), ...hostViewRecordings(s)]),
    group('pvemon.recording.guest-linux', linuxGuestRecordings(s)),
    group('pvemon.recording.guest-windows', windowsGuestRecordings(s)),
    group('pvemon.recording.pve-nodes', nodeRecordings(s)),
    group('pvemon.recording.gpu', gpuRecordings(s)),
  ];
}
