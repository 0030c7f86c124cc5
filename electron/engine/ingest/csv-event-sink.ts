/**
 * Turns Procmon CSV records (procmon.md §1) into store events: columns mapped by header name in any
 * order, locale time forms, the Excel re-saved variant (with a warning), bad rows skipped with a
 * warning naming the line. Records come from papaparse (`onChunk`) or from the byte scanner
 * (`onRecord`, csv-bytes.ts); both go through `pushRow`, so both lanes store the same events.
 */
import { formatTime, type EventIdsInput, type TraceStoreBuilder } from '../store/trace-store';
import type { StringTable } from '../store/string-table';
import { ColumnIds } from './column-ids';
import { ByteInterner } from './csv-bytes';
import type { CsvChunk } from './csv-chunks';
import { TextFields, type RecordFields } from './csv-fields';
import { CsvProcessTable } from './csv-processes';
import { CORE_COLUMNS, eventClassForOperation, procmonColumnFor } from './procmon-columns';
import { parseLocaleNumber, ProcmonClock } from './time-parse';

/** The first cells of a row for a message, each cut to 60 characters (a header cell can be megabytes). */
function fieldList(cells: readonly string[]): string {
  const shown = cells.slice(0, 8).map((c) => `"${c.length > 60 ? `${c.slice(0, 57)}...` : c}"`);
  return shown.join(', ') + (cells.length > 8 ? ', ...' : '');
}

function texts(f: RecordFields): string[] {
  const out: string[] = [];
  for (let i = 0; i < f.length; i++) out.push(f.text(i));
  return out;
}

/** Turns CSV records into store events. One instance per file. */
export class CsvEventSink {
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
  private excelWarned = false;
  private readonly strings: StringTable;
  private readonly textFields = new TextFields();
  /** Interns the byte lane's fields (csv-fields.ts ByteFields) and, once it holds any, the sink's own strings. */
  readonly bytes: ByteInterner;

  constructor(
    readonly builder: TraceStoreBuilder,
    private readonly excel: boolean,
  ) {
    this.strings = builder.strings;
    const t = this.strings;
    this.bytes = new ByteInterner(t);
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
    this.processes = new CsvProcessTable(this.builder, {
      imagePath: col('Image Path'),
      commandLine: col('Command Line'),
      parentPid: col('Parent PID'),
      user: col('User'),
      integrity: col('Integrity'),
      company: col('Company'),
      description: col('Description'),
      version: col('Version'),
      architecture: col('Architecture'),
    });
    if (this.iTime < 0) this.builder.warn(`line ${line}`, 'no "Time of Day" column: events have no times');
  }

  /** Handles one chunk of records parsed by papaparse. */
  onChunk(chunk: CsvChunk): void {
    const { rows, unterminated } = chunk;
    const f = this.textFields;
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
        this.wrongCount(row, line);
        extraLines += countEmbeddedLf(row);
        continue;
      }
      f.row = row;
      this.pushRow(f, line);
      if (this.iDetail >= 0 && row[this.iDetail].indexOf('\n') >= 0) extraLines += countEmbeddedLf(row);
    }
  }

  /** Handles one record cut by the byte scanner; `line` is where it starts. */
  onRecord(f: RecordFields, line: number): void {
    if (this.header === null) {
      if (f.length === 1 && f.text(0).trim() === '') return;
      this.setHeader(texts(f), line);
      return;
    }
    if (f.length !== this.ncols) {
      if (f.length === 1 && f.isEmpty(0)) return; // blank line
      this.wrongCount(texts(f), line);
      return;
    }
    this.pushRow(f, line);
  }

  private wrongCount(row: readonly string[], line: number): void {
    this.builder.warn(
      `line ${line}`,
      `expected ${this.ncols} fields (${fieldList(this.header!)}), found ${row.length}; row skipped`,
    );
  }

  private pushRow(f: RecordFields, line: number): void {
    const b = this.builder;
    const clock = this.clock!;
    const ids = this.ids;
    const ev = this.ev;
    if (this.iTime >= 0) {
      const status = f.updateClock(clock, this.iTime, this.iDate);
      if (status !== 'ok') this.badTime(line, status, f);
      else if ((this.excel || clock.hourless) && !this.excelWarned) this.warnExcel(line, f.text(this.iTime));
    }
    ev.timeSec = clock.sec;
    ev.timeFrac = clock.frac;
    ev.process = this.iProcess >= 0 ? f.id(this.iProcess, ids.process) : ids.process.id('');
    ev.operation = this.iOperation >= 0 ? f.id(this.iOperation, ids.operation) : 0;
    let pid = this.iPid >= 0 ? f.int(this.iPid) : -1;
    if (Number.isNaN(pid)) {
      b.warn(`line ${line}`, `PID "${f.text(this.iPid)}" is not a number`);
      pid = -1;
    }
    ev.pid = pid;
    const tid = this.iTid >= 0 ? f.int(this.iTid) : 0;
    ev.tid = Number.isNaN(tid) ? 0 : tid;
    let duration = NaN;
    if (this.iDuration >= 0 && !f.isEmpty(this.iDuration)) {
      const d = f.text(this.iDuration);
      duration = d.indexOf(',') >= 0 ? parseLocaleNumber(d, true) : Number(d);
    }
    ev.duration = duration;
    if (this.iClass >= 0) ev.eventClass = f.id(this.iClass, ids.eventClass);
    else {
      let c = this.classByOperation.get(ev.operation);
      if (c === undefined) {
        c = this.bytes.text(eventClassForOperation(this.strings.values[ev.operation]));
        this.classByOperation.set(ev.operation, c);
      }
      ev.eventClass = c;
    }
    ev.path = this.iPath >= 0 ? f.id(this.iPath, ids.path) : 0;
    ev.result = this.iResult >= 0 ? f.id(this.iResult, ids.result) : 0;
    ev.detail = this.iDetail >= 0 ? f.id(this.iDetail, ids.detail) : 0;
    ev.processIndex = this.processes!.indexFor(pid, ev.process, f);
    const seq = b.pushIds(ev);
    const extras = this.extras;
    for (let k = 0; k < extras.length; k++) {
      const x = extras[k];
      if (!f.isEmpty(x.index)) b.setExtraId(seq, x.name, f.id(x.index, x.ids));
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

  private badTime(line: number, status: 'bad-time' | 'bad-date', f: RecordFields): void {
    if (status === 'bad-time') {
      this.builder.warn(
        `line ${line}`,
        `Time of Day "${f.text(this.iTime).slice(0, 40)}" is not a time (expected h:mm:ss.fffffff); the previous event's time is used`,
      );
    } else {
      this.builder.warn(
        `line ${line}`,
        `Date & Time "${f.text(this.iDate).slice(0, 40)}" is not a date; the previous event's date is used`,
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
