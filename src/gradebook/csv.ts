/**
 * CSV as RFC 4180 writes it (CRLF line ends; a field with a comma, a double quote, CR or LF is
 * quoted, its quotes doubled), made safe to open in a spreadsheet: a text field that starts with
 * `=`, `+`, `-`, `@`, a tab or CR would be read as a formula (OWASP "CSV injection"), so it gets a
 * leading apostrophe. Plain numbers, negative ones included, are left as they are.
 */
export type CsvValue = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: CsvValue): string {
  if (value === null) return '';
  let text = typeof value === 'number' ? String(value) : value;
  if (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header line and one line per record, every line ended by CRLF. */
export function toCsv<K extends string>(
  columns: readonly K[],
  records: readonly Readonly<Record<K, CsvValue>>[],
): string {
  const lines = [columns.map(csvField), ...records.map((record) => columns.map((c) => csvField(record[c])))];
  return lines.map((fields) => `${fields.join(',')}\r\n`).join('');
}
