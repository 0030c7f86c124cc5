/**
 * Reads Procmon CSV exports (procmon.md §1) into the columnar TraceStore: streamed (never the whole
 * file in memory), columns mapped by header name in any order, locale time forms, the Excel re-saved
 * variant (with a warning), and bad rows skipped with a warning naming the line. Also reads the
 * single-event stack export (`"Frame","Module","Location","Address","Path"`) as a list of frames.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { SniffResult } from '../../../shared/contract';
import {
  formatTime,
  TraceStoreBuilder,
  type EventIdsInput,
  type TraceMeta,
  type TraceStore,
} from '../store/trace-store';
import type { StringTable } from '../store/string-table';
import { ColumnIds } from './column-ids';
import { streamCsv, type CsvChunk } from './csv-chunks';
import { CsvProcessTable } from './csv-processes';
import { encodingFromLabel, readTextChunks } from './decode';
import type { IngestOptions } from './ingest-options';
import { CORE_COLUMNS, eventClassForOperation, procmonColumnFor } from './procmon-columns';
import { parseIntFast, parseLocaleNumber, ProcmonClock } from './time-parse';

function fieldList(cells: readonly string[]): string {
  const shown = cells.slice(0, 8).map((c) => `"${c}"`);
  return shown.join(', ') + (cells.length > 8 ? ', ...' : '');
}

/** Turns CSV records into store events. One instance per file. */
class CsvEventSink {
  private header: string[] | null = null;
  private ncols = 0;
  private iTime = -1;
  private iProcess = -1;
  private iPid = -1;
  private iOperation = -1;
  private iPath = -1;
  private iResult = -1;
  private iDetail = -1;
  private iDuration = -1;
  private iTid = -1;
  private iClass = -1;
  private iDate = -1;
  private extras: { index: number; name: string; ids: ColumnIds }[] = [];
  private readonly ids: Record<
    'process' | 'operation' | 'path' | 'result' | 'detail' | 'eventClass',
    ColumnIds
  >;
  /** Reused for every row so pushing allocates nothing. */
  private readonly ev: EventIdsInput = {
    timeSec: 0,
    timeFrac: 0,
    process: 0,
    pid: 0,
    tid: 0,
    operation: 0,
    path: 0,
    result: 0,
    detail: 0,
    duration: NaN,
    eventClass: 0,
    processIndex: -1,
  };
  private clock: ProcmonClock | null = null;
  private processes: CsvProcessTable | null = null;
  private readonly classByOperation = new Map<number, number>();
  private badTimes = 0;
  private excelWarned = false;
  private readonly strings: StringTable;

  constructor(
    readonly builder: TraceStoreBuilder,
    private readonly excel: boolean,
  ) {
    this.strings = builder.strings;
    const t = this.strings;
    this.ids = {
      process: new ColumnIds(t),
      operation: new ColumnIds(t),
      path: new ColumnIds(t),
      result: new ColumnIds(t),
      detail: new ColumnIds(t),
      eventClass: new ColumnIds(t),
    };
  }

  get events(): number {
    return this.builder.length;
  }

