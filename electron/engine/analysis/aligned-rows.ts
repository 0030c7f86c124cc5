/**
 * The aligned view: every event of both traces in exactly one row, rows of one process pair in their
 * alignment order, and the process pairs interleaved into one global order. Rows are kept as typed
 * arrays (kind, baseline seq, problem seq) so two million rows cost tens of megabytes.
 *
 * Global order: the two traces run on different clocks (and a CSV may carry time of day only), so a
 * row is placed by its relative position in each capture — the mean of seq/length on both sides;
 * for a one-sided row the missing side carries the position of the previous row of the same process
 * pair. Both coordinates never decrease along a process pair, so its alignment order is kept.
 */
import type { AlignedKind, AlignedRowRef } from '../../../shared/model/finding';
import type { Side } from '../../../shared/model/trace';
import { GrowableColumn } from '../store/growable';
import { SequenceAligner, type AlignOptions, type AlignStats } from './align';
import { instanceKeys, type InstancePair, type SideInstances } from './instances';
import type { KeyedSide } from './normalize';
import { checkAborted, runSteps, sliced, type Steps } from './steps';

export const KIND_SAME = 0;
export const KIND_CHANGED = 1;
export const KIND_BASELINE_ONLY = 2;
export const KIND_PROBLEM_ONLY = 3;
const KIND_NAMES: readonly AlignedKind[] = ['same', 'changed', 'baseline-only', 'problem-only'];

export class AlignedRows {
  /** Per global row: KIND_*. */
  readonly kind: Uint8Array;
  /** Per global row: event seq on each side, -1 for a gap. */
  readonly baseline: Int32Array;
  readonly problem: Int32Array;
  /** Per event: its global row. */
  readonly rowOfBaseline: Int32Array;
  readonly rowOfProblem: Int32Array;
  /** Rows in alignment order, pair by pair: global row of pair-order position t. */
  readonly pairOrder: Int32Array;
  /** Pair p owns pair-order positions pairStart[p] .. pairStart[p+1]. */
  readonly pairStart: Int32Array;
  /** Per global row: the position in pair order. */
  readonly pairPos: Int32Array;
  readonly pairs: InstancePair[];
  readonly stats: AlignStats;
  readonly counts = { same: 0, changed: 0, baselineOnly: 0, problemOnly: 0 };

  /** Use alignRows / alignRowSteps. */
  constructor(
    pairs: InstancePair[],
    stats: AlignStats,
    pairStart: Int32Array,
    rows: { kind: Uint8Array; baseline: Int32Array; problem: Int32Array },
    rowOf: { baseline: Int32Array; problem: Int32Array },
    pairOrder: Int32Array,
    pairPos: Int32Array,
  ) {
    this.pairs = pairs;
    this.stats = stats;
    this.pairStart = pairStart;
    this.kind = rows.kind;
    this.baseline = rows.baseline;
    this.problem = rows.problem;
    this.rowOfBaseline = rowOf.baseline;
    this.rowOfProblem = rowOf.problem;
    this.pairOrder = pairOrder;
    this.pairPos = pairPos;
    const n = this.kind.length;
    for (let g = 0; g < n; g++) {
      const k = this.kind[g];
      if (k === KIND_SAME) this.counts.same++;
      else if (k === KIND_CHANGED) this.counts.changed++;
      else if (k === KIND_BASELINE_ONLY) this.counts.baselineOnly++;
      else this.counts.problemOnly++;
    }
  }

  get length(): number {
    return this.kind.length;
  }

  kindName(row: number): AlignedKind {
    return KIND_NAMES[this.kind[row]];
  }

