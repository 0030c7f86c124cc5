/**
 * Stacks left in the source file: a reader whose format keeps each event's return addresses at a
 * known place (a PML record, procmon.md §3.8) stores per event only where its record starts and how
 * many frames it has; the addresses are read back and resolved to module + offset when a stack is
 * asked for (the detail pane, stack attribution, a JSONL export). A capture holds millions of stacks
 * and hashing them while reading cost a quarter of reading a PML (issue #4); only a handful are looked at.
 *
 * Reading back checks the record still describes the same event (thread, frame count and the
 * 100-ns part of its time): a file changed or replaced since gives no stack rather than a wrong one
 * (bytes already read stay in use for the stacks that follow in the same window).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { ProcessInfo, StackFrame } from '../../../shared/model/trace';
import { GrowableColumn } from './growable';
import { StackSymbols } from './raw-stacks';
import type { RawStackContext } from './trace-store';

/** A file whose records hold stacks, and what their addresses are resolved against. */
export interface StackFile {
  /** Absolute path, read again when a stack is asked for. */
  path: string;
  pointerSize: 4 | 8;
  context: RawStackContext;
}

/**
 * Per event: `record` is the file offset of its record, `info` its frame count in the low 16 bits
 * and the index of its file in `files` above (0 = no stack).
 */
export interface FileStackTransfer {
  files: StackFile[];
  record: Float64Array;
  info: Uint32Array;
}

/** Record layout shared with the PML reader (procmon.md §3.8): fields checked on reading back. */
const RECORD_TID = 0x04;
const RECORD_FILETIME_LO = 0x1c;
const RECORD_DEPTH = 0x28;
/** The return addresses follow the record header. */
const RECORD_HEADER = 0x34;
const MAX_DEPTH = 0xffff;
const FILE_SHIFT = 16;
/**
 * Bytes read at once when a stack is not in the last window read: a large window when the reads go
 * forward through the file (an export asks for every stack in order), a small one for a stack
 * asked for alone (the detail pane).
 */
const WINDOW = 256 * 1024;
const SMALL_WINDOW = 8 * 1024;
const TWO_32_MOD_1E7 = 4967296;

/** The `info` value of a stack of `depth` (1..65535) frames in file `file`. */
export function fileStackInfo(file: number, depth: number): number {
  return ((depth & MAX_DEPTH) | (file << FILE_SHIFT)) >>> 0;
}

/** Builds the two per-event columns while a trace is read. */
export class FileStackColumns {
  readonly files: StackFile[] = [];
  private readonly record = new GrowableColumn(Float64Array, 16);
  private readonly info = new GrowableColumn(Uint32Array, 16);

  addFile(file: StackFile): number {
    const i = this.files.findIndex(
      (f) =>
        f.path === file.path &&
        f.pointerSize === file.pointerSize &&
        f.context.kernelProcess === file.context.kernelProcess &&
        f.context.maxUserHi === file.context.maxUserHi &&
        f.context.maxUserLo === file.context.maxUserLo,
    );
    if (i >= 0) return i;
    if (this.files.length >= 1 << FILE_SHIFT) throw new RangeError('too many stack files');
    this.files.push({ path: file.path, pointerSize: file.pointerSize, context: { ...file.context } });
    return this.files.length - 1;
  }

  reserve(events: number): void {
    this.record.reserve(events);
    this.info.reserve(events);
  }

  /** Whether any event has a stack (else the store gets no stack columns). */
  get used(): boolean {
    return this.info.length > 0;
  }

  /** The stack of event `seq` is `depth` (1..65535) frames in the record at `offset` of file `file`. */
  set(seq: number, file: number, offset: number, depth: number): void {
    // Events before this one without a stack keep info 0 (growing fills with zeros).
    this.record.set(seq, offset);
    this.info.set(seq, fileStackInfo(file, depth));
  }

  /** Sets events base.. from a reader's batch (`info` made by fileStackInfo, 0 = no stack). */
  appendBatch(base: number, record: Float64Array, info: Uint32Array, count: number): void {
    if (this.record.length < base) {
      this.record.set(base - 1, 0);
      this.info.set(base - 1, 0);
    }
    this.record.appendArray(record.subarray(0, count));
    this.info.appendArray(info.subarray(0, count));
  }

