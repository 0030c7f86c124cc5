/**
 * Texts (with their interned ids) by the raw bytes they are made from: paths by their UTF-16 or
 * single-byte form, returned structures by their bytes. Paths repeat heavily within a capture
 * (CreateFile, queries and CloseFile on one file), so do returned structures (the same file's size
 * and times): a hit skips decoding or formatting the text and its string-table lookup, and makes no
 * garbage.
 *
 * An exact open-addressing table keyed by a hash of every byte (a hash of a few sampled words let
 * paths differing in one character share a slot and evict each other: measured, half the lookups of
 * a large capture missed). Keys live in one byte arena; when it is full the table starts over, so
 * memory stays bounded on captures with millions of distinct paths.
 */
import { copyBytes, sameBytes } from './pml-bytes';
import type { EventContext } from './pml-event-context';

/** Bytes of keys kept before the table starts over. */
const ARENA_LIMIT = 32 * 1024 * 1024;

/** Hash of `length` bytes at `at` and a tag, over every byte (two interleaved lanes). */
export function hashBytes(dv: DataView, at: number, length: number, tag: number): number {
  let a = Math.imul(tag ^ 0x2545f491, 0x9e3779b1) ^ length;
  let b = 0x6a09e667 ^ length;
  let i = 0;
  // Four words per step where the key is long enough (paths): half the loop overhead per byte.
  for (; i + 16 <= length; i += 16) {
    a = Math.imul(a ^ dv.getInt32(at + i, true), 0x85ebca6b);
    b = Math.imul(b ^ dv.getInt32(at + i + 4, true), 0xc2b2ae35);
    a = Math.imul(a ^ dv.getInt32(at + i + 8, true), 0x85ebca6b);
    b = Math.imul(b ^ dv.getInt32(at + i + 12, true), 0xc2b2ae35);
    a ^= a >>> 13;
    b ^= b >>> 16;
  }
  for (; i + 8 <= length; i += 8) {
    a = Math.imul(a ^ dv.getInt32(at + i, true), 0x85ebca6b);
    b = Math.imul(b ^ dv.getInt32(at + i + 4, true), 0xc2b2ae35);
    a ^= a >>> 13;
    b ^= b >>> 16;
  }
  for (; i < length; i++) a = Math.imul(a ^ dv.getUint8(at + i), 0x27d4eb2f);
  let h = Math.imul(a ^ (b >>> 7) ^ (b << 11), 0x9e3779b1);
  h ^= h >>> 15;
  return h;
}

export class RawCache {
  private arena = new Uint8Array(64 * 1024);
  private arenaView = new DataView(this.arena.buffer);
  private arenaUsed = 0;
  /** Per slot: hash, entry + 1 (0 = empty). */
  private slots = new Int32Array(2 * 1024);
  private mask = 1023;
  /** Per entry: start in the arena, byte length * 256 + tag, interned id, text. */
  private starts = new Int32Array(256);
  private keys = new Int32Array(256);
  private ids = new Int32Array(256);
  private texts: string[] = [];
  private count = 0;
  text = '';
  id = 0;

  constructor(
    /** Longest key cached (longer ones are formatted every time). */
    private readonly maxBytes: number,
    private readonly intern: (s: string) => number,
  ) {}

  /** Whether a key of this many bytes can be cached. */
  fits(byteLength: number): boolean {
    return byteLength > 0 && byteLength <= this.maxBytes;
  }

