import { describe, expect, it } from 'vitest';
import { sdInventoryMetrics, sdServerMetrics, vgpuMetrics, type MetricDef } from './index.js';

const all: MetricDef[] = [
  ...Object.values(sdInventoryMetrics),
  ...Object.values(sdServerMetrics),
  ...Object.values(vgpuMetrics),
];

describe('metric contract', () => {
  it('uses valid, unique Prometheus metric names under the pvemon_ namespace', () => {
    const names = all.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^pvemon_[a-z][a-z0-9_]*$/);
  });

  it('uses valid, non-reserved label names without duplicates', () => {
    for (const m of all) {
      expect(new Set(m.labels).size, m.name).toBe(m.labels.length);
      for (const l of m.labels) expect(l, m.name).toMatch(/^[a-z][a-z0-9_]*$/);
    }
  });

  it('follows the naming conventions for units and counters', () => {
    for (const m of all) {
      if (m.type === 'counter') expect(m.name, m.name).toMatch(/_total$/);
      if (m.name.endsWith('_ratio')) expect(m.type).toBe('gauge');
    }
  });
});
