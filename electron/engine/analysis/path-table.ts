/**
 * The normalized paths of one comparison's key space (key-space.ts), identified by hashes of their
 * text rather than by a string map, with the text made only when asked for.
 */

/**
 * Normalized paths by content hash: two independent 32-bit FNV-1a-style hashes of the
 * (case-folded) text identify it (a collision among a few million paths has odds near 1e-6), so
 * equal paths of both traces meet without a string map over hundreds of thousands of fresh strings.
 * The text itself is made only when asked for (`text`), from the first source string that produced
 * the path: a comparison shows a few hundred of the hundreds of thousands of paths it keys.
 */
export interface PathTableSnapshot {
  slots: Int32Array<ArrayBuffer>;
  h1: Int32Array<ArrayBuffer>;
  h2: Int32Array<ArrayBuffer>;
  source: Int32Array<ArrayBuffer>;
  stringId: Int32Array<ArrayBuffer>;
  count: number;
}

export class PathTable {
  /** Texts made so far, by path id. */
  private readonly texts = new Map<number, string>();
  private slots: Int32Array<ArrayBuffer>;
  private mask: number;
  /** Per path: its two hashes, and which source (trace) and string of it first produced it. */
  private h1: Int32Array<ArrayBuffer>;
  private h2: Int32Array<ArrayBuffer>;
  private source: Int32Array<ArrayBuffer>;
  private stringId: Int32Array<ArrayBuffer>;
  private count = 0;

  /** Makes a path's normalized text from a source's string; set by whoever fills the table. */
  resolve: (source: number, stringId: number) => string = () => '';

  /** `expected` sizes the tables up front (a big capture has hundreds of thousands of paths). */
  constructor(expected = 1 << 12) {
    let cap = 1 << 12;
    while (cap < expected && cap < 1 << 24) cap *= 2;
    this.h1 = new Int32Array(cap);
    this.h2 = new Int32Array(cap);
    this.source = new Int32Array(cap);
    this.stringId = new Int32Array(cap);
    this.mask = cap * 2 - 1;
    this.slots = new Int32Array(cap * 4).fill(-1);
  }

  get size(): number {
    return this.count;
  }

  /** The id of the path hashed to (h1, h2); a new one remembers where its text comes from. */
  intern(h1: number, h2: number, source: number, stringId: number): number {
    const slots = this.slots;
    let i = (h1 ^ Math.imul(h2, 0x9e3779b1)) & this.mask;
    for (;;) {
      const id = slots[i * 2 + 1];
      if (id < 0) break;
      if (slots[i * 2] === h1 && this.h2[id] === h2) return id;
      i = (i + 1) & this.mask;
    }
    const id = this.count++;
    if (id >= this.h1.length) this.grow();
    this.h1[id] = h1;
    this.h2[id] = h2;
    this.source[id] = source;
    this.stringId[id] = stringId;
    slots[i * 2] = h1;
    slots[i * 2 + 1] = id;
    if (this.count * 2 > this.mask) this.rehash();
    return id;
  }

  /** The normalized text of a path. */
  text(id: number): string {
    if (id < 0 || id >= this.count) return '';
    let t = this.texts.get(id);
    if (t === undefined) {
      t = this.resolve(this.source[id], this.stringId[id]);
      this.texts.set(id, t);
    }
    return t;
  }

  /** Hashes and sources of every path, in id order (a worker hands its paths to the main thread). */
  export(): { h1: Int32Array; h2: Int32Array; stringId: Int32Array } {
    return {
      h1: this.h1.slice(0, this.count),
      h2: this.h2.slice(0, this.count),
      stringId: this.stringId.slice(0, this.count),
    };
  }

  /** The whole table as transferable arrays (see `restore`); texts made so far are not kept. */
  snapshot(): PathTableSnapshot {
    const { slots, h1, h2, source, stringId, count } = this;
    return { slots, h1, h2, source, stringId, count };
  }

  /** A table from `snapshot`'s arrays, taken over as they are. */
  static restore(s: PathTableSnapshot): PathTable {
    const t = new PathTable(1);
    t.slots = s.slots;
    t.mask = s.slots.length / 2 - 1;
    t.h1 = s.h1;
    t.h2 = s.h2;
    t.source = s.source;
    t.stringId = s.stringId;
    t.count = s.count;
    return t;
  }

  private grow(): void {
    const cap = this.h1.length * 2;
    const more = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.h1 = more(this.h1);
    this.h2 = more(this.h2);
    this.source = more(this.source);
    this.stringId = more(this.stringId);
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    this.mask = size - 1;
    const slots = (this.slots = new Int32Array(size * 2).fill(-1));
    for (let id = 0; id < this.count; id++) {
      let i = (this.h1[id] ^ Math.imul(this.h2[id], 0x9e3779b1)) & this.mask;
      while (slots[i * 2 + 1] >= 0) i = (i + 1) & this.mask;
      slots[i * 2] = this.h1[id];
      slots[i * 2 + 1] = id;
    }
  }
}

/** Hash state of hashPath: [h1, h2, 1 when an upper-case letter was folded]. */
const hashOut = new Int32Array(3);

/**
 * Hashes `s`, lower-casing ASCII letters on the fly when `fold`; null when `fold` meets a non-ASCII
 * character (the caller then folds with toLowerCase, which knows every script).
 */
export function hashPath(s: string, fold: boolean): Int32Array | null {
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x01000193 ^ s.length;
  let upper = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (fold) {
      if (c >= 65 && c <= 90) {
        c += 32;
        upper = 1;
      } else if (c >= 128) return null;
    }
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
  }
  hashOut[0] = h1;
  hashOut[1] = h2;
  hashOut[2] = upper;
  return hashOut;
}
