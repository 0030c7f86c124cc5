/**
 * The aligned (side-by-side) view over a comparison: turns the comparison's row references into
 * rows with both events, marks the rows that are a finding's evidence, applies the trace filters (a
 * row stays when the event on either side passes them) and finds the next difference or failure.
 *
 * Speed (issue #7, item 10): the list the grid shows under a set of filters is an index of rows,
 * built once over typed arrays (aligned-table.ts) and kept per (filters, folded or expanded), so a
 * page is O(page) and stepping, the overview bar and finding rows never rebuild it.
 */
import type { AlignedQuery, AlignedRow, AlignedStepQuery, OverviewResult } from '../../../shared/contract';
import type { AlignedRowRef, Finding } from '../../../shared/model/finding';
import { RESULT_CLASS_CODES } from '../../../shared/model/result-class';
import type { FilterRule, Side } from '../../../shared/model/trace';
import { viewKey } from '../store/query';
import type { TraceStore } from '../store/trace-store';
import { AlignedTable, KIND_SAME } from './aligned-table';
import type { ComparisonLike, TraceViewLike } from './engine-deps';

const FAILURE = RESULT_CLASS_CODES.failure;
/** Filtered lists kept at once: the grid's, the overview's and a counterpart lookup's may differ. */
const LIST_CACHE = 4;

export class AlignedView {
  private readonly rankBySeq = new Map<string, number>();
  private table: AlignedTable | null = null;
  /** Most recently used first. */
  private lists: { key: string; indices: Int32Array }[] = [];
  /** Positions of differences and failures per list (see `marks`), most recently made first. */
  private markCache: { key: string; positions: Int32Array }[] = [];

  constructor(
    private readonly result: ComparisonLike,
    private readonly baseline: TraceStore,
    private readonly problem: TraceStore,
    private readonly views: { baseline: TraceViewLike; problem: TraceViewLike },
  ) {
    for (const f of result.findings) indexFinding(this.rankBySeq, f);
  }

  query(q: AlignedQuery): { rows: AlignedRow[]; total: number } {
    const expandAll = q.expandAll ?? false;
    const indices = this.list(expandAll, q.filters);
    if (!indices) {
      const total = this.result.alignedCount(expandAll);
      const refs = this.result.alignedPage(q.offset, q.limit, expandAll);
      return { rows: refs.map((r, i) => this.toRow(r, q.offset + i)), total };
    }
    const end = Math.min(indices.length, q.offset + q.limit);
    const rows: AlignedRow[] = [];
    for (let i = q.offset; i < end; i++) {
      const [ref] = this.result.alignedPage(indices[i], 1, expandAll);
      if (ref) rows.push(this.toRow(ref, i));
    }
    return { rows, total: indices.length };
  }

  /**
   * The row that shows an event in the list the grid shows (folded or not, filtered or not); -1 when
   * the event has no row there (a filter hides it).
   */
  indexOf(side: Side, seq: number, expandAll: boolean, filters?: FilterRule[]): number {
    const row = this.result.alignedIndexOf(side, seq, expandAll);
    const indices = this.list(expandAll, filters);
    if (row < 0 || !indices) return row;
    return lowerBoundExact(indices, row);
  }

