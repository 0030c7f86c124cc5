/**
 * The state shared by the per-class Detail decoders while one event is decoded: the bytes of the
 * current read chunk and where the event's detail and extra-detail blocks lie in it (procmon.md
 * §3.8-3.9). One instance is reused for every event so the hot path allocates nothing of its own.
 */
import type { RawCache, TextCache } from './pml-byte-cache';
import { copyBytes } from './pml-bytes';
import { KeyTable } from './pml-key-table';

/**
 * Node's native slice decoders (what Buffer#toString uses internally, minus its argument handling):
 * several times faster than TextDecoder or String.fromCharCode for the short strings of a PML.
 */
interface NativeSlices {
  latin1Slice(start: number, end: number): string;
  ucs2Slice(start: number, end: number): string;
}

function nativeSlices(b: Buffer): Buffer & NativeSlices {
  const n = b as Buffer & Partial<NativeSlices>;
  if (typeof n.latin1Slice !== 'function' || typeof n.ucs2Slice !== 'function') {
    n.latin1Slice = (start, end) => b.toString('latin1', start, end);
    n.ucs2Slice = (start, end) => b.toString('utf16le', start, end);
  }
  return n as Buffer & NativeSlices;
}

/**
 * Detail texts by a numeric signature of the fields they are made of (up to three 32-bit values and a
 * kind below 256): many events share a detail (the same access mask and disposition, the same
 * control code, ...) and a hit skips building the text and its string-table lookup.
 */
export class DetailCache {
  private readonly table = new KeyTable(4096);
  private readonly ids: number[] = [];
  private readonly texts: string[] = [];

  constructor(private readonly intern: (s: string) => number) {}

  /** Index of a cached detail or -1; `c` must fit in 24 bits. */
  find(kind: number, a: number, b: number, c: number): number {
    return this.table.get(a, b, c | (kind << 24));
  }

  id(index: number): number {
    return this.ids[index];
  }

  text(index: number): string {
    return this.texts[index];
  }

  add(kind: number, a: number, b: number, c: number, text: string): number {
    const index = this.ids.length;
    this.ids.push(this.intern(text));
    this.texts.push(text);
    this.table.add(a, b, c | (kind << 24), index);
    return this.ids[index];
  }
}

/** Longest Detail key (see EventContext.keyReset): longer ones are formatted every time. */
export const DETAIL_KEY_MAX = 4096;

/** Tags of Detail keys (see EventContext.keyReset). */
export const enum DetailKey {
  ReadWrite = 1,
  LoadImage,
  SetBasic,
  Directory,
  RegValue,
  Lock,
  SetInfo,
}

/** Detail signature kinds (see DetailCache). */
export const enum DetailKind {
  CreateFile = 1,
  FileMapping,
  RegOpen,
  RegLength,
  RegQueryKey,
  RegSetInfoKey,
  AttributeTag,
  Security,
  Notify,
  Control,
}

export class EventContext {
  bytes: Buffer & NativeSlices = nativeSlices(Buffer.alloc(0));
  dv: DataView = new DataView(new ArrayBuffer(0));
  pointerSize: 4 | 8 = 8;
  /** Start and end (exclusive) of the detail block in `bytes`. */
  detailStart = 0;
  detailEnd = 0;
  /** Start and length of the extra-detail block in `bytes`; -1 when the event has none. */
  extraStart = -1;
  extraSize = 0;
  eventClass = 0;
  op = 0;
  subOp = 0;
  tid = 0;
  status = 0;
  /** Filled by the decoders. `pathId` is the interned id of `path`, or -1 when not interned yet. */
  path = '';
  pathId = -1;
  operation = '';
  paths: TextCache | null = null;
  /** Interned id of the Detail when it came from `details` or `detailBytes`, else -1. */
  detailId = -1;
  details: DetailCache | null = null;
  detailBytes: RawCache | null = null;
  /** Details by a key the decoder assembles from the fields they are made of (see keyReset). */
  detailKeys: RawCache | null = null;
  private readonly keyView = new DataView(new ArrayBuffer(DETAIL_KEY_MAX));
  private keyLength = 0;

