/**
 * The fast lane of the CSV reader for UTF-8 exports (procmon.md §1.1: Procmon writes UTF-8 with a BOM
 * and quotes every field). Records are cut from the raw bytes (closing quotes found by the native
 * Buffer.indexOf), and a field that is interned is hashed 4 bytes at a time and looked up by its
 * bytes, so a value seen before (most Path and Detail values repeat) costs no string at all: one
 * string per field, hashed again by a Map, cost more than parsing itself (bench/ingest-bench.ts).
 * The scanner reads only what it fully understands — quoted or plain fields, doubled quotes, the
 * header's line break as the record separator — and reports anything else (IRREGULAR: text after a
 * closing quote) so the reader hands that record and the rest of the file to papaparse
 * (csv-chunks.ts), which then reads it exactly as it reads every other file.
 */
import type { StringTable } from '../store/string-table';
import { parseIntFast } from './time-parse';

/** Field flags: doubled quotes inside a quoted field. */
export const FIELD_ESCAPED = 1;
/** A quote inside an unquoted field (kept as text, as papaparse does). */
export const FIELD_RAW_QUOTE = 2;

/** `scan` results besides a position: the record is not complete in the buffer, or not plain CSV. */
export const NEED_MORE = -1;
export const IRREGULAR = -2;

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** Record separator codes: CRLF, LF, lone CR. */
export type ByteNewline = 0 | 1 | 2;

/** The record separator of a text from its first line break (as csv-chunks' detectNewline), or null. */
export function detectByteNewline(buf: Uint8Array, from: number, limit: number): ByteNewline | null {
  for (let i = from; i < limit; i++) {
    const c = buf[i];
    if (c === LF) return 1;
    if (c === CR) {
      if (i + 1 >= limit) return null;
      return buf[i + 1] === LF ? 0 : 2;
    }
  }
  return null;
}

/** A DataView over exactly the bytes of `b`. */
export function viewOf(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** Cuts one record at a time into field ranges. */
export class ByteRecordScanner {
  start = new Int32Array(32);
  end = new Int32Array(32);
  flags = new Int32Array(32);
  /** Fields of the last record scanned. */
  count = 0;
  /** Line feeds inside the fields of the last record. */
  innerLf = 0;

  constructor(readonly newline: ByteNewline) {}

  private grow(): void {
    const n = this.start.length * 2;
    const more = (a: Int32Array): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.start = more(this.start);
    this.end = more(this.end);
    this.flags = more(this.flags);
  }

  /**
   * Scans the record starting at `p`; returns where the next record starts, NEED_MORE when the
   * record does not end before `limit`, or IRREGULAR. Bytes of `buf` past `limit` are ignored.
   */
  scan(buf: Buffer, p: number, limit: number): number {
    const nl = this.newline;
    const from = p;
    let f = 0;
    for (;;) {
      if (f === this.start.length) this.grow();
      if (p >= limit) return NEED_MORE;
      let fl = 0;
      if (buf[p] === QUOTE) {
        let q = p + 1;
        this.start[f] = q;
        for (;;) {
          q = buf.indexOf(QUOTE, q);
          if (q < 0 || q + 1 >= limit) return NEED_MORE;
          if (buf[q + 1] !== QUOTE) break;
          fl = FIELD_ESCAPED;
          q += 2;
        }
        this.end[f] = q;
        p = q + 1; // after the closing quote; the check above saw that byte
        const c = buf[p];
        if (c !== COMMA) {
          // Only the separator may follow a closing quote here; papaparse has rules for the rest.
          if (nl === 1 ? c !== LF : c !== CR) return IRREGULAR;
          if (nl === 0) {
            if (p + 1 >= limit) return NEED_MORE;
            if (buf[p + 1] !== LF) return IRREGULAR;
          }
        }
      } else {
        // A plain field runs to the next comma or separator; quotes inside it are text.
        let q = p;
        this.start[f] = q;
        for (;;) {
          if (q >= limit) return NEED_MORE;
          const c = buf[q];
          if (c === COMMA) break;
          if (c === CR) {
            if (nl === 2) break;
            if (nl === 0) {
              if (q + 1 >= limit) return NEED_MORE;
              if (buf[q + 1] === LF) break;
            }
          } else if (c === LF) {
            if (nl === 1) break;
          } else if (c === QUOTE) fl = FIELD_RAW_QUOTE;
          q++;
        }
        this.end[f] = q;
        p = q;
      }
      this.flags[f] = fl;
      f++;
      if (buf[p] === COMMA) {
        p++;
        continue;
      }
      this.count = f;
      this.innerLf = countLf(buf, from, p, nl);
      return p + (nl === 0 ? 2 : 1);
    }
  }
}

/** Line feeds in buf[from, end): found natively when the separator holds one, so a miss is cheap. */
function countLf(buf: Buffer, from: number, end: number, nl: ByteNewline): number {
  let i = nl === 2 ? from : buf.indexOf(LF, from);
  let n = 0;
  for (; i >= 0 && i < end; i++) if (buf[i] === LF) n++;
  return n;
}

/** True when a byte of buf[start, end) is >= 0x80. */
function hasHigh(buf: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf[i] >= 0x80) return true;
  return false;
}

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** The text of a field as papaparse gives it: decoded, doubled quotes of a quoted field undone. */
export function fieldText(buf: Buffer, start: number, end: number, flags: number, high?: boolean): string {
  if (end <= start) return '';
  const text =
    (high ?? hasHigh(buf, start, end))
      ? utf8.decode(buf.subarray(start, end))
      : buf.toString('latin1', start, end);
  return (flags & FIELD_ESCAPED) !== 0 ? text.replace(/""/g, '"') : text;
}

