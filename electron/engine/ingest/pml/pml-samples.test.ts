/**
 * Acceptance against real captures: every row of the Procmon CSV exported from a PML must be an
 * event of our PML read (time of day, process, PID, operation, path, result), and Detail must be
 * identical — for the operations this reader renders, every row. The procmon-parser pairs were
 * exported unfiltered (read with allEvents); the zingus and prsp0007 pairs through Procmon's default
 * filter (read with it), in Italian / Spanish number and date formats, which the comparison applies
 * to our en-US text first.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { TraceStore } from '../../store/trace-store';
import { readPml } from './read-pml';

const SAMPLES = path.resolve(process.cwd(), '../shared/samples/procmon');

type Locale = 'en-US' | 'it' | 'es';

interface Pair {
  name: string;
  allEvents: boolean;
  locale: Locale;
}

const PAIRS: Pair[] = [
  { name: 'procmon-parser_UTC32Filesystem', allEvents: true, locale: 'en-US' },
  { name: 'procmon-parser_UTC64Process', allEvents: true, locale: 'en-US' },
  { name: 'zingus-crysis_Logfile', allEvents: false, locale: 'it' },
  { name: 'prsp0007-samples_Logfile', allEvents: false, locale: 'es' },
];

/** Operations whose Detail this reader must render exactly (the ones named in its brief). */
const EXACT_DETAIL = new Set([
  'CreateFile',
  'ReadFile',
  'WriteFile',
  'QueryDirectory',
  'SetDispositionInformationFile',
  'SetRenameInformationFile',
  'SetBasicInformationFile',
  'RegOpenKey',
  'RegCreateKey',
  'RegQueryKey',
  'RegQueryValue',
  'RegSetValue',
  'RegEnumKey',
  'RegEnumValue',
  'RegDeleteKey',
  'RegDeleteValue',
  'Process Start',
  'Process Create',
  'Process Exit',
  'Thread Create',
  'Thread Exit',
  'Load Image',
]);

type Row = Record<string, string>;

