import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../test/helpers.js';
import { childValue, findChild, parseIndentedText } from './indented-text.js';

describe('parseIndentedText', () => {
  it('builds the section tree of a real nvidia-smi -q output', () => {
    const roots = parseIndentedText(readFileSync(FIXTURES.realQ, 'utf8'));
    expect(roots.map((r) => r.key)).toEqual([
      '==============NVSMI LOG==============',
      'Timestamp',
      'Driver Version',
      'CUDA Version',
      'vGPU Driver Capability',
      'Attached GPUs',
      'GPU 00000001:C8:00.0',
    ]);
    const gpu = roots[6]!;
    expect(gpu.value).toBeUndefined();
    expect(childValue(gpu, 'GPU UUID')).toBe('GPU-0a5ba9ad-a575-72c7-d51d-3e726232cfd1');
    expect(childValue(findChild(gpu, 'PCI')!, 'Bus Id')).toBe('00000001:C8:00.0');
    const fb = findChild(gpu, 'FB Memory Usage')!;
    expect(fb.children.map((c) => [c.key, c.value])).toEqual([
      ['Total', '97887 MiB'],
      ['Reserved', '2288 MiB'],
      ['Used', '5952 MiB'],
      ['Free', '89648 MiB'],
    ]);
    // The capability section is indented 8 under a title at 0: still its child.
    expect(childValue(roots[4]!, 'Heterogenous Multi-vGPU')).toBe('Supported');
  });

  it('keeps colons inside values and empty values distinct from section titles', () => {
    const [node] = parseIndentedText(
      'vGPU ID : 1\n    License Status  : N/A (Expiry: N/A)\n    VM UUID   : \n    PCI\n',
    );
    expect(node!.children.map((c) => [c.key, c.value])).toEqual([
      ['License Status', 'N/A (Expiry: N/A)'],
      ['VM UUID', ''],
      ['PCI', undefined],
    ]);
  });

  it('matches keys case-insensitively (drivers print "Gpu" or "GPU")', () => {
    const [node] = parseIndentedText('Utilization\n    Gpu : 3 %\n');
    expect(childValue(node!, 'GPU')).toBe('3 %');
  });

  it('accepts CRLF line ends and tab indentation', () => {
    const [node] = parseIndentedText('GPU 00000000:01:00.0\r\n\tActive vGPUs : 0\r\n');
    expect(childValue(node!, 'Active vGPUs')).toBe('0');
  });
});
