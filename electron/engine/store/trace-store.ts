/**
 * The columnar trace store: one typed array per numeric column and interned string ids for text
 * columns, so a million events cost tens of megabytes rather than a million objects. Built by the
 * readers through `TraceStoreBuilder`, moved between threads as `TraceStoreTransfer` (typed arrays
 * are transferable), and read by the queries, the analysis and the CLI.
 */
import type {
  InputKind,
  InputWarning,
  ProcessInfo,
  StackFrame,
  TraceEventRow,
} from '../../../shared/model/trace';
import { classifyResult, RESULT_CLASS_BY_CODE, RESULT_CLASS_CODES } from '../../../shared/model/result-class';
import type { EventColumns } from './event-batch';
import { FileStackColumns, FileStackReader, type FileStackTransfer, type StackFile } from './file-stacks';
import { GrowableColumn } from './growable';
import { RawStackPool, RawStackResolver } from './raw-stacks';
import { StringTable } from './string-table';

export interface TraceMeta {
  file: string;
  fileName: string;
  size: number;
  kind: InputKind;
  encoding: string;
  /** True when times are absolute (seconds since the Unix epoch, UTC); else seconds since the first day's midnight. */
  timeIsAbsolute: boolean;
  /** Procmon column headers present in the source, in source order. */
  columns: string[];
  computerName: string;
  osVersion: string;
  /** Minutes to add to UTC for the local wall-clock the source was exported in, when known. */
  utcOffsetMinutes?: number;
  /**
   * Which clock absolute times are on: PML stores UTC FILETIMEs, while CSV/XML `Date & Time` is the
   * exporting machine's local wall clock with no zone. Absent means UTC for PML, local otherwise.
   */
  clock?: 'utc' | 'local';
}

/** What a reader hands the builder per event. Strings are interned by the builder. */
export interface EventInput {
  /** Whole seconds (see TraceMeta.timeIsAbsolute). */
  timeSec: number;
  /** 100-ns units within the second, 0..9,999,999. */
  timeFrac: number;
  process: string;
  pid: number;
  tid: number;
  operation: string;
  path: string;
  result: string;
  detail: string;
  /** Seconds; NaN when pending or unknown. */
  duration: number;
  eventClass: string;
  /** Index into the process table; -1 when the source has none. */
  processIndex: number;
}

/**
 * `EventInput` with the text fields already interned in the builder's `strings` (ids). Readers that
 * intern themselves (the CSV reader keeps small per-column caches) use `pushIds` to skip a second
 * lookup per field.
 */
export interface EventIdsInput {
  timeSec: number;
  timeFrac: number;
  process: number;
  pid: number;
  tid: number;
  operation: number;
  path: number;
  result: number;
  detail: number;
  duration: number;
  eventClass: number;
  processIndex: number;
}

export const MAX_WARNINGS_KEPT = 1000;

/**
 * Readers quote what they found ("PID "..." is not a number"), and on a damaged file that quote was
 * a whole megabyte line (found by fuzzing): the start and the end say enough.
 */
function clipWarning(text: string): string {
  if (text.length <= 500) return text;
  return `${text.slice(0, 300)} … [${(text.length - 460).toLocaleString('en-US')} characters left out] … ${text.slice(-160)}`;
}

/**
 * What a raw stack's addresses are resolved against: the process whose module list holds the
 * kernel drivers, and the highest user-mode address (addresses above it are kernel frames).
 */
export interface RawStackContext {
  kernelProcess: number;
  maxUserHi: number;
  maxUserLo: number;
}

/**
 * Stacks stored as return addresses and resolved to module + offset only when read: a capture
 * holds millions of stacks and only a handful are ever looked at. Each record is [frame count
 * (bit 16 set: 32-bit frame numbers), process index, context index, then the frame numbers, two
 * 16-bit ones per word (low half first) or one 32-bit one]. A record at position p lies in
 * `blocks[b = p >> blockShift]` at word `p & (2 ** blockShift - 1)`; frame n's address is
 * `f[2n]` (low half) and `f[2n + 1]` (high half) of `f = frameTables[blockFrames[b]]`.
 */