  /**
   * The next row after `from` (or before it, direction -1) in the list the grid shows that is a
   * difference (changed, baseline-only or problem-only; a folded run of identical rows is not one) or
   * a failure (a real failure on one side that the other side does not share, as the overview bar
   * counts them); -1 when there is none.
   */
  findNext(q: AlignedStepQuery): number {
    const at = this.marks(q.kind, q.expandAll ?? false, q.filters);
    // The first mark after `from`, or the last one before it.
    let lo = 0;
    let hi = at.length;
    const bound = q.direction === 1 ? q.from + 1 : q.from;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (at[mid] < bound) lo = mid + 1;
      else hi = mid;
    }
    const i = q.direction === 1 ? lo : lo - 1;
    return i >= 0 && i < at.length ? at[i] : -1;
  }

  /** Differences and one-sided real failures per slice of the list (the overview bar). */
  overview(buckets: number, expandAll: boolean, filters?: FilterRule[]): OverviewResult {
    const table = this.rows();
    const indices = this.list(expandAll, filters);
    const total = indices ? indices.length : table.length(expandAll);
    const out = Array.from({ length: buckets }, () => ({ differences: 0, failures: 0 }));
    const difference = this.isDifference(table);
    const failure = this.isFailure(table);
    const scale = buckets / Math.max(1, total);
    for (let i = 0; i < total; i++) {
      const g = table.rowAt(indices ? indices[i] : i, expandAll);
      if (g < 0) continue;
      const d = difference(g);
      const f = failure(g);
      if (!d && !f) continue;
      const b = out[Math.min(buckets - 1, Math.floor(i * scale))];
      if (d) b.differences++;
      if (f) b.failures++;
    }
    return { total, buckets: out };
  }

  /** Aligned rows of the given events (either side), ascending and unique, in the list the grid shows. */
  rowsOf(
    seqs: { baseline: Uint32Array; problem: Uint32Array },
    expandAll: boolean,
    filters?: FilterRule[],
  ): Int32Array {
    const indices = this.list(expandAll, filters);
    const rows = new Int32Array(seqs.baseline.length + seqs.problem.length);
    let n = 0;
    for (const side of ['baseline', 'problem'] as const) {
      for (const seq of seqs[side]) {
        let row = this.result.alignedIndexOf(side, seq, expandAll);
        if (row >= 0 && indices) row = lowerBoundExact(indices, row);
        if (row >= 0) rows[n++] = row;
      }
    }
    const sorted = rows.subarray(0, n).sort();
    let m = 0;
    for (let i = 0; i < sorted.length; i++)
      if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[m++] = sorted[i];
    return sorted.slice(0, m);
  }

  /** The row refs of view rows (for search hits: which side matched). */
  refAt(index: number, expandAll: boolean, filters?: FilterRule[]): AlignedRowRef | null {
    const indices = this.list(expandAll, filters);
    const at = indices ? (indices[index] ?? -1) : index;
    if (at < 0) return null;
    return this.result.alignedPage(at, 1, expandAll)[0] ?? null;
  }

  /**
   * Positions in the list of its differences or failures, ascending: one pass per list and kind, then
   * each F8 / Alt+Down is a binary search however far the next one is.
   */
  private marks(kind: AlignedStepQuery['kind'], expandAll: boolean, filters?: FilterRule[]): Int32Array {
    const key = `${kind}:${listKey(expandAll, filters)}`;
    const hit = this.markCache.find((m) => m.key === key);
    if (hit) return hit.positions;
    const table = this.rows();
    const indices = this.list(expandAll, filters);
    const total = indices ? indices.length : table.length(expandAll);
    const test = kind === 'difference' ? this.isDifference(table) : this.isFailure(table);
    let out = new Int32Array(1024);
    let n = 0;
    for (let i = 0; i < total; i++) {
      const g = table.rowAt(indices ? indices[i] : i, expandAll);
      if (g < 0 || !test(g)) continue;
      if (n === out.length) {
        const grown = new Int32Array(out.length * 2);
        grown.set(out);
        out = grown;
      }
      out[n++] = i;
    }
    const positions = out.slice(0, n);
    this.markCache.unshift({ key, positions });
    this.markCache.length = Math.min(this.markCache.length, LIST_CACHE);
    return positions;
  }

  private isDifference(table: AlignedTable): (g: number) => boolean {
    const kind = table.kind;
    return (g) => kind[g] !== KIND_SAME;
  }

  private isFailure(table: AlignedTable): (g: number) => boolean {
    const { baseline: b, problem: p } = table;
    const failB = this.baseline.cols.resultClass;
    const failP = this.problem.cols.resultClass;
    return (g) => (b[g] >= 0 && failB[b[g]] === FAILURE) !== (p[g] >= 0 && failP[p[g]] === FAILURE);
  }

  private toRow(ref: AlignedRowRef, index: number): AlignedRow {
    const row: AlignedRow = {
      index,
      kind: ref.kind,
      baseline: ref.baseline >= 0 ? this.baseline.row(ref.baseline) : null,
      problem: ref.problem >= 0 ? this.problem.row(ref.problem) : null,
    };
    if (ref.count !== undefined) row.count = ref.count;
    const rank =
      (ref.problem >= 0 ? this.rankBySeq.get(`p${ref.problem}`) : undefined) ??
      (ref.baseline >= 0 ? this.rankBySeq.get(`b${ref.baseline}`) : undefined);
    if (rank !== undefined) row.findingRank = rank;
    return row;
  }

  private rows(): AlignedTable {
    return (this.table ??= AlignedTable.read(this.result, {
      baseline: this.baseline.length,
      problem: this.problem.length,
    }));
  }

  /** The rows of the unfiltered list that pass the filters, ascending; null when no rule is active. */
  private list(expandAll: boolean, filters: FilterRule[] | undefined): Int32Array | null {
    const active = (filters ?? []).filter((f) => f.enabled !== false);
    if (active.length === 0) return null;
    const key = listKey(expandAll, active);
    const at = this.lists.findIndex((l) => l.key === key);
    if (at >= 0) {
      const [hit] = this.lists.splice(at, 1);
      this.lists.unshift(hit);
      return hit.indices;
    }
    const indices = this.filterRows(active, expandAll);
    this.lists.unshift({ key, indices });
    this.lists.length = Math.min(this.lists.length, LIST_CACHE);
    return indices;
  }

  private filterRows(filters: FilterRule[], expandAll: boolean): Int32Array {
    const table = this.rows();
    const maskB = toMask(this.views.baseline.filtered(filters), this.baseline.length);
    const maskP = toMask(this.views.problem.filtered(filters), this.problem.length);
    const { baseline: b, problem: p } = table;
    const total = table.length(expandAll);
    const out = new Int32Array(total);
    let n = 0;
    for (let i = 0; i < total; i++) {
      // A folded run stays when its first row does, as the row it shows is that one.
      const g = table.firstRowOf(i, expandAll);
      if ((b[g] >= 0 && maskB[b[g]] === 1) || (p[g] >= 0 && maskP[p[g]] === 1)) out[n++] = i;
    }
    return out.slice(0, n);
  }
}

/** Names a list the grid can show: folded or expanded, and the enabled filter rules. */
function listKey(expandAll: boolean, filters: FilterRule[] | undefined): string {
  return `${expandAll ? 1 : 0}${viewKey({ filters })}`;
}

/** Position of `value` in an ascending array, or -1 when it is not there. */
function lowerBoundExact(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] === value) return mid;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function toMask(seqs: Uint32Array, length: number): Uint8Array {
  const mask = new Uint8Array(length);
  for (let i = 0; i < seqs.length; i++) mask[seqs[i]] = 1;
  return mask;
}

function indexFinding(map: Map<string, number>, f: Finding): void {
  // The first evidence event on each side is the row the finding points at in the aligned view.
  if (f.problemEvents.length > 0 && !map.has(`p${f.problemEvents[0]}`))
    map.set(`p${f.problemEvents[0]}`, f.rank);
  if (f.baselineEvents.length > 0 && !map.has(`b${f.baselineEvents[0]}`))
    map.set(`b${f.baselineEvents[0]}`, f.rank);
}
