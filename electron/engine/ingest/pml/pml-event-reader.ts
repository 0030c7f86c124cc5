/**
 * Decodes the event records of one PML file into the store: buffered positioned reads of the events
 * region, the per-event header (procmon.md §3.8), Procmon's default display filter, and the
 * per-class Detail decoders. Strings go in as ids (text, detail and stack caches) to keep the hot path
 * free of string-table lookups where a value repeats.
 */
import type { FileHandle } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { classifyResult, RESULT_CLASS_CODES } from '../../../../shared/model/result-class';
import type { ProcessInfo } from '../../../../shared/model/trace';
import { EventBatch } from '../../store/event-batch';
import { fileStackInfo } from '../../store/file-stacks';
import type { TraceStoreBuilder } from '../../store/trace-store';
import { decodeFileSystem, fsOptionsFor, type FsOptions } from './pml-detail-fs';
import { decodeNetwork, decodeProcess, decodeProfiling } from './pml-detail-other';
import { decodeRegistry } from './pml-detail-reg';
import { RawCache, TextCache } from './pml-byte-cache';
import { DETAIL_KEY_MAX, DetailCache, EventContext } from './pml-event-context';
import { Chunks } from './pml-chunks';
import { HEADER_SIZE, type PmlHeader } from './pml-file';
import { isHiddenOperation, isHiddenPath, isHiddenProcess, isHiddenResult } from './pml-filter';
import { FILETIME_UNIX_EPOCH_SECONDS, split, splitFiletime } from './pml-format';
import { KeyTable } from './pml-key-table';
import { EVENT_CLASS_NAMES, EventClass, FS_OPS, STATUS_PENDING, resultText } from './pml-names';
import { systemProcess } from './pml-stack';
import { toProcessInfo, type PmlTables } from './pml-tables';

/** A process record for an index the process table does not list (or that a thread fills in later). */
export function unlistedProcess(name: string): Omit<ProcessInfo, 'index'> {
  return {
    pid: 0,
    parentPid: 0,
    name,
    imagePath: '',
    commandLine: '',
    user: '',
    integrity: '',
    company: '',
    description: '',
    version: '',
    startTime: '',
    endTime: '',
    is64bit: null,
    modules: [],
  };
}

export interface EventReaderOptions {
  onProgress?(p: { bytesRead: number; bytesTotal: number; events: number }): void;
  signal?: AbortSignal;
  allEvents?: boolean;
  /** Events this reader will decode, when it reads a part of the file (default: all of them). */
  expectedEvents?: number;
  /**
   * Damaged events warned about one by one, per kind (default EVENT_WARNINGS_KEPT). A reader of
   * parts out of file order warns about more and lets the merge keep the first ones.
   */
  warningsKept?: number;
}

/** What a warning of the reader is about (events past the first 20 of a kind are only counted). */
export const enum WarningKind {
  Other = 0,
  Skipped = 1,
  Undecodable = 2,
}

/** Warnings of damaged events are given for the first this many of each kind, then counted. */
export const EVENT_WARNINGS_KEPT = 20;

export const EVENT_HEADER_SIZE = 0x34;
const PROGRESS_EVERY = 1 << 16;
/** Events decoded before they go to the builder at once (their columns stay in the L2 cache). */
const BATCH_EVENTS = 8192;
/** Sanity bounds for one event record when the offsets array cannot vouch for it. */
const MAX_STACK_DEPTH = 4096;
const MAX_DETAIL_SIZE = 1 << 24;
const MAX_DETAIL_CHARS = 4095;

export function abortError(): Error {
  const e = new Error('reading the Process Monitor log was cancelled');
  e.name = 'AbortError';
  return e;
}

/** Per-process facts the event loop needs, by the file's process index. */
interface ProcessSlot {
  storeIndex: number;
  nameId: number;
  name: string;
  pid: number;
  hidden: boolean;
}

export class EventReader {
  private readonly ctx = new EventContext();
  private readonly chunks: Chunks;
  private readonly slots = new Map<number, ProcessSlot>();
  /** NTSTATUS -> index in resultTexts / resultHidden. */
  private readonly resultIndex = new KeyTable(64);
  private readonly resultTexts: string[] = [];
  private readonly resultHidden: boolean[] = [];
  private readonly resultClasses: number[] = [];
  /** File-system operations the default filter hides (IRP_MJ_*, FASTIO_*), by major code. */
  private readonly fsOpHidden: boolean[] = FS_OPS.map(isHiddenOperation);
  /** This file in the store's stack files (its kernel driver list and user/kernel boundary). */
  private readonly stackFile: number;
  private readonly fsOptions: FsOptions;
  /** Events decoded since the last hand-over to the builder (see flush). */
  private readonly batch = new EventBatch(BATCH_EVENTS);
  /** Interned ids of the few distinct operation, result and class texts (small, hot lookups). */
  private readonly operationIds = new Map<string, number>();
  private readonly resultIds: number[] = [];
  private readonly classIds: number[];
  /** Default-filter verdict per path id: 0 not computed, 1 shown, 2 hidden. */
  private pathVerdicts = new Uint8Array(1 << 16);

