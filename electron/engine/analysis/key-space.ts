/**
 * The shared vocabulary of one comparison: strings interned into ids common to both traces, and
 * event keys (process, operation, normalized path, detail) as dense integers, so the alignment and
 * the findings compare integers. Built by normalize.ts.
 */
import { IntTupleMap, type IntTupleMapSnapshot } from './int-tuple-map';
import { PathTable, type PathTableSnapshot } from './path-table';

/** Strings interned into dense ids shared by both traces. Id 0 is ''. */
export class Interner {
  private readonly ids = new Map<string, number>([['', 0]]);
  readonly values: string[] = [''];

  intern(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }

  find(value: string): number {
    return this.ids.get(value) ?? -1;
  }

  /** An interner holding `values` (from another's `values`) with the same ids. */
  static of(values: readonly string[]): Interner {
    const i = new Interner();
    for (let id = 1; id < values.length; id++) i.intern(values[id]);
    return i;
  }
}

export interface KeySpaceSnapshot {
  processes: string[];
  operations: string[];
  details: string[];
  results: string[];
  paths: PathTableSnapshot;
  heads: IntTupleMapSnapshot;
  byPath: Int32Array<ArrayBuffer>;
  slots: Int32Array<ArrayBuffer>;
  headOfKey: Int32Array<ArrayBuffer>;
  pathOfKey: Int32Array<ArrayBuffer>;
  count: number;
  spilled: number;
}

/** The buffers of a key space snapshot, for postMessage's transfer list. */
export function snapshotBuffers(s: KeySpaceSnapshot): ArrayBuffer[] {
  const p = s.paths;
  const h = s.heads;
  return [
    ...[p.slots, p.h1, p.h2, p.source, p.stringId, h.slots, h.a, h.b, h.c, h.d],
    ...[s.byPath, s.slots, s.headOfKey, s.pathOfKey],
  ].map((a) => a.buffer);
}

/** (head, key) pairs kept inline per normalized path in KeySpace.byPath. */
const PATH_WAYS = 4;

/**
 * The key vocabulary of one comparison. A key is (process, operation, path, detail) of shared ids,
 * stored as a "head" (process, operation, detail: a few hundred distinct) and a path. A path has a
 * few keys (open, query, read, close by a process or two), kept side by side in `byPath`, so the
 * keys of one path share a cache line: the look-up runs for millions of events against hundreds of
 * thousands of keys, and the events of one path come in bursts. A path with more heads than
 * PATH_WAYS puts the rest in an open-addressing table whose slots hold head, path and key.
 */
export class KeySpace {
  processes = new Interner();
  operations = new Interner();
  paths: PathTable;
  details = new Interner();
  results = new Interner();
  private heads = new IntTupleMap(1024);
  /** PATH_WAYS (head, key) pairs per path id; head -1 = free. */
  private byPath: Int32Array<ArrayBuffer>;
  /** Slots of [head, path, key]; key -1 = empty. */
  private slots: Int32Array<ArrayBuffer>;
  private mask: number;
  private headOfKey: Int32Array<ArrayBuffer>;
  private pathOfKey: Int32Array<ArrayBuffer>;
  private count = 0;
  private spilled = 0;

  /** `expectedKeys` sizes the tables up front (growing a table of millions of slots costs a rehash). */
  constructor(expectedKeys = 1 << 15) {
    // About a third as many distinct paths as keys in big captures (open, read, close of a file).
    this.paths = new PathTable(expectedKeys / 3);
    let paths = 1 << 12;
    while (paths < expectedKeys / 4 && paths < 1 << 22) paths *= 2;
    this.byPath = new Int32Array(paths * PATH_WAYS * 2).fill(-1);
    const size = 1 << 12;
    this.slots = new Int32Array(size * 3).fill(-1);
    this.mask = size - 1;
    let keys = 1 << 12;
    while (keys < expectedKeys && keys < 1 << 23) keys *= 2;
    this.headOfKey = new Int32Array(keys);
    this.pathOfKey = new Int32Array(keys);
  }

  get size(): number {
    return this.count;
  }

  /** The head id of (process, operation, detail). */
  head(process: number, operation: number, detail: number): number {
    return this.heads.intern(process, operation, detail, 0);
  }

