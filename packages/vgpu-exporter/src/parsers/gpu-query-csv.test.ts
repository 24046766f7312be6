import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../test/helpers.js';
import { parseGpuQueryCsv } from './gpu-query-csv.js';

describe('parseGpuQueryCsv', () => {
  it('reads uuid and pci.bus_id by header name from real full --query-gpu CSVs', () => {
    // The upstream captures mask the UUID to zeros; the PCI address is real.
    expect(parseGpuQueryCsv(readFileSync(FIXTURES.realL40sCsv, 'utf8'))).toEqual([
      { uuid: '00000000-0000-0000-0000-000000000000', pci: '0000:01:00.0' },
    ]);
    expect(parseGpuQueryCsv(readFileSync(FIXTURES.realH100Csv, 'utf8'))).toHaveLength(1);
  });

  it('lower-cases the uuid and strips "GPU-" like nvidia_gpu_exporter', () => {
    expect(parseGpuQueryCsv(readFileSync(FIXTURES.multiGpuCsv, 'utf8'))).toEqual([
      { uuid: '0a5ba9ad-a575-72c7-d51d-3e726232cfd1', pci: '0000:41:00.0' },
      { uuid: '5c1e8f2a-93b4-4d07-a6e2-8b3f0c9d7e14', pci: '0000:c1:00.0' },
      { uuid: '7e2f4a6b-1c3d-4e5f-8a9b-0c1d2e3f4a5b', pci: '0000:17:00.0' },
    ]);
  });

  it('names the missing column when the header lacks one', () => {
    expect(() => parseGpuQueryCsv('name, pci.bus_id\nL40S, 00000000:01:00.0\n')).toThrow(
      /lacks the "uuid" column/,
    );
  });
});
