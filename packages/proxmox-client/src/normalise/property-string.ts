// PVE property strings (`virtio=BC:24:11:..,bridge=vmbr0`, `1,fstrim_cloned_disks=1`): a comma
// list of key=value pairs, where the first item may omit its key (the format's "default key").

export interface PropertyItem {
  /** undefined for a key-less item (the default key). */
  key?: string;
  value: string;
}

/** Splits a property string into items, keeping order and key-less items. */
export function splitPropertyString(raw: string): PropertyItem[] {
  const items: PropertyItem[] = [];
  for (const part of raw.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    if (eq === -1) items.push({ value: item });
    else items.push({ key: item.slice(0, eq).trim(), value: item.slice(eq + 1).trim() });
  }
  return items;
}

/**
 * Parses a property string into a key → value record. A key-less FIRST item is stored under
 * `defaultKey` (if given); later key-less items are ignored, as PVE rejects them.
 */
export function parsePropertyString(raw: string, defaultKey?: string): Record<string, string> {
  const result: Record<string, string> = {};
  splitPropertyString(raw).forEach((item, position) => {
    if (item.key !== undefined) result[item.key] = item.value;
    else if (position === 0 && defaultKey !== undefined) result[defaultKey] = item.value;
  });
  return result;
}

/** Config keys like `net0`, `hostpci12`: returns the index for `prefix`, else undefined. */
export function indexedKey(key: string, prefix: string): number | undefined {
  if (!key.startsWith(prefix)) return undefined;
  const rest = key.slice(prefix.length);
  return /^\d{1,3}$/.test(rest) ? Number(rest) : undefined;
}
