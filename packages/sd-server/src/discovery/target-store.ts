import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import {
  isEmptyFilter,
  matches,
  ROLES,
  type FacetedGroup,
  type Role,
  type RoleGroups,
  type TargetFilter,
} from './targets.js';

/** A response body serialised once, with its ETag and a lazily built gzip variant. */
export class Body {
  readonly etag: string;
  private gz: Buffer | undefined;

  constructor(readonly raw: Buffer) {
    this.etag = `"${createHash('sha1').update(raw).digest('base64url')}"`;
  }

  get gzip(): Buffer {
    this.gz ??= gzipSync(this.raw, { level: 6 });
    return this.gz;
  }
}

interface ClusterEntry {
  readonly groups: RoleGroups;
  /** Digest of each role's serialised groups: unchanged roles keep their body (and ETag). */
  readonly digests: Record<Role, string>;
}

const FILTER_CACHE_SIZE = 64;

const serialise = (groups: readonly FacetedGroup[]): string =>
  groups.map((g) => JSON.stringify(g.group)).join(',');

/**
 * The HTTP SD bodies of every role, merged across clusters. Unfiltered bodies are serialised when
 * a cluster publishes (not per request) and kept only as bytes: with 10,000 guests a body is
 * ~3 MB, and holding it (or each group's JSON) as JS strings as well would double that and more.
 * Filtered ones are built on demand and kept in a small cache until the next publish.
 */
export class TargetStore {
  private readonly clusters = new Map<string, ClusterEntry>();
  private bodies: Record<Role, Body> = emptyBodies();
  private filtered = new Map<string, Body>();
  private generationValue = 0;

  get generation(): number {
    return this.generationValue;
  }

  publish(cluster: string, groups: RoleGroups): void {
    const prev = this.clusters.get(cluster);
    const digests = {} as Record<Role, string>;
    const changed = new Map<Role, string>();
    for (const role of ROLES) {
      const json = serialise(groups[role]);
      digests[role] = createHash('sha1').update(json).digest('base64');
      if (prev?.digests[role] !== digests[role]) changed.set(role, json);
    }
    this.clusters.set(cluster, { groups, digests });
    this.filtered = new Map();
    this.generationValue += 1;
    if (changed.size === 0) return;
    const next = { ...this.bodies };
    const names = [...this.clusters.keys()].sort();
    for (const [role, json] of changed) {
      const parts = names
        .map((c) => (c === cluster ? json : serialise(this.clusters.get(c)?.groups[role] ?? [])))
        .filter((p) => p.length > 0);
      next[role] = new Body(Buffer.from(`[${parts.join(',')}]`));
    }
    this.bodies = next;
  }

  hasCluster(cluster: string): boolean {
    return this.clusters.has(cluster);
  }

  count(cluster: string, role: Role): number {
    return this.clusters.get(cluster)?.groups[role].length ?? 0;
  }

  body(role: Role, filter: TargetFilter = {}): Body {
    if (isEmptyFilter(filter)) return this.bodies[role];
    const key = `${role}?${JSON.stringify(filter)}`;
    const cached = this.filtered.get(key);
    if (cached) return cached;
    const selected: FacetedGroup[] = [];
    for (const c of [...this.clusters.keys()].sort()) {
      for (const g of this.clusters.get(c)?.groups[role] ?? [])
        if (matches(g.facets, filter)) selected.push(g);
    }
    const body = new Body(Buffer.from(`[${serialise(selected)}]`));
    if (this.filtered.size >= FILTER_CACHE_SIZE)
      this.filtered.delete(this.filtered.keys().next().value ?? '');
    this.filtered.set(key, body);
    return body;
  }
}

function emptyBodies(): Record<Role, Body> {
  const out = {} as Record<Role, Body>;
  for (const role of ROLES) out[role] = new Body(Buffer.from('[]'));
  return out;
}
