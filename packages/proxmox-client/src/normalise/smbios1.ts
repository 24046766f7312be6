// qemu `smbios1`: `uuid=<UUID>[,manufacturer=..][,product=..]…[,base64=1]`. With `base64=1`
// the free-text fields are base64-encoded (the GUI always writes them that way).
import type { Smbios1 } from '../types.js';
import { stripUndefined, toBoolean } from './primitives.js';
import { parsePropertyString } from './property-string.js';

const TEXT_FIELDS = ['manufacturer', 'product', 'version', 'serial', 'sku', 'family'] as const;

export function parseSmbios1(raw: string): Smbios1 {
  const options = parsePropertyString(raw);
  const base64 = toBoolean(options.base64);
  const decode = (v: string | undefined): string | undefined =>
    v === undefined ? undefined : base64 ? Buffer.from(v, 'base64').toString('utf8') : v;
  const result: Smbios1 = { uuid: options.uuid?.toLowerCase(), options, raw };
  for (const field of TEXT_FIELDS) result[field] = decode(options[field]);
  return stripUndefined(result);
}
