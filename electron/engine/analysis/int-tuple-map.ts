/**
 * Interns 4-tuples of non-negative 32-bit ids into dense ids (0, 1, 2, ...), with open addressing in
 * typed arrays: building event keys for two million events through a Map of strings would cost a
 * string per event; this costs four integer reads and a probe.
 */
export interface IntTupleMapSnapshot {
  slots: Int32Array<ArrayBuffer>;
  a: Int32Array<ArrayBuffer>;
  b: Int32Array<ArrayBuffer>;
  c: Int32Array<ArrayBuffer>;
  d: Int32Array<ArrayBuffer>;
  size: number;
}

export class IntTupleMap {
  private slots: Int32Array<ArrayBuffer>;
  private mask: number;
  private a = new Int32Array(1024);
  private b = new Int32Array(1024);
  private c = new Int32Array(1024);
  private d = new Int32Array(1024);
  size = 0;

  constructor(initialCapacity = 4096) {
    let cap = 16;
    while (cap < initialCapacity * 2) cap *= 2;
    this.slots = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
  }

  private static hash(a: number, b: number, c: number, d: number): number {
    let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13) ^ b, 0xc2b2ae35);
    h = Math.imul(h ^ (h >>> 16) ^ c, 0x27d4eb2f);
    h = Math.imul(h ^ (h >>> 15) ^ d, 0x165667b1);
    return (h ^ (h >>> 16)) >>> 0;
  }

  /** The id of the tuple, adding it when new. */
  intern(a: number, b: number, c: number, d: number): number {
    let i = IntTupleMap.hash(a, b, c, d) & this.mask;
    for (;;) {
      const id = this.slots[i];
      if (id < 0) break;
      if (this.a[id] === a && this.b[id] === b && this.c[id] === c && this.d[id] === d) return id;
      i = (i + 1) & this.mask;
    }
    const id = this.size++;
    if (id >= this.a.length) this.growValues();
    this.a[id] = a;
    this.b[id] = b;
    this.c[id] = c;
    this.d[id] = d;
    this.slots[i] = id;
    if (this.size * 2 > this.slots.length) this.rehash();
    return id;
  }

  /** The id of the tuple, or -1. */
  find(a: number, b: number, c: number, d: number): number {
    let i = IntTupleMap.hash(a, b, c, d) & this.mask;
    for (;;) {
      const id = this.slots[i];
      if (id < 0) return -1;
      if (this.a[id] === a && this.b[id] === b && this.c[id] === c && this.d[id] === d) return id;
      i = (i + 1) & this.mask;
    }
  }

  /** The whole table as transferable arrays (see `restore`). */
  snapshot(): IntTupleMapSnapshot {
    return { slots: this.slots, a: this.a, b: this.b, c: this.c, d: this.d, size: this.size };
  }

  /** A table from `snapshot`'s arrays, taken over as they are. */
  static restore(s: IntTupleMapSnapshot): IntTupleMap {
    const m = new IntTupleMap(8);
    m.slots = s.slots;
    m.mask = s.slots.length - 1;
    m.a = s.a;
    m.b = s.b;
    m.c = s.c;
    m.d = s.d;
    m.size = s.size;
    return m;
  }

  /** Component 0..3 of a tuple. */
  part(id: number, which: 0 | 1 | 2 | 3): number {
    return (which === 0 ? this.a : which === 1 ? this.b : which === 2 ? this.c : this.d)[id];
  }

  private growValues(): void {
    const grow = (x: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
      const n = new Int32Array(x.length * 2);
      n.set(x);
      return n;
    };
    this.a = grow(this.a);
    this.b = grow(this.b);
    this.c = grow(this.c);
    this.d = grow(this.d);
  }

  private rehash(): void {
    const cap = this.slots.length * 2;
    this.slots = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
    for (let id = 0; id < this.size; id++) {
      let i = IntTupleMap.hash(this.a[id], this.b[id], this.c[id], this.d[id]) & this.mask;
      while (this.slots[i] >= 0) i = (i + 1) & this.mask;
      this.slots[i] = id;
    }
  }
}
