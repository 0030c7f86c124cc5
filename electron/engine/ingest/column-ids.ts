/**
 * Interning of CSV and XML fields into the store's string table, tuned for Procmon exports: the last few
 * values of a column are compared before any hashing, low-cardinality columns use a small map, and
 * new values are copied so they do not keep the parsed chunk they were cut from alive.
 */
import type { StringTable } from '../store/string-table';

/** Strings at least this long are V8 slices of the parsed chunk; copy them before keeping them. */
const SLICE_MIN = 13;

/** A copy of `s` that does not keep the (megabyte) chunk it was cut from alive. */
export function detach(s: string): string {
  return s.length >= SLICE_MIN ? (' ' + s).slice(1) : s;
}

/** Interns into the store's table, copying new values so they do not pin the parsed chunk. */
function internDetached(table: StringTable, v: string): number {
  const id = table.find(v);
  return id >= 0 ? id : table.intern(detach(v));
}

/**
 * String ids for one column. Low-cardinality columns (Process Name, Operation, Result, User, ...) are
 * looked up in a small per-column map that stays in cache; once a column shows more than
 * LOCAL_LIMIT distinct values (Path, Detail) it goes straight to the store's table.
 */
const LOCAL_LIMIT = 2048;
export class ColumnIds {
  private local: Map<string, number> | null = new Map();
  // Events come in bursts on one file or key, and threads interleave their bursts, so the last few
  // values of the column are the likeliest matches: checked by plain comparison before any hashing.
  private m0 = '';
  private m1 = '';
  private m2 = '';
  private m3 = '';
  private i0 = 0;
  private i1 = 0;
  private i2 = 0;
  private i3 = 0;

  constructor(private readonly table: StringTable) {}

  id(v: string): number {
    if (v === this.m0) return this.i0;
    let id: number;
    if (v === this.m1) id = this.i1;
    else if (v === this.m2) {
      id = this.i2;
      this.m2 = this.m1;
      this.i2 = this.i1;
    } else if (v === this.m3) {
      id = this.i3;
      this.m3 = this.m2;
      this.i3 = this.i2;
      this.m2 = this.m1;
      this.i2 = this.i1;
    } else {
      id = this.lookup(v);
      this.m3 = this.m2;
      this.i3 = this.i2;
      this.m2 = this.m1;
      this.i2 = this.i1;
    }
    this.m1 = this.m0;
    this.i1 = this.i0;
    this.m0 = this.table.values[id];
    this.i0 = id;
    return id;
  }

  private lookup(v: string): number {
    const n = v.length;
    if (n === 0) return 0;
    const local = this.local;
    if (local === null) return internDetached(this.table, v);
    let id = local.get(v);
    if (id === undefined) {
      id = internDetached(this.table, v);
      if (local.size >= LOCAL_LIMIT) this.local = null;
      else local.set(this.table.values[id], id);
    }
    return id;
  }
}
