/**
 * Decides what a file is from its content (first ~64 KiB), never from its name: a Procmon CSV / XML /
 * PML export, one of the Windows logs (via `sniffLogText`), an EVTX, a zip bundle, or something else
 * that gets a plain description ("a Procmon configuration (.PMC), not a capture").
 */
import type { SniffResult } from '../../../shared/contract';
import type { InputKind } from '../../../shared/model/trace';
import { decodeBytes, detectEncoding, readHead } from './decode';
import { procmonColumnFor, STACK_COLUMNS } from './procmon-columns';
import { sniffLogText } from './logs/sniff-log';
import { TimeOfDayParser } from './time-parse';

export const SNIFF_BYTES = 64 * 1024;

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0): boolean =>
  b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/** Binary signatures: kind when we read it, else a description for the "not a ProcMon export" message. */
const MAGIC: { sig: number[]; kind?: InputKind; looksLike: string }[] = [
  { sig: ascii('PML_'), kind: 'procmon-pml', looksLike: 'a Procmon log (.PML)' },
  { sig: [...ascii('ElfFile'), 0], kind: 'evtx', looksLike: 'a Windows event log (.evtx)' },
  { sig: [0x50, 0x4b, 0x03, 0x04], kind: 'zip', looksLike: 'a zip archive' },
  { sig: [0x50, 0x4b, 0x05, 0x06], kind: 'zip', looksLike: 'an empty zip archive' },
  { sig: ascii('%PDF'), looksLike: 'a PDF document' },
  { sig: [0x89, 0x50, 0x4e, 0x47], looksLike: 'a PNG image' },
  { sig: [0xff, 0xd8, 0xff], looksLike: 'a JPEG image' },
  { sig: ascii('MZ'), looksLike: 'a Windows program or DLL' },
  { sig: ascii('MSCF'), looksLike: 'a Windows cabinet (.cab)' },
  { sig: ascii('regf'), looksLike: 'a registry hive' },
  { sig: ascii('7z'), looksLike: 'a 7-Zip archive' },
  { sig: ascii('Rar!'), looksLike: 'a RAR archive' },
  { sig: [0x1f, 0x8b], looksLike: 'a gzip-compressed file' },
  { sig: [0xd0, 0xcf, 0x11, 0xe0], looksLike: 'an old Office document (.doc/.xls)' },
  { sig: ascii('SQLite format 3'), looksLike: 'an SQLite database' },
];

/** Procmon's configuration file: records of [size, 0x10, 0x10 + name bytes, data size, UTF-16 name] (PMC Format). */
function looksLikePmc(b: Uint8Array): boolean {
  if (b.length < 24) return false;
  const u32 = (at: number) => b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24);
  if (u32(4) !== 0x10) return false;
  const nameEnd = u32(8);
  if (nameEnd <= 0x10 || nameEnd > 0x200 || u32(0) < nameEnd) return false;
  for (let i = 16; i < Math.min(nameEnd, b.length) - 2; i += 2) {
    const c = b[i] | (b[i + 1] << 8);
    if (c === 0) break;
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return false;
  }
  return true;
}

/** Splits one CSV line into cells (quotes honoured), enough for a header or a first data row. */
export function splitCsvLine(line: string, delimiter = ','): string[] {
  const cells: string[] = [];
  let i = 0;
  const n = line.length;
  while (i <= n) {
    if (line[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) {
          v += line.slice(i);
          i = n + 1;
          break;
        }
        v += line.slice(i, q);
        if (line[q + 1] === '"') {
          v += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      cells.push(v);
      const d = line.indexOf(delimiter, i);
      i = d < 0 ? n + 1 : d + 1;
    } else {
      const d = line.indexOf(delimiter, i);
      cells.push(d < 0 ? line.slice(i) : line.slice(i, d));
      i = d < 0 ? n + 1 : d + 1;
    }
  }
  return cells;
}

/** The first line of the text, without its terminator. */
function firstLine(text: string): string {
  const nl = text.search(/\r?\n|\r/);
  return nl < 0 ? text : text.slice(0, nl);
}

/** The second record's first cell (the first row's Time of Day in a Procmon CSV). */
function firstDataTime(text: string, timeIndex: number): string {
  const nl = text.indexOf('\n');
  if (nl < 0) return '';
  const rest = text.slice(nl + 1);
  const row = splitCsvLine(firstLine(rest));
  return row[timeIndex] ?? '';
}

/** Classifies a CSV header line. */
export function sniffCsvHeader(text: string): { kind: InputKind; looksLike?: string } | null {
  const header = firstLine(text);
  if (!header.includes(',')) return null;
  const cells = splitCsvLine(header).map((c) => c.trim());
  if (cells.length === STACK_COLUMNS.length && STACK_COLUMNS.every((c, i) => cells[i] === c)) {
    return {
      kind: 'procmon-stack-csv',
      looksLike: "a Procmon stack export (one event's stack), not a trace",
    };
  }
  const known = cells.filter((c) => procmonColumnFor(c) !== null);
  const names = new Set(known.map((c) => procmonColumnFor(c)));
  const core = ['Process Name', 'Operation', 'Path', 'Result', 'Time of Day'].filter((c) =>
    names.has(c as never),
  ).length;
  if (known.length < 3 || core < 2 || known.length < cells.length / 2) return null;
  const timeIndex = cells.findIndex((c) => procmonColumnFor(c) === 'Time of Day');
  const quoted = header.trimStart().startsWith('"');
  if (timeIndex >= 0) {
    const t = firstDataTime(text, timeIndex);
    const p = new TimeOfDayParser();
    if (t !== '' && p.parse(t) && (p.parts === 2 || (!quoted && p.fracDigits < 7))) {
      return { kind: 'procmon-csv-excel', looksLike: 'a Procmon CSV re-saved by Excel' };
    }
  }
  return { kind: 'procmon-csv' };
}

function xmlRoot(text: string): string | null {
  const m =
    /^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*|<\?[^>]*\?>\s*)*<([A-Za-z_][\w:.-]*)/.exec(
      text,
    );
  return m ? m[1] : null;
}

