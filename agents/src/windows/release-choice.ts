// Mirror of Select-ExporterRelease in Install-WindowsExporter.ps1. windows_exporter maintains two
// release lines in parallel (v0.30.9 was tagged after v0.31.1), so "latest" is the highest x.y.z of
// the non-draft, non-prerelease releases, never the newest by date (exporters.md §1.1).
import { compareVersions, formatVersion, parseExporterVersion } from './exporter-version.js';
import type { ExporterVersion } from './exporter-version.js';

/** The fields of a GitHub REST `GET /repos/{owner}/{repo}/releases` entry the installer reads. */
export interface GitHubRelease {
  tag_name: string;
  draft: boolean;
  prerelease: boolean;
  assets: { name: string; browser_download_url: string }[];
}

export type MsiArch = 'amd64' | 'arm64';

export interface ChosenRelease {
  version: string;
  tag: string;
  msiName: string;
  msiUrl: string | null;
  sumsUrl: string | null;
}

export function selectExporterRelease(
  releases: readonly GitHubRelease[],
  requestedVersion: string,
  arch: MsiArch,
): ChosenRelease | null {
  const wanted = requestedVersion === 'latest' ? null : parseExporterVersion(requestedVersion);
  let best: GitHubRelease | null = null;
  let bestVersion: ExporterVersion | null = null;
  for (const release of releases) {
    if (release.draft) continue;
    const v = parseExporterVersion(release.tag_name);
    if (!v) continue;
    if (wanted) {
      if (compareVersions(v, wanted) === 0) [best, bestVersion] = [release, v];
      continue;
    }
    if (release.prerelease) continue;
    if (!bestVersion || compareVersions(v, bestVersion) > 0) [best, bestVersion] = [release, v];
  }
  if (!best || !bestVersion) return null;
  const version = formatVersion(bestVersion);
  const msiName = `windows_exporter-${version}-${arch}.msi`;
  const urlOf = (name: string): string | null =>
    best.assets.find((a) => a.name === name)?.browser_download_url ?? null;
  return {
    version,
    tag: best.tag_name,
    msiName,
    msiUrl: urlOf(msiName),
    sumsUrl: urlOf('sha256sums.txt'),
  };
}