  /** The process pair a global row belongs to. */
  pairOf(row: number): number {
    const t = this.pairPos[row];
    let lo = 0;
    let hi = this.pairs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.pairStart[mid] <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  rowOf(side: Side, seq: number): number {
    const arr = side === 'baseline' ? this.rowOfBaseline : this.rowOfProblem;
    return seq >= 0 && seq < arr.length ? arr[seq] : -1;
  }
}

/** Aligns every process pair and orders the rows (see the file's header). */
export function alignRows(
  b: { side: KeyedSide; inst: SideInstances },
  p: { side: KeyedSide; inst: SideInstances },
  pairs: InstancePair[],
  keyCount: number,
  opts: AlignOptions = {},
  signal?: AbortSignal,
): AlignedRows {
  return runSteps(alignRowSteps(b, p, pairs, keyCount, opts, signal));
}

/** Events an aligner looks at between two yields. */
const ALIGN_SLICE = 1 << 15;

/** `alignRows` in slices. */
export function* alignRowSteps(
  b: { side: KeyedSide; inst: SideInstances },
  p: { side: KeyedSide; inst: SideInstances },
  pairs: InstancePair[],
  keyCount: number,
  opts: AlignOptions = {},
  signal?: AbortSignal,
): Steps<AlignedRows> {
  const nb = b.side.store.length;
  const np = p.side.store.length;
  const colB = new GrowableColumn(Int32Array, Math.max(1024, nb + (np >> 3)));
  const colP = new GrowableColumn(Int32Array, Math.max(1024, np + (nb >> 3)));
  const pairStart = new Int32Array(pairs.length + 1);
  const aligner = new SequenceAligner(keyCount, opts);
  for (let k = 0; k < pairs.length; k++) {
    checkAborted(signal);
    const { baseline: bi, problem: pi } = pairs[k];
    if (bi >= 0 && pi >= 0) {
      const bSeqs = b.inst.seqs.subarray(b.inst.start[bi], b.inst.start[bi + 1]);
      const pSeqs = p.inst.seqs.subarray(p.inst.start[pi], p.inst.start[pi + 1]);
      aligner.start(instanceKeys(b.side, b.inst, bi), instanceKeys(p.side, p.inst, pi), (x, y) => {
        colB.push(x < 0 ? -1 : bSeqs[x]);
        colP.push(y < 0 ? -1 : pSeqs[y]);
      });
      while (!aligner.run(ALIGN_SLICE)) {
        checkAborted(signal);
        yield;
      }
    } else if (bi >= 0) {
      for (let t = b.inst.start[bi]; t < b.inst.start[bi + 1]; t++) {
        colB.push(b.inst.seqs[t]);
        colP.push(-1);
      }
    } else {
      for (let t = p.inst.start[pi]; t < p.inst.start[pi + 1]; t++) {
        colB.push(-1);
        colP.push(p.inst.seqs[t]);
      }
    }
    pairStart[k + 1] = colB.length;
    yield;
  }
  const lb = colB.finish();
  const lp = colP.finish();
  const n = lb.length;
  checkAborted(signal);
  yield;

  // Place rows: quantized position in the high bits, pair-order index in the low bits, so one
  // numeric sort of a Float64Array yields the global order (exact integers below 2^53).
  const idxBits = Math.max(1, Math.ceil(Math.log2(n + 1)));
  const scale = 2 ** (52 - idxBits);
  const lowMul = 2 ** idxBits;
  const packed = new Float64Array(n);
  // One pair's rows; a plain function (see `sliced`).
  const pack = (k: number): void => {
    const from = pairStart[k];
    const to = pairStart[k + 1];
    let carryB = -1;
    let carryP = -1;
    for (let t = from; t < to && (carryB < 0 || carryP < 0); t++) {
      if (carryB < 0 && lb[t] >= 0) carryB = lb[t] / nb;
      if (carryP < 0 && lp[t] >= 0) carryP = lp[t] / np;
    }
    for (let t = from; t < to; t++) {
      if (lb[t] >= 0) carryB = lb[t] / nb;
      if (lp[t] >= 0) carryP = lp[t] / np;
      const pos = carryB < 0 ? carryP : carryP < 0 ? carryB : (carryB + carryP) / 2;
      packed[t] = Math.floor(pos * scale) * lowMul + t;
    }
  };
  for (let k = 0; k < pairs.length; k++) {
    checkAborted(signal);
    yield;
    pack(k);
  }
  checkAborted(signal);
  yield;
  let order = mergeRuns(packed, pairStart, pairs.length);
  if (!order) {
    packed.sort();
    order = new Int32Array(n);
    for (let g = 0; g < n; g++) order[g] = packed[g] % lowMul;
  }
  checkAborted(signal);
  yield;
  const pairOrder = new Int32Array(n);
  const pairPos = new Int32Array(n);
  const kind = new Uint8Array(n);
  const baseline = new Int32Array(n);
  const problem = new Int32Array(n);
  const rowOfBaseline = new Int32Array(nb).fill(-1);
  const rowOfProblem = new Int32Array(np).fill(-1);
  const resB = b.side.result;
  const resP = p.side.result;
  yield* sliced(n, signal, (from, to) => {
    for (let g = from; g < to; g++) {
      const t = order[g];
      pairOrder[t] = g;
      pairPos[g] = t;
      const sb = lb[t];
      const sp = lp[t];
      baseline[g] = sb;
      problem[g] = sp;
      let k: number;
      if (sb >= 0 && sp >= 0) {
        k = resB[sb] === resP[sp] ? KIND_SAME : KIND_CHANGED;
        rowOfBaseline[sb] = g;
        rowOfProblem[sp] = g;
      } else if (sb >= 0) {
        k = KIND_BASELINE_ONLY;
        rowOfBaseline[sb] = g;
      } else {
        k = KIND_PROBLEM_ONLY;
        rowOfProblem[sp] = g;
      }
      kind[g] = k;
    }
  });
  return new AlignedRows(
    pairs,
    aligner.stats,
    pairStart,
    { kind, baseline, problem },
    { baseline: rowOfBaseline, problem: rowOfProblem },
    pairOrder,
    pairPos,
  );
}

/**
 * A page-able view of the rows where runs of `same` rows longer than a threshold fold into one
 * 'collapsed' row (its seqs are the run's first row, `count` its length).
 */
/**
 * The indexes t of `packed` in ascending order of packed[t], when packed rises strictly within each
 * run [starts[k], starts[k + 1]) (the rows of one instance pair keep their order, so it does): a
 * k-way merge of the runs, n log k for a few hundred runs, instead of sorting a million numbers.
 * Null when a run does not rise.
 */
function mergeRuns(packed: Float64Array, starts: Int32Array, runs: number): Int32Array | null {
  for (let k = 0; k < runs; k++)
    for (let t = starts[k] + 1; t < starts[k + 1]; t++) if (!(packed[t] > packed[t - 1])) return null;
  // A binary min-heap of runs keyed by their next value.
  const heap = new Int32Array(runs);
  const next = starts.slice(0, runs);
  let size = 0;
  const less = (x: number, y: number): boolean => packed[next[x]] < packed[next[y]];
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) return;
      const c = l + 1 < size && less(heap[l + 1], heap[l]) ? l + 1 : l;
      if (!less(heap[c], heap[i])) return;
      const tmp = heap[c];
      heap[c] = heap[i];
      heap[i] = tmp;
      i = c;
    }
  };
  for (let k = 0; k < runs; k++) if (starts[k] < starts[k + 1]) heap[size++] = k;
  for (let i = (size >> 1) - 1; i >= 0; i--) down(i);
  const order = new Int32Array(starts[runs]);
  let g = 0;
  while (size > 0) {
    const k = heap[0];
    const t = next[k]++;
    order[g++] = t;
    if (next[k] >= starts[k + 1]) heap[0] = heap[--size];
    down(0);
  }
  return order;
}