export interface RawStackTransfer {
  blocks: Uint32Array[];
  blockShift: number;
  /** Frame tables (see above) and which one each block's records use. */
  frameTables: Uint32Array[];
  blockFrames: number[];
  contexts: RawStackContext[];
}

export interface TraceStoreTransfer {
  meta: TraceMeta;
  length: number;
  strings: string[];
  timeSec: Float64Array;
  timeFrac: Uint32Array;
  pid: Int32Array;
  tid: Int32Array;
  processIndex: Int32Array;
  process: Uint32Array;
  operation: Uint32Array;
  path: Uint32Array;
  result: Uint32Array;
  detail: Uint32Array;
  eventClass: Uint32Array;
  duration: Float32Array;
  resultClass: Uint8Array;
  extra: Record<string, Uint32Array>;
  /**
   * Per event: -1 no stack; >= 0 position of a resolved stack in `stackFrames`; <= -2 a raw stack
   * at position `-2 - value` of `rawStacks` (resolved when read, see TraceStore.stack).
   */
  stackStart: Int32Array | null;
  stackFrames: Uint32Array | null;
  /** Stacks kept as return addresses; absent in stores made before raw stacks existed. */
  rawStacks?: RawStackTransfer | null;
  /** Stacks left in their source file, read when asked for (see file-stacks.ts); checked first. */
  fileStacks?: FileStackTransfer | null;
  processes: ProcessInfo[];
  warnings: InputWarning[];
  warningCount: number;
}

export class TraceStoreBuilder {
  readonly strings = new StringTable();
  private readonly timeSec = new GrowableColumn(Float64Array, 4096);
  private readonly timeFrac = new GrowableColumn(Uint32Array, 4096);
  private readonly pid = new GrowableColumn(Int32Array, 4096);
  private readonly tid = new GrowableColumn(Int32Array, 4096);
  private readonly processIndex = new GrowableColumn(Int32Array, 4096);
  private readonly process = new GrowableColumn(Uint32Array, 4096);
  private readonly operation = new GrowableColumn(Uint32Array, 4096);
  private readonly path = new GrowableColumn(Uint32Array, 4096);
  private readonly result = new GrowableColumn(Uint32Array, 4096);
  private readonly detail = new GrowableColumn(Uint32Array, 4096);
  private readonly eventClass = new GrowableColumn(Uint32Array, 4096);
  private readonly duration = new GrowableColumn(Float32Array, 4096);
  private readonly resultClass = new GrowableColumn(Uint8Array, 4096);
  private readonly extra = new Map<string, GrowableColumn<Uint32Array>>();
  private stackStart: GrowableColumn<Int32Array> | null = null;
  private stackFrames: GrowableColumn<Uint32Array> | null = null;
  private readonly rawStacks = new RawStackPool();
  private readonly fileStacks = new FileStackColumns();
  /** Events `reserve` made room for (the stack column, made on first use, gets as much). */
  private reserved = 0;
  private readonly resultClassCache = new Map<number, number>();
  /** The last result pushed by id and its class (most events succeed: skips the map). */
  private lastResultId = -1;
  private lastResultClass = 0;
  readonly processes: ProcessInfo[] = [];
  readonly warnings: InputWarning[] = [];
  warningCount = 0;
  length = 0;

  constructor(readonly meta: TraceMeta) {}

  push(ev: EventInput): number {
    const s = this.strings;
    this.timeSec.push(ev.timeSec);
    this.timeFrac.push(ev.timeFrac);
    this.pid.push(ev.pid);
    this.tid.push(ev.tid);
    this.processIndex.push(ev.processIndex);
    this.process.push(s.intern(ev.process));
    this.operation.push(s.intern(ev.operation));
    this.path.push(s.intern(ev.path));
    const resultId = s.intern(ev.result);
    this.result.push(resultId);
    let cls = this.resultClassCache.get(resultId);
    if (cls === undefined) {
      cls = RESULT_CLASS_CODES[classifyResult(ev.result)];
      this.resultClassCache.set(resultId, cls);
    }
    this.resultClass.push(cls);
    this.detail.push(s.intern(ev.detail));
    this.eventClass.push(s.intern(ev.eventClass));
    this.duration.push(ev.duration);
    return this.length++;
  }