  private setHeader(cells: string[], line: number): void {
    const header = cells.map((c) => c.replace(/^\uFEFF/, '').trim());
    const seen = new Set<string>();
    const col = (name: string): number => header.findIndex((h) => procmonColumnFor(h) === name);
    this.iTime = col('Time of Day');
    this.iProcess = col('Process Name');
    this.iPid = col('PID');
    this.iOperation = col('Operation');
    this.iPath = col('Path');
    this.iResult = col('Result');
    this.iDetail = col('Detail');
    this.iDuration = col('Duration');
    this.iTid = col('TID');
    this.iClass = col('Event Class');
    this.iDate = col('Date & Time');
    const known = header.filter((h) => procmonColumnFor(h) !== null).length;
    if (known < 3 || (this.iOperation < 0 && this.iProcess < 0)) {
      throw new Error(
        `${this.builder.meta.fileName}, line ${line}: expected a Procmon CSV header ("Time of Day","Process Name","PID","Operation","Path","Result","Detail"), found ${fieldList(header)}`,
      );
    }
    header.forEach((h, index) => {
      const canonical = procmonColumnFor(h) ?? h;
      if (seen.has(canonical)) {
        this.builder.warn(`line ${line}`, `column "${h}" appears twice; the first one is used`);
        return;
      }
      seen.add(canonical);
      if (!CORE_COLUMNS.has(canonical))
        this.extras.push({ index, name: canonical, ids: new ColumnIds(this.strings) });
    });
    this.header = header;
    this.ncols = header.length;
    this.builder.meta.columns = header.map((h) => procmonColumnFor(h) ?? h);
    this.builder.meta.timeIsAbsolute = this.iDate >= 0;
    this.clock = new ProcmonClock(this.iDate >= 0);
    const idx = (name: string): number => col(name);
    this.processes = new CsvProcessTable(this.builder, {
      imagePath: idx('Image Path'),
      commandLine: idx('Command Line'),
      parentPid: idx('Parent PID'),
      user: idx('User'),
      integrity: idx('Integrity'),
      company: idx('Company'),
      description: idx('Description'),
      version: idx('Version'),
      architecture: idx('Architecture'),
    });
    if (this.iTime < 0) this.builder.warn(`line ${line}`, 'no "Time of Day" column: events have no times');
  }

  /** Handles one parsed chunk of records. */
  onChunk(chunk: CsvChunk): void {
    const { rows, unterminated } = chunk;
    let extraLines = 0;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      const line = chunk.lineBase + r + extraLines;
      if (this.header === null) {
        if (row.length === 1 && row[0].trim() === '') continue;
        this.setHeader(row, line);
        continue;
      }
      if (unterminated.has(r)) {
        this.builder.warn(
          `line ${line}`,
          'a quoted field is never closed (the file ends inside it, probably truncated); row skipped',
        );
        continue;
      }
      if (row.length !== this.ncols) {
        if (row.length === 1 && row[0] === '') continue; // blank line
        this.builder.warn(
          `line ${line}`,
          `expected ${this.ncols} fields (${fieldList(this.header)}), found ${row.length}; row skipped`,
        );
        extraLines += countEmbeddedLf(row);
        continue;
      }
      this.pushRow(row, line);
      if (this.iDetail >= 0 && row[this.iDetail].indexOf('\n') >= 0) extraLines += countEmbeddedLf(row);
    }
  }

  private pushRow(row: string[], line: number): void {
    const b = this.builder;
    const clock = this.clock!;
    const ids = this.ids;
    const ev = this.ev;
    if (this.iTime >= 0) {
      const status = clock.update(row[this.iTime], this.iDate >= 0 ? row[this.iDate] : null);
      if (status !== 'ok') this.badTime(line, status, row);
      else if ((this.excel || clock.hourless) && !this.excelWarned) this.warnExcel(line, row[this.iTime]);
    }
    ev.timeSec = clock.sec;
    ev.timeFrac = clock.frac;
    const process = this.iProcess >= 0 ? row[this.iProcess] : '';
    ev.process = ids.process.id(process);
    ev.operation = this.iOperation >= 0 ? ids.operation.id(row[this.iOperation]) : 0;
    let pid = this.iPid >= 0 ? parseIntFast(row[this.iPid]) : -1;
    if (Number.isNaN(pid)) {
      b.warn(`line ${line}`, `PID "${row[this.iPid]}" is not a number`);
      pid = -1;
    }
    ev.pid = pid;
    const tid = this.iTid >= 0 ? parseIntFast(row[this.iTid]) : 0;
    ev.tid = Number.isNaN(tid) ? 0 : tid;
    let duration = NaN;
    if (this.iDuration >= 0) {
      const d = row[this.iDuration];
      if (d !== '') duration = d.indexOf(',') >= 0 ? parseLocaleNumber(d, true) : Number(d);
    }
    ev.duration = duration;
    if (this.iClass >= 0) ev.eventClass = ids.eventClass.id(row[this.iClass]);
    else {
      let c = this.classByOperation.get(ev.operation);
      if (c === undefined) {
        c = this.strings.intern(eventClassForOperation(this.strings.values[ev.operation]));
        this.classByOperation.set(ev.operation, c);
      }
      ev.eventClass = c;
    }
    ev.path = this.iPath >= 0 ? ids.path.id(row[this.iPath]) : 0;
    ev.result = this.iResult >= 0 ? ids.result.id(row[this.iResult]) : 0;
    ev.detail = this.iDetail >= 0 ? ids.detail.id(row[this.iDetail]) : 0;
    ev.processIndex = this.processes!.indexFor(pid, ev.process, row);
    const seq = b.pushIds(ev);
    const extras = this.extras;
    for (let k = 0; k < extras.length; k++) {
      const v = row[extras[k].index];
      if (v !== '') b.setExtraId(seq, extras[k].name, extras[k].ids.id(v));
    }
    const op = this.strings.values[ev.operation];
    if (op === 'Process Start' || op === 'Process Exit') {
      this.processes!.noteProcessEvent(
        ev.processIndex,
        op,
        this.strings.values[ev.detail],
        formatTime(b.meta.timeIsAbsolute, clock.sec, clock.frac, false),
      );
    }
  }

  private badTime(line: number, status: 'bad-time' | 'bad-date', row: string[]): void {
    this.badTimes++;
    if (status === 'bad-time') {
      this.builder.warn(
        `line ${line}`,
        `Time of Day "${row[this.iTime].slice(0, 40)}" is not a time (expected h:mm:ss.fffffff); the previous event's time is used`,
      );
    } else {
      this.builder.warn(
        `line ${line}`,
        `Date & Time "${row[this.iDate].slice(0, 40)}" is not a date; the previous event's date is used`,
      );
    }
  }

  private warnExcel(line: number, sample: string): void {
    this.excelWarned = true;
    this.builder.warn(
      `line ${line}`,
      `this CSV was re-saved by Excel: Time of Day lost its hour and most of its fraction ("${sample}"); ` +
        'events keep the file order, hours are reconstructed, and order within 100 ms is lost',
    );
  }

  finish(): void {
    if (this.header === null) {
      throw new Error(
        `${this.builder.meta.fileName}, line 1: the file is empty (expected a Procmon CSV header)`,
      );
    }
    if (this.builder.length === 0 && this.builder.warningCount === 0) {
      this.builder.warn('line 2', 'the file has a header but no events');
    }
  }
}

