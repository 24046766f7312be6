// @pvemon/sd-server — Prometheus HTTP service discovery for Proxmox VE.
export { build, type BuildOptions } from './app.js';
export { ConfigError, loadConfig, resolveConfig, configFromEnv } from './config/load.js';
export type { ResolvedConfig, ResolvedCluster } from './config/load.js';
export type {
  SdConfig,
  SdConfigInput,
  ClusterConfig,
  ClusterConfigInput,
} from './config/schema.js';
export { DiscoveryService, type ClusterHealthReport } from './discovery/service.js';
export { ClusterDiscovery, type InventoryClient } from './discovery/engine.js';
export { guestLabels, tagsLabel, memoryGb, sanitizeLabelName } from './discovery/labels.js';
export { formatTarget, pickInterfaceAddress, isUsableAddress } from './discovery/address.js';
export { portFromTags, addressFromDescription, PORT_TAG_PREFIX } from './discovery/overrides.js';
export { ROLES, type Role, type TargetGroup } from './discovery/targets.js';
export { checkFeatures, type FeatureCheck } from './doctor/privileges.js';
