/**
 * Writes a TraceStore out as a Procmon-compatible CSV (the 7 default columns, every field quoted with
 * `"` doubled, UTF-8 BOM, CRLF rows, en-US `h:mm:ss.fffffff AM/PM` times: what Procmon itself writes,
 * procmon.md §1.1-§1.2) or as JSON Lines. Output is streamed in batches with backpressure, written to
 * a temporary file and renamed into place, so a failed export never leaves a half file under the name.
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { TraceStore } from '../store/trace-store';
import { DEFAULT_COLUMNS } from './procmon-columns';
import { formatProcmonTimeOfDay, SECONDS_PER_DAY } from './time-parse';

export type ExportFormat = 'csv' | 'jsonl';

const csvField = (s: string): string => `"${s.indexOf('"') >= 0 ? s.replace(/"/g, '""') : s}"`;

/** One event as a Procmon CSV row (7 default columns), CRLF-terminated. */
export function procmonCsvRow(store: TraceStore, seq: number): string {
  const c = store.cols;
  return (
    [
      csvField(formatProcmonTimeOfDay(c.timeSec[seq], c.timeFrac[seq])),
      csvField(store.processName(seq)),
      csvField(String(c.pid[seq])),
      csvField(store.operation(seq)),
      csvField(store.path(seq)),
      csvField(store.result(seq)),
      csvField(store.detail(seq)),
    ].join(',') + '\r\n'
  );
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/** One event as a JSON object (the JSONL export). */
export function eventJson(store: TraceStore, seq: number): Record<string, unknown> {
  const c = store.cols;
  const row = store.row(seq);
  const out: Record<string, unknown> = { seq, time: row.time };
  if (!store.meta.timeIsAbsolute) {
    const sec = c.timeSec[seq];
    const day = Math.floor(sec / SECONDS_PER_DAY);
    const s = sec - day * SECONDS_PER_DAY;
    out.time = `${pad(Math.floor(s / 3600), 2)}:${pad(Math.floor((s % 3600) / 60), 2)}:${pad(s % 60, 2)}.${pad(c.timeFrac[seq], 7)}`;
    if (day > 0) out.day = day;
  }
  Object.assign(out, {
    process: row.process,
    pid: row.pid,
    tid: row.tid,
    operation: row.operation,
    path: row.path,
    result: row.result,
    resultClass: row.resultClass,
    detail: row.detail,
    duration: row.duration,
    eventClass: row.eventClass,
  });
  const p = c.processIndex[seq] >= 0 ? store.processes[c.processIndex[seq]] : undefined;
  if (p?.imagePath) out.imagePath = p.imagePath;
  if (row.extra) out.extra = row.extra;
  const stack = store.stack(seq);
  if (stack.length > 0) out.stack = stack;
  return out;
}

/** Streams `store` to `outPath` in the given format; resolves with the number of events written. */
export async function exportTrace(
  store: TraceStore,
  format: ExportFormat,
  outPath: string,
  opts: { signal?: AbortSignal } = {},
): Promise<number> {
  const tmp = `${outPath}.partial-${process.pid}`;
  const out = createWriteStream(tmp);
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => {}); // observed through the races below
  const write = async (s: string): Promise<void> => {
    if (!out.write(s))
      await Promise.race([new Promise<void>((res) => out.once('drain', () => res())), failed]);
  };
  try {
    let batch = format === 'csv' ? '\uFEFF' + DEFAULT_COLUMNS.map((h) => csvField(h)).join(',') + '\r\n' : '';
    for (let seq = 0; seq < store.length; seq++) {
      batch += format === 'csv' ? procmonCsvRow(store, seq) : JSON.stringify(eventJson(store, seq)) + '\n';
      if (batch.length >= 1 << 16) {
        if (opts.signal?.aborted) throw new Error('Export was cancelled');
        await write(batch);
        batch = '';
      }
    }
    if (batch) await write(batch);
    await Promise.race([new Promise<void>((res) => out.end(() => res())), failed]);
    await rename(tmp, outPath);
    return store.length;
  } catch (e) {
    out.destroy();
    await rm(tmp, { force: true });
    throw e;
  }
}
