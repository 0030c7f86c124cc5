/**
 * Aligns two key sequences (one process on each machine) the way a careful diff would, at a bounded
 * cost so a million events per side stays fast:
 *  1. common prefix and suffix are matched outright;
 *  2. keys that occur exactly once in both remaining ranges become anchors, and the longest run of
 *     anchors in the same order on both sides is matched (patience diff); the gaps between anchors
 *     are aligned the same way, recursively, up to a depth limit;
 *  3. a gap without anchors gets a Myers diff whose edit distance D is capped so the work,
 *     O((N + M) * D), stays within a budget;
 *  4. past the cap, a windowed greedy matcher (look ahead W keys on each side) finishes the gap.
 * The output is a list of index pairs in order; -1 marks a gap on that side.
 */

export interface AlignOptions {
  /** Largest edit distance a Myers run may reach. */
  maxMyersD?: number;
  /** Work budget of one Myers run: (N + M) * D may not exceed it. */
  myersBudget?: number;
  /** Look-ahead of the greedy fallback. */
  greedyWindow?: number;
  /** Recursion depth of the patience anchoring. */
  maxPatienceDepth?: number;
  /** Work budget of all Myers runs of one aligner together. */
  totalMyersBudget?: number;
}

export interface AlignStats {
  anchors: number;
  myersRuns: number;
  greedyRuns: number;
}

/** Receives aligned pairs in order: (a index, b index), -1 on the side that has a gap. */
export type PairSink = (ai: number, bi: number) => void;

const TASK_SEGMENT = 0;
const TASK_RUN = 1;
const TASK_SIZE = 6;

export class SequenceAligner {
  private countA: Int32Array;
  private countB: Int32Array;
  private posB: Int32Array;
  private trace = new Int32Array(0);
  private candA = new Int32Array(0);
  private candB = new Int32Array(0);
  private readonly maxD: number;
  private readonly budget: number;
  private readonly window: number;
  private readonly maxDepth: number;
  private readonly totalBudget: number;
  /** Upper bound of the Myers work spent so far (past the total budget, gaps go greedy). */
  private myersWork = 0;
  private a: Int32Array = new Int32Array(0);
  private b: Int32Array = new Int32Array(0);
  private sink: PairSink = () => undefined;
  /** Pending tasks, TASK_SIZE ints each (kind, four bounds or indexes, depth), `top` ints in use. */
  private tasks = new Int32Array(TASK_SIZE * 64);
  private top = 0;
  readonly stats: AlignStats = { anchors: 0, myersRuns: 0, greedyRuns: 0 };

  /** `keyCount`: keys are integers in 0..keyCount-1 (scratch tables are indexed by key). */
  constructor(keyCount: number, opts: AlignOptions = {}) {
    this.countA = new Int32Array(keyCount);
    this.countB = new Int32Array(keyCount);
    this.posB = new Int32Array(keyCount);
    this.maxD = opts.maxMyersD ?? 1000;
    this.budget = opts.myersBudget ?? 8_000_000;
    this.window = opts.greedyWindow ?? 48;
    this.maxDepth = opts.maxPatienceDepth ?? 12;
    this.totalBudget = opts.totalMyersBudget ?? 200_000_000;
  }

  align(a: Int32Array, b: Int32Array, sink: PairSink): void {
    this.start(a, b, sink);
    while (!this.run(Infinity));
  }

  /**
   * Starts aligning `a` with `b`; `run` does the work in slices. The recursion of the patience
   * anchoring is kept on an explicit stack of tasks so a host can pause between slices (one process
   * pair of a big capture takes hundreds of milliseconds).
   */
  start(a: Int32Array, b: Int32Array, sink: PairSink): void {
    this.a = a;
    this.b = b;
    this.sink = sink;
    this.top = 0;
    this.pushTask(TASK_SEGMENT, 0, a.length, 0, b.length, 0);
  }

  /**
   * Runs tasks until about `work` events were looked at or none is left; true when done. One task
   * (a Myers run within its budget, one anchoring pass) is never split.
   */
  run(work: number): boolean {
    let done = 0;
    while (this.top > 0) {
      if (done >= work) return false;
      const tasks = this.tasks;
      const at = this.top - TASK_SIZE;
      const kind = tasks[at];
      const x = tasks[at + 1];
      const y = tasks[at + 2];
      const z = tasks[at + 3];
      const w = tasks[at + 4];
      const depth = tasks[at + 5];
      this.top = at;
      if (kind === TASK_RUN) {
        for (let k = 0; k < z; k++) this.sink(x + k, y + k);
        done += z;
      } else {
        this.segment(x, y, z, w, depth);
        done += y - x + (w - z);
      }
    }
    return true;
  }