  /**
   * Makes room for about `events` more events at once (a reader that knows its event count): the
   * columns then do not grow by doubling and copying.
   */
  reserve(events: number): void {
    const n = this.length + Math.max(0, Math.floor(events));
    this.reserved = Math.max(this.reserved, n);
    for (const col of [
      this.timeSec,
      this.timeFrac,
      this.pid,
      this.tid,
      this.processIndex,
      this.process,
      this.operation,
      this.path,
      this.result,
      this.detail,
      this.eventClass,
      this.duration,
      this.resultClass,
    ] as GrowableColumn<Float64Array | Float32Array | Int32Array | Uint32Array | Uint8Array>[])
      col.reserve(n);
    this.stackStart?.reserve(n);
    if (this.fileStacksReserved) this.fileStacks.reserve(n);
  }

  /** Like `push`, with the text fields given as ids from `this.strings`. */
  pushIds(ev: EventIdsInput): number {
    this.timeSec.push(ev.timeSec);
    this.timeFrac.push(ev.timeFrac);
    this.pid.push(ev.pid);
    this.tid.push(ev.tid);
    this.processIndex.push(ev.processIndex);
    this.process.push(ev.process);
    this.operation.push(ev.operation);
    this.path.push(ev.path);
    const resultId = ev.result;
    this.result.push(resultId);
    let cls = resultId === this.lastResultId ? this.lastResultClass : this.resultClassCache.get(resultId);
    if (cls === undefined) {
      cls = RESULT_CLASS_CODES[classifyResult(this.strings.get(resultId))];
      this.resultClassCache.set(resultId, cls);
    }
    this.lastResultId = resultId;
    this.lastResultClass = cls;
    this.resultClass.push(cls);
    this.detail.push(ev.detail);
    this.eventClass.push(ev.eventClass);
    this.duration.push(ev.duration);
    return this.length++;
  }

  /**
   * Appends the first `length` events of a reader's batch (text fields are ids from `this.strings`),
   * one copy per column.
   */
  appendBatch(b: EventColumns): void {
    const n = b.length;
    if (n === 0) return;
    const base = this.length;
    // Past what was reserved, grow by doubling (appendArray alone grows to the exact size).
    if (base + n > this.reserved) this.reserve(Math.max(n, base));
    this.timeSec.appendArray(b.timeSec.subarray(0, n));
    this.timeFrac.appendArray(b.timeFrac.subarray(0, n));
    this.pid.appendArray(b.pid.subarray(0, n));
    this.tid.appendArray(b.tid.subarray(0, n));
    this.processIndex.appendArray(b.processIndex.subarray(0, n));
    this.process.appendArray(b.process.subarray(0, n));
    this.operation.appendArray(b.operation.subarray(0, n));
    this.path.appendArray(b.path.subarray(0, n));
    this.result.appendArray(b.result.subarray(0, n));
    this.detail.appendArray(b.detail.subarray(0, n));
    this.eventClass.appendArray(b.eventClass.subarray(0, n));
    this.duration.appendArray(b.duration.subarray(0, n));
    this.resultClass.appendArray(b.resultClass.subarray(0, n));
    if (b.stacks > 0) {
      if (!this.fileStacksReserved) {
        this.fileStacksReserved = true;
        this.fileStacks.reserve(this.reserved);
      }
      this.fileStacks.appendBatch(base, b.stackRecord, b.stackInfo, n);
    }
    this.length += n;
  }

  /** Like `setExtra`, with the value given as an id from `this.strings`. */
  setExtraId(seq: number, column: string, id: number): void {
    let col = this.extra.get(column);
    if (!col) {
      col = new GrowableColumn(Uint32Array, 4096);
      this.extra.set(column, col);
    }
    col.set(seq, id);
  }