  /**
   * Starts a Detail key: the decoder adds every value its text depends on (keyU32, keyRange,
   * keyText), then asks `cachedKey` and, on a miss, formats the text and hands it to `rememberKey`.
   */
  keyReset(): void {
    this.keyLength = 0;
  }

  keyU32(v: number): void {
    const n = this.keyLength;
    if (n + 4 <= DETAIL_KEY_MAX) this.keyView.setInt32(n, v | 0, true);
    this.keyLength = n + 4;
  }

  /** Adds `length` raw bytes of the record at `at` (a length that varies is part of the key). */
  keyRange(at: number, length: number): void {
    const n = this.keyLength;
    if (length <= 0) return;
    if (n + length <= DETAIL_KEY_MAX) copyBytes(this.dv, at, this.keyView, n, length);
    this.keyLength = n + length;
  }

  keyText(text: string): void {
    const n = this.keyLength;
    if (n + 4 + 2 * text.length <= DETAIL_KEY_MAX) {
      this.keyView.setInt32(n, text.length, true);
      for (let i = 0; i < text.length; i++) this.keyView.setUint16(n + 4 + 2 * i, text.charCodeAt(i), true);
    }
    this.keyLength = n + 4 + 2 * text.length;
  }

  /** The cached Detail for the key built since `keyReset` under `tag` (0..255), or null. */
  cachedKey(tag: number): string | null {
    const cache = this.detailKeys;
    const n = this.keyLength;
    if (cache === null || n > DETAIL_KEY_MAX || !cache.fits(n) || !cache.find(this.keyView, 0, n, tag))
      return null;
    this.detailId = cache.id;
    return cache.text;
  }

  rememberKey(tag: number, text: string): string {
    const cache = this.detailKeys;
    const n = this.keyLength;
    if (cache !== null && n <= DETAIL_KEY_MAX && cache.fits(n))
      this.detailId = cache.store(this.keyView, 0, n, tag, text);
    return text;
  }

  /**
   * The cached Detail made from the `byteLength` bytes at `at` (tag: the decoder's kind, 0..255),
   * or null: then the caller formats it and passes it to `rememberBytes` (same arguments).
   */
  cachedBytes(tag: number, at: number, byteLength: number): string | null {
    const cache = this.detailBytes;
    if (cache === null || !cache.fits(byteLength) || !cache.find(this.dv, at, byteLength, tag)) return null;
    this.detailId = cache.id;
    return cache.text;
  }

  rememberBytes(tag: number, at: number, byteLength: number, text: string): string {
    const cache = this.detailBytes;
    if (cache !== null && cache.fits(byteLength))
      this.detailId = cache.store(this.dv, at, byteLength, tag, text);
    return text;
  }

  /**
   * The cached Detail for a signature (setting `detailId`), or null: then the caller builds the text
   * and passes it to `remember`.
   */
  cached(kind: number, a: number, b: number, c: number): string | null {
    const cache = this.details;
    if (cache === null) return null;
    const i = cache.find(kind, a, b, c);
    if (i < 0) return null;
    this.detailId = cache.id(i);
    return cache.text(i);
  }

  remember(kind: number, a: number, b: number, c: number, text: string): string {
    if (this.details !== null) this.detailId = this.details.add(kind, a, b, c, text);
    return text;
  }

  /** Changes whenever the bytes of the read buffer do (see bufferChanged). */
  bufferEpoch = 0;

  setBuffer(bytes: Buffer): void {
    this.bytes = nativeSlices(bytes);
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.bufferEpoch++;
  }

  /** The read buffer was refilled: offsets into it no longer name the same bytes. */
  bufferChanged(): void {
    this.bufferEpoch++;
  }

  /** Parameter block of a file-system detail: after the sub-operation byte and 3 pad bytes. */
  get fsParams(): number {
    return this.detailStart + 4;
  }

  inDetail(at: number, size: number): boolean {
    return at >= this.detailStart && at + size <= this.detailEnd;
  }

  inExtra(at: number, size: number): boolean {
    return this.extraStart >= 0 && at >= this.extraStart && at + size <= this.extraStart + this.extraSize;
  }

