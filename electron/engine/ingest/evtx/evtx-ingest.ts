/** Loads an .evtx file into log entries (one per event record). */
import { stat } from 'node:fs/promises';
import type { EntryCollector } from '../logs/log-entries';
import { eventToDraft } from './event-record';
import { readEvtxRecords } from './evtx-file';

export async function parseEvtxFile(
  path: string,
  out: EntryCollector,
  ctx: {
    signal?: AbortSignal;
    onProgress?(p: { bytesRead: number; bytesTotal: number; events: number }): void;
  },
): Promise<{ encoding: string }> {
  const size = (await stat(path)).size;
  let bytes = 0;
  for await (const records of readEvtxRecords(path, out, { signal: ctx.signal })) {
    for (const r of records) out.add(eventToDraft(r));
    bytes = Math.min(size, bytes + 65536);
    ctx.onProgress?.({ bytesRead: bytes, bytesTotal: size, events: out.entries.length });
  }
  if (size > 0 && out.entries.length === 0) out.warn('file', 'no event records found');
  // EVTX strings are UTF-16LE whatever the machine's locale (winlogs.md §0.4).
  return { encoding: 'UTF-16LE (EVTX)' };
}