  constructor(
    private readonly fh: FileHandle,
    private readonly h: PmlHeader,
    private readonly tables: PmlTables,
    private readonly builder: TraceStoreBuilder,
    private readonly opts: EventReaderOptions,
    private readonly progress: { base: number; total: number },
  ) {
    this.ctx.pointerSize = h.pointerSize;
    this.warningsKept = opts.warningsKept ?? EVENT_WARNINGS_KEPT;
    let current: Buffer | null = null;
    this.chunks = new Chunks(fh, h.fileSize, (buf) => {
      if (buf === current) this.ctx.bufferChanged();
      else this.ctx.setBuffer((current = buf));
    });
    const strings = builder.strings;
    // Caches sized to the capture: a small file should not pay for megabytes of empty slots.
    // (An unclosed capture has no event count: estimate it from the size.)
    // A damaged header may claim any count: no more events than the file has room for.
    const events = Math.min(
      opts.expectedEvents ?? (h.eventCount || h.fileSize / 512),
      h.fileSize / EVENT_HEADER_SIZE,
    );
    this.ctx.paths = new TextCache((text) => strings.intern(text));
    this.ctx.details = new DetailCache((text) => strings.intern(text));
    this.ctx.detailBytes = new RawCache(4096, (text) => strings.intern(text));
    this.ctx.detailKeys = new RawCache(DETAIL_KEY_MAX, (text) => strings.intern(text));
    this.classIds = EVENT_CLASS_NAMES.map((name) => strings.intern(name));
    this.fsOptions = fsOptionsFor(tables.processes);
    const system = systemProcess(tables.processes);
    let kernelProcess = -1;
    for (const p of tables.processes.values()) {
      const storeIndex = builder.addProcess(toProcessInfo(p));
      if (p === system) kernelProcess = storeIndex;
      this.slots.set(p.index, {
        storeIndex,
        nameId: builder.strings.intern(p.name),
        name: p.name,
        pid: p.pid,
        hidden: isHiddenProcess(p.name),
      });
    }
    // The offsets array says how many events follow (columns are only touched as they fill, so
    // reserving all of them costs no memory when the default filter drops most).
    builder.reserve(events);
    this.stackFile = builder.addStackFile({
      path: nodePath.resolve(h.file),
      pointerSize: h.pointerSize,
      context: { kernelProcess, maxUserHi: h.maxUserAddressHi, maxUserLo: h.maxUserAddressLo },
    });
  }

  private readonly warningsKept: number;

  /** Kind of each warning given, in order (lets a second range's warnings be merged, see read-pml). */
  readonly warningKinds: WarningKind[] = [];
  /** Damaged events skipped and events that could not be decoded so far. */
  skipped = 0;
  decodeFailures = 0;

  private warn(offset: number, message: string, kind = WarningKind.Other): void {
    this.warningKinds.push(kind);
    this.builder.warn(`offset 0x${offset.toString(16).toUpperCase()}`, message);
  }

  /** The totals of damaged events beyond those warned about one by one. */
  summarizeDamage(): void {
    if (this.skipped > EVENT_WARNINGS_KEPT)
      this.warn(0, `${this.skipped} damaged events were skipped in all`);
    if (this.decodeFailures > EVENT_WARNINGS_KEPT)
      this.warn(0, `${this.decodeFailures} events could not be decoded in all`);
  }

  /** The last slot looked up: events come in runs of one process. */
  private lastSlot: ProcessSlot | null = null;
  private lastSlotIndex = -1;

  private slot(index: number): ProcessSlot {
    if (index === this.lastSlotIndex && this.lastSlot !== null) return this.lastSlot;
    const s = this.slotOf(index);
    this.lastSlot = s;
    this.lastSlotIndex = index;
    return s;
  }

