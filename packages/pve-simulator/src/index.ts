// Public API of @pvemon/pve-simulator. Add exports; never rename published ones.
export { startSimulator } from './simulator.js';
export type { Simulator, SimulatorEndpoint } from './simulator.js';
export type { SimulatorOptions } from './options.js';
export type { SimulatorControl, GuestSummary } from './control/control.js';
export type {
  AgentFault,
  BodyFault,
  ErrorFault,
  FaultListing,
  LatencyFault,
  Listed,
} from './control/faults.js';
export type { PathPattern } from './control/path-matcher.js';
export type { RequestCounts } from './control/request-counter.js';
export type { SimulatorTokens, SimulatorUsers, TokenInfo, UserInfo } from './auth/identities.js';
export type { AclEntry, RoleName } from './auth/privileges.js';
export { resolvePveVersion } from './model/pve-version.js';
export type { PveFlavor } from './model/pve-version.js';
export { ClusterModel, SimulatorError, normaliseTags } from './model/cluster.js';
export type { ConfigPatch, CreateGuestInput } from './model/cluster.js';
export type { GuestModel, NodeModel, StorageModel, GuestType, GuestStatus } from './model/types.js';
export {
  guestAddress,
  guestIpv6,
  guestMac,
  linkLocalFromMac,
  nodeAddress,
  MAX_PLANNED_VMID,
} from './model/address-plan.js';
export { fingerprintOf } from './tls/certificates.js';
export { LoadModel, G as GUEST_COUNTERS, N as NODE_COUNTERS } from './load/load-model.js';
export type { ExporterKind, GuestGauges, NodeGauges } from './load/load-model.js';
export { PERSONALITIES, personalityOf, profileOf } from './load/personality.js';
export type { Personality, LoadProfile } from './load/personality.js';
export { SCENARIO_NAMES, parseScenario } from './load/scenarios.js';
export type { ActiveScenario, ScenarioName, ScenarioScope } from './load/scenarios.js';
export type { ScenarioControl } from './load/scenario-control.js';
export type { ExporterEndpoint, ExporterOptions, NvidiaSmiResult } from './exporters/server.js';
export { STANDARD_PORTS } from './exporters/targets.js';
export type { ExporterType } from './exporters/targets.js';
export { NOT_EMULATED } from './exporters/not-emulated.js';
export { writeNvidiaSmiWrappers } from './nvidia-smi-wrappers.js';
export type { NvidiaSmiWrapper } from './nvidia-smi-wrappers.js';
export { writeQemuServerConfigs } from './qemu-server-configs.js';
export { writeVgpuHosts, VGPU_MANIFEST } from './vgpu-hosts.js';
export type { VgpuHostFiles } from './vgpu-hosts.js';
export { MAX_ADDRESS_OFFSET, pveExporterAddress } from './model/address-plan.js';
