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
  /** Each role's groups as JSON without the enclosing brackets. */
  readonly inner: Record<Role, string>;
}

const FILTER_CACHE_SIZE = 64;

/**
 * The HTTP SD bodies of every role, merged across clusters. Unfiltered bodies are serialised when
 * a cluster publishes (not per request); filtered ones are built on demand and kept in a small
 * cache until the next publish.
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
    const inner = {} as Record<Role, string>;
    for (const role of ROLES)
      inner[role] = groups[role].map((g) => JSON.stringify(g.group)).join(',');
    const prev = this.clusters.get(cluster);
    this.clusters.set(cluster, { groups, inner });
    this.filtered = new Map();
    this.generationValue += 1;
    const next = { ...this.bodies };
    for (const role of ROLES) {
      if (prev && prev.inner[role] === inner[role]) continue;
      const parts = [...this.clusters.keys()]
        .sort()
        .map((c) => this.clusters.get(c)?.inner[role] ?? '')
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
    const body = new Body(Buffer.from(`[${selected.map((g) => g.json).join(',')}]`));
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
