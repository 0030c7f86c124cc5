/**
 * Loads any Windows log the workbench reads (text logs, SetupDiag results, Event Viewer exports,
 * EVTX, fltmc/icacls output) into a LogStore. Sniffs the content itself; opens the file read-only.
 */
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { LogSummary } from '../../../../shared/model/log';
import type { InputKind } from '../../../../shared/model/trace';
import { parseEvtxFile } from '../evtx/evtx-ingest';
import { parseEventViewerTable } from './eventviewer-table';
import { parseEventViewerXml } from './eventviewer-xml';
import { EntryCollector } from './log-entries';
import { LogStore } from './log-store';
import { parseSetupDiag } from './setupdiag';
import { decodeHead, sniffLogBytes } from './sniff-log';
import { parseTextLog } from './text-log';
import { parseFltmc, parseIcacls } from './tool-output';

export interface IngestLogProgress {
  bytesRead: number;
  bytesTotal: number;
  events: number;
}

export interface IngestLogOptions {
  onProgress?(p: IngestLogProgress): void;
  signal?: AbortSignal;
  id?: string;
  side?: 'baseline' | 'problem' | 'either';
  displayName?: string;
  /** ANSI code page for non-UTF-8 lines (e.g. 'gb18030'); by default chosen from the file's bytes. */
  ansiCodePage?: string;
  /** Skip sniffing (the caller already knows the kind). */
  kind?: InputKind;
}

export const LOG_KINDS: readonly InputKind[] = [
  'evtx',
  'eventviewer-xml',
  'eventviewer-csv',
  'eventviewer-txt',
  'cbs-log',
  'dism-log',
  'panther-log',
  'windowsupdate-log',
  'setupdiag',
  'fltmc',
  'icacls',
  'text-log',
];

const SNIFF_BYTES = 64 * 1024;

async function readHead(path: string): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

const MTA_MAGIC = 'MTAFile\0';

/** Loads one log file. Throws (with the file named) only when nothing at all can be read. */
export async function ingestLog(path: string, opts: IngestLogOptions = {}): Promise<LogStore> {
  const st = await stat(path).catch((e: unknown) => {
    throw new Error(`${path}: cannot open (${e instanceof Error ? e.message : String(e)})`);
  });
  if (st.isDirectory()) throw new Error(`${path}: is a folder, not a log file`);
  const fileName = opts.displayName ?? basename(path);
  const id = opts.id ?? `log-${fileName}`;
  const out = new EntryCollector(id, fileName, path);
  const head = await readHead(path);
  let kind: InputKind | null = opts.kind ?? null;
  let encoding: string;
  if (!kind) {
    if (head.length === 0) {
      out.warn('file', 'the file is empty (0 bytes)');
      kind = 'text-log';
    } else {
      kind = sniffLogBytes(head);
      if (!kind) {
        if (Buffer.from(head.subarray(0, 8)).toString('latin1') === MTA_MAGIC) {
          throw new Error(
            `${path}: an Event Viewer LocaleMetaData (.MTA) file holds the display strings of an exported .evtx, not events; load the .evtx it belongs to`,
          );
        }
        if (decodeHead(head) === null)
          throw new Error(`${path}: not a Windows log (binary content, offset 0)`);
        out.warn('file', 'no known log format recognised; read as plain text, one entry per line');
        kind = 'text-log';
      }
    }
  }

  const progress = opts.onProgress;
  const ctx = { signal: opts.signal, ansiCodePage: opts.ansiCodePage, onProgress: progress };
  switch (kind) {
    case 'evtx':
      encoding = (await parseEvtxFile(path, out, ctx)).encoding;
      break;
    case 'eventviewer-xml':
      encoding = (await parseEventViewerXml(path, out, ctx)).encoding;
      break;
    case 'eventviewer-csv':
    case 'eventviewer-txt':
      encoding = (await parseEventViewerTable(path, kind, out, ctx)).encoding;
      break;
    case 'setupdiag':
      encoding = (await parseSetupDiag(path, out, ctx)).encoding;
      break;
    case 'fltmc':
      encoding = (await parseFltmc(path, out, ctx)).encoding;
      break;
    case 'icacls':
      encoding = (await parseIcacls(path, out, ctx)).encoding;
      break;
    default:
      encoding = (await parseTextLog(path, kind, out, ctx)).encoding;
  }
  if (out.droppedWarnings > 0)
    out.inputWarnings.push({
      file: path,
      place: 'file',
      message: `${out.droppedWarnings} more warnings not shown`,
    });
  progress?.({ bytesRead: st.size, bytesTotal: st.size, events: out.entries.length });

  const summary: LogSummary = {
    id,
    file: path,
    fileName,
    size: st.size,
    kind,
    encoding,
    entries: out.entries.length,
    errors: out.errors,
    warnings: out.warnings,
    firstTime: out.firstTime,
    lastTime: out.lastTime,
    side: opts.side ?? 'either',
    inputWarnings: out.inputWarnings,
  };
  return new LogStore(summary, out.entries);
}
