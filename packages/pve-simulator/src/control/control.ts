// The programmatic control API (`sim.control`): faults, mutations and request counts.
import { guestMac } from '../model/address-plan.js';
import type { ClusterModel, ConfigPatch, CreateGuestInput } from '../model/cluster.js';
import type { GuestModel } from '../model/types.js';
import type {
  AgentFault,
  BodyFault,
  ErrorFault,
  FaultListing,
  FaultState,
  LatencyFault,
} from './faults.js';
import type { RequestCounter, RequestCounts } from './request-counter.js';
import type { ScenarioControl } from '../load/scenario-control.js';
import type { ExporterEndpoint } from '../exporters/server.js';

/** A read-only snapshot of a guest, as returned by control mutations. */
export interface GuestSummary {
  vmid: number;
  type: 'qemu' | 'lxc';
  node: string;
  name: string | undefined;
  status: 'running' | 'stopped';
  template: boolean;
  ostype: string;
  tags: string | undefined;
  pool: string | undefined;
  /** Loopback address from the address plan. */
  address: string;
  agent: string | undefined;
  ipv6Only: boolean;
  /** `net0` MAC (BC:24:11:…). */
  mac: string;
  /** `smbios1` uuid — what NVIDIA tools report as the VM UUID for vGPUs. */
  smbiosUuid: string;
  /** Raw `hostpci0` (e.g. `0000:81:00.4,mdev=nvidia-63`) when the guest has a vGPU. */
  hostpci0: string | undefined;
}

export function summarise(g: GuestModel): GuestSummary {
  return {
    vmid: g.vmid,
    type: g.type,
    node: g.node,
    name: g.name,
    status: g.status,
    template: g.template,
    ostype: g.ostype,
    tags: g.tags,
    pool: g.pool,
    address: g.address,
    agent: g.agent,
    ipv6Only: g.ipv6Only,
    mac: guestMac(g.vmid),
    smbiosUuid: g.smbiosUuid,
    hostpci0: g.hostpci0,
  };
}

export interface EndpointControl {
  has(node: string): boolean;
  down(node: string): Promise<void>;
  up(node: string): Promise<void>;
  rotate(node: string | undefined): Record<string, string>;
}

export interface SimulatorControl extends ScenarioControl {
  /** Emulated exporter endpoints (empty unless started with `exporters`). */
  exporters(): ExporterEndpoint[];
  /** Adds latency (ms) to matching requests; returns a rule id for removeFault. */
  addLatency(rule: LatencyFault): number;
  /** Answers matching requests with an HTTP error (next N, or with a probability). */
  addError(rule: ErrorFault): number;
  /** Truncates or corrupts matching JSON bodies. */
  addBodyFault(rule: BodyFault): number;
  removeFault(id: number): boolean;
  /** Active rules with their ids and remaining counts, plus agent faults and revoked tokens. */
  listFaults(): FaultListing;
  /** Clears every fault: rules, agent faults and revoked tokens (not node/endpoint state). */
  clearFaults(): void;
  /** Offline: 595 on /nodes/{node}/…, guests `status: unknown`, `online: 0` in /cluster/status. */
  setNodeOnline(node: string, online: boolean): void;
  /** A node crash: offline in the cluster *and* its own endpoint down. */
  crashNode(node: string): Promise<void>;
  /** Undo crashNode: endpoint back up (if it has one), node online. */
  recoverNode(node: string): Promise<void>;
  setAgent(vmid: number, fault: AgentFault): void;
  /** The token answers 401 `no such token …` until restored. */
  revokeToken(tokenId: string): void;
  restoreToken(tokenId: string): void;
  /** The token's `expire` date passes: 401 `token expired` until restored. */
  expireToken(tokenId: string): void;
  /** Issues new leaf certificates (all nodes, or one) without restarting; returns node → fingerprint. */
  rotateCertificate(node?: string): Record<string, string>;
  /** Closes a node's listener (connections refused) / reopens it on the same port. */
  endpointDown(node: string): Promise<void>;
  endpointUp(node: string): Promise<void>;
  setAuthDelay(ms: number): void;
  createGuest(input?: CreateGuestInput): GuestSummary;
  startGuest(vmid: number): GuestSummary;
  stopGuest(vmid: number): GuestSummary;
  migrateGuest(vmid: number, node: string): GuestSummary;
  setTags(vmid: number, tags: string | readonly string[] | undefined): GuestSummary;
  setConfig(vmid: number, patch: ConfigPatch): GuestSummary;
  deleteGuest(vmid: number): void;
  guest(vmid: number): GuestSummary | undefined;
  guests(): GuestSummary[];
  requestCounts(): RequestCounts;
  resetCounts(): void;
}