  /** Sets an optional column (Procmon header name) for the event just pushed or any earlier one. */
  setExtra(seq: number, column: string, value: string): void {
    let col = this.extra.get(column);
    if (!col) {
      col = new GrowableColumn(Uint32Array, 4096);
      this.extra.set(column, col);
    }
    col.set(seq, this.strings.intern(value));
  }

  /** Attaches a stack to an event. Frames are interned as tab-joined descriptors. */
  setStack(seq: number, frames: readonly StackFrame[]): void {
    if (!this.stackStart) {
      this.stackStart = new GrowableColumn(Int32Array, 4096);
      this.stackFrames = new GrowableColumn(Uint32Array, 4096);
    }
    const out = this.stackFrames!;
    // Mark events without stacks as -1 lazily: fill the gap before this one.
    for (let i = this.stackStart.length; i < seq; i++) this.stackStart.set(i, -1);
    this.stackStart.set(seq, out.length);
    out.push(frames.length);
    for (const f of frames) {
      out.push(
        this.strings.intern(
          `${f.depth}\t${f.address}\t${f.module}\t${f.location}\t${f.path}\t${f.kernel ? 1 : 0}`,
        ),
      );
    }
  }

  /** Interned id of one frame, for readers that resolve each frame once and reuse it (setStackIds). */
  stackFrameId(f: StackFrame): number {
    return this.strings.intern(
      `${f.depth}\t${f.address}\t${f.module}\t${f.location}\t${f.path}\t${f.kernel ? 1 : 0}`,
    );
  }

  /** Like setStack, with frames already interned by stackFrameId. Returns where the stack is stored. */
  setStackIds(seq: number, ids: ArrayLike<number>, count: number): number {
    if (!this.stackStart) {
      this.stackStart = new GrowableColumn(Int32Array, 4096);
      this.stackFrames = new GrowableColumn(Uint32Array, 4096);
    }
    const out = this.stackFrames!;
    for (let i = this.stackStart.length; i < seq; i++) this.stackStart.set(i, -1);
    const at = out.length;
    this.stackStart.set(seq, at);
    out.push(count);
    for (let i = 0; i < count; i++) out.push(ids[i]);
    return at;
  }

  /** Registers what raw stacks are resolved against (one per source file); returns its index. */
  addRawStackContext(ctx: RawStackContext): number {
    return this.rawStacks.addContext(ctx);
  }

  /** The raw-stack contexts registered so far (copies). */
  stackContexts(): RawStackContext[] {
    return this.rawStacks.contexts.map((c) => ({ ...c }));
  }

  /** Sizes the raw-stack repeat table for a capture of about `events` events. */
  reserveStacks(events: number): void {
    this.rawStacks.reserve(events);
  }

  /**
   * Attaches a stack kept as `depth` return addresses (`pointerSize` bytes each, little-endian, at
   * `at` in `dv`) of the process at `processIndex`; frames are resolved when read (TraceStore.stack).
   * Returns the value stored for the event, which `shareStack` accepts for a later identical stack.
   */
  setRawStack(
    seq: number,
    processIndex: number,
    context: number,
    dv: DataView,
    at: number,
    depth: number,
    pointerSize: 4 | 8,
  ): number {
    if (!this.stackStart) {
      this.stackStart = new GrowableColumn(Int32Array, 4096);
      this.stackStart.reserve(this.reserved);
      this.stackFrames = new GrowableColumn(Uint32Array, 16);
    }
    const start = this.stackStart;
    for (let i = start.length; i < seq; i++) start.set(i, -1);
    const value = -2 - this.rawStacks.add(processIndex, context, dv, at, depth, pointerSize);
    start.set(seq, value);
    return value;
  }

  /** Points an event at a stack stored earlier by setStackIds: identical stacks are stored once. */
  shareStack(seq: number, at: number): void {
    if (!this.stackStart) throw new Error('shareStack before any stack was stored');
    for (let i = this.stackStart.length; i < seq; i++) this.stackStart.set(i, -1);
    this.stackStart.set(seq, at);
  }

