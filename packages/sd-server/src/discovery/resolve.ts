import type { BlockList } from 'node:net';
import {
  pickConfigAddress,
  pickInterfaceAddress,
  isUsableAddress,
  type AddressPolicy,
} from './address.js';
import { addressFromDescription } from './overrides.js';
import type {
  AddressSource,
  ConfigAddress,
  GuestConfig,
  GuestInterface,
  GuestType,
  UnresolvedReason,
} from './model.js';

export type Resolution =
  | { readonly ok: true; readonly address: string; readonly source: AddressSource }
  | { readonly ok: false; readonly reason: UnresolvedReason };

/** Static addresses of `net0`/`ipconfig0` in a config: LXC `ip=`/`ip6=`, cloud-init `ipconfig0`. */
export function configAddresses(config: GuestConfig): ConfigAddress[] {
  const out: ConfigAddress[] = [];
  if (config.type === 'lxc') {
    const net0 = config.net.find((n) => n.index === 0);
    for (const a of [net0?.ipv4, net0?.ipv6])
      if (a?.kind === 'static') out.push({ address: a.address, source: 'lxc-config' });
  } else {
    const ic0 = config.ipconfig.find((c) => c.index === 0);
    for (const a of [ic0?.ipv4, ic0?.ipv6])
      if (a?.kind === 'static') out.push({ address: a.address, source: 'cloud-init' });
  }
  return out;
}

export interface ResolveInput {
  readonly type: GuestType;
  readonly config: GuestConfig | undefined;
  /** Interfaces reported by the agent / LXC `/interfaces`, when obtained. */
  readonly interfaces: readonly GuestInterface[] | undefined;
  /** Why interfaces could not be obtained (undefined when not asked or obtained). */
  readonly interfacesFailure?: UnresolvedReason;
}

/**
 * Chooses a guest's target address. An explicit `pvemon.address=` in the description wins (it is
 * the operator's correction of everything else); then the guest agent (qemu) or `/interfaces`
 * (lxc); then the LXC static `ip=`; then the cloud-init `ipconfig0` static IP.
 */
export function resolveAddress(
  input: ResolveInput,
  policy: AddressPolicy,
  cidrs: readonly BlockList[],
): Resolution {
  const { config } = input;
  const override = addressFromDescription(config?.description);
  if (override && isUsableAddress(override, policy))
    return { ok: true, address: override, source: 'override' };

  if (input.interfaces) {
    const mac = config?.net.find((n) => n.index === 0)?.macAddress;
    const address = pickInterfaceAddress(input.interfaces, mac, policy, cidrs);
    if (address)
      return { ok: true, address, source: input.type === 'qemu' ? 'agent' : 'lxc-interfaces' };
  }
  if (config) {
    const fromConfig = pickConfigAddress(configAddresses(config), policy, cidrs);
    if (fromConfig) return { ok: true, address: fromConfig.address, source: fromConfig.source };
  }
  if (!config) return { ok: false, reason: input.interfacesFailure ?? 'config_unavailable' };
  if (input.interfacesFailure) return { ok: false, reason: input.interfacesFailure };
  if (config.type === 'qemu' && !config.agent.enabled && !input.interfaces)
    return { ok: false, reason: 'no_agent' };
  return { ok: false, reason: 'no_usable_address' };
}
