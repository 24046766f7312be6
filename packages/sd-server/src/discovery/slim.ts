import type { GuestConfig, GuestInterface } from './model.js';

/**
 * Keeps only what discovery reads from a config: caches hold 10,000 of these, and the raw
 * key/value map (descriptions alone may be 8 KiB) would dominate the process's memory.
 */
export function slimConfig(c: GuestConfig): GuestConfig {
  const net = c.net.map((n) => ({ ...n, options: {}, raw: '' }));
  if (c.type === 'lxc') return { ...c, net, raw: {} };
  return {
    ...c,
    net,
    raw: {},
    ipconfig: c.ipconfig.map((i) => ({ ...i, options: {}, raw: '' })),
    hostpci: c.hostpci.map((h) => ({ ...h, options: {}, raw: '' })),
    ...(c.smbios1 ? { smbios1: { ...c.smbios1, options: {}, raw: '' } } : {}),
  };
}

/** Interfaces without traffic statistics (only names, MACs and addresses are used). */
export function slimInterfaces(list: readonly GuestInterface[]): GuestInterface[] {
  return list.map(({ statistics: _s, ...rest }) => rest);
}
