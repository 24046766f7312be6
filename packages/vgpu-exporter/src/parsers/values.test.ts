import { describe, expect, it } from 'vitest';
import {
  normalisePciAddress,
  parseInteger,
  parsePercentRatio,
  parseSizeBytes,
  presentValue,
} from './values.js';

describe('value helpers', () => {
  it('treats empty and N/A-like values as absent', () => {
    for (const v of [
      undefined,
      '',
      '  ',
      'N/A',
      'n/a',
      '[N/A]',
      'Not Supported',
      '[Not Supported]',
    ]) {
      expect(presentValue(v)).toBeUndefined();
    }
    expect(presentValue(' 0 ')).toBe('0');
  });

  it('converts MiB/GiB to bytes and percent to ratios', () => {
    expect(parseSizeBytes('2048 MiB')).toBe(2048 * 2 ** 20);
    expect(parseSizeBytes('1 GiB')).toBe(2 ** 30);
    expect(parseSizeBytes('N/A')).toBeUndefined();
    expect(parseSizeBytes('12 parsecs')).toBeUndefined();
    expect(parsePercentRatio('87 %')).toBe(0.87);
    expect(parsePercentRatio('0 %')).toBe(0);
    expect(parsePercentRatio('N/A')).toBeUndefined();
    expect(parseInteger('3')).toBe(3);
    expect(parseInteger('N/A')).toBeUndefined();
    expect(parseInteger('-1')).toBeUndefined();
  });

  it('normalises PCI addresses from nvidia-smi, sysfs and PVE configs to one form', () => {
    expect(normalisePciAddress('00000000:01:00.0')).toBe('0000:01:00.0');
    expect(normalisePciAddress('00000001:C8:00.0')).toBe('0001:c8:00.0');
    expect(normalisePciAddress('0000:41:00.4')).toBe('0000:41:00.4');
    expect(normalisePciAddress('c1:00.0')).toBe('0000:c1:00.0');
    expect(normalisePciAddress('C1:00.1')).toBe('0000:c1:00.1');
    expect(normalisePciAddress('c1:00')).toBeUndefined(); // all functions: not one device
    expect(normalisePciAddress('mapping=gpu0')).toBeUndefined();
  });
});
