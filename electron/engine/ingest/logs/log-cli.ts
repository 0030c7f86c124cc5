/**
 * `tracediff inspect` and `tracediff convert` for log files. JSONL output is one JSON object per
 * entry; event-log entries (EVTX, Event Viewer exports) carry recordId, timeCreated (ISO 8601
 * UTC), provider, eventId, level, computer, channel and data (EventData/UserData name -> value).
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { LogEntry } from '../../../../shared/model/log';
import type { InputKind } from '../../../../shared/model/trace';
import type { CliIo } from '../../../cli/cli-io';
import { ingestLog } from './ingest-log';
import type { LogStore } from './log-store';

const EVENT_KINDS = new Set<string>(['evtx', 'eventviewer-xml', 'eventviewer-csv', 'eventviewer-txt']);

/** Splits LogEntry.data into the event's System fields ('@' keys) and its own values. */
function splitData(data: Record<string, string> | undefined): {
  sys: Record<string, string>;
  own: Record<string, string>;
} {
  const sys: Record<string, string> = {};
  const own: Record<string, string> = {};
  for (const [k, v] of Object.entries(data ?? {})) {
    if (k.startsWith('@')) sys[k.slice(1)] = v;
    else own[k] = v;
  }
  return { sys, own };
}

/** The JSONL object for one entry. */
export function entryJson(e: LogEntry, kind: string): Record<string, unknown> {
  if (EVENT_KINDS.has(kind)) {
    const { sys, own } = splitData(e.data);
    const obj: Record<string, unknown> = {
      recordId: sys.RecordId !== undefined ? Number(sys.RecordId) : e.line,
      timeCreated: e.time,
      provider: sys.Provider ?? e.component,
      eventId: e.eventId,
      level: e.level,
      levelValue: sys.Level !== undefined ? Number(sys.Level) : undefined,
      computer: sys.Computer ?? own.computer ?? '',
      channel: sys.Channel ?? own.channel ?? '',
      providerGuid: sys.ProviderGuid,
      qualifiers: sys.Qualifiers !== undefined ? Number(sys.Qualifiers) : undefined,
      task: sys.Task !== undefined ? Number(sys.Task) : undefined,
      opcode: sys.Opcode !== undefined ? Number(sys.Opcode) : undefined,
      keywords: sys.Keywords,
      userId: sys.UserId,
      data: own,
      message: e.message,
      messageZh: e.messageZh,
      codes: e.codes,
      paths: e.paths,
    };
    return obj;
  }
  return {
    line: e.line,
    time: e.time,
    level: e.level,
    component: e.component,
    message: e.message,
    codes: e.codes,
    paths: e.paths,
    eventId: e.eventId,
    data: e.data,
    raw: e.raw,
  };
}

function describe(store: LogStore): string {
  const s = store.summary;
  const lines = [
    `File      ${s.file}`,
    `Kind      ${s.kind}`,
    `Encoding  ${s.encoding}`,
    `Size      ${s.size.toLocaleString('en-US')} bytes`,
    `Entries   ${s.entries.toLocaleString('en-US')} (${s.errors} errors, ${s.warnings} warnings)`,
    `Time      ${s.firstTime || '-'} .. ${s.lastTime || '-'}`,
  ];
  const codes = new Map<string, number>();
  for (const e of store.entries) for (const c of e.codes) codes.set(c, (codes.get(c) ?? 0) + 1);
  const top = [...codes].sort((a, b) => b[1] - a[1]).slice(0, 8);
  if (top.length > 0) lines.push(`Codes     ${top.map(([c, n]) => `${c} x${n}`).join(', ')}`);
  lines.push(`Warnings  ${s.inputWarnings.length}`);
  for (const w of s.inputWarnings.slice(0, 20)) lines.push(`  ${w.place}: ${w.message}`);
  if (s.inputWarnings.length > 20) lines.push(`  ... ${s.inputWarnings.length - 20} more`);
  return `${lines.join('\n')}\n`;
}

/** Prints kind, encoding, entry counts, time range, top codes and warnings. Returns the exit code. */
export async function inspectLog(path: string, io: CliIo): Promise<number>;
export async function inspectLog(path: string, kind: InputKind, io: CliIo): Promise<number>;
export async function inspectLog(path: string, a: CliIo | InputKind, b?: CliIo): Promise<number> {
  const io = typeof a === 'string' ? (b as CliIo) : a;
  const kind = typeof a === 'string' ? a : undefined;
  try {
    const store = await ingestLog(path, { kind });
    io.out(describe(store));
    return 0;
  } catch (e) {
    io.err(`${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

const CSV_COLUMNS = ['line', 'time', 'level', 'component', 'eventId', 'codes', 'paths', 'message'] as const;
const csvCell = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

async function writeLines(out: string, lines: Iterable<string>): Promise<void> {
  const ws = createWriteStream(out, { encoding: 'utf8' });
  const failed = new Promise<never>((_, reject) => ws.once('error', reject));
  for (const l of lines) {
    if (!ws.write(l)) await Promise.race([once(ws, 'drain'), failed]);
  }
  ws.end();
  await Promise.race([once(ws, 'finish'), failed]);
}

/** Writes one JSON object per entry (or CSV rows) to `out`. Returns the exit code. */
export async function convertLog(path: string, to: 'jsonl' | 'csv', out: string, io: CliIo): Promise<number>;
export async function convertLog(
  path: string,
  kind: InputKind,
  opts: { to: 'csv' | 'jsonl'; out: string },
  io: CliIo,
): Promise<number>;
export async function convertLog(
  path: string,
  a: string,
  b: string | { to: 'csv' | 'jsonl'; out: string },
  io: CliIo,
): Promise<number> {
  const byOpts = typeof b !== 'string';
  const to = byOpts ? b.to : (a as 'jsonl' | 'csv');
  const out = byOpts ? b.out : b;
  const kind = byOpts ? (a as InputKind) : undefined;
  if (to !== 'jsonl' && to !== 'csv') {
    io.err(`convert: unsupported output format '${String(to)}' for a log (use jsonl or csv)\n`);
    return 2;
  }
  let store: LogStore;
  try {
    store = await ingestLog(path, { kind });
  } catch (e) {
    io.err(`${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  const k = store.summary.kind;
  function* jsonl(): Generator<string> {
    for (const e of store.entries) yield `${JSON.stringify(entryJson(e, k))}\n`;
  }
  function* csv(): Generator<string> {
    yield `\ufeff${CSV_COLUMNS.join(',')}\r\n`;
    for (const e of store.entries) {
      const cells = [
        String(e.line),
        e.time,
        e.level,
        e.component,
        e.eventId === undefined ? '' : String(e.eventId),
        e.codes.join(' '),
        e.paths.join(' | '),
        e.message,
      ];
      yield `${cells.map(csvCell).join(',')}\r\n`;
    }
  }
  try {
    await writeLines(out, to === 'jsonl' ? jsonl() : csv());
  } catch (e) {
    io.err(`${out}: cannot write (${e instanceof Error ? e.message : String(e)})\n`);
    return 1;
  }
  io.out(
    `${store.entries.length} entries written to ${out} (${k}, ${store.summary.inputWarnings.length} warnings)\n`,
  );
  return 0;
}