  private slotOf(index: number): ProcessSlot {
    let s = this.slots.get(index);
    if (s === undefined) {
      // Event of a process the table does not list (table missing or damaged).
      const name = `<unknown process ${index}>`;
      const storeIndex = this.builder.addProcess(unlistedProcess(name));
      s = { storeIndex, nameId: this.builder.strings.intern(name), name, pid: 0, hidden: false };
      this.slots.set(index, s);
    }
    return s;
  }

  /** Waits for a read-ahead still in flight (before the file is closed). */
  settle(): Promise<void> {
    return this.chunks.settle();
  }

  private lastStatus = -1;
  private lastResultSlot = 0;

  private resultSlot(status: number): number {
    if (status === this.lastStatus) return this.lastResultSlot;
    const i = this.resultSlotOf(status);
    this.lastStatus = status;
    this.lastResultSlot = i;
    return i;
  }

  private resultSlotOf(status: number): number {
    let i = this.resultIndex.get(status, 0, 0);
    if (i < 0) {
      i = this.resultTexts.length;
      const text = resultText(status);
      this.resultTexts.push(text);
      this.resultIds.push(this.builder.strings.intern(text));
      this.resultHidden.push(isHiddenResult(text));
      this.resultClasses.push(RESULT_CLASS_CODES[classifyResult(text)]);
      this.resultIndex.add(status, 0, 0, i);
    }
    return i;
  }

  private lastOperation = '';
  private lastOperationId = 0;

  private operationId(operation: string): number {
    // The decoders hand out the same string objects from their name tables: mostly a pointer test.
    if (operation === this.lastOperation) return this.lastOperationId;
    let id = this.operationIds.get(operation);
    if (id === undefined) {
      id = this.builder.strings.intern(operation);
      this.operationIds.set(operation, id);
    }
    this.lastOperation = operation;
    this.lastOperationId = id;
    return id;
  }

  private isHiddenPathId(id: number, path: string): boolean {
    if (id >= this.pathVerdicts.length) {
      const grown = new Uint8Array(Math.max(id + 1, this.pathVerdicts.length * 2));
      grown.set(this.pathVerdicts);
      this.pathVerdicts = grown;
    }
    let v = this.pathVerdicts[id];
    if (v === 0) {
      v = isHiddenPath(path) ? 2 : 1;
      this.pathVerdicts[id] = v;
    }
    return v === 2;
  }

  private reportProgress(fileOffset: number): void {
    this.opts.onProgress?.({
      bytesRead: this.progress.base + fileOffset,
      bytesTotal: this.progress.total,
      events: this.builder.length + this.batch.length,
    });
  }

  /**
   * Reads the events listed in the offsets array. Records already in the read buffer are decoded in
   * a synchronous run; only a refill awaits. A damaged record is skipped with a warning.
   */
  async readIndexed(
    offsets: Float64Array,
    first = 0,
    end = offsets.length,
    /** When `offsets` is a part of the file's array: the index of its first entry, and the file's count. */
    base = 0,
    total = offsets.length,
  ): Promise<void> {
    const chunks = this.chunks;
    if (this.h.closedCleanly && this.h.eventOffsetsOffset > HEADER_SIZE)
      chunks.readEnd = this.h.eventOffsetsOffset;
    if (end < offsets.length) chunks.readEnd = Math.min(chunks.readEnd, offsets[end]);
    let i = first;
    while (i < end) {
      for (; i < end; i++) {
        const off = offsets[i];
        const e = off - chunks.start;
        if (e < 0 || this.bufferedSize(e) < 0) break;
        this.decodeSafely(e, i + base, off);
        if ((i & (PROGRESS_EVERY - 1)) === PROGRESS_EVERY - 1) {
          if (this.opts.signal?.aborted) throw abortError();
          this.reportProgress(off);
        }
      }
      if (i >= end) break;
      if (this.opts.signal?.aborted) throw abortError();
      const off = offsets[i];
      const size = await this.recordSize(off);
      if (size < 0) {
        if (this.skipped < this.warningsKept)
          this.warn(
            off,
            `event ${i + base} of ${total} is cut short or corrupt: ${this.lastProblem}; skipped`,
            WarningKind.Skipped,
          );
        this.skipped++;
        if (off >= this.h.fileSize) {
          this.warn(
            off,
            `the file ends at ${this.h.fileSize} bytes; events ${i + base}..${total - 1} are missing`,
          );
          break;
        }
      } else this.decodeSafely(off - chunks.start, i + base, off);
      i++;
    }
    this.flush();
  }