  private pushTask(kind: number, x: number, y: number, z: number, w: number, depth: number): void {
    let tasks = this.tasks;
    const at = this.top;
    if (at + TASK_SIZE > tasks.length) {
      tasks = new Int32Array(tasks.length * 2);
      tasks.set(this.tasks);
      this.tasks = tasks;
    }
    tasks[at] = kind;
    tasks[at + 1] = x;
    tasks[at + 2] = y;
    tasks[at + 3] = z;
    tasks[at + 4] = w;
    tasks[at + 5] = depth;
    this.top = at + TASK_SIZE;
  }

  private segment(aLo: number, aHi: number, bLo: number, bHi: number, depth: number): void {
    const { a, b, sink } = this;
    while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) sink(aLo++, bLo++);
    let aEnd = aHi;
    let bEnd = bHi;
    while (aEnd > aLo && bEnd > bLo && a[aEnd - 1] === b[bEnd - 1]) {
      aEnd--;
      bEnd--;
    }
    // The common suffix is emitted after everything `middle` emits or leaves on the stack.
    if (aHi > aEnd) this.pushTask(TASK_RUN, aEnd, bEnd, aHi - aEnd, 0, 0);
    this.middle(aLo, aEnd, bLo, bEnd, depth);
  }

  private middle(aLo: number, aHi: number, bLo: number, bHi: number, depth: number): void {
    const sink = this.sink;
    if (aLo === aHi) {
      for (let j = bLo; j < bHi; j++) sink(-1, j);
      return;
    }
    if (bLo === bHi) {
      for (let i = aLo; i < aHi; i++) sink(i, -1);
      return;
    }
    const anchors = this.uniqueAnchors(aLo, aHi, bLo, bHi);
    if (anchors === null) {
      // Nothing in common: one side's run, then the other's (no diff can do better).
      for (let i = aLo; i < aHi; i++) sink(i, -1);
      for (let j = bLo; j < bHi; j++) sink(-1, j);
      return;
    }
    if (depth < this.maxDepth && anchors.length > 0) {
      this.stats.anchors += anchors.length / 2;
      // Pushed last first: gap before anchor 0, anchor 0, gap, anchor 1, ..., the gap after the
      // last. Empty gaps are left out and anchors next to each other on both sides go as one run.
      let na = aHi;
      let nb = bHi;
      let t = anchors.length - 2;
      while (t >= 0) {
        const ai = anchors[t];
        const bi = anchors[t + 1];
        if (ai + 1 < na || bi + 1 < nb) this.pushTask(TASK_SEGMENT, ai + 1, na, bi + 1, nb, depth + 1);
        let len = 1;
        while (t - 2 * len >= 0 && anchors[t - 2 * len] === ai - len && anchors[t - 2 * len + 1] === bi - len)
          len++;
        this.pushTask(TASK_RUN, ai - len + 1, bi - len + 1, len, 0, 0);
        na = ai - len + 1;
        nb = bi - len + 1;
        t -= 2 * len;
      }
      if (aLo < na || bLo < nb) this.pushTask(TASK_SEGMENT, aLo, na, bLo, nb, depth + 1);
      return;
    }
    if (this.myersWork > this.totalBudget || !this.myers(aLo, aHi, bLo, bHi)) this.greedy(aLo, aHi, bLo, bHi);
  }

  /**
   * Keys unique in both ranges, reduced to the longest chain increasing on both sides; flat
   * [a, b, a, b...]. Null when the ranges share no key at all.
   */
  private uniqueAnchors(aLo: number, aHi: number, bLo: number, bHi: number): number[] | null {
    const { a, b, countA, countB, posB } = this;
    for (let i = aLo; i < aHi; i++) countA[a[i]]++;
    for (let j = bLo; j < bHi; j++) {
      const k = b[j];
      countB[k]++;
      posB[k] = j;
    }
    // Scratch reused across calls: this runs at every level of the recursion over every event.
    if (this.candA.length < aHi - aLo) {
      this.candA = new Int32Array(Math.max(aHi - aLo, this.candA.length * 2));
      this.candB = new Int32Array(this.candA.length);
    }
    const { candA, candB } = this;
    let m = 0;
    let shared = false;
    for (let i = aLo; i < aHi; i++) {
      const k = a[i];
      if (countB[k] > 0) {
        shared = true;
        if (countA[k] === 1 && countB[k] === 1) {
          candA[m] = i;
          candB[m++] = posB[k];
        }
      }
    }
    for (let i = aLo; i < aHi; i++) countA[a[i]] = 0;
    for (let j = bLo; j < bHi; j++) countB[b[j]] = 0;
    if (!shared) return null;
    if (m === 0) return [];
    const chain = longestIncreasing(candB.subarray(0, m));
    const out: number[] = new Array<number>(chain.length * 2);
    for (let t = 0; t < chain.length; t++) {
      out[2 * t] = candA[chain[t]];
      out[2 * t + 1] = candB[chain[t]];
    }
    return out;
  }

  /** Myers' O((N+M)D) diff with D capped; false when the cap is reached (nothing emitted then). */
  private myers(aLo: number, aHi: number, bLo: number, bHi: number): boolean {
    const { a, b } = this;
    const n = aHi - aLo;
    const m = bHi - bLo;
    const cap = Math.min(n + m, this.maxD, Math.max(8, Math.floor(this.budget / (n + m))));
    this.myersWork += (n + m) * cap;
    const off = cap + 1;
    const v = new Int32Array(2 * cap + 3);
    const need = (cap + 1) * (cap + 1);
    if (this.trace.length < need) this.trace = new Int32Array(need);
    const trace = this.trace;
    this.stats.myersRuns++;
    for (let d = 0; d <= cap; d++) {
      for (let k = -d; k <= d; k += 2) {
        let x =
          k === -d || (k !== d && v[off + k - 1] < v[off + k + 1]) ? v[off + k + 1] : v[off + k - 1] + 1;
        let y = x - k;
        while (x < n && y < m && a[aLo + x] === b[bLo + y]) {
          x++;
          y++;
        }
        v[off + k] = x;
        if (x >= n && y >= m) {
          trace.set(v.subarray(off - d, off + d + 1), d * d);
          this.backtrack(aLo, bLo, n, m, d);
          return true;
        }
      }
      trace.set(v.subarray(off - d, off + d + 1), d * d);
    }
    return false;
  }

  private backtrack(aLo: number, bLo: number, n: number, m: number, dEnd: number): void {
    const trace = this.trace;
    // Snapshot d holds V[-d..d] at trace[d*d .. d*d + 2d].
    const at = (d: number, k: number): number => trace[d * d + k + d];
    const ops: number[] = [];
    let x = n;
    let y = m;
    for (let d = dEnd; d > 0; d--) {
      const k = x - y;
      const down = k === -d || (k !== d && at(d - 1, k - 1) < at(d - 1, k + 1));
      const pk = down ? k + 1 : k - 1;
      const px = at(d - 1, pk);
      const py = px - pk;
      while (x > (down ? px : px + 1) && y > (down ? py + 1 : py)) {
        x--;
        y--;
        ops.push(aLo + x, bLo + y);
      }
      if (down) {
        y--;
        ops.push(-1, bLo + y);
      } else {
        x--;
        ops.push(aLo + x, -1);
      }
    }
    while (x > 0 && y > 0) {
      x--;
      y--;
      ops.push(aLo + x, bLo + y);
    }
    for (let t = ops.length - 2; t >= 0; t -= 2) this.sink(ops[t], ops[t + 1]);
  }

  /** Windowed greedy matching: skips the shorter way to the next match within the look-ahead. */
  private greedy(aLo: number, aHi: number, bLo: number, bHi: number): void {
    const { a, b, sink } = this;
    const w = this.window;
    this.stats.greedyRuns++;
    let i = aLo;
    let j = bLo;
    while (i < aHi && j < bHi) {
      if (a[i] === b[j]) {
        sink(i++, j++);
        continue;
      }
      let dj = -1;
      for (let t = 1; t <= w && j + t < bHi; t++) {
        if (b[j + t] === a[i]) {
          dj = t;
          break;
        }
      }
      let di = -1;
      for (let t = 1; t <= w && i + t < aHi; t++) {
        if (a[i + t] === b[j]) {
          di = t;
          break;
        }
      }
      if (di < 0 && dj < 0) {
        sink(i++, -1);
        sink(-1, j++);
      } else if (dj >= 0 && (di < 0 || dj <= di)) {
        for (let t = 0; t < dj; t++) sink(-1, j++);
      } else {
        for (let t = 0; t < di; t++) sink(i++, -1);
      }
    }
    while (i < aHi) sink(i++, -1);
    while (j < bHi) sink(-1, j++);
  }
}

