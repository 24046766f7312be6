// Mirror of ConvertTo-ExporterVersion in Install-WindowsExporter.ps1: x.y.z or vx.y.z, nothing else
// (release candidates such as 0.31.0-rc.1 are not versions the installer picks).
export type ExporterVersion = readonly [major: number, minor: number, patch: number];

export function parseExporterVersion(text: string): ExporterVersion | null {
  const m = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (!m) return null;
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** Negative, zero or positive like PowerShell's [version] comparison. */
export function compareVersions(a: ExporterVersion, b: ExporterVersion): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

export function formatVersion(v: ExporterVersion): string {
  return v.join('.');
}

export function requireVersion(text: string): ExporterVersion {
  const v = parseExporterVersion(text);
  if (!v) throw new Error(`"${text}" is not a version of the form x.y.z`);
  return v;
}