  /** A record that passed the header checks but is inconsistent inside is skipped, not fatal. */
  private decodeSafely(e: number, index: number, off: number): void {
    try {
      this.decode(e);
    } catch (err) {
      this.decodeFailures++;
      if (this.decodeFailures <= this.warningsKept) {
        this.warn(
          off,
          `event ${index} could not be decoded (${err instanceof Error ? err.message : String(err)}); skipped`,
          WarningKind.Undecodable,
        );
      }
    }
  }

  /**
   * Size of the record at buf[e] when it is valid and wholly buffered; -1 when more bytes are
   * needed or the header is implausible (recordSize then reads and diagnoses it).
   */
  private bufferedSize(e: number): number {
    const len = this.chunks.length;
    if (e + EVENT_HEADER_SIZE > len) return -1;
    const dv = this.ctx.dv;
    const depth = dv.getUint16(e + 0x28, true);
    const detailSize = dv.getUint32(e + 0x2c, true);
    const extraOffset = dv.getUint32(e + 0x30, true);
    if (
      dv.getUint32(e + 8, true) > EventClass.Network ||
      depth > MAX_STACK_DEPTH ||
      detailSize > MAX_DETAIL_SIZE
    )
      return -1;
    let size = EVENT_HEADER_SIZE + depth * this.h.pointerSize + detailSize;
    if (extraOffset !== 0) {
      if (extraOffset < size || e + extraOffset + 2 > len) return -1;
      size = extraOffset + 2 + dv.getUint16(e + extraOffset, true);
    }
    return e + size <= len ? size : -1;
  }

  /**
   * Reads events one after another from the start of the events region, for files whose offsets
   * array is missing (capture not closed cleanly, truncated copy). Stops at the first record that
   * does not look like an event.
   */
  async readSequential(end: number): Promise<void> {
    this.chunks.readEnd = end;
    let off = this.h.eventsOffset >= HEADER_SIZE ? this.h.eventsOffset : HEADER_SIZE;
    let i = 0;
    while (off + EVENT_HEADER_SIZE <= end) {
      if ((i & (PROGRESS_EVERY - 1)) === 0 && i > 0) {
        if (this.opts.signal?.aborted) throw abortError();
        this.reportProgress(off);
      }
      const size = await this.recordSize(off);
      if (size < 0 || off + size > end) {
        this.warn(
          off,
          `no readable event after event ${i} (${size < 0 ? this.lastProblem : 'record runs past the end of the events region'}); the rest of the file is not loaded`,
        );
        break;
      }
      this.decodeSafely(off - this.chunks.start, i, off);
      off += size;
      // A record whose extra detail is 0xFFFF bytes is followed by one pad byte.
      if (off < end && !(await this.plausible(off)) && (await this.plausible(off + 1))) off += 1;
      i++;
    }
    this.flush();
  }

  private lastProblem = '';

  private async plausible(off: number): Promise<boolean> {
    return (await this.recordSize(off)) > 0;
  }

  /** Size of the event record at `off` (buffered on return), or -1 with `lastProblem` set. */
  private async recordSize(off: number): Promise<number> {
    if (!(await this.chunks.ensure(off, EVENT_HEADER_SIZE))) {
      this.lastProblem = `the file ends inside the event header (file size ${this.h.fileSize})`;
      return -1;
    }
    const dv = this.ctx.dv;
    const e = off - this.chunks.start;
    const cls = dv.getUint32(e + 8, true);
    const depth = dv.getUint16(e + 0x28, true);
    const detailSize = dv.getUint32(e + 0x2c, true);
    const extraOffset = dv.getUint32(e + 0x30, true);
    if (cls > EventClass.Network || depth > MAX_STACK_DEPTH || detailSize > MAX_DETAIL_SIZE) {
      this.lastProblem = `implausible event header (class ${cls}, stack depth ${depth}, detail size ${detailSize})`;
      return -1;
    }
    let size = EVENT_HEADER_SIZE + depth * this.h.pointerSize + detailSize;
    if (extraOffset !== 0) {
      if (extraOffset < size || extraOffset > size + MAX_DETAIL_SIZE) {
        this.lastProblem = `extra-detail offset 0x${extraOffset.toString(16)} outside the record`;
        return -1;
      }
      if (!(await this.chunks.ensure(off, extraOffset + 2))) {
        this.lastProblem = 'the file ends inside the event';
        return -1;
      }
      size = extraOffset + 2 + this.ctx.dv.getUint16(off - this.chunks.start + extraOffset, true);
    }
    if (!(await this.chunks.ensure(off, size))) {
      this.lastProblem = 'the file ends inside the event';
      return -1;
    }
    return size;
  }

