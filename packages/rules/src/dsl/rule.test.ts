import { describe, expect, it } from 'vitest';
import { alertSpec, recordingRule } from './rule.js';

// These blocks only need to typecheck: each @ts-expect-error asserts that the DSL turns the
// mistake into a compile error (tsc fails if the line below it were accepted).
describe('DSL type safety', () => {
  it('rejects typos and omissions at compile time', () => {
    const ok = alertSpec({
      alert: 'Example',
      expr: 'up == 0',
      for: '5m',
      labels: { severity: 'warning' },
      annotations: { summary: 'sum', description: 'desc' },
      watches: 'example',
    });
    expect(ok.labels.severity).toBe('warning');

    alertSpec({
      alert: 'Typo',
      expr: 'up == 0',
      // @ts-expect-error misspelt label name
      labels: { severty: 'warning' },
      annotations: { summary: 's', description: 'd' },
      watches: 'w',
    });
    alertSpec({
      alert: 'BadSeverity',
      expr: 'up == 0',
      // @ts-expect-error severity outside critical|warning|info
      labels: { severity: 'page' },
      annotations: { summary: 's', description: 'd' },
      watches: 'w',
    });
    alertSpec({
      alert: 'NoDescription',
      expr: 'up == 0',
      labels: { severity: 'info' },
      // @ts-expect-error description annotation missing
      annotations: { summary: 's' },
      watches: 'w',
    });
    alertSpec({
      alert: 'BadFor',
      expr: 'up == 0',
      // @ts-expect-error not a Prometheus duration
      for: 'five minutes',
      labels: { severity: 'info' },
      annotations: { summary: 's', description: 'd' },
      watches: 'w',
    });
    // @ts-expect-error record names follow level:metric:operations
    recordingRule({ record: 'cpu_usage', expr: 'x', usedBy: [] });
  });
});
