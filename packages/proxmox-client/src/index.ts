// @pvemon/proxmox-client — public API.
export type * from './types.js';
export * from './errors.js';
export { ProxmoxClient, createProxmoxClient } from './client.js';
export { MemoryGuestCache, guestKeyString } from './cache.js';
export { configFingerprint, type InventorySource } from './inventory.js';
export { formatFingerprint, normaliseFingerprint, resolveEndpoint } from './options.js';
export {
  defaultGuestName,
  normaliseMac,
  osFamilyFromOstype,
  parseMemoryMiB,
  parseTags,
  parseVmid,
  toBoolean,
} from './normalise/primitives.js';
export { parsePropertyString } from './normalise/property-string.js';
export { parseIpAssignment } from './normalise/ip-assignment.js';
export { parseNetDevice } from './normalise/net.js';
export { parseIpConfig } from './normalise/ipconfig.js';
export { parseHostPci } from './normalise/hostpci.js';
export { parseAgent } from './normalise/agent.js';
export { parseSmbios1 } from './normalise/smbios1.js';
export { mdevUuid, parseMdevUuid } from './normalise/mdev.js';
export { normaliseLxcConfig, normaliseQemuConfig } from './normalise/config.js';
export {
  normaliseClusterResource,
  normaliseGuest,
  normaliseNodeListItem,
  normaliseNodeResource,
} from './normalise/resources.js';
export { normaliseClusterStatus } from './normalise/cluster-status.js';
export {
  makeGuestAddress,
  normaliseAgentInterfaces,
  normaliseLxcInterfaces,
} from './normalise/interfaces.js';
export { hasPrivilege, normalisePermissions } from './normalise/permissions.js';
export { normaliseVersion } from './normalise/version.js';
export { guestAgentReason, parsePermissionMessage } from './response-errors.js';
export * as schemas from './schemas.js';
