// Run-time fault injection state, consulted by the API on every request.
import type { Rng } from '../model/rng.js';
import { compilePathPattern } from './path-matcher.js';
import type { PathPattern } from './path-matcher.js';

interface Scoped {
  /** Only requests whose API path matches (glob or RegExp); default all. */
  path?: PathPattern;
  /** Only requests arriving at this node's endpoint; default all endpoints. */
  endpoint?: string;
}

export interface LatencyFault extends Scoped {
  /** Added delay in milliseconds. */
  ms: number;
}

export interface ErrorFault extends Scoped {
  /** HTTP status to answer with (default 503). */
  status?: number;
  /** Reason phrase / `message` (default: the standard phrase for the status). */
  message?: string;
  /** Fail only the next N matching requests (default: until cleared, or use probability). */
  count?: number;
  /** Fail each matching request with this probability (seeded RNG), default 1. */
  probability?: number;
}

export interface BodyFault extends Scoped {
  /** `truncated`: valid HTTP, body cut in half. `malformed`: syntactically invalid JSON. */
  kind: 'truncated' | 'malformed';
  /** Corrupt only the next N matching responses (default: until cleared). */
  count?: number;
}

export type AgentFault =
  | { state: 'ok' }
  /** guest-ping fails: 500 `QEMU guest agent is not running` (after `delayMs`, default 0). */
  | { state: 'dead'; delayMs?: number }
  /** The agent answers, but only after `delayMs`. */
  | { state: 'slow'; delayMs: number }
  /** Old-PVE style: HTTP 200 whose `result` is an agent error object (class Unsupported). */
  | { state: 'unsupported' };

export type Listed<T> = T & { id: number; remaining: number | undefined };

export interface FaultListing {
  latency: Listed<LatencyFault>[];
  errors: Listed<ErrorFault>[];
  bodies: Listed<BodyFault>[];
  agents: Record<number, AgentFault>;
  revokedTokens: string[];
  expiredTokens: string[];
}

interface Rule<T> {
  id: number;
  rule: T;
  re: RegExp | undefined;
  remaining: number | undefined;
}

function matches<T extends Scoped>(r: Rule<T>, path: string, endpoint: string): boolean {
  return (
    (r.rule.endpoint === undefined || r.rule.endpoint === endpoint) && (!r.re || r.re.test(path))
  );
}

export class FaultState {
  private nextId = 1;
  private latency: Rule<LatencyFault>[] = [];
  private errors: Rule<ErrorFault>[] = [];
  private bodies: Rule<BodyFault>[] = [];
  readonly agents = new Map<number, AgentFault>();
  readonly revokedTokens = new Set<string>();
  readonly expiredTokens = new Set<string>();

  constructor(private readonly rng: Rng) {}

  private rule<T extends Scoped & { count?: number }>(rule: T): Rule<T> {
    return {
      id: this.nextId++,
      rule,
      re: rule.path === undefined ? undefined : compilePathPattern(rule.path),
      remaining: rule.count,
    };
  }

  addLatency(rule: LatencyFault): number {
    if (!(rule.ms >= 0)) throw new Error('latency fault needs "ms" ≥ 0');
    const r = this.rule(rule);
    this.latency.push(r);
    return r.id;
  }

  addError(rule: ErrorFault): number {
    const status = rule.status ?? 503;
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new Error(`error fault "status" must be an HTTP error status 400..599, got ${status}`);
    }
    if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) {
      throw new Error(`error fault "probability" must be in 0..1, got ${rule.probability}`);
    }
    const r = this.rule(rule);
    this.errors.push(r);
    return r.id;
  }

  addBodyFault(rule: BodyFault): number {
    if (rule.kind !== 'truncated' && rule.kind !== 'malformed') {
      throw new Error(
        `body fault "kind" must be "truncated" or "malformed", got ${String(rule.kind)}`,
      );
    }
    const r = this.rule(rule);
    this.bodies.push(r);
    return r.id;
  }

  /** Removes one rule by the id its add* call returned. */
  remove(id: number): boolean {
    const before = this.latency.length + this.errors.length + this.bodies.length;
    this.latency = this.latency.filter((r) => r.id !== id);
    this.errors = this.errors.filter((r) => r.id !== id);
    this.bodies = this.bodies.filter((r) => r.id !== id);
    return before !== this.latency.length + this.errors.length + this.bodies.length;
  }

  latencyFor(path: string, endpoint: string): number {
    let ms = 0;
    for (const r of this.latency) if (matches(r, path, endpoint)) ms += r.rule.ms;
    return ms;
  }

  takeError(path: string, endpoint: string): ErrorFault | undefined {
    for (const r of this.errors) {
      if (!matches(r, path, endpoint)) continue;
      if (r.rule.probability !== undefined && this.rng() >= r.rule.probability) continue;
      if (r.remaining !== undefined) {
        r.remaining--;
        if (r.remaining <= 0) this.errors = this.errors.filter((x) => x !== r);
      }
      return r.rule;
    }
    return undefined;
  }

  takeBodyFault(path: string, endpoint: string): BodyFault | undefined {
    for (const r of this.bodies) {
      if (!matches(r, path, endpoint)) continue;
      if (r.remaining !== undefined) {
        r.remaining--;
        if (r.remaining <= 0) this.bodies = this.bodies.filter((x) => x !== r);
      }
      return r.rule;
    }
    return undefined;
  }

  /** Active rules, for the HTTP control API's listing. */
  list(): FaultListing {
    const out = <T>(rs: Rule<T>[]): Listed<T>[] =>
      rs.map((r) => ({ ...r.rule, id: r.id, remaining: r.remaining }));
    return {
      latency: out(this.latency),
      errors: out(this.errors),
      bodies: out(this.bodies),
      agents: Object.fromEntries(this.agents),
      revokedTokens: [...this.revokedTokens],
      expiredTokens: [...this.expiredTokens],
    };
  }

  clear(): void {
    this.latency = [];
    this.errors = [];
    this.bodies = [];
    this.agents.clear();
    this.revokedTokens.clear();
    this.expiredTokens.clear();
  }
}
