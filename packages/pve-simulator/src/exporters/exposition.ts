// Prometheus text exposition (format 0.0.4) writer. Samples are grouped per family, in the
// order families are first used, so a family's lines are always contiguous (promtool rejects
// interleaved families). TYPE and HELP come from a catalog: a family missing from it is a bug.

export type MetricType = 'counter' | 'gauge' | 'untyped' | 'summary' | 'histogram';

export interface FamilySpec {
  type: MetricType;
  help: string;
}

export type Catalog = Readonly<Record<string, FamilySpec>>;

export type Labels = Readonly<Record<string, string | number>>;

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function escapeHelp(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

export class Exposition {
  private readonly lines = new Map<string, string[]>();

  constructor(private readonly catalog: Catalog) {}

  add(name: string, labels: Labels | undefined, value: number): this {
    let out = this.lines.get(name);
    if (!out) {
      if (!this.catalog[name]) throw new Error(`metric family "${name}" is not in the catalog`);
      out = [];
      this.lines.set(name, out);
    }
    let series = name;
    if (labels) {
      const parts: string[] = [];
      for (const k in labels) parts.push(`${k}="${escapeLabel(String(labels[k]))}"`);
      if (parts.length > 0) series += `{${parts.join(',')}}`;
    }
    out.push(`${series} ${formatValue(value)}`);
    return this;
  }

  /** Adds a sample whose label block (`{a="b"}` or empty) is already rendered. */
  addRaw(name: string, labelBlock: string, value: number): this {
    let out = this.lines.get(name);
    if (!out) {
      if (!this.catalog[name]) throw new Error(`metric family "${name}" is not in the catalog`);
      out = [];
      this.lines.set(name, out);
    }
    out.push(`${name}${labelBlock} ${formatValue(value)}`);
    return this;
  }

  /** Declares a family without samples (shown as HELP/TYPE only). */
  declare(name: string): this {
    if (!this.catalog[name]) throw new Error(`metric family "${name}" is not in the catalog`);
    if (!this.lines.has(name)) this.lines.set(name, []);
    return this;
  }

  families(): string[] {
    return [...this.lines.keys()];
  }

  toString(): string {
    const chunks: string[] = [];
    for (const [name, samples] of this.lines) {
      const spec = this.catalog[name];
      if (!spec) continue;
      chunks.push(`# HELP ${name} ${escapeHelp(spec.help)}`, `# TYPE ${name} ${spec.type}`);
      for (const s of samples) chunks.push(s);
    }
    chunks.push('');
    return chunks.join('\n');
  }
}
