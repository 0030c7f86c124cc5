/**
 * An open-addressing hash table from three 32-bit integers to a non-negative 32-bit integer, kept
 * in one Int32Array with each slot's keys and value side by side (one cache line per probe). The
 * PML hot path looks up return addresses, whole stacks, NTSTATUS codes and detail signatures per
 * event: a JS Map with such keys boxes every key above 2^30 into a heap number and touches several
 * scattered objects per lookup (hundreds of ns each, measured); this table allocates nothing.
 */
const STRIDE = 4;

export class KeyTable {
  /** Per slot: k1, k2, k3, value (-1 = empty). */
  private table: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1024) {
    let slots = 16;
    while (slots < capacity * 2) slots *= 2;
    this.table = KeyTable.empty(slots);
    this.mask = slots - 1;
  }

  private static empty(slots: number): Int32Array {
    const t = new Int32Array(slots * STRIDE);
    for (let i = 3; i < t.length; i += STRIDE) t[i] = -1;
    return t;
  }

  private static hash(a: number, b: number, c: number): number {
    let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13) ^ b, 0xc2b2ae35);
    h = Math.imul(h ^ (h >>> 16) ^ c, 0x27d4eb2f);
    return h ^ (h >>> 15);
  }

  /** The value stored for (a, b, c), or -1. */
  get(a: number, b: number, c: number): number {
    const t = this.table;
    const mask = this.mask;
    a |= 0;
    b |= 0;
    c |= 0;
    for (let i = KeyTable.hash(a, b, c) & mask; ; i = (i + 1) & mask) {
      const s = i * STRIDE;
      const v = t[s + 3];
      if (v < 0) return -1;
      if (t[s] === a && t[s + 1] === b && t[s + 2] === c) return v;
    }
  }

  /** Stores a value (>= 0) for a key that is not in the table yet. */
  add(a: number, b: number, c: number, value: number): void {
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    this.put(this.table, this.mask, a | 0, b | 0, c | 0, value);
    this.size++;
  }

  private put(t: Int32Array, mask: number, a: number, b: number, c: number, value: number): void {
    let i = KeyTable.hash(a, b, c) & mask;
    while (t[i * STRIDE + 3] >= 0) i = (i + 1) & mask;
    const s = i * STRIDE;
    t[s] = a;
    t[s + 1] = b;
    t[s + 2] = c;
    t[s + 3] = value;
  }

  private grow(): void {
    const old = this.table;
    const slots = (this.mask + 1) * 2;
    const t = KeyTable.empty(slots);
    const mask = slots - 1;
    for (let s = 0; s < old.length; s += STRIDE)
      if (old[s + 3] >= 0) this.put(t, mask, old[s], old[s + 1], old[s + 2], old[s + 3]);
    this.table = t;
    this.mask = mask;
  }
}
