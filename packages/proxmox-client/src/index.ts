// @pvemon/proxmox-client — public API. Stability rule: add exports, never rename them.
export type * from './types.js';
export * from './errors.js';
export { ProxmoxClient, createProxmoxClient } from './client.js';
export { MemoryGuestCache, guestKeyString } from './cache.js';
export { configFingerprint, type InventorySource } from './inventory.js';
export { formatFingerprint, normaliseFingerprint } from './options.js';

// Validate + normalise raw `data` payloads (what the client does for every response).
export {
  parseAgentInterfaces,
  parseClusterResources,
  parseClusterStatus,
  parseGuestList,
  parseLxcConfig,
  parseLxcInterfaces,
  parseNodeList,
  parsePermissions,
  parseQemuConfig,
  parseVersion,
  type ParseContext,
} from './parse.js';

// Pure normalisers for PVE's wire quirks.
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
export { makeGuestAddress } from './normalise/interfaces.js';
export { hasPrivilege } from './normalise/permissions.js';
export { guestAgentReason, parsePermissionMessage } from './response-errors.js';
