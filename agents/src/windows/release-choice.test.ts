import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { selectExporterRelease } from './release-choice.js';
import type { GitHubRelease } from './release-choice.js';

// Shape of GitHub's GET /repos/{owner}/{repo}/releases, newest created first; the list is built to
// reproduce windows_exporter's two parallel release lines (exporters.md §1.1), drafts and prereleases.
const releases = JSON.parse(
  readFileSync(
    new URL('../../test/fixtures/windows_exporter-releases.json', import.meta.url),
    'utf8',
  ),
) as GitHubRelease[];

describe('selectExporterRelease', () => {
  it('picks the highest stable version, not the newest by date', () => {
    expect(releases[0]?.tag_name).toBe('v0.32.0'); // draft, newest
    expect(releases.find((r) => !r.draft && !r.prerelease)?.tag_name).toBe('v0.30.9');
    const chosen = selectExporterRelease(releases, 'latest', 'amd64');
    expect(chosen).toEqual({
      version: '0.31.3',
      tag: 'v0.31.3',
      msiName: 'windows_exporter-0.31.3-amd64.msi',
      msiUrl:
        'https://github.com/prometheus-community/windows_exporter/releases/download/v0.31.3/windows_exporter-0.31.3-amd64.msi',
      sumsUrl:
        'https://github.com/prometheus-community/windows_exporter/releases/download/v0.31.3/sha256sums.txt',
    });
  });

  it('compares numerically (0.30.10 > 0.30.9)', () => {
    const line030 = releases.filter((r) => r.tag_name.startsWith('v0.30.'));
    expect(selectExporterRelease(line030, 'latest', 'arm64')?.version).toBe('0.30.10');
  });

  it('ignores prereleases, rc tags and drafts even when they sort higher', () => {
    const onlyUnstable = releases.filter(
      (r) => r.draft || r.prerelease || r.tag_name.includes('-'),
    );
    expect(selectExporterRelease(onlyUnstable, 'latest', 'amd64')).toBeNull();
  });

  it('finds an explicit version with or without v, and the arch-specific MSI', () => {
    expect(selectExporterRelease(releases, '0.30.8', 'arm64')?.msiName).toBe(
      'windows_exporter-0.30.8-arm64.msi',
    );
    expect(selectExporterRelease(releases, 'v0.29.2', 'amd64')?.tag).toBe('v0.29.2');
    expect(selectExporterRelease(releases, '9.9.9', 'amd64')).toBeNull();
  });

  it('reports a missing MSI for the architecture as a null URL', () => {
    const chosen = selectExporterRelease(releases, '0.31.2', 'arm64');
    expect(chosen?.msiUrl).toBeNull();
    expect(chosen?.sumsUrl).not.toBeNull();
  });
});
