// Parses Prometheus text exposition into families: TYPE and the set of label names seen on
// samples (histogram/summary suffixes folded into their family). Test-only.
export interface ParsedFamily {
  type: string;
  labels: Set<string>;
  samples: number;
}

export function parseFamilies(text: string): Map<string, ParsedFamily> {
  const out = new Map<string, ParsedFamily>();
  for (const raw of text.replace(/^\uFEFF/, '').split('\n')) {
    const line = raw.trimEnd();
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (type?.[1] && type[2]) {
      out.set(type[1], { type: type[2], labels: new Set(), samples: 0 });
      continue;
    }
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s/.exec(line);
    if (!m?.[1]) continue;
    const fam = out.get(m[1]) ?? out.get(m[1].replace(/_(bucket|sum|count)$/, ''));
    if (!fam) continue;
    fam.samples++;
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="/g)) {
      if (l[1] && l[1] !== 'le' && l[1] !== 'quantile') fam.labels.add(l[1]);
    }
  }
  return out;
}

/** Samples `name{labels} value` as a map from series text to value. */
export function parseSamples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}