  private static slotOf(head: number, path: number, mask: number): number {
    let h = Math.imul(path ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(head + 0x7f4a7c15, 0xc2b2ae35);
    h ^= h >>> 15;
    h = Math.imul(h, 0x27d4eb2f);
    return ((h ^ (h >>> 13)) >>> 0) & mask;
  }

  private newKey(head: number, path: number): number {
    const k = this.count++;
    if (k >= this.headOfKey.length) {
      this.headOfKey = grow(this.headOfKey, k + 1);
      this.pathOfKey = grow(this.pathOfKey, k + 1);
    }
    this.headOfKey[k] = head;
    this.pathOfKey[k] = path;
    return k;
  }

  /** The key id of (head, path), adding it when new. */
  key(head: number, path: number): number {
    let at = path * (PATH_WAYS * 2);
    if (at >= this.byPath.length) {
      const next = new Int32Array(Math.max(this.byPath.length * 2, at + PATH_WAYS * 2)).fill(-1);
      next.set(this.byPath);
      this.byPath = next;
    }
    const byPath = this.byPath;
    for (const end = at + PATH_WAYS * 2; at < end; at += 2) {
      const h = byPath[at];
      if (h === head) return byPath[at + 1];
      if (h < 0) {
        const k = this.newKey(head, path);
        byPath[at] = head;
        byPath[at + 1] = k;
        return k;
      }
    }
    return this.spill(head, path);
  }

  /** `key` for a path whose inline pairs are taken. */
  private spill(head: number, path: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let i = KeySpace.slotOf(head, path, mask);
    for (;;) {
      const at = i * 3;
      const k = slots[at + 2];
      if (k < 0) break;
      if (slots[at] === head && slots[at + 1] === path) return k;
      i = (i + 1) & mask;
    }
    const k = this.newKey(head, path);
    const at = i * 3;
    slots[at] = head;
    slots[at + 1] = path;
    slots[at + 2] = k;
    if (++this.spilled * 2 > mask) this.rehash();
    return k;
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    const mask = size - 1;
    const old = this.slots;
    const slots = new Int32Array(size * 3).fill(-1);
    for (let at = 0; at < old.length; at += 3) {
      if (old[at + 2] < 0) continue;
      let i = KeySpace.slotOf(old[at], old[at + 1], mask);
      while (slots[i * 3 + 2] >= 0) i = (i + 1) & mask;
      slots[i * 3] = old[at];
      slots[i * 3 + 1] = old[at + 1];
      slots[i * 3 + 2] = old[at + 2];
    }
    this.slots = slots;
    this.mask = mask;
  }

  /**
   * The whole key space as transferable arrays and string lists: a worker's key space of the first
   * trace becomes the comparison's (side-keys.ts). The arrays are handed over, not copied.
   */
  snapshot(): KeySpaceSnapshot {
    return {
      processes: this.processes.values,
      operations: this.operations.values,
      details: this.details.values,
      results: this.results.values,
      paths: this.paths.snapshot(),
      heads: this.heads.snapshot(),
      byPath: this.byPath,
      slots: this.slots,
      headOfKey: this.headOfKey,
      pathOfKey: this.pathOfKey,
      count: this.count,
      spilled: this.spilled,
    };
  }

  /** A key space from `snapshot`, with the same ids. */
  static restore(s: KeySpaceSnapshot): KeySpace {
    const k = new KeySpace(1);
    k.processes = Interner.of(s.processes);
    k.operations = Interner.of(s.operations);
    k.details = Interner.of(s.details);
    k.results = Interner.of(s.results);
    k.paths = PathTable.restore(s.paths);
    k.heads = IntTupleMap.restore(s.heads);
    k.byPath = s.byPath;
    k.slots = s.slots;
    k.mask = s.slots.length / 3 - 1;
    k.headOfKey = s.headOfKey;
    k.pathOfKey = s.pathOfKey;
    k.count = s.count;
    k.spilled = s.spilled;
    return k;
  }

  /** The keys and heads in id order, as parts (a worker hands its keys to the main thread). */
  exportKeys(): { headOfKey: Int32Array; pathOfKey: Int32Array; heads: Int32Array } {
    const heads = new Int32Array(this.heads.size * 3);
    for (let h = 0; h < this.heads.size; h++) {
      heads[h * 3] = this.heads.part(h, 0);
      heads[h * 3 + 1] = this.heads.part(h, 1);
      heads[h * 3 + 2] = this.heads.part(h, 2);
    }
    return {
      headOfKey: this.headOfKey.slice(0, this.count),
      pathOfKey: this.pathOfKey.slice(0, this.count),
      heads,
    };
  }

  processOf(key: number): number {
    return this.heads.part(this.headOfKey[key], 0);
  }
  operationOf(key: number): number {
    return this.heads.part(this.headOfKey[key], 1);
  }
  pathOf(key: number): number {
    return this.pathOfKey[key];
  }
  detailOf(key: number): number {
    return this.heads.part(this.headOfKey[key], 2);
  }
  /** The key as the engineer reads it: `process | operation | path | detail`. */
  text(key: number): string {
    if (key < 0 || key >= this.count) return '';
    const parts = [
      this.processes.values[this.processOf(key)],
      this.operations.values[this.operationOf(key)],
      this.paths.text(this.pathOf(key)),
    ];
    const d = this.details.values[this.detailOf(key)];
    if (d) parts.push(d);
    return parts.join(' | ');
  }
}

function grow(a: Int32Array<ArrayBuffer>, min: number): Int32Array<ArrayBuffer> {
  let n = a.length * 2;
  while (n < min) n *= 2;
  const out = new Int32Array(n);
  out.set(a);
  return out;
}
