/** Interns strings so each distinct value is held once and columns hold 32-bit ids. Id 0 is ''. */
export class StringTable {
  private readonly ids = new Map<string, number>();
  readonly values: string[] = [];

  constructor(initial?: readonly string[]) {
    if (initial && initial.length > 0) {
      for (let i = 0; i < initial.length; i++) {
        this.values.push(initial[i]);
        this.ids.set(initial[i], i);
      }
    } else {
      this.intern('');
    }
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