  u8(at: number): number {
    return this.bytes[at];
  }
  u16At(at: number): number {
    return this.dv.getUint16(at, true);
  }
  u32(at: number): number {
    return this.dv.getUint32(at, true);
  }
  i32(at: number): number {
    return this.dv.getInt32(at, true);
  }

  /** UTF-16LE text of `chars` code units at `at`, without trailing NULs. */
  utf16(at: number, chars: number): string {
    let end = at + 2 * chars;
    const bytes = this.bytes;
    while (end > at && bytes[end - 2] === 0 && bytes[end - 1] === 0) end -= 2;
    return end === at ? '' : bytes.ucs2Slice(at, end);
  }

  /** Single-byte text (the "ASCII" form of detail strings), without trailing NULs. */
  ascii(at: number, chars: number): string {
    let end = at + chars;
    const bytes = this.bytes;
    while (end > at && bytes[end - 1] === 0) end--;
    return end === at ? '' : bytes.latin1Slice(at, end);
  }

  /**
   * A detail string whose u16 "info" word was read earlier (bit 15 = single-byte text, low 15 bits =
   * character count). Returns the text; `next` gets the offset after it. Text running past `limit`
   * is cut there.
   */
  infoString(info: number, at: number, limit: number): string {
    const isAscii = (info & 0x8000) !== 0;
    const chars = info & 0x7fff;
    const bytes = isAscii ? chars : chars * 2;
    const avail = Math.max(0, limit - at);
    this.next = at + bytes;
    if (bytes <= avail) return isAscii ? this.ascii(at, chars) : this.utf16(at, chars);
    return isAscii ? this.ascii(at, avail) : this.utf16(at, avail >> 1);
  }

  /** Like infoString for the event's Path: sets `path` and `pathId` through the text cache. */
  readPath(info: number, at: number, limit: number): void {
    const isAscii = (info & 0x8000) !== 0;
    const chars = info & 0x7fff;
    let bytes = isAscii ? chars : chars * 2;
    this.next = at + bytes;
    if (bytes > limit - at) bytes = Math.max(0, isAscii ? limit - at : (limit - at) & ~1);
    // Trailing NULs are not part of the text (and would split the cache for equal paths).
    const b = this.bytes;
    if (isAscii) while (bytes > 0 && b[at + bytes - 1] === 0) bytes--;
    else while (bytes > 1 && b[at + bytes - 2] === 0 && b[at + bytes - 1] === 0) bytes -= 2;
    const cache = this.paths;
    if (cache === null) {
      this.path = isAscii ? this.ascii(at, bytes) : this.utf16(at, bytes >> 1);
      this.pathId = -1;
      return;
    }
    this.pathId = cache.lookup(this, at, bytes, !isAscii);
    this.path = cache.text;
  }

  /** Sets a Path built by a decoder (not a raw string of the record). */
  setPath(path: string): void {
    this.path = path;
    this.pathId = -1;
  }

  /** Offset after the last string read by infoString. */
  next = 0;

  /** UTF-16 text of a byte length (structures with a FileNameLength in bytes), bounded by `limit`. */
  utf16Bytes(at: number, byteLength: number, limit: number): string {
    const len = Math.max(0, Math.min(byteLength, limit - at));
    return this.utf16(at, len >> 1);
  }

  /** A NUL-separated list of UTF-16 strings within [at, end), up to the empty terminator. */
  multiSz(at: number, end: number): string[] {
    const out: string[] = [];
    let start = at;
    const bytes = this.bytes;
    for (let o = at; o + 1 < end; o += 2) {
      if (bytes[o] === 0 && bytes[o + 1] === 0) {
        if (o === start) break;
        out.push(this.utf16(start, (o - start) >> 1));
        start = o + 2;
      }
    }
    if (start + 1 < end) {
      let o = start;
      while (o + 1 < end && (bytes[o] | bytes[o + 1]) !== 0) o += 2;
      if (o > start && o + 1 >= end) out.push(this.utf16(start, (o - start) >> 1));
    }
    return out;
  }
}
