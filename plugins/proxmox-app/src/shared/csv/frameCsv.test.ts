import { FieldType, toDataFrame } from '@grafana/data';
import { csvFileName, framesToCsv, UTF8_BOM } from './frameCsv';

describe('framesToCsv', () => {
  const frame = toDataFrame({
    fields: [
      {
        name: 'name',
        type: FieldType.string,
        values: ['a,b', 'say "hi"', 'line\nbreak', 'Zürich ✓'],
        config: { displayName: 'Name' },
      },
      { name: 'n', type: FieldType.number, values: [1, 2.5, null, 4] },
    ],
  });

  it('starts with a UTF-8 BOM, uses display names and comma separators', () => {
    const csv = framesToCsv([frame]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.startsWith(UTF8_BOM + '"Name","n"\r\n')).toBe(true);
  });

  it('quotes and escapes commas, quotes and newlines; keeps non-ASCII', () => {
    const rows = framesToCsv([frame]).slice(1).split('\r\n');
    expect(rows[1]).toBe('"a,b",1');
    expect(rows[2]).toBe('"say ""hi""",2.5');
    expect(rows[3]).toBe('"line\nbreak",');
    expect(rows[4]).toBe('Zürich ✓,4');
  });

  it('names the file after the table and time', () => {
    expect(csvFileName('Guests on this node', new Date('2026-11-26T14:05:00Z'))).toBe(
      'pvemon-guests-on-this-node-2026-11-26T14-05.csv'
    );
  });
});