  /** Registers a source file whose records hold stacks (see setFileStack); returns its index. */
  addStackFile(file: StackFile): number {
    return this.fileStacks.addFile(file);
  }

  /**
   * Attaches the stack of `depth` frames kept in the record at `offset` of stack file `file`: it is
   * read and resolved only when asked for (TraceStore.stack).
   */
  setFileStack(seq: number, file: number, offset: number, depth: number): void {
    if (!this.fileStacksReserved) {
      this.fileStacksReserved = true;
      this.fileStacks.reserve(this.reserved);
    }
    this.fileStacks.set(seq, file, offset, depth);
  }

  private fileStacksReserved = false;

  /**
   * Appends the events of another builder's transfer after this builder's own (a reader that
   * decoded a second range of the same source on another thread), taking over its arrays. Its text
   * ids are re-interned here; its process indexes must already be this builder's: it holds the same
   * processes from `processesFrom` on (checked) and stand-ins for this builder's before that. Throws
   * before changing anything when they do not line up.
   */
  appendEvents(t: TraceStoreTransfer, processesFrom = 0): void {
    if (
      t.processes.length !== this.processes.length ||
      t.processes.some(
        (p, i) =>
          i >= processesFrom && (p.name !== this.processes[i].name || p.pid !== this.processes[i].pid),
      )
    )
      throw new Error('appendEvents: the appended events use another process table');
    if (t.rawStacks) this.rawStacks.checkContexts(t.rawStacks.contexts);
    const base = this.length;
    const ids = new Int32Array(t.strings.length);
    for (let i = 0; i < t.strings.length; i++) ids[i] = this.strings.intern(t.strings[i]);
    const remap = (a: Uint32Array): Uint32Array => {
      for (let i = 0; i < a.length; i++) a[i] = ids[a[i]];
      return a;
    };
    this.reserve(t.length);
    this.timeSec.appendArray(t.timeSec);
    this.timeFrac.appendArray(t.timeFrac);
    this.pid.appendArray(t.pid);
    this.tid.appendArray(t.tid);
    this.processIndex.appendArray(t.processIndex);
    this.process.appendArray(remap(t.process));
    this.operation.appendArray(remap(t.operation));
    this.path.appendArray(remap(t.path));
    this.result.appendArray(remap(t.result));
    this.detail.appendArray(remap(t.detail));
    this.eventClass.appendArray(remap(t.eventClass));
    this.duration.appendArray(t.duration);
    this.resultClass.appendArray(t.resultClass);
    for (const [name, col] of Object.entries(t.extra))
      for (let i = 0; i < col.length; i++) if (col[i] !== 0) this.setExtraId(base + i, name, ids[col[i]]);
    if (t.stackStart) this.appendStacks(t, base, ids);
    if (t.fileStacks) this.fileStacks.append(t.fileStacks, base);
    for (const w of t.warnings) if (this.warnings.length < MAX_WARNINGS_KEPT) this.warnings.push(w);
    this.warningCount += t.warningCount;
    this.length += t.length;
  }

  private appendStacks(t: TraceStoreTransfer, base: number, ids: Int32Array): void {
    const starts = t.stackStart!;
    if (!this.stackStart) {
      this.stackStart = new GrowableColumn(Int32Array, 4096);
      this.stackStart.reserve(this.reserved);
      this.stackFrames = new GrowableColumn(Uint32Array, 16);
    }
    const start = this.stackStart;
    const frames = this.stackFrames!;
    for (let i = start.length; i < base; i++) start.set(i, -1);
    const rawOffset = t.rawStacks ? this.rawStacks.append(t.rawStacks) : 0;
    const moved = new Map<number, number>();
    for (let i = 0; i < t.length; i++) {
      const v = starts[i];
      let out = -1;
      if (v < -1) out = v - rawOffset;
      else if (v >= 0 && t.stackFrames) {
        let at = moved.get(v);
        if (at === undefined) {
          at = frames.length;
          const n = t.stackFrames[v];
          frames.push(n);
          for (let k = 0; k < n; k++) frames.push(ids[t.stackFrames[v + 1 + k]]);
          moved.set(v, at);
        }
        out = at;
      }
      start.set(base + i, out);
    }
  }

