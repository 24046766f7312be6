// Validate-and-normalise functions for raw PVE `data` payloads: what the client uses for every
// response, exported so callers with bodies from elsewhere (recordings, another HTTP stack) get
// the same clean types. Invalid input throws ProxmoxInvalidResponseError naming the field.
import { normaliseClusterStatus } from './normalise/cluster-status.js';
import { normaliseLxcConfig, normaliseQemuConfig } from './normalise/config.js';
import { normaliseAgentInterfaces, normaliseLxcInterfaces } from './normalise/interfaces.js';
import { normalisePermissions } from './normalise/permissions.js';
import {
  normaliseClusterResource,
  normaliseGuest,
  normaliseNodeListItem,
} from './normalise/resources.js';
import { normaliseVersion } from './normalise/version.js';
import { ProxmoxGuestAgentError } from './errors.js';
import {
  agentInterfacesSchema,
  clusterResourcesSchema,
  clusterStatusSchema,
  guestConfigSchema,
  guestListSchema,
  lxcInterfacesSchema,
  nodeListSchema,
  permissionsSchema,
  versionSchema,
} from './schemas.js';
import type {
  ClusterResource,
  ClusterStatus,
  Guest,
  GuestInterface,
  GuestType,
  LxcConfig,
  Node,
  Permissions,
  ProxmoxVersion,
  QemuConfig,
} from './types.js';
import { validate, type ValidationContext } from './validate.js';

/** Where a payload came from, for error messages (defaults describe a local parse). */
export type ParseContext = Partial<ValidationContext>;

function ctx(context: ParseContext | undefined, path: string): ValidationContext {
  return { method: 'GET', path, endpoint: '(local)', ...context };
}

/** `/version` data → ProxmoxVersion */
export function parseVersion(data: unknown, context?: ParseContext): ProxmoxVersion {
  return normaliseVersion(validate(versionSchema, data, ctx(context, '/version')));
}

/** `/cluster/status` data → ClusterStatus */
export function parseClusterStatus(data: unknown, context?: ParseContext): ClusterStatus {
  return normaliseClusterStatus(
    validate(clusterStatusSchema, data, ctx(context, '/cluster/status')),
  );
}

/** `/cluster/resources` data → ClusterResource[] */
export function parseClusterResources(data: unknown, context?: ParseContext): ClusterResource[] {
  return validate(clusterResourcesSchema, data, ctx(context, '/cluster/resources')).map(
    normaliseClusterResource,
  );
}

/** `/nodes` data → Node[] (sorted by name) */
export function parseNodeList(data: unknown, context?: ParseContext): Node[] {
  return validate(nodeListSchema, data, ctx(context, '/nodes'))
    .map(normaliseNodeListItem)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** `/nodes/{node}/qemu` or `/nodes/{node}/lxc` data → Guest[] */
export function parseGuestList(
  type: GuestType,
  node: string,
  data: unknown,
  context?: ParseContext,
): Guest[] {
  return validate(guestListSchema, data, ctx(context, `/nodes/${node}/${type}`)).map((row) =>
    normaliseGuest(row, type, node),
  );
}

/** `/nodes/{node}/qemu/{vmid}/config` data → QemuConfig */
export function parseQemuConfig(
  node: string,
  vmid: number,
  data: unknown,
  context?: ParseContext,
): QemuConfig {
  const raw = validate(guestConfigSchema, data, ctx(context, `/nodes/${node}/qemu/${vmid}/config`));
  return normaliseQemuConfig(node, vmid, raw);
}

/** `/nodes/{node}/lxc/{vmid}/config` data → LxcConfig */
export function parseLxcConfig(
  node: string,
  vmid: number,
  data: unknown,
  context?: ParseContext,
): LxcConfig {
  const raw = validate(guestConfigSchema, data, ctx(context, `/nodes/${node}/lxc/${vmid}/config`));
  return normaliseLxcConfig(node, vmid, raw);
}

/**
 * `/nodes/{node}/qemu/{vmid}/agent/network-get-interfaces` data → GuestInterface[].
 * An agent error object in place of the list (old PVE, HTTP 200) throws ProxmoxGuestAgentError
 * with reason `agent-error`.
 */
export function parseAgentInterfaces(
  node: string,
  vmid: number,
  data: unknown,
  context?: ParseContext,
): GuestInterface[] {
  const c = ctx(context, `/nodes/${node}/qemu/${vmid}/agent/network-get-interfaces`);
  const parsed = validate(agentInterfacesSchema, data, c);
  if (!Array.isArray(parsed.result)) {
    const agentError = parsed.result.error;
    const cls = agentError.class ?? 'GenericError';
    throw new ProxmoxGuestAgentError(
      'agent-error',
      `Guest agent of VM ${vmid} on ${node} returned an error: ${cls}: ${agentError.desc ?? 'no description'} (${c.method} ${c.path} via ${c.endpoint})`,
      { status: 200, path: c.path, endpoint: c.endpoint, node, agentErrorClass: cls },
    );
  }
  return normaliseAgentInterfaces(parsed.result);
}

/** `/nodes/{node}/lxc/{vmid}/interfaces` data (array, or null when stopped) → GuestInterface[] */
export function parseLxcInterfaces(
  node: string,
  vmid: number,
  data: unknown,
  context?: ParseContext,
): GuestInterface[] {
  const path = `/nodes/${node}/lxc/${vmid}/interfaces`;
  return normaliseLxcInterfaces(validate(lxcInterfacesSchema, data, ctx(context, path)));
}

/** `/access/permissions` data → Permissions */
export function parsePermissions(data: unknown, context?: ParseContext): Permissions {
  return normalisePermissions(
    validate(permissionsSchema, data, ctx(context, '/access/permissions')),
  );
}
