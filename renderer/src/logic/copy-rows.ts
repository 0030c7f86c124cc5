/** Selected rows to clipboard text: tab-separated for pasting into a sheet, or RFC 4180 CSV. */
import Papa from 'papaparse';

export function rowsToText(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  format: 'tsv' | 'csv',
): string {
  if (format === 'csv')
    return Papa.unparse({ fields: [...header], data: rows.map((r) => [...r]) }, { newline: '\r\n' });
  // Tabs and line breaks inside a value would break the columns of a pasted TSV.
  const clean = (v: string): string => v.replace(/[\t\r\n]+/g, ' ');
  return [header, ...rows].map((r) => r.map(clean).join('\t')).join('\r\n');
}
