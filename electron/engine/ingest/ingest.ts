/**
 * The one entry point that turns a trace file into a TraceStore: sniffs the content, dispatches to
 * the CSV, XML or PML reader, and refuses anything else with a message that names the file and says
 * what it looks like. Cancellation goes through `opts.signal`; the readers stop at their next read.
 */
import { basename } from 'node:path';
import type { SniffResult } from '../../../shared/contract';
import type { TraceStore } from '../store/trace-store';
import type { IngestOptions } from './ingest-options';
import { readPml } from './pml/read-pml';
import { readProcmonCsv } from './procmon-csv';
import { readProcmonXml } from './procmon-xml';
import { describeKind, sniffFile } from './sniff';

export type { IngestOptions, IngestProgress } from './ingest-options';

/** Sniffs a file, turning an unreadable one into a message that names it. */
export async function sniffInput(path: string, displayName?: string): Promise<SniffResult> {
  try {
    return await sniffFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a folder, not a file'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : e instanceof Error
              ? e.message
              : String(e);
    throw new Error(`${displayName ?? path}: cannot read the file (${why})`, { cause: e });
  }
}

/** The message for a file that is not a trace this tool reads. */
export function notATraceMessage(name: string, sniff: SniffResult): string {
  if (sniff.kind === 'procmon-stack-csv') {
    return `${name}: this is a Procmon stack export (the stack of a single event), not a trace; export the events with File > Save > CSV`;
  }
  const looks = sniff.looksLike ?? describeKind(sniff.kind);
  if (/, not a /.test(looks)) return `${name}: this is ${looks}`;
  return `${name} is not a ProcMon export (CSV, XML or PML); it looks like ${looks}`;
}

/** Reads a Procmon capture (CSV, XML or PML) into a TraceStore. */
export async function ingestTrace(path: string, opts: IngestOptions = {}): Promise<TraceStore> {
  const name = opts.displayName ?? basename(path);
  const sniff = await sniffInput(path, name);
  if (opts.signal?.aborted) {
    const e = new Error('Reading was cancelled');
    e.name = 'AbortError';
    throw e;
  }
  switch (sniff.kind) {
    case 'procmon-csv':
    case 'procmon-csv-excel':
      return readProcmonCsv(path, sniff, opts);
    case 'procmon-xml':
      return readProcmonXml(path, sniff, opts);
    case 'procmon-pml':
      return readPml(path, opts);
    default:
      throw new Error(notATraceMessage(name, sniff));
  }
}
