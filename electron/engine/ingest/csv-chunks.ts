/**
 * Streams RFC-4180 CSV records out of decoded text chunks with papaparse's parser core. We drive the
 * chunking ourselves (rather than Papa.parse on a Node stream) to keep three things under control:
 * the newline is fixed from the header line, so the lone CRs Procmon writes inside quoted Environment
 * details (procmon.md §1.1) stay inside their field; an unfinished record is re-parsed with at least as
 * much new text as it already holds, so a field that never closes costs linear, not quadratic, time;
 * and every chunk knows the line it starts on, so warnings can name a line.
 */
import Papa from 'papaparse';

export type CsvNewline = '\r\n' | '\n' | '\r';

export interface CsvChunk {
  /** Records parsed from this chunk (the header is the first record of the first chunk). */
  rows: string[][];
  /** 0-based index of rows[0] among all records of the file. */
  recordBase: number;
  /** 1-based line number where rows[0] starts (counting LF, as editors do). */
  lineBase: number;
  /** Rows whose last field lacked a closing quote at the end of the file. */
  unterminated: Set<number>;
}

export interface CsvStreamResult {
  records: number;
  newline: CsvNewline;
}

/** Detects the record separator from the first line (the header): CRLF, LF or a lone CR. */
export function detectNewline(text: string): CsvNewline | null {
  // The header's cells never contain a line break, so the first break ends it.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return '\n';
    if (c === 13) {
      if (i + 1 >= text.length) return null; // need one more char to tell CRLF from CR
      return text.charCodeAt(i + 1) === 10 ? '\r\n' : '\r';
    }
  }
  return null;
}

/** Most text handed to papaparse at once (characters). */
const PARSE_SLICE = 64 * 1024;

function countLf(text: string, end: number): number {
  let n = 0;
  let i = text.indexOf('\n');
  while (i >= 0 && i < end) {
    n++;
    i = text.indexOf('\n', i + 1);
  }
  return n;
}

/**
 * Calls `onChunk` for each batch of records. `onChunk` may return false to stop early. Text chunks
 * come from `readTextChunks` (or any async iterable of strings).
 */
export async function streamCsv(
  chunks: AsyncIterable<string>,
  onChunk: (chunk: CsvChunk) => boolean | void,
  opts: {
    newline?: CsvNewline;
    delimiter?: string;
    /** Where the text starts in a file read partly by other means (default: record 0, line 1). */
    recordBase?: number;
    lineBase?: number;
  } = {},
): Promise<CsvStreamResult> {
  let newline: CsvNewline | null = opts.newline ?? null;
  let parser: Papa.Parser | null = null;
  let pending = '';
  let pendingFresh = 0; // chars appended since the last parse
  let lastPartial = 0; // length of the unfinished record after the last parse
  let recordBase = opts.recordBase ?? 0;
  let lineBase = opts.lineBase ?? 1;
  let stopped = false;

  const run = (final: boolean): void => {
    if (!parser) {
      newline = newline ?? detectNewline(pending) ?? '\r\n';
      parser = new Papa.Parser({ delimiter: opts.delimiter ?? ',', newline, quoteChar: '"' });
    }
    const res = parser.parse(pending, 0, !final) as {
      data: string[][];
      errors: { code: string; row: number }[];
      meta: { cursor: number };
    };
    const unterminated = new Set<number>();
    for (const e of res.errors) if (e.code === 'MissingQuotes') unterminated.add(e.row);
    const cursor = final ? pending.length : res.meta.cursor;
    if (res.data.length > 0) {
      if (onChunk({ rows: res.data, recordBase, lineBase, unterminated }) === false) stopped = true;
    }
    recordBase += res.data.length;
    lineBase += countLf(pending, cursor);
    pending = final ? '' : pending.slice(cursor);
    lastPartial = pending.length;
    pendingFresh = 0;
  };

  for await (const chunk of chunks) {
    // Parsed in slices: papaparse makes a row per empty line, and a megabyte of them held at once
    // took about 200 bytes per line (fuzzing: 419 MiB for a 2 MB file of blank lines).
    for (let at = 0; at < chunk.length && !stopped; at += PARSE_SLICE) {
      const text = chunk.length <= PARSE_SLICE ? chunk : chunk.slice(at, at + PARSE_SLICE);
      pending += text;
      pendingFresh += text.length;
      // Parse only once the new text is at least as long as the unfinished record carried over.
      if (pendingFresh < lastPartial) continue;
      if (!newline && !opts.newline && detectNewline(pending) === null) continue;
      run(false);
    }
    if (stopped) break;
  }
  if (!stopped && pending.length > 0) run(true);
  return { records: recordBase, newline: newline ?? '\r\n' };
}