export class AlignedView {
  /** Per view row: first global row it stands for. */
  private readonly start: Int32Array;
  /** Per view row: how many global rows it stands for (1 unless collapsed). */
  private readonly span: Int32Array;

  constructor(
    private readonly rows: AlignedRows,
    threshold: number,
  ) {
    const n = rows.length;
    const start = new Int32Array(n);
    const span = new Int32Array(n);
    let v = 0;
    let g = 0;
    while (g < n) {
      let run = 1;
      if (rows.kind[g] === KIND_SAME) while (g + run < n && rows.kind[g + run] === KIND_SAME) run++;
      if (run > threshold) {
        start[v] = g;
        span[v++] = run;
        g += run;
      } else {
        for (let t = 0; t < run; t++) {
          start[v] = g + t;
          span[v++] = 1;
        }
        g += run;
      }
    }
    this.start = start.slice(0, v);
    this.span = span.slice(0, v);
  }

  get length(): number {
    return this.start.length;
  }

  page(offset: number, limit: number): AlignedRowRef[] {
    const out: AlignedRowRef[] = [];
    const end = Math.min(this.start.length, Math.max(0, offset) + Math.max(0, limit));
    for (let v = Math.max(0, offset); v < end; v++) {
      const g = this.start[v];
      const ref: AlignedRowRef = {
        kind: this.span[v] > 1 ? 'collapsed' : this.rows.kindName(g),
        baseline: this.rows.baseline[g],
        problem: this.rows.problem[g],
      };
      if (this.span[v] > 1) ref.count = this.span[v];
      out.push(ref);
    }
    return out;
  }

  /** The view row that shows global row `row` (a collapsed row when the row is folded). */
  indexOfRow(row: number): number {
    if (row < 0) return -1;
    let lo = 0;
    let hi = this.start.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.start[mid] <= row) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The first global row a view row stands for. */
  rowAt(index: number): number {
    return this.start[index] ?? -1;
  }
}
