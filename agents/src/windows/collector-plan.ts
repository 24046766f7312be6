// Mirror of Resolve-CollectorPlan in Install-WindowsExporter.ps1. Both read collectors.json; neither
// knows a collector name or version by itself.
import type { CollectorsTable } from './collectors-table.js';
import { compareVersions, requireVersion } from './exporter-version.js';
import type { ExporterVersion } from './exporter-version.js';

export interface DroppedCollector {
  name: string;
  reason: string;
  replacedBy: string[];
}

export interface CollectorPlan {
  collectors: string[];
  dropped: DroppedCollector[];
  extraFlags: string[];
}

export function resolveCollectorPlan(
  table: CollectorsTable,
  version: ExporterVersion,
  requested?: readonly string[],
  includeRegex?: string,
): CollectorPlan {
  const names: string[] = [];
  if (requested && requested.length > 0) {
    for (const r of requested) names.push(...r.split(','));
  } else {
    names.push(...table.planCollectors);
    for (const [name, info] of Object.entries(table.collectors))
      if (info.addToPlan) names.push(name);
  }
  const kept: string[] = [];
  const dropped: DroppedCollector[] = [];
  const queue = [...names];
  while (queue.length > 0) {
    const name = (queue.shift() ?? '').trim().toLowerCase();
    if (!name || kept.includes(name) || dropped.some((d) => d.name === name)) continue;
    const info = table.collectors[name];
    if (info?.removedIn && compareVersions(version, requireVersion(info.removedIn)) >= 0) {
      const replacedBy = info.replacedBy ?? [];
      dropped.push({ name, reason: `removed in v${info.removedIn}`, replacedBy });
      queue.push(...replacedBy);
      continue;
    }
    if (info?.addedIn && compareVersions(version, requireVersion(info.addedIn)) < 0) {
      dropped.push({ name, reason: `needs v${info.addedIn} or newer`, replacedBy: [] });
      continue;
    }
    kept.push(name);
  }
  const extraFlags = kept.flatMap((name) => {
    const flag = table.collectors[name]?.includeFlag;
    return flag ? [`${flag}=${includeRegex || table.processInclude}`] : [];
  });
  return { collectors: kept, dropped, extraFlags };
}
