import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectedSha256, parseSha256Sums } from './sha256sums.js';

const msi = 'windows_exporter-0.31.3-amd64.msi';
const a = 'a'.repeat(64);
const b = 'B'.repeat(64);

describe('sha256sums.txt parsing', () => {
  it('reads text-mode, binary-mode and ./-prefixed lines, with CRLF and blank lines', () => {
    const text = `${a}  ${msi}\r\n\r\n${b} *windows_exporter-0.31.3-arm64.msi\n${a}  ./sha256sums.sig\n`;
    expect(parseSha256Sums(text)).toEqual([
      { sha256: a, fileName: msi },
      { sha256: 'b'.repeat(64), fileName: 'windows_exporter-0.31.3-arm64.msi' },
      { sha256: a, fileName: 'sha256sums.sig' },
    ]);
  });

  it('returns the lower-case hash of the named file', () => {
    const content = Buffer.from('pretend this is an MSI');
    const sum = createHash('sha256').update(content).digest('hex');
    const text = `${sum.toUpperCase()}  ${msi}\n${b}  windows_exporter-0.31.3-arm64.msi\n`;
    expect(expectedSha256(text, msi)).toBe(sum);
    expect(expectedSha256(text, msi.toUpperCase())).toBe(sum);
  });

  it('refuses when the file is missing or listed with two different hashes', () => {
    expect(() => expectedSha256(`${a}  other.msi\n`, msi)).toThrow(/no entry for/);
    expect(() => expectedSha256(`${a}  ${msi}\n${b}  ${msi}\n`, msi)).toThrow(/conflicting/);
    expect(expectedSha256(`${a}  ${msi}\n${a}  ${msi}\n`, msi)).toBe(a);
  });

  it('ignores malformed lines (short hashes, no name)', () => {
    expect(parseSha256Sums(`${'a'.repeat(63)}  ${msi}\n${a}\nnot a line\n`)).toEqual([]);
  });
});