export interface ControlDeps {
  model: ClusterModel;
  faults: FaultState;
  counter: RequestCounter;
  endpoints: EndpointControl;
  knownTokenIds: () => string[];
  setAuthDelay: (ms: number) => void;
  scenarios: ScenarioControl;
  exporters: () => ExporterEndpoint[];
}

export function createControl(d: ControlDeps): SimulatorControl {
  const requireToken = (id: string): void => {
    if (!d.knownTokenIds().includes(id)) {
      throw new Error(`unknown token "${id}" (known: ${d.knownTokenIds().join(', ')})`);
    }
  };
  return {
    addLatency: (rule) => d.faults.addLatency(rule),
    addError: (rule) => d.faults.addError(rule),
    addBodyFault: (rule) => d.faults.addBodyFault(rule),
    removeFault: (id) => d.faults.remove(id),
    listFaults: () => d.faults.list(),
    clearFaults: () => d.faults.clear(),
    setNodeOnline: (node, online) => void d.model.setNodeOnline(node, online),
    crashNode: async (node) => {
      d.model.setNodeOnline(node, false);
      if (d.endpoints.has(node)) await d.endpoints.down(node);
    },
    recoverNode: async (node) => {
      if (d.endpoints.has(node)) await d.endpoints.up(node);
      d.model.setNodeOnline(node, true);
    },
    setAgent: (vmid, fault) => {
      const g = d.model.requireGuest(vmid);
      if (g.type !== 'qemu')
        throw new Error(`guest ${vmid} is an LXC container and has no QEMU agent`);
      if (fault.state === 'ok') d.faults.agents.delete(vmid);
      else d.faults.agents.set(vmid, fault);
    },
    revokeToken: (id) => {
      requireToken(id);
      d.faults.revokedTokens.add(id);
    },
    restoreToken: (id) => {
      d.faults.revokedTokens.delete(id);
      d.faults.expiredTokens.delete(id);
    },
    expireToken: (id) => {
      requireToken(id);
      d.faults.expiredTokens.add(id);
    },
    rotateCertificate: (node) => d.endpoints.rotate(node),
    endpointDown: (node) => d.endpoints.down(node),
    endpointUp: (node) => d.endpoints.up(node),
    setAuthDelay: (ms) => d.setAuthDelay(ms),
    createGuest: (input) => summarise(d.model.createGuest(input)),
    startGuest: (vmid) => summarise(d.model.startGuest(vmid)),
    stopGuest: (vmid) => summarise(d.model.stopGuest(vmid)),
    migrateGuest: (vmid, node) => summarise(d.model.migrateGuest(vmid, node)),
    setTags: (vmid, tags) => summarise(d.model.setTags(vmid, tags)),
    setConfig: (vmid, patch) => summarise(d.model.setConfig(vmid, patch)),
    deleteGuest: (vmid) => d.model.deleteGuest(vmid),
    guest: (vmid) => {
      const g = d.model.guest(vmid);
      return g ? summarise(g) : undefined;
    },
    guests: () => d.model.guests().map(summarise),
    startScenario: (spec) => d.scenarios.startScenario(spec),
    stopScenario: (id) => d.scenarios.stopScenario(id),
    scenarios: () => d.scenarios.scenarios(),
    clearScenarios: () => d.scenarios.clearScenarios(),
    exporters: () => d.exporters(),
    requestCounts: () => d.counter.snapshot(),
    resetCounts: () => d.counter.reset(),
  };
}