function countEmbeddedLf(row: readonly string[]): number {
  let n = 0;
  for (const cell of row) {
    let i = cell.indexOf('\n');
    while (i >= 0) {
      n++;
      i = cell.indexOf('\n', i + 1);
    }
  }
  return n;
}

/** Builds the meta every reader starts from. */
export function newTraceMeta(path: string, size: number, sniff: SniffResult, opts: IngestOptions): TraceMeta {
  return {
    file: path,
    fileName: opts.displayName ?? basename(path),
    size,
    kind: sniff.kind,
    encoding: sniff.encoding,
    timeIsAbsolute: false,
    columns: [],
    computerName: '',
    osVersion: '',
  };
}

/** Reads a Procmon CSV export (raw or Excel re-saved) into a TraceStore. */
export async function readProcmonCsv(
  path: string,
  sniff: SniffResult,
  opts: IngestOptions = {},
): Promise<TraceStore> {
  const { size } = await stat(path);
  const builder = new TraceStoreBuilder(newTraceMeta(path, size, sniff, opts));
  const sink = new CsvEventSink(builder, sniff.kind === 'procmon-csv-excel');
  let bytesRead = 0;
  let replacementWarned = false;
  const chunks = readTextChunks(path, {
    encoding: encodingFromLabel(sniff.encoding),
    signal: opts.signal,
    onBytes: (n) => {
      bytesRead = n;
    },
  });
  const checked = (async function* () {
    for await (const text of chunks) {
      if (!replacementWarned && text.indexOf('\uFFFD') >= 0) {
        replacementWarned = true;
        builder.warn(
          `byte ${bytesRead}`,
          `some bytes are not valid ${sniff.encoding} and are shown as \uFFFD`,
        );
      }
      yield text;
      opts.onProgress?.({ bytesRead, bytesTotal: size, events: sink.events });
    }
  })();
  await streamCsv(checked, (chunk) => sink.onChunk(chunk));
  sink.finish();
  opts.onProgress?.({ bytesRead: size, bytesTotal: size, events: sink.events });
  return builder.finish();
}
