/** Interns strings so each distinct value is held once and columns hold 32-bit ids. Id 0 is ''. */
export class StringTable {
  // Built on first use when the table is made from a finished list (a store received from a worker):
  // most stores are only read by id, and a map over a million strings costs time and memory.
  private idMap: Map<string, number> | null = null;
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

  private get ids(): Map<string, number> {
    if (!this.idMap) {
      const m = new Map<string, number>();
      for (let i = 0; i < this.values.length; i++) if (!m.has(this.values[i])) m.set(this.values[i], i);
      this.idMap = m;
    }
    return this.idMap;
  }

  intern(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }

  /** Id of a value already interned, or -1. */
  find(value: string): number {
    return this.ids.get(value) ?? -1;
  }

  get(id: number): string {
    return this.values[id] ?? '';
  }

  get size(): number {
    return this.values.length;
  }
}
