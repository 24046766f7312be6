// Reads the metric tables of windows_exporter's docs/collector.<name>.md (v0.31.8):
// `| name | description | type | labels |` → family → label names.
import { readFileSync, readdirSync } from 'node:fs';

export function windowsDocLabels(dir: URL): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of readdirSync(dir)) {
    const text = readFileSync(new URL(f, dir), 'utf8');
    for (const line of text.split('\n')) {
      const cells = line.split('|').map((c) => c.trim());
      const name = cells[1]?.replace(/`/g, '');
      if (!name || !/^windows_[a-z0-9_]+$/.test(name) || cells.length < 6) continue;
      const raw = cells[4] ?? '';
      const labels =
        raw === '' || /^none$/i.test(raw)
          ? []
          : raw
              .split(',')
              .map((l) => l.replace(/`/g, '').trim())
              .filter(Boolean);
      out.set(name, labels);
    }
  }
  return out;
}
