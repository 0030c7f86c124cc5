/**
 * The fast lane of the CSV reader for UTF-8 exports (procmon.md §1.1: Procmon writes UTF-8 with a BOM
 * and quotes every field). Records are cut from the raw bytes and every field is hashed while it is
 * scanned, so a value seen before (most Path and Detail values repeat) is found by its bytes and no
 * string is made for it: one string per field, hashed again by a Map, cost more than parsing itself
 * (bench/ingest-bench.ts). The scanner reads only what it fully understands — quoted or plain fields,
 * doubled quotes, the header's line break as the record separator — and reports anything else
 * (IRREGULAR: text after a closing quote) so the reader hands that record and the rest of the file to
 * papaparse (csv-chunks.ts), which then reads it exactly as it reads every other file.
 */
import type { StringTable } from '../store/string-table';
import { parseIntFast } from './time-parse';

/** Field flags: doubled quotes inside a quoted field. */
export const FIELD_ESCAPED = 1;
/** A quote inside an unquoted field (kept as text, as papaparse does). */
export const FIELD_RAW_QUOTE = 2;
/** A byte >= 0x80: the field needs UTF-8 decoding. */
export const FIELD_HIGH = 4;
/** A line feed inside the field (line numbers count it). */
export const FIELD_LF = 8;

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

/** Cuts one record at a time into field ranges, each with an FNV-1a hash of its raw bytes. */
export class ByteRecordScanner {
  start = new Int32Array(32);
  end = new Int32Array(32);
  hash = new Int32Array(32);
  flags = new Int32Array(32);
  /** Fields of the last record scanned. */
  count = 0;
  /** Line feeds inside the fields of the last record. */
  innerLf = 0;
  /** Flags of every field scanned since the caller last cleared it. */
  seen = 0;

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
    this.hash = more(this.hash);
    this.flags = more(this.flags);
  }

  /**
   * Scans the record starting at `p`; returns where the next record starts, NEED_MORE when the
   * record does not end before `limit`, or IRREGULAR.
   */
  scan(buf: Uint8Array, p: number, limit: number): number {
    const nl = this.newline;
    let f = 0;
    let seen = 0;
    for (;;) {
      if (f === this.start.length) this.grow();
      if (p >= limit) return NEED_MORE;
      let h = FNV_OFFSET;
      let fl = 0;
      let q: number;
      if (buf[p] === QUOTE) {
        q = p + 1;
        this.start[f] = q;
        for (;;) {
          if (q >= limit) return NEED_MORE;
          const c = buf[q];
          if (c === QUOTE) {
            if (q + 1 >= limit) return NEED_MORE;
            if (buf[q + 1] !== QUOTE) break;
            fl |= FIELD_ESCAPED;
            h = Math.imul(Math.imul(h ^ QUOTE, FNV_PRIME) ^ QUOTE, FNV_PRIME);
            q += 2;
            continue;
          }
          if (c >= 0x80) fl |= FIELD_HIGH;
          else if (c === LF) fl |= FIELD_LF;
          h = Math.imul(h ^ c, FNV_PRIME);
          q++;
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
        q = p;
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
            fl |= FIELD_LF;
          } else if (c === QUOTE) fl |= FIELD_RAW_QUOTE;
          else if (c >= 0x80) fl |= FIELD_HIGH;
          h = Math.imul(h ^ c, FNV_PRIME);
          q++;
        }
        this.end[f] = q;
        p = q;
      }
      this.hash[f] = h;
      this.flags[f] = fl;
      seen |= fl;
      f++;
      if (buf[p] === COMMA) {
        p++;
        continue;
      }
      this.count = f;
      this.seen |= seen;
      this.innerLf = (seen & FIELD_LF) !== 0 ? this.countInnerLf(buf) : 0;
      return p + (nl === 0 ? 2 : 1);
    }
  }

  private countInnerLf(buf: Uint8Array): number {
    let n = 0;
    for (let f = 0; f < this.count; f++) {
      if ((this.flags[f] & FIELD_LF) === 0) continue;
      for (let i = this.start[f]; i < this.end[f]; i++) if (buf[i] === LF) n++;
    }
    return n;
  }
}

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** The text of a field as papaparse gives it: decoded, doubled quotes of a quoted field undone. */
export function fieldText(buf: Buffer, start: number, end: number, flags: number): string {
  if (end <= start) return '';
  const text = (flags & FIELD_HIGH) !== 0 ? utf8.decode(buf.subarray(start, end)) : buf.toString('latin1', start, end);
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

/**
 * Field bytes to string-table ids. A value's raw bytes are kept (in `arena`) the first time it is
 * met, and later occurrences are matched byte for byte, so the table holds each distinct value once
 * and a repeated value costs a hash probe and a compare. Every new value goes through the
 * StringTable itself, so ids are those the string path would give.
 */
export class ByteInterner {
  private slots = new Int32Array(1 << 17); // [hash, entry + 1] per slot; 0 = empty
  private mask = (1 << 16) - 1;
  private entries = new Int32Array(3 << 14); // [arena offset, length, id] per entry
  private count = 0;
  private arena = new Uint8Array(1 << 20);
  private used = 0;

  constructor(private readonly table: StringTable) {}

  id(buf: Buffer, start: number, end: number, hash: number, flags: number): number {
    const len = end - start;
    if (len <= 0) return 0;
    // The same bytes can mean another text when quotes are involved: those go by their text.
    if ((flags & (FIELD_ESCAPED | FIELD_RAW_QUOTE)) !== 0)
      return this.table.intern(fieldText(buf, start, end, flags));
    let h = Math.imul(hash ^ len, 0x85ebca6b);
    h ^= h >>> 13;
    const slots = this.slots;
    const entries = this.entries;
    const arena = this.arena;
    const mask = this.mask;
    let i = h & mask;
    for (;;) {
      const e = slots[i * 2 + 1];
      if (e === 0) break;
      if (slots[i * 2] === h) {
        const at = (e - 1) * 3;
        if (entries[at + 1] === len) {
          const shift = entries[at] - start;
          let k = start;
          while (k < end && arena[shift + k] === buf[k]) k++;
          if (k === end) return entries[at + 2];
        }
      }
      i = (i + 1) & mask;
    }
    const id = this.table.intern(fieldText(buf, start, end, flags));
    this.add(buf, start, end, h, i, id);
    return id;
  }

  private add(buf: Buffer, start: number, end: number, h: number, slot: number, id: number): void {
    const len = end - start;
    if (this.used + len > this.arena.length) {
      let n = this.arena.length * 2;
      while (n < this.used + len) n *= 2;
      const a = new Uint8Array(n);
      a.set(this.arena.subarray(0, this.used));
      this.arena = a;
    }
    this.arena.set(buf.subarray(start, end), this.used);
    const at = this.count * 3;
    if (at + 3 > this.entries.length) {
      const e = new Int32Array(this.entries.length * 2);
      e.set(this.entries);
      this.entries = e;
    }
    this.entries[at] = this.used;
    this.entries[at + 1] = len;
    this.entries[at + 2] = id;
    this.used += len;
    this.count++;
    this.slots[slot * 2] = h;
    this.slots[slot * 2 + 1] = this.count;
    if (this.count * 2 > this.mask) this.rehash();
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    const mask = size - 1;
    const slots = new Int32Array(size * 2);
    const old = this.slots;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i + 1] === 0) continue;
      let j = old[i] & mask;
      while (slots[j * 2 + 1] !== 0) j = (j + 1) & mask;
      slots[j * 2] = old[i];
      slots[j * 2 + 1] = old[i + 1];
    }
    this.slots = slots;
    this.mask = mask;
  }
}
