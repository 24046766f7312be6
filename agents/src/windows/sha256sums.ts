// Mirror of Get-ExpectedSha256 in Install-WindowsExporter.ps1: sha256sum's format,
// "<64 hex>  <name>" or "<64 hex> *<name>" (binary mode), names optionally prefixed with "./".
const LINE = /^([0-9a-fA-F]{64})\s+\*?(?:\.\/)?(.+)$/;

export interface Sha256Entry {
  sha256: string;
  fileName: string;
}

export function parseSha256Sums(text: string): Sha256Entry[] {
  return text.split(/\r?\n/).flatMap((raw) => {
    const m = LINE.exec(raw.trim());
    return m?.[1] && m[2] ? [{ sha256: m[1].toLowerCase(), fileName: m[2].trim() }] : [];
  });
}

/** PowerShell's -eq is case-insensitive, and so are Windows file names. */
export function expectedSha256(text: string, fileName: string): string {
  const hashes = new Set(
    parseSha256Sums(text)
      .filter((e) => e.fileName.toLowerCase() === fileName.toLowerCase())
      .map((e) => e.sha256),
  );
  if (hashes.size === 0) throw new Error(`sha256sums.txt has no entry for ${fileName}`);
  if (hashes.size > 1) throw new Error(`sha256sums.txt has conflicting entries for ${fileName}`);
  return [...hashes][0] as string;
}
