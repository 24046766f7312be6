/** Value helpers for nvidia-smi's text output, where "N/A" and "" stand for "no data". */

const NOT_AVAILABLE = /^(n\/a|not available|not supported|\[n\/a\]|\[not supported\])$/i;

/** `undefined` for missing, empty and N/A-like values; the trimmed text otherwise. */
export function presentValue(value: string | undefined): string | undefined {
  if (value == null) return undefined;
  const trimmed = value.trim();
  if (trimmed === '' || NOT_AVAILABLE.test(trimmed)) return undefined;
  return trimmed;
}

const UNIT_BYTES: Record<string, number> = {
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
};

/** "2048 MiB" → bytes. `undefined` for N/A or an unknown unit. */
export function parseSizeBytes(value: string | undefined): number | undefined {
  const text = presentValue(value);
  if (text == null) return undefined;
  const match = /^(\d+(?:\.\d+)?)\s*([KMG]iB)$/i.exec(text);
  if (!match) return undefined;
  const factor = UNIT_BYTES[(match[2] ?? '').toLowerCase()];
  return factor == null ? undefined : Number(match[1]) * factor;
}

/** "37 %" → 0.37 (nvidia-smi prints percent; pvemon exports 0-1 ratios). */
export function parsePercentRatio(value: string | undefined): number | undefined {
  const text = presentValue(value);
  if (text == null) return undefined;
  const match = /^(\d+(?:\.\d+)?)\s*%$/.exec(text);
  return match ? Number(match[1]) / 100 : undefined;
}

/** A non-negative integer, or `undefined`. */
export function parseInteger(value: string | undefined): number | undefined {
  const text = presentValue(value);
  if (text == null || !/^\d+$/.test(text)) return undefined;
  return Number(text);
}

const PCI_ADDRESS = /^(?:([0-9a-f]{1,8}):)?([0-9a-f]{1,2}):([0-9a-f]{1,2})\.([0-7])$/i;

/**
 * Canonical PCI address as Linux sysfs and PVE's `hostpciN` write it: `0000:01:00.0`, lower case.
 * nvidia-smi prints an 8-digit domain (`00000000:01:00.0`); PVE configs may omit the domain.
 * Returns `undefined` for anything that is not a full bus:device.function address.
 */
export function normalisePciAddress(value: string | undefined): string | undefined {
  const text = presentValue(value);
  if (text == null) return undefined;
  const match = PCI_ADDRESS.exec(text);
  if (!match) return undefined;
  const domain = parseInt(match[1] ?? '0', 16)
    .toString(16)
    .padStart(4, '0');
  const bus = (match[2] ?? '').toLowerCase().padStart(2, '0');
  const device = (match[3] ?? '').toLowerCase().padStart(2, '0');
  return `${domain}:${bus}:${device}.${match[4]}`;
}