  addProcess(p: Omit<ProcessInfo, 'index'>): number {
    const index = this.processes.length;
    this.processes.push({ ...p, index });
    return index;
  }

  warn(place: string, message: string): void {
    this.warningCount++;
    if (this.warnings.length < MAX_WARNINGS_KEPT)
      this.warnings.push({
        file: this.meta.fileName,
        place: clipWarning(place),
        message: clipWarning(message),
      });
  }

  finish(): TraceStore {
    return new TraceStore(this.toTransfer());
  }

  toTransfer(): TraceStoreTransfer {
    const n = this.length;
    const extra: Record<string, Uint32Array> = {};
    for (const [name, col] of this.extra) extra[name] = col.finish(n);
    let stackStart: Int32Array | null = null;
    if (this.stackStart) {
      for (let i = this.stackStart.length; i < n; i++) this.stackStart.set(i, -1);
      stackStart = this.stackStart.finish(n);
    }
    return {
      meta: this.meta,
      length: n,
      strings: this.strings.values,
      timeSec: this.timeSec.finish(),
      timeFrac: this.timeFrac.finish(),
      pid: this.pid.finish(),
      tid: this.tid.finish(),
      processIndex: this.processIndex.finish(),
      process: this.process.finish(),
      operation: this.operation.finish(),
      path: this.path.finish(),
      result: this.result.finish(),
      detail: this.detail.finish(),
      eventClass: this.eventClass.finish(),
      duration: this.duration.finish(),
      resultClass: this.resultClass.finish(),
      extra,
      stackStart,
      stackFrames: this.stackFrames ? this.stackFrames.finish() : null,
      rawStacks: this.rawStacks.finish(),
      fileStacks: this.fileStacks.finish(n),
      processes: this.processes,
      warnings: this.warnings,
      warningCount: this.warningCount,
    };
  }
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/**
 * Formats a stored time as Procmon-like text: ISO-8601 with 7 fraction digits (with `Z` only when
 * the clock is known to be UTC; a local wall clock has no zone to state) or HH:MM:SS.fffffff.
 */
export function formatTime(absolute: boolean, sec: number, frac: number, utc = true): string {
  if (absolute) {
    const d = new Date(sec * 1000);
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${pad(frac, 7)}${utc ? 'Z' : ''}`;
  }
  const day = Math.floor(sec / 86400);
  const s = sec - day * 86400;
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  return `${day > 0 ? `+${day}d ` : ''}${pad(hh, 2)}:${pad(mm, 2)}:${pad(ss, 2)}.${pad(frac, 7)}`;
}

export class TraceStore {
  readonly meta: TraceMeta;
  readonly length: number;
  readonly strings: StringTable;
  readonly cols: TraceStoreTransfer;
  private rawResolver: RawStackResolver | null = null;
  private fileStackReader: FileStackReader | null = null;

  /** True when absolute times are UTC (see TraceMeta.clock). */
  readonly clockIsUtc: boolean;

  constructor(t: TraceStoreTransfer) {
    this.meta = t.meta;
    this.clockIsUtc = t.meta.clock ? t.meta.clock === 'utc' : t.meta.kind === 'procmon-pml';
    this.length = t.length;
    this.strings = new StringTable(t.strings);
    this.cols = t;
  }

  get processes(): ProcessInfo[] {
    return this.cols.processes;
  }

  get warnings(): InputWarning[] {
    return this.cols.warnings;
  }

  str(id: number): string {
    return this.strings.values[id] ?? '';
  }

  processName(seq: number): string {
    return this.str(this.cols.process[seq]);
  }
  operation(seq: number): string {
    return this.str(this.cols.operation[seq]);
  }
  path(seq: number): string {
    return this.str(this.cols.path[seq]);
  }
  result(seq: number): string {
    return this.str(this.cols.result[seq]);
  }
  detail(seq: number): string {
    return this.str(this.cols.detail[seq]);
  }
  resultClass(seq: number) {
    return RESULT_CLASS_BY_CODE[this.cols.resultClass[seq]];
  }
  time(seq: number): string {
    return formatTime(
      this.meta.timeIsAbsolute,
      this.cols.timeSec[seq],
      this.cols.timeFrac[seq],
      this.clockIsUtc,
    );
  }
  /** Time as a sortable number of seconds (fraction included; loses sub-microsecond precision). */
  timeValue(seq: number): number {
    return this.cols.timeSec[seq] + this.cols.timeFrac[seq] / 1e7;
  }
  extra(seq: number, column: string): string {
    const col = this.cols.extra[column];
    return col ? this.str(col[seq]) : '';
  }

  row(seq: number): TraceEventRow {
    const c = this.cols;
    const dur = c.duration[seq];
    const extraNames = Object.keys(c.extra);
    const row: TraceEventRow = {
      seq,
      time: this.time(seq),
      process: this.str(c.process[seq]),
      pid: c.pid[seq],
      tid: c.tid[seq],
      operation: this.str(c.operation[seq]),
      path: this.str(c.path[seq]),
      result: this.str(c.result[seq]),
      resultClass: RESULT_CLASS_BY_CODE[c.resultClass[seq]],
      detail: this.str(c.detail[seq]),
      duration: Number.isNaN(dur) ? null : dur,
      eventClass: this.str(c.eventClass[seq]),
    };
    if (extraNames.length > 0) {
      row.extra = {};
      for (const name of extraNames) row.extra[name] = this.str(c.extra[name][seq]);
    }
    return row;
  }

  /** Whether events may carry stacks (then `stack` is worth asking). */
  get hasStacks(): boolean {
    return this.cols.stackStart != null || this.cols.fileStacks != null;
  }

  stack(seq: number): StackFrame[] {
    const fileStacks = this.cols.fileStacks;
    if (fileStacks) {
      this.fileStackReader ??= new FileStackReader(fileStacks, this.cols, this.cols.processes);
      if (this.fileStackReader.has(seq)) return this.fileStackReader.frames(seq);
    }
    const { stackStart, stackFrames } = this.cols;
    if (!stackStart || seq < 0 || seq >= stackStart.length) return [];
    const at = stackStart[seq];
    if (at < -1) {
      const raw = this.cols.rawStacks;
      if (!raw) return [];
      this.rawResolver ??= new RawStackResolver(raw, this.cols.processes);
      return this.rawResolver.frames(-2 - at);
    }
    if (!stackFrames || at < 0) return [];
    const n = stackFrames[at];
    const frames: StackFrame[] = [];
    for (let i = 0; i < n; i++) {
      const [depth, address, module, location, path, kernel] = this.str(stackFrames[at + 1 + i]).split('\t');
      frames.push({ depth: Number(depth), address, module, location, path, kernel: kernel === '1' });
    }
    return frames;
  }

  /** Typed arrays to list as transferables when posting this store across threads. */
  transferables(): ArrayBuffer[] {
    const c = this.cols;
    const arrays = [
      c.timeSec,
      c.timeFrac,
      c.pid,
      c.tid,
      c.processIndex,
      c.process,
      c.operation,
      c.path,
      c.result,
      c.detail,
      c.eventClass,
      c.duration,
      c.resultClass,
      ...Object.values(c.extra),
      ...(c.stackStart ? [c.stackStart] : []),
      ...(c.stackFrames ? [c.stackFrames] : []),
      ...(c.rawStacks ? [...c.rawStacks.blocks, ...c.rawStacks.frameTables] : []),
      ...(c.fileStacks ? [c.fileStacks.record, c.fileStacks.info] : []),
    ];
    return arrays.map((a) => a.buffer as ArrayBuffer);
  }
}
