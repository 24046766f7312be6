// `hostpci[n]`: `[[host=]<id[;id…]>][,mapping=][,mdev=][,pcie=][,x-vga=][,rombar=][,romfile=]…`
import type { HostPciDevice } from '../types.js';
import { mdevUuid } from './mdev.js';
import { stripUndefined, toBoolean } from './primitives.js';
import { parsePropertyString } from './property-string.js';

function optionalBoolean(value: string | undefined): boolean | undefined {
  return value === undefined ? undefined : toBoolean(value);
}

/** Parses one `hostpci[n]` value of VM `vmid` (needed to derive the mdev UUID). */
export function parseHostPci(index: number, raw: string, vmid: number): HostPciDevice {
  const options = parsePropertyString(raw, 'host');
  const hosts = (options.host ?? '')
    .split(';')
    .map((h) => h.trim())
    .filter((h) => h !== '');
  return stripUndefined({
    index,
    key: `hostpci${index}`,
    hosts,
    mapping: options.mapping,
    mdev: options.mdev,
    mdevUuid: options.mdev === undefined ? undefined : mdevUuid(index, vmid),
    pcie: toBoolean(options.pcie),
    xVga: toBoolean(options['x-vga']),
    rombar: optionalBoolean(options.rombar),
    romfile: options.romfile,
    legacyIgd: optionalBoolean(options['legacy-igd']),
    driver: options.driver,
    vendorId: options['vendor-id'],
    deviceId: options['device-id'],
    subVendorId: options['sub-vendor-id'],
    subDeviceId: options['sub-device-id'],
    options,
    raw,
  });
}