/** Indexes of one longest strictly increasing subsequence of `xs` (patience sorting, O(n log n)). */
export function longestIncreasing(xs: ArrayLike<number>): number[] {
  const n = xs.length;
  const tails: number[] = [];
  const prev = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const x = xs[i];
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (xs[tails[mid]] < x) lo = mid + 1;
      else hi = mid;
    }
    prev[i] = lo > 0 ? tails[lo - 1] : -1;
    tails[lo] = i;
  }
  const out = new Array<number>(tails.length);
  let k = tails.length > 0 ? tails[tails.length - 1] : -1;
  for (let t = tails.length - 1; t >= 0; t--) {
    out[t] = k;
    k = prev[k];
  }
  return out;
}

/** Convenience for tests and small inputs: aligns two arrays of non-negative integer keys. */
export function alignSequences(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  opts?: AlignOptions,
): { a: number[]; b: number[]; stats: AlignStats } {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, a[i]);
  for (let i = 0; i < b.length; i++) max = Math.max(max, b[i]);
  const aligner = new SequenceAligner(max + 1, opts);
  const outA: number[] = [];
  const outB: number[] = [];
  aligner.align(Int32Array.from(a), Int32Array.from(b), (ai, bi) => {
    outA.push(ai);
    outB.push(bi);
  });
  return { a: outA, b: outB, stats: aligner.stats };
}