/** A field as an integer, like parseIntFast on its text: NaN when it is not one. */
export function fieldInt(buf: Buffer, start: number, end: number, flags: number): number {
  const n = end - start;
  if (n > 0 && n <= 15) {
    let v = 0;
    let i = start;
    for (; i < end; i++) {
      const d = buf[i] - 48;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
    }
    if (i === end) return v;
  }
  return parseIntFast(fieldText(buf, start, end, flags));
}

/** Entries of a column's cache of recent values. */
const FRONT_SIZE = 4096;

/** A column's cache of recent values for ByteInterner.id: [hash, length, arena offset, id] each. */
export function newFrontCache(): Int32Array {
  return new Int32Array(FRONT_SIZE * 4);
}

// Set by hashBytes: whether a byte >= 0x80 was seen.
let hashedHigh = false;

/**
 * FNV-1a over 4-byte little-endian words, then the last bytes one by one, finished with murmur3's
 * mixer (FNV's multiply only carries a difference upwards) — four times faster than a byte-wise
 * hash, and defined on the bytes alone so every caller gets the same value.
 */
function hashBytes(buf: Uint8Array, dv: DataView, start: number, end: number): number {
  let h = FNV_OFFSET;
  let acc = 0;
  let i = start;
  for (; i + 4 <= end; i += 4) {
    const w = dv.getInt32(i, true);
    acc |= w;
    h = Math.imul(h ^ w, FNV_PRIME);
  }
  for (; i < end; i++) {
    const c = buf[i];
    acc |= c;
    h = Math.imul(h ^ c, FNV_PRIME);
  }
  hashedHigh = (acc & 0x80808080) !== 0;
  h ^= end - start;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * Field bytes to string-table ids. A value's raw bytes are kept (in `arena`) the first time it is
 * met, and later occurrences are matched 4 bytes at a time, so a repeated value costs a hash probe
 * and a compare. New ASCII values are appended to the table without entering its Map (StringTable.
 * appendNew): ASCII bytes and text correspond one to one, so this index alone keeps them unique, and
 * every other value of the file goes through `text` below, which looks here first. Non-ASCII values
 * take the table's full `intern` (different invalid UTF-8 bytes all decode to U+FFFD).
 */
export class ByteInterner {
  // [hash, length, arena offset, id] per slot; length 0 = empty (empty values never get here).
  private slots = new Int32Array(4 << 16);
  private mask = (1 << 16) - 1;
  private count = 0;
  private arena = new Uint8Array(1 << 20);
  private arenaView = viewOf(this.arena);
  private used = 0;
  private scratch = Buffer.alloc(256);
  private scratchView = viewOf(this.scratch);

  constructor(private readonly table: StringTable) {}

  /** The id of a field's value; `dv` views `buf`. */
  /**
   * The id of a field's value; `dv` views `buf`. `front`, when given, is the column's cache of
   * recent values (newFrontCache): values of one column recur within a few dozen rows, and
   * there the look-up stays in a table small enough for the CPU cache instead of the whole index.
   */
  id(buf: Buffer, dv: DataView, start: number, end: number, flags: number, front?: Int32Array): number {
    if (end <= start) return 0;
    // The same bytes can mean another text when quotes are involved: those go by their text.
    if ((flags & (FIELD_ESCAPED | FIELD_RAW_QUOTE)) !== 0)
      return this.text(fieldText(buf, start, end, flags));
    const h = hashBytes(buf, dv, start, end);
    const len = end - start;
    let at = -1;
    if (front) {
      at = ((h >>> 20) & (FRONT_SIZE - 1)) * 4;
      if (front[at] === h && front[at + 1] === len && this.same(buf, dv, start, end, front[at + 2]))
        return front[at + 3];
    }
    const slot = this.probe(buf, dv, start, end, h);
    let id: number;
    if (slot < 0) id = this.slots[-slot * 4 + 3];
    else {
      const high = hashedHigh;
      const text = fieldText(buf, start, end, flags, high);
      if (high) id = this.table.intern(text);
      else {
        id = this.table.findIndexed(text);
        if (id < 0) id = this.table.appendNew(text);
      }
      this.add(buf, start, end, h, slot, id);
    }
    if (front) {
      const s = slot < 0 ? -slot * 4 : slot * 4;
      front[at] = h;
      front[at + 1] = len;
      front[at + 2] = this.slots[s + 2];
      front[at + 3] = id;
    }
    return id;
  }

  /** The id of a value that did not come from a field's bytes (see the class comment). */
  text(value: string): number {
    const n = value.length;
    if (this.count === 0 || n === 0 || n > 4096) return this.table.intern(value);
    if (this.scratch.length < n) {
      this.scratch = Buffer.alloc(Math.max(n, this.scratch.length * 2));
      this.scratchView = viewOf(this.scratch);
    }
    const b = this.scratch;
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i);
      if (c >= 0x80) return this.table.intern(value);
      b[i] = c;
    }
    const slot = this.probe(b, this.scratchView, 0, n, hashBytes(b, this.scratchView, 0, n));
    if (slot < 0) return this.slots[-slot * 4 + 3];
    return this.table.internIndexed(value);
  }

  /** -slot when the bytes are known (slot > 0 then), else the free slot where they go. */
  private probe(buf: Uint8Array, dv: DataView, start: number, end: number, h: number): number {
    const len = end - start;
    const slots = this.slots;
    const mask = this.mask;
    let i = h & mask;
    if (i === 0) i = 1; // slot 0 stays unused so a hit is always negative
    for (;;) {
      const at = i * 4;
      const l = slots[at + 1];
      if (l === 0) return i;
      if (l === len && slots[at] === h && this.same(buf, dv, start, end, slots[at + 2])) return -i;
      i = (i + 1) & mask;
      if (i === 0) i = 1;
    }
  }

  private same(buf: Uint8Array, dv: DataView, start: number, end: number, offset: number): boolean {
    const av = this.arenaView;
    const shift = offset - start;
    let k = start;
    for (; k + 4 <= end; k += 4) if (dv.getInt32(k, true) !== av.getInt32(shift + k, true)) return false;
    const arena = this.arena;
    for (; k < end; k++) if (arena[shift + k] !== buf[k]) return false;
    return true;
  }

  private add(buf: Buffer, start: number, end: number, h: number, slot: number, id: number): void {
    const len = end - start;
    if (this.used + len > this.arena.length) {
      let n = this.arena.length * 2;
      while (n < this.used + len) n *= 2;
      const a = new Uint8Array(n);
      a.set(this.arena.subarray(0, this.used));
      this.arena = a;
      this.arenaView = viewOf(a);
    }
    const arena = this.arena;
    const to = this.used - start;
    for (let k = start; k < end; k++) arena[to + k] = buf[k];
    const at = slot * 4;
    const slots = this.slots;
    slots[at] = h;
    slots[at + 1] = len;
    slots[at + 2] = this.used;
    slots[at + 3] = id;
    this.used += len;
    this.count++;
    if (this.count * 2 > this.mask) this.rehash();
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    const mask = size - 1;
    const slots = new Int32Array(size * 4);
    const old = this.slots;
    for (let at = 0; at < old.length; at += 4) {
      if (old[at + 1] === 0) continue;
      let j = old[at] & mask;
      if (j === 0) j = 1;
      while (slots[j * 4 + 1] !== 0) {
        j = (j + 1) & mask;
        if (j === 0) j = 1;
      }
      const to = j * 4;
      slots[to] = old[at];
      slots[to + 1] = old[at + 1];
      slots[to + 2] = old[at + 2];
      slots[to + 3] = old[at + 3];
    }
    this.slots = slots;
    this.mask = mask;
  }
}
