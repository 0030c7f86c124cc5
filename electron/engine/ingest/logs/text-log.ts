/**
 * Streaming reader for the line-oriented logs: CBS.log/CbsPersist, dism.log, Panther
 * setupact/setuperr/setupact_rollback, WindowsUpdate.log and any timestamped text. A line that
 * does not start a record continues the one before it (CBS bare-LF CSI blocks, Panther lines
 * indented to column 35), except DISM's WIMGAPI trace lines, which are records of their own.
 */
import type { LogLevel } from '../../../../shared/model/log';
import type { InputKind } from '../../../../shared/model/trace';
import type { EntryCollector } from './log-entries';
import { LineDecoder } from './line-decoder';
import { readTextLines, type ReadState } from './line-reader';
import {
  parseGenericHead,
  parseServicingHead,
  parseWimTrace,
  parseWindowsUpdateHead,
  windowsUpdateLevel,
  type LineHead,
} from './text-grammar';

export interface TextParseContext {
  signal?: AbortSignal;
  ansiCodePage?: string;
  maxLineBytes?: number;
  onProgress?(p: { bytesRead: number; bytesTotal: number; events: number }): void;
}

export interface TextParseResult {
  encoding: string;
  bytesTotal: number;
}

/** Records longer than this many lines are split so one runaway block cannot grow without end. */
const MAX_RECORD_LINES = 5000;

function headParser(kind: InputKind): (line: string) => LineHead | null {
  switch (kind) {
    case 'cbs-log':
    case 'panther-log':
      return parseServicingHead;
    case 'dism-log':
      return (line) => parseServicingHead(line) ?? parseWimTrace(line);
    case 'windowsupdate-log':
      return parseWindowsUpdateHead;
    default:
      return (line) => parseServicingHead(line) ?? parseWindowsUpdateHead(line) ?? parseGenericHead(line);
  }
}

interface OpenRecord {
  head: LineHead;
  line: number;
  time: string;
  raw: string[];
  extra: string[];
}

export async function parseTextLog(
  path: string,
  kind: InputKind,
  out: EntryCollector,
  ctx: TextParseContext,
): Promise<TextParseResult> {
  const decoder = new LineDecoder(ctx.ansiCodePage);
  const state: ReadState = { bom: null, utf16: null, bytesRead: 0, bytesTotal: 0 };
  const parse = headParser(kind);
  let cur: OpenRecord | null = null;
  let lastTime = '';
  let sawHead = false;
  let undecodedEtl = 0;

  const flush = (): void => {
    if (!cur) return;
    const { head } = cur;
    const message = cur.extra.length > 0 ? `${head.message}\n${cur.extra.join('\n')}` : head.message;
    let level: LogLevel = head.level ?? 'info';
    if (head.level === null && kind === 'windowsupdate-log') level = windowsUpdateLevel(message);
    out.add({
      line: cur.line,
      time: cur.time,
      level,
      component: head.component,
      message,
      raw: cur.raw.join('\n'),
      data: head.data,
    });
    cur = null;
  };

  for await (const batch of readTextLines(path, {
    decoder,
    state,
    signal: ctx.signal,
    maxLineBytes: ctx.maxLineBytes,
    warn: (place, message) => out.warn(place, message),
  })) {
    for (const l of batch) {
      const text = l.text;
      if (text.trim() === '') continue;
      const head = parse(text);
      if (head) {
        flush();
        sawHead = true;
        const time = head.inheritTime ? lastTime : head.time;
        if (head.time) lastTime = head.time;
        if (
          kind === 'windowsupdate-log' &&
          /No Format Information found|^Unknown\(/.test(`${head.component} ${head.message}`)
        ) {
          undecodedEtl++;
        }
        cur = { head, line: l.line, time, raw: [text], extra: [] };
      } else if (cur && sawHead) {
        cur.raw.push(text);
        cur.extra.push(text.trim());
        if (cur.raw.length >= MAX_RECORD_LINES) {
          const continued: OpenRecord = {
            head: { ...cur.head, message: `${cur.head.message} (continued)` },
            line: l.line + 1,
            time: cur.time,
            raw: [],
            extra: [],
          };
          out.warn(
            `line ${cur.line}`,
            `record has more than ${MAX_RECORD_LINES} continuation lines; split into several entries`,
          );
          flush();
          cur = continued;
        }
      } else {
        // No record has started (plain text, or lines before the first header): each line stands alone.
        flush();
        cur = {
          head: { time: '', level: null, component: '', message: text.trim() },
          line: l.line,
          time: '',
          raw: [text],
          extra: [],
        };
        flush();
      }
    }
    ctx.onProgress?.({
      bytesRead: state.bytesRead,
      bytesTotal: state.bytesTotal,
      events: out.entries.length,
    });
  }
  flush();
  if (undecodedEtl > 0) {
    out.warn(
      'file',
      `${undecodedEtl} lines say "No Format Information found": Get-WindowsUpdateLog ran without symbols, so these events were not decoded`,
    );
  }
  if (state.bytesTotal > 0 && out.entries.length === 0) out.warn('file', 'no log records found in this file');
  const encoding = state.utf16
    ? state.utf16 === 'utf-16le'
      ? 'UTF-16LE'
      : 'UTF-16BE'
    : decoder.describe(state.bom);
  return { encoding, bytesTotal: state.bytesTotal };
}