  /** Decodes the record at buf[e] (fully buffered) and pushes it unless the filter hides it. */
  private decode(e: number): void {
    const c = this.ctx;
    const dv = c.dv;
    const cls = dv.getUint32(e + 8, true);
    const allEvents = this.opts.allEvents === true;
    if (!allEvents && cls === EventClass.Profiling) return;
    const slot = this.slot(dv.getUint32(e, true));
    if (!allEvents && slot.hidden) return;
    const status = dv.getUint32(e + 0x24, true);
    const resultSlot = this.resultSlot(status);
    if (!allEvents && this.resultHidden[resultSlot]) return;
    const op = dv.getUint16(e + 0x0c, true);
    if (!allEvents && cls === EventClass.FileSystem && this.fsOpHidden[op] === true) return;

    const depth = dv.getUint16(e + 0x28, true);
    const ptr = this.h.pointerSize;
    c.eventClass = cls;
    c.op = op;
    c.detailId = -1;
    c.status = status;
    c.tid = dv.getUint32(e + 4, true);
    c.detailStart = e + EVENT_HEADER_SIZE + depth * ptr;
    c.detailEnd = c.detailStart + dv.getUint32(e + 0x2c, true);
    const extraOffset = dv.getUint32(e + 0x30, true);
    if (extraOffset !== 0) {
      c.extraStart = e + extraOffset + 2;
      c.extraSize = dv.getUint16(e + extraOffset, true);
    } else {
      c.extraStart = -1;
      c.extraSize = 0;
    }
    let detail: string;
    switch (cls) {
      case EventClass.FileSystem:
        detail = decodeFileSystem(c, true, this.fsOptions);
        break;
      case EventClass.Registry:
        detail = decodeRegistry(c, true);
        break;
      case EventClass.Process:
        detail = decodeProcess(c, true);
        break;
      case EventClass.Network:
        detail = decodeNetwork(c, true, this.tables);
        break;
      case EventClass.Profiling:
        detail = decodeProfiling(c, true);
        break;
      default:
        c.operation = '<Unknown>';
        c.setPath('');
        detail = '';
    }
    const strings = this.builder.strings;
    const pathId = c.pathId >= 0 ? c.pathId : c.path === '' ? 0 : strings.intern(c.path);
    if (!allEvents && cls === EventClass.FileSystem && this.isHiddenPathId(pathId, c.path)) return;
    // Procmon formats Detail into a 4096-character buffer: longer texts end after 4095 characters.
    if (detail.length > MAX_DETAIL_CHARS) {
      detail = detail.slice(0, MAX_DETAIL_CHARS);
      c.detailId = -1;
    }

    const detailId =
      c.detailId >= 0 && detail.length <= MAX_DETAIL_CHARS
        ? c.detailId
        : detail === ''
          ? 0
          : strings.intern(detail);
    const operationId = this.operationId(c.operation);
    splitFiletime(dv.getUint32(e + 0x20, true), dv.getUint32(e + 0x1c, true));
    const b = this.batch;
    const n = b.length;
    b.timeSec[n] = split.sec - FILETIME_UNIX_EPOCH_SECONDS;
    b.timeFrac[n] = split.frac;
    b.process[n] = slot.nameId;
    b.pid[n] = slot.pid;
    b.tid[n] = c.tid;
    b.operation[n] = operationId;
    b.path[n] = pathId;
    b.result[n] = this.resultIds[resultSlot];
    b.resultClass[n] = this.resultClasses[resultSlot];
    b.detail[n] = detailId;
    b.duration[n] =
      status === STATUS_PENDING
        ? NaN
        : (dv.getUint32(e + 0x18, true) * 4294967296 + dv.getUint32(e + 0x14, true)) / 1e7;
    b.eventClass[n] = this.classIds[cls];
    b.processIndex[n] = slot.storeIndex;
    // Stacks stay in the file (read back when one is asked for, see store/file-stacks.ts).
    if (depth > 0) {
      b.stackRecord[n] = this.chunks.start + e;
      b.stackInfo[n] = fileStackInfo(this.stackFile, depth);
      b.stacks++;
    } else b.stackInfo[n] = 0;
    b.length = n + 1;
    if (n + 1 === b.capacity) this.flush();
  }

  /** Hands the decoded events to the builder (before anyone counts or merges its events). */
  flush(): void {
    this.builder.appendBatch(this.batch);
    this.batch.length = 0;
    this.batch.stacks = 0;
  }
}
