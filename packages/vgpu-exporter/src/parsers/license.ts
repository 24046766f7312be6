import type { VgpuLicenseState } from '@pvemon/metrics-contract';

/** Bounded set of license states exported as the `license_state` label (the contract's list). */
export type LicenseState = VgpuLicenseState;

/**
 * Classifies nvidia-smi's "License Status" text, e.g. "Licensed (Expiry: 2025-3-20 8:0:40 GMT)",
 * "Unlicensed (Restricted)", or "N/A (Expiry: N/A)" before the guest driver has loaded.
 * The expiry date is dropped on purpose: it would make the label unbounded.
 */
export function parseLicenseState(value: string | undefined): LicenseState {
  const text = (value ?? '').trim().toLowerCase();
  if (text.startsWith('licensed')) return 'licensed';
  if (text.startsWith('unlicensed')) {
    if (text.includes('(unrestricted')) return 'unlicensed_unrestricted';
    if (text.includes('(restricted')) return 'unlicensed_restricted';
    return 'unlicensed';
  }
  return 'unknown';
}