function isBinaryText(text: string): boolean {
  let bad = 0;
  const n = Math.min(text.length, 8192);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 9 || (c > 13 && c < 32) || c === 0xfffd) && c !== 27) bad++;
  }
  return n > 0 && bad / n > 0.02;
}

/** Sniffs bytes already read (the head of a file). */
export function sniffBytes(bytes: Uint8Array): SniffResult {
  if (bytes.length === 0) return { kind: 'unknown', encoding: '', looksLike: 'an empty file' };
  for (const m of MAGIC) {
    if (startsWith(bytes, m.sig))
      return { kind: m.kind ?? 'unknown', encoding: 'binary', looksLike: m.looksLike };
  }
  if (looksLikePmc(bytes)) {
    return {
      kind: 'unknown',
      encoding: 'binary',
      looksLike: 'a Procmon configuration (.PMC), not a capture',
    };
  }
  const enc = detectEncoding(bytes);
  const text = decodeBytes(bytes, enc);
  if (isBinaryText(text)) return { kind: 'unknown', encoding: 'binary', looksLike: 'binary data, not text' };
  if (text.trim() === '') return { kind: 'unknown', encoding: enc.label, looksLike: 'an empty text file' };
  const csv = sniffCsvHeader(text);
  if (csv)
    return { kind: csv.kind, encoding: enc.label, ...(csv.looksLike ? { looksLike: csv.looksLike } : {}) };
  const root = xmlRoot(text);
  if (root && root.toLowerCase() === 'procmon') return { kind: 'procmon-xml', encoding: enc.label };
  const log = sniffLogText(text);
  if (log) return { kind: log, encoding: enc.label, looksLike: describeKind(log) };
  if (root)
    return { kind: 'unknown', encoding: enc.label, looksLike: `an XML document with root element <${root}>` };
  const header = firstLine(text);
  if (header.includes(',') && header.length < 2000) {
    const cells = splitCsvLine(header).slice(0, 6);
    return {
      kind: 'unknown',
      encoding: enc.label,
      looksLike: `a CSV file with columns ${cells.map((c) => `"${c.trim()}"`).join(', ')}${cells.length === 6 ? ', ...' : ''}`,
    };
  }
  return { kind: 'unknown', encoding: enc.label, looksLike: `a text file starting "${header.slice(0, 60)}"` };
}

/** Sniffs a file by reading only its first ~64 KiB. */
export async function sniffFile(path: string): Promise<SniffResult> {
  const { bytes } = await readHead(path, SNIFF_BYTES);
  return sniffBytes(bytes);
}

const KIND_NAMES: Record<InputKind, string> = {
  'procmon-csv': 'a Procmon CSV export',
  'procmon-csv-excel': 'a Procmon CSV re-saved by Excel',
  'procmon-stack-csv': "a Procmon stack export (one event's stack)",
  'procmon-xml': 'a Procmon XML export',
  'procmon-pml': 'a Procmon log (.PML)',
  evtx: 'a Windows event log (.evtx)',
  'eventviewer-xml': 'an Event Viewer XML export',
  'eventviewer-csv': 'an Event Viewer CSV export',
  'eventviewer-txt': 'an Event Viewer text export',
  'cbs-log': 'a CBS log (CBS.log)',
  'dism-log': 'a DISM log (dism.log)',
  'panther-log': 'a Windows Setup log (setupact.log / setuperr.log)',
  'windowsupdate-log': 'a WindowsUpdate.log',
  setupdiag: 'a SetupDiag report',
  fltmc: 'fltmc output (filter driver list)',
  icacls: 'icacls output (permissions)',
  'text-log': 'a text log',
  zip: 'a zip archive',
  unknown: 'a file of unknown kind',
};

/** A short human name for a kind ("a CBS log (CBS.log)"). */
export function describeKind(kind: InputKind): string {
  return KIND_NAMES[kind];
}

/** Kinds this module reads as traces. */
export const TRACE_KINDS: ReadonlySet<InputKind> = new Set([
  'procmon-csv',
  'procmon-csv-excel',
  'procmon-xml',
  'procmon-pml',
]);

/** Kinds read by the log readers (electron/engine/ingest/logs). */
export function isLogKind(kind: InputKind): boolean {
  return !kind.startsWith('procmon-') && kind !== 'zip' && kind !== 'unknown';
}