  /** True when the bytes (tagged 0..255) are cached, leaving `text` and `id`; else `store` may follow. */
  find(dv: DataView, at: number, byteLength: number, tag: number): boolean {
    const h = hashBytes(dv, at, byteLength, tag);
    const key = byteLength * 256 + tag;
    const slots = this.slots;
    const mask = this.mask;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const e = slots[2 * s + 1] - 1;
      if (e < 0) return false;
      if (
        slots[2 * s] === h &&
        this.keys[e] === key &&
        sameBytes(this.arenaView, this.starts[e], dv, at, byteLength)
      ) {
        this.text = this.texts[e];
        this.id = this.ids[e];
        return true;
      }
    }
  }

  /** Caches `text` for bytes that `find` missed; returns its id. */
  store(dv: DataView, at: number, byteLength: number, tag: number, text: string): number {
    const id = this.intern(text);
    // Hashed again rather than trusted from `find`: formatting the text may have used the cache.
    const h = hashBytes(dv, at, byteLength, tag);
    this.text = text;
    this.id = id;
    if (this.arenaUsed + byteLength > ARENA_LIMIT) this.clear();
    if (this.arenaUsed + byteLength > this.arena.length) this.growArena(this.arenaUsed + byteLength);
    if ((this.count + 1) * 2 > this.mask + 1) this.growSlots();
    const e = this.count++;
    if (e === this.keys.length) this.growEntries();
    copyBytes(dv, at, this.arenaView, this.arenaUsed, byteLength);
    this.starts[e] = this.arenaUsed;
    this.arenaUsed += byteLength;
    this.keys[e] = byteLength * 256 + tag;
    this.ids[e] = id;
    this.texts[e] = text;
    this.place(this.slots, this.mask, h, e);
    return id;
  }

  private place(slots: Int32Array, mask: number, h: number, e: number): void {
    let s = h & mask;
    while (slots[2 * s + 1] !== 0) s = (s + 1) & mask;
    slots[2 * s] = h;
    slots[2 * s + 1] = e + 1;
  }

  private clear(): void {
    this.slots.fill(0);
    this.texts = [];
    this.count = 0;
    this.arenaUsed = 0;
  }

  private growArena(min: number): void {
    let size = this.arena.length * 2;
    while (size < min) size *= 2;
    const next = new Uint8Array(Math.min(size, Math.max(min, ARENA_LIMIT)));
    next.set(this.arena.subarray(0, this.arenaUsed));
    this.arena = next;
    this.arenaView = new DataView(next.buffer);
  }

  private growSlots(): void {
    const old = this.slots;
    const size = (this.mask + 1) * 2;
    const slots = new Int32Array(2 * size);
    const mask = size - 1;
    for (let s = 0; s < old.length; s += 2)
      if (old[s + 1] !== 0) this.place(slots, mask, old[s], old[s + 1] - 1);
    this.slots = slots;
    this.mask = mask;
  }

  private growEntries(): void {
    const n = this.keys.length * 2;
    const grow = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
      const next = new Int32Array(n);
      next.set(a);
      return next;
    };
    this.starts = grow(this.starts);
    this.keys = grow(this.keys);
    this.ids = grow(this.ids);
  }
}

/** Path texts by their raw bytes (tag: 0 single-byte, 1 UTF-16). */
export class TextCache {
  private readonly cache: RawCache;
  text = '';

  constructor(
    private readonly intern: (s: string) => number,
    maxBytes = 2048,
  ) {
    this.cache = new RawCache(maxBytes, intern);
  }

  /** Id of the text of `byteLength` bytes at `at`; the text itself is left in `text`. */
  lookup(c: EventContext, at: number, byteLength: number, wide: boolean): number {
    const cache = this.cache;
    if (!cache.fits(byteLength)) {
      this.text = byteLength === 0 ? '' : wide ? c.utf16(at, byteLength >> 1) : c.ascii(at, byteLength);
      return byteLength === 0 ? 0 : this.intern(this.text);
    }
    const tag = wide ? 1 : 0;
    // A third of the events or more name the path of the event before (CreateFile, queries, reads,
    // CloseFile on one file): compared where it lies, it needs no hashing.
    if (
      byteLength === this.lastLength &&
      tag === this.lastTag &&
      c.bufferEpoch === this.lastEpoch &&
      sameBytes(c.dv, this.lastAt, c.dv, at, byteLength)
    ) {
      this.text = this.lastText;
      return this.lastId;
    }
    if (!cache.find(c.dv, at, byteLength, tag))
      cache.store(c.dv, at, byteLength, tag, wide ? c.utf16(at, byteLength >> 1) : c.ascii(at, byteLength));
    this.text = cache.text;
    this.lastAt = at;
    this.lastLength = byteLength;
    this.lastTag = tag;
    this.lastEpoch = c.bufferEpoch;
    this.lastText = cache.text;
    this.lastId = cache.id;
    return cache.id;
  }

  /** Where the last path looked up lies in the read buffer (valid while its epoch lasts). */
  private lastAt = 0;
  private lastLength = -1;
  private lastTag = 0;
  private lastEpoch = -1;
  private lastText = '';
  private lastId = 0;
}
