// Switches scenarios on and off. Pure-metric scenarios only change the load model; node-down,
// guest-stopped and guest-migrated also change the cluster (like the real event would), and
// every switch re-binds the exporter listeners before it returns, so a caller can scrape at once.
import { SimulatorError } from '../model/cluster.js';
import type { ClusterModel } from '../model/cluster.js';
import { parseScenario, scopeText } from './scenarios.js';
import type { ActiveScenario, ScenarioState } from './scenarios.js';

export interface ScenarioControl {
  /** `name:scope`, e.g. `cpu-saturation:vm101`, `steal:pve1`. Idempotent. */
  startScenario(spec: string): Promise<ActiveScenario>;
  /** By id (`cpu-saturation:vm101`); false when it was not active. */
  stopScenario(id: string): Promise<boolean>;
  scenarios(): ActiveScenario[];
  clearScenarios(): Promise<void>;
}

export interface ScenarioDeps {
  model: ClusterModel;
  state: ScenarioState;
  nowSec: () => number;
  /** Re-binds exporter listeners (no-op without exporters). */
  reconcile: () => Promise<void>;
}

export function createScenarioControl(d: ScenarioDeps): ScenarioControl {
  const start = async (spec: string): Promise<ActiveScenario> => {
    const { name, scope } = parseScenario(spec, d.model);
    const id = `${name}:${scopeText(scope)}`;
    const existing = d.state.get(id);
    if (existing) return existing;
    const s: ActiveScenario = { id, name, scope, since: d.nowSec() };
    if (scope.kind === 'guest') {
      const g = d.model.requireGuest(scope.vmid);
      if (name === 'gpu-saturation' && !(g.type === 'qemu' && g.hostpci0?.includes('mdev='))) {
        throw new SimulatorError(
          `scenario "${id}": guest ${g.vmid} has no vGPU (hostpci0 with mdev=); pick a guest with one or a GPU node`,
        );
      }
      if (name === 'guest-stopped') d.model.stopGuest(g.vmid);
      if (name === 'guest-migrated') {
        const others = d.model.nodes.filter((n) => n.name !== g.node);
        const target = others.find((n) => n.online) ?? others[0];
        if (!target) throw new SimulatorError(`scenario "${id}": the cluster has only one node`);
        s.from = g.node;
        d.model.migrateGuest(g.vmid, target.name);
      }
    } else if (name === 'node-down') {
      d.model.setNodeOnline(scope.node, false);
    }
    d.state.add(s);
    await d.reconcile();
    return s;
  };
  const stop = async (id: string): Promise<boolean> => {
    const s = d.state.remove(id, d.nowSec());
    if (!s) return false;
    if (s.scope.kind === 'guest') {
      const g = d.model.guest(s.scope.vmid);
      if (g && s.name === 'guest-stopped' && !g.template) d.model.startGuest(g.vmid);
      if (g && s.name === 'guest-migrated' && s.from) d.model.migrateGuest(g.vmid, s.from);
    } else if (s.name === 'node-down') {
      d.model.setNodeOnline(s.scope.node, true);
    }
    await d.reconcile();
    return true;
  };
  return {
    startScenario: start,
    stopScenario: stop,
    scenarios: () => d.state.list(),
    clearScenarios: async () => {
      for (const s of d.state.list()) await stop(s.id);
    },
  };
}