function readCsv(file: string): Row[] {
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  // Procmon ends records with CRLF and writes lone CRs inside quoted multi-line fields.
  const parsed = Papa.parse<Row>(text, { header: true, newline: '\r\n', skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

/** Time of day in 100-ns units from "6:55:07.0236729 AM" or "18:11:37,4666062". */
function timeOfDay(text: string): number {
  const m = /^(\d{1,2}):(\d{2}):(\d{2})[.,](\d{7})(?:\s*([AP]M))?$/.exec(text.trim());
  if (!m) throw new Error(`unexpected Time of Day "${text}"`);
  let h = Number(m[1]);
  if (m[5] === 'PM' && h < 12) h += 12;
  if (m[5] === 'AM' && h === 12) h = 0;
  return ((h * 60 + Number(m[2])) * 60 + Number(m[3])) * 1e7 + Number(m[4]);
}

const DAY = 864e9;

function eventTimeOfDay(store: TraceStore, i: number): number {
  return (store.cols.timeSec[i] % 86400) * 1e7 + store.cols.timeFrac[i];
}

/** Our en-US Detail in the exporting machine's format: local dates dd/mm/yyyy, "." grouping. */
function localize(detail: string, locale: Locale, offsetHours: number): string {
  if (locale === 'en-US') return detail;
  const pad = (n: number): string => String(n).padStart(2, '0');
  const dated = detail.replace(
    /(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2}) (AM|PM)/g,
    (_m, mo, d, y, h, mi, s, ap) => {
      const hour = (Number(h) % 12) + (ap === 'PM' ? 12 : 0);
      const t = new Date(
        Date.UTC(Number(y), Number(mo) - 1, Number(d), hour, Number(mi), Number(s)) + offsetHours * 3600e3,
      );
      const hh = locale === 'it' ? pad(t.getUTCHours()) : String(t.getUTCHours());
      return `${pad(t.getUTCDate())}/${pad(t.getUTCMonth() + 1)}/${t.getUTCFullYear()} ${hh}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
    },
  );
  return dated.replace(/\d{1,3}(?:,\d{3})+(?!\d)/g, (n) => n.replace(/,/g, '.'));
}

interface Comparison {
  rows: number;
  matched: number;
  detailSame: number;
  fieldMismatches: string[];
  exactDetailMismatches: string[];
}

function compare(store: TraceStore, rows: Row[], locale: Locale): Comparison {
  const out: Comparison = {
    rows: rows.length,
    matched: 0,
    detailSame: 0,
    fieldMismatches: [],
    exactDetailMismatches: [],
  };
  if (rows.length === 0 || store.length === 0) return out;
  // The CSV shows local time: take the offset from the first row (whole hours).
  const offset = Math.round((timeOfDay(rows[0]['Time of Day']) - eventTimeOfDay(store, 0)) / 36e9) * 36e9;
  let i = 0;
  for (const r of rows) {
    const want = timeOfDay(r['Time of Day']);
    // Events the CSV does not have are skipped; a CSV row without an event fails the test.
    while (i < store.length) {
      const t = (((eventTimeOfDay(store, i) + offset) % DAY) + DAY) % DAY;
      if (t === want && String(store.cols.pid[i]) === r.PID && store.operation(i) === r.Operation) break;
      i++;
    }
    if (i >= store.length) break;
    out.matched++;
    const checks: [string, string][] = [
      ['Process Name', store.processName(i)],
      ['Path', store.path(i)],
      ['Result', store.result(i)],
    ];
    for (const [col, ours] of checks) {
      if (r[col] !== ours)
        out.fieldMismatches.push(
          `row ${out.matched}: ${col} csv=${JSON.stringify(r[col])} pml=${JSON.stringify(ours)}`,
        );
    }
    const detail = localize(store.detail(i), locale, offset / 36e9);
    if (detail === r.Detail) out.detailSame++;
    else if (EXACT_DETAIL.has(r.Operation)) {
      out.exactDetailMismatches.push(
        `row ${out.matched} ${r.Operation}: csv=${JSON.stringify(r.Detail.slice(0, 300))} pml=${JSON.stringify(detail.slice(0, 300))}`,
      );
    }
    i++;
  }
  return out;
}

describe('PML reader against the Procmon CSV exported from the same capture', () => {
  let rowsAll = 0;
  let sameAll = 0;
  for (const pair of PAIRS) {
    it(`${pair.name}: every CSV row is an event, Detail identical`, async () => {
      const store = await readPml(path.join(SAMPLES, `${pair.name}.PML`), { allEvents: pair.allEvents });
      const rows = readCsv(path.join(SAMPLES, `${pair.name}.CSV`));
      const c = compare(store, rows, pair.locale);
      rowsAll += c.rows;
      sameAll += c.detailSame;
      console.log(
        `${pair.name}: ${c.rows} CSV rows, ${store.length} events read (${pair.allEvents ? 'all events' : 'default filter'}), ` +
          `${c.matched} matched, Detail identical ${c.detailSame} (${((100 * c.detailSame) / c.rows).toFixed(2)}%)`,
      );
      expect(store.warnings).toEqual([]);
      expect(c.matched).toBe(c.rows);
      // Through the default filter the PML gives exactly the exported rows.
      if (!pair.allEvents) expect(store.length).toBe(c.rows);
      expect(c.fieldMismatches.slice(0, 5)).toEqual([]);
      expect(c.exactDetailMismatches.slice(0, 5)).toEqual([]);
      expect(c.detailSame / c.rows).toBeGreaterThanOrEqual(0.99);
    });
  }
  it('identical Detail overall', () => {
    const share = sameAll / rowsAll;
    console.log(`Detail identical overall: ${sameAll} of ${rowsAll} rows (${(100 * share).toFixed(2)}%)`);
    expect(rowsAll).toBeGreaterThan(16000);
    expect(share).toBeGreaterThanOrEqual(0.99);
  });
});
