// Scenarios: named faults scoped to one guest or one node, switched on and off at run time.
// Each drives exactly the series its alert in packages/rules watches (see README "Scenarios").
import { SimulatorError } from '../model/cluster.js';
import type { ClusterModel } from '../model/cluster.js';

export const SCENARIO_NAMES = [
  'cpu-saturation',
  'steal',
  'disk-latency',
  'swapping',
  'packet-drops',
  'gpu-saturation',
  'node-down',
  'exporter-down',
  'guest-stopped',
  'guest-migrated',
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export type ScenarioScope = { kind: 'guest'; vmid: number } | { kind: 'node'; node: string };

export interface ActiveScenario {
  /** `<name>:<scope>`, e.g. `cpu-saturation:vm101` or `steal:pve1`. */
  id: string;
  name: ScenarioName;
  scope: ScenarioScope;
  /** Epoch seconds it was switched on. */
  since: number;
  /** guest-migrated: the node the guest came from (it returns there when cleared). */
  from?: string;
}

const SCOPES: Record<ScenarioName, readonly ('guest' | 'node')[]> = {
  'cpu-saturation': ['guest', 'node'],
  steal: ['guest', 'node'],
  'disk-latency': ['guest', 'node'],
  swapping: ['guest', 'node'],
  'packet-drops': ['guest', 'node'],
  'gpu-saturation': ['guest', 'node'],
  'node-down': ['node'],
  'exporter-down': ['guest', 'node'],
  'guest-stopped': ['guest'],
  'guest-migrated': ['guest'],
};

export function scopeText(s: ScenarioScope): string {
  return s.kind === 'guest' ? `vm${s.vmid}` : s.node;
}

/**
 * Parses `name:scope` where scope is `vm101`, `ct101`, `101` (a guest) or a node name (`pve1`).
 * Errors name the part that is wrong and list the valid choices.
 */
export function parseScenario(
  text: string,
  model: ClusterModel,
): { name: ScenarioName; scope: ScenarioScope } {
  const at = text.indexOf(':');
  const name = (at < 0 ? text : text.slice(0, at)).trim();
  const scopeRaw = at < 0 ? '' : text.slice(at + 1).trim();
  if (!(SCENARIO_NAMES as readonly string[]).includes(name)) {
    throw new SimulatorError(
      `unknown scenario "${name}" (scenarios: ${SCENARIO_NAMES.join(', ')})`,
    );
  }
  const n = name as ScenarioName;
  if (!scopeRaw) {
    throw new SimulatorError(
      `scenario "${n}" needs a scope: "${n}:vm<vmid>" or "${n}:<node>" (allowed: ${SCOPES[n].join(' or ')})`,
    );
  }
  const m = /^(?:vm|ct)?(\d+)$/i.exec(scopeRaw);
  let scope: ScenarioScope;
  if (m) {
    const vmid = Number(m[1]);
    model.requireGuest(vmid);
    scope = { kind: 'guest', vmid };
  } else {
    model.requireNode(scopeRaw);
    scope = { kind: 'node', node: scopeRaw };
  }
  if (!SCOPES[n].includes(scope.kind)) {
    throw new SimulatorError(
      `scenario "${n}" cannot be scoped to a ${scope.kind} ("${scopeRaw}"); use a ${SCOPES[n].join(' or ')}`,
    );
  }
  return { name: n, scope };
}

/** The set of active scenarios; `version`/`changedAt` let the load model re-segment counters. */
export class ScenarioState {
  version = 0;
  changedAt = 0;
  private readonly active = new Map<string, ActiveScenario>();

  list(): ActiveScenario[] {
    return [...this.active.values()];
  }

  get(id: string): ActiveScenario | undefined {
    return this.active.get(id);
  }

  add(s: ActiveScenario): void {
    this.active.set(s.id, s);
    this.bump(s.since);
  }

  remove(id: string, nowSec: number): ActiveScenario | undefined {
    const s = this.active.get(id);
    if (s) {
      this.active.delete(id);
      this.bump(nowSec);
    }
    return s;
  }

  private bump(t: number): void {
    this.version++;
    this.changedAt = t;
  }

  /** Whether `name` applies to a guest, directly or through its node. */
  onGuest(name: ScenarioName, vmid: number, node: string): boolean {
    return this.active.has(`${name}:vm${vmid}`) || this.active.has(`${name}:${node}`);
  }

  onGuestOnly(name: ScenarioName, vmid: number): boolean {
    return this.active.has(`${name}:vm${vmid}`);
  }

  onNode(name: ScenarioName, node: string): boolean {
    return this.active.has(`${name}:${node}`);
  }
}
