import { toCSV, type DataFrame } from '@grafana/data';

/** UTF-8 byte order mark: Excel and LibreOffice read the file as UTF-8 only with it. */
export const UTF8_BOM = '\uFEFF';

/**
 * CSV of what a table shows: `frames` must be the panel's data after transformations and field
 * config (display names become headers; display processors format values as the cells do).
 * Comma-separated regardless of locale, CRLF lines, quotes doubled (RFC 4180 via toCSV).
 */
export function framesToCsv(frames: DataFrame[]): string {
  return UTF8_BOM + toCSV(frames, { delimiter: ',', newline: '\r\n' });
}

/** `pvemon-vm-config-2026-11-26T14-05.csv` — the table name plus when it was exported. */
export function csvFileName(table: string, now: Date = new Date()): string {
  const stamp = now.toISOString().slice(0, 16).replace(/:/g, '-');
  const slug = table
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `pvemon-${slug}-${stamp}.csv`;
}
