import { describe, expect, it } from 'vitest';
import { resolveCollectorPlan } from './collector-plan.js';
import { loadCollectorsTable, parseCollectorsTable } from './collectors-table.js';
import { requireVersion } from './exporter-version.js';

const table = loadCollectorsTable();
const plan = (version: string, requested?: string[], include?: string) =>
  resolveCollectorPlan(table, requireVersion(version), requested, include);

/** windows_exporter anchors include regexes as ^(?:re)$ (Go RE2); this syntax is JS-compatible. */
const processRegex = new RegExp(`^(?:${table.processInclude})$`);

describe('collectors.json', () => {
  it('is valid and lists the plan from the issue', () => {
    expect(table.planCollectors).toEqual([
      'cpu',
      'cs',
      'logical_disk',
      'physical_disk',
      'memory',
      'net',
      'os',
      'process',
      'system',
    ]);
  });

  it('rejects a malformed table with the field name', () => {
    const broken = JSON.stringify({ ...table, minimumVersion: '0.31' });
    expect(() => parseCollectorsTable(broken)).toThrow(/minimumVersion: expected x\.y\.z/);
  });
});

describe('resolveCollectorPlan', () => {
  it('keeps cs before v0.31.0 and adds pagefile', () => {
    const p = plan('0.30.10');
    expect(p.collectors).toEqual([
      'cpu',
      'cs',
      'logical_disk',
      'physical_disk',
      'memory',
      'net',
      'os',
      'process',
      'system',
      'pagefile',
    ]);
    expect(p.dropped).toEqual([]);
  });

  it.each(['0.31.0', '0.31.8', '1.0.0'])(
    'drops cs on %s (fatal there) and keeps its replacements',
    (v) => {
      const p = plan(v);
      expect(p.collectors).toEqual([
        'cpu',
        'logical_disk',
        'physical_disk',
        'memory',
        'net',
        'os',
        'process',
        'system',
        'pagefile',
      ]);
      expect(p.dropped).toEqual([
        { name: 'cs', reason: 'removed in v0.31.0', replacedBy: ['cpu', 'memory', 'os'] },
      ]);
    },
  );

  it('drops pagefile before v0.30.0, where paging metrics were part of os', () => {
    const p = plan('0.29.2');
    expect(p.collectors).toContain('cs');
    expect(p.collectors).not.toContain('pagefile');
    expect(p.dropped).toEqual([
      { name: 'pagefile', reason: 'needs v0.30.0 or newer', replacedBy: [] },
    ]);
  });

  it('replaces an explicitly requested cs with cpu, memory and os on new versions', () => {
    expect(plan('0.31.1', ['cs']).collectors).toEqual(['cpu', 'memory', 'os']);
    expect(plan('0.30.9', ['cs']).collectors).toEqual(['cs']);
  });

  it('takes comma-separated and mixed-case requests, dedupes, keeps unknown collectors', () => {
    const p = plan('0.31.8', ['CPU,net', ' net ', 'textfile']);
    expect(p.collectors).toEqual(['cpu', 'net', 'textfile']);
    expect(p.extraFlags).toEqual([]);
  });

  it('restricts the process collector with the include regex from the table', () => {
    expect(plan('0.31.8').extraFlags).toEqual([
      `--collector.process.include=${table.processInclude}`,
    ]);
    expect(plan('0.31.8', undefined, 'sqlservr').extraFlags).toEqual([
      '--collector.process.include=sqlservr',
    ]);
  });

  it('include regex keeps server processes and their #N duplicates, not everything', () => {
    for (const name of ['sqlservr', 'w3wp', 'w3wp#2', 'java', 'windows_exporter', 'MsMpEng'])
      expect(processRegex.test(name), name).toBe(true);
    for (const name of ['notepad', 'chrome', 'xsqlservr', 'w3wp#', 'sqlservr.exe'])
      expect(processRegex.test(name), name).toBe(false);
  });
});