  /** Appends another builder's columns after `base` events, its file indexes mapped to ours. */
  append(t: FileStackTransfer, base: number): void {
    const map = t.files.map((f) => this.addFile(f));
    const identity = map.every((m, i) => m === i);
    const info = t.info;
    if (!identity)
      for (let i = 0; i < info.length; i++)
        if (info[i] !== 0) info[i] = fileStackInfo(map[info[i] >>> FILE_SHIFT], info[i]);
    if (info.length === 0) return;
    // Events up to `base` without a stack keep 0 (growing fills with zeros).
    if (this.record.length < base) {
      this.record.set(base - 1, 0);
      this.info.set(base - 1, 0);
    }
    this.record.appendArray(t.record);
    this.info.appendArray(info);
  }

  finish(length: number): FileStackTransfer | null {
    if (!this.used) return null;
    return { files: this.files, record: this.record.finish(length), info: this.info.finish(length) };
  }
}

/** What the reader checks a record against: the store's columns of the event. */
export interface StackEventFacts {
  tid: ArrayLike<number>;
  timeFrac: ArrayLike<number>;
  processIndex: ArrayLike<number>;
}

/** Reads stacks back from their files and resolves them (one per store, made on first use). */
export class FileStackReader {
  private readonly symbols: StackSymbols;
  private window: Buffer | null = null;
  private windowFile = -1;
  private windowStart = 0;
  private windowLength = 0;

  constructor(
    private readonly t: FileStackTransfer,
    private readonly events: StackEventFacts,
    processes: readonly ProcessInfo[],
  ) {
    this.symbols = new StackSymbols(processes);
  }

  /** Whether event `seq` has a stack to read. */
  has(seq: number): boolean {
    return seq >= 0 && seq < this.t.info.length && (this.t.info[seq] & MAX_DEPTH) !== 0;
  }

  frames(seq: number): StackFrame[] {
    if (!this.has(seq)) return [];
    const info = this.t.info[seq];
    const depth = info & MAX_DEPTH;
    const file = this.t.files[info >>> FILE_SHIFT];
    if (file === undefined) return [];
    const ptr = file.pointerSize;
    const at = this.bytes(info >>> FILE_SHIFT, file.path, this.t.record[seq], RECORD_HEADER + depth * ptr);
    if (at < 0) return [];
    const b = this.window!;
    const hi = b.readUInt32LE(at + RECORD_FILETIME_LO + 4);
    const lo = b.readUInt32LE(at + RECORD_FILETIME_LO);
    if (
      b.readUInt16LE(at + RECORD_DEPTH) !== depth ||
      b.readUInt32LE(at + RECORD_TID) !== this.events.tid[seq] >>> 0 ||
      ((hi % 1e7) * TWO_32_MOD_1E7 + lo) % 1e7 !== this.events.timeFrac[seq]
    )
      return [];
    const ctx = file.context;
    const owner = this.events.processIndex[seq];
    const out: StackFrame[] = [];
    for (let i = 0, p = at + RECORD_HEADER; i < depth; i++, p += ptr) {
      const aLo = b.readUInt32LE(p);
      const aHi = ptr === 8 ? b.readUInt32LE(p + 4) : 0;
      out.push(this.symbols.frame(ctx, owner, i, aHi, aLo));
    }
    return out;
  }

  /**
   * Makes `length` bytes at `offset` of file `index` available in the window; returns where they
   * start in it, or -1 when the file cannot be read there. The file is opened per read, not held
   * open (a held handle would keep the evidence file locked on Windows).
   */
  private bytes(index: number, path: string, offset: number, length: number): number {
    if (
      this.window !== null &&
      this.windowFile === index &&
      offset >= this.windowStart &&
      offset + length <= this.windowStart + this.windowLength
    )
      return offset - this.windowStart;
    const forward =
      this.windowFile === index &&
      offset >= this.windowStart &&
      offset < this.windowStart + this.windowLength + WINDOW;
    const size = Math.max(forward ? WINDOW : SMALL_WINDOW, length);
    if (this.window === null || this.window.length < size)
      this.window = Buffer.allocUnsafe(Math.max(size, this.window?.length ?? 0));
    this.windowFile = -1;
    let n = 0;
    try {
      const fd = openSync(path, 'r');
      try {
        while (n < size) {
          const r = readSync(fd, this.window, n, size - n, offset + n);
          if (r === 0) break;
          n += r;
        }
      } finally {
        closeSync(fd);
      }
    } catch {
      return -1;
    }
    this.windowFile = index;
    this.windowStart = offset;
    this.windowLength = n;
    return n >= length ? 0 : -1;
  }
}
