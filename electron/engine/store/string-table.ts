/** Interns strings so each distinct value is held once and columns hold 32-bit ids. Id 0 is ''. */
export class StringTable {
  // Built on first use when the table is made from a finished list (a store received from a worker):
  // most stores are only read by id, and a map over a million strings costs time and memory.
  private idMap: Map<string, number> | null = null;
  /** values[indexed..] were added by appendNew and are not in idMap yet. */
  private indexed = 0;
  readonly values: string[];

  constructor(initial?: readonly string[]) {
    if (initial && initial.length > 0) {
      this.values = initial.slice();
    } else {
      this.values = [];
      this.idMap = new Map();
      this.intern('');
    }
  }

  /** The map over every value (values added by appendNew are indexed now). */
  private get ids(): Map<string, number> {
    let m = this.idMap;
    if (!m) {
      m = new Map<string, number>();
      this.idMap = m;
      this.indexed = 0;
    }
    const v = this.values;
    for (let i = this.indexed; i < v.length; i++) if (!m.has(v[i])) m.set(v[i], i);
    this.indexed = v.length;
    return m;
  }

  intern(value: string): number {
    const m = this.ids;
    let id = m.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      m.set(value, id);
      this.indexed = this.values.length;
    }
    return id;
  }

  /** Id of a value already interned, or -1. */
  find(value: string): number {
    return this.ids.get(value) ?? -1;
  }

  /**
   * For a reader that keeps its own index of the values it adds with appendNew (the CSV byte lane,
   * ingest/csv-bytes.ts): `find` and `intern` over everything but those values, which skips indexing
   * them. A million-event trace has hundreds of thousands of distinct strings; a Map over them cost
   * about a quarter of reading the file.
   */
  findIndexed(value: string): number {
    return (this.idMap ?? this.ids).get(value) ?? -1;
  }

  internIndexed(value: string): number {
    const m = this.idMap ?? this.ids;
    let id = m.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      m.set(value, id);
    }
    return id;
  }

  /** Adds a value the caller knows is not in the table (see findIndexed). */
  appendNew(value: string): number {
    this.values.push(value);
    return this.values.length - 1;
  }

  get(id: number): string {
    return this.values[id] ?? '';
  }

  get size(): number {
    return this.values.length;
  }
}
