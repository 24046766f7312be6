/**
 * Types the discovery engine works with. Guests, configs and interfaces are
 * `@pvemon/proxmox-client`'s normalised types; this module adds what only SD needs.
 */
export type {
  Guest,
  GuestConfig,
  GuestInterface,
  GuestKey,
  GuestType,
  HostPciDevice,
  InventoryGuest,
  LxcConfig,
  OsFamily,
  QemuConfig,
} from '@pvemon/proxmox-client';

/** A static address written in a guest's config. */
export interface ConfigAddress {
  readonly address: string;
  readonly source: 'lxc-config' | 'cloud-init';
}

/** Where a target address came from; exposed as `__meta_pve_address_source`. */
export type AddressSource = 'override' | 'agent' | 'lxc-interfaces' | 'lxc-config' | 'cloud-init';

/** Why a running guest has no target, as reported in /health and /metrics. */
export type UnresolvedReason =
  | 'no_agent'
  | 'agent_not_running'
  | 'agent_error'
  | 'agent_backoff'
  | 'forbidden'
  | 'no_usable_address'
  | 'node_unreachable'
  | 'config_unavailable';
