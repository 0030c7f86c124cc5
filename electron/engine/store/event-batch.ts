/**
 * Per-event columns a reader fills in place and hands to `TraceStoreBuilder.appendBatch`, one copy
 * per column for thousands of events. Pushing event by event through the builder's growable
 * columns cost the PML reader about a fifth of its time (issue #4: fifteen calls per event, which
 * the compiler would not inline into the decoder). Text fields are ids of the builder's strings.
 */
/** The columns of `EventBatch`: also views into another builder's columns (a merge, see appendBatch). */
export interface EventColumns {
  readonly timeSec: Float64Array;
  readonly timeFrac: Uint32Array;
  readonly pid: Int32Array;
  readonly tid: Int32Array;
  readonly processIndex: Int32Array;
  readonly process: Uint32Array;
  readonly operation: Uint32Array;
  readonly path: Uint32Array;
  readonly result: Uint32Array;
  readonly detail: Uint32Array;
  readonly eventClass: Uint32Array;
  readonly duration: Float32Array;
  readonly resultClass: Uint8Array;
  readonly stackRecord: Float64Array;
  readonly stackInfo: Uint32Array;
  readonly length: number;
  readonly stacks: number;
}

export class EventBatch implements EventColumns {
  readonly timeSec: Float64Array;
  readonly timeFrac: Uint32Array;
  readonly pid: Int32Array;
  readonly tid: Int32Array;
  readonly processIndex: Int32Array;
  readonly process: Uint32Array;
  readonly operation: Uint32Array;
  readonly path: Uint32Array;
  readonly result: Uint32Array;
  readonly detail: Uint32Array;
  readonly eventClass: Uint32Array;
  readonly duration: Float32Array;
  /** RESULT_CLASS_CODES of the result (the reader knows it per distinct result). */
  readonly resultClass: Uint8Array;
  /** Stack kept in the source file (see file-stacks.ts): record offset and fileStackInfo, 0 = none. */
  readonly stackRecord: Float64Array;
  readonly stackInfo: Uint32Array;
  /** Events filled, and how many of them have a stack. */
  length = 0;
  stacks = 0;

  constructor(readonly capacity: number) {
    this.timeSec = new Float64Array(capacity);
    this.timeFrac = new Uint32Array(capacity);
    this.pid = new Int32Array(capacity);
    this.tid = new Int32Array(capacity);
    this.processIndex = new Int32Array(capacity);
    this.process = new Uint32Array(capacity);
    this.operation = new Uint32Array(capacity);
    this.path = new Uint32Array(capacity);
    this.result = new Uint32Array(capacity);
    this.detail = new Uint32Array(capacity);
    this.eventClass = new Uint32Array(capacity);
    this.duration = new Float32Array(capacity);
    this.resultClass = new Uint8Array(capacity);
    this.stackRecord = new Float64Array(capacity);
    this.stackInfo = new Uint32Array(capacity);
  }

  get full(): boolean {
    return this.length === this.capacity;
  }
}
