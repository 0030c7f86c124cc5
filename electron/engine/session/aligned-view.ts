/**
 * The aligned (side-by-side) view over a comparison: turns the comparison's row references into
 * rows with both events, marks the rows that are a finding's evidence, and applies the trace
 * filters (a row stays when the event on either side passes them).
 */
import type { AlignedQuery, AlignedRow, OverviewResult } from '../../../shared/contract';
import type { AlignedRowRef, Finding } from '../../../shared/model/finding';
import { RESULT_CLASS_CODES } from '../../../shared/model/result-class';
import type { FilterRule, Side } from '../../../shared/model/trace';
import type { TraceStore } from '../store/trace-store';
import type { ComparisonLike, TraceViewLike } from './engine-deps';

/** Rows read per step when building a filtered index, so memory stays bounded. */
const SCAN_CHUNK = 65_536;
const FAILURE = RESULT_CLASS_CODES.failure;

export class AlignedView {
  private readonly rankBySeq = new Map<string, number>();
  private filtered: { key: string; indices: Int32Array } | null = null;

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
    const active = (q.filters ?? []).filter((f) => f.enabled !== false);
    if (active.length === 0) {
      const total = this.result.alignedCount(expandAll);
      const refs = this.result.alignedPage(q.offset, q.limit, expandAll);
      return { rows: refs.map((r, i) => this.toRow(r, q.offset + i)), total };
    }
    const indices = this.filteredIndices(active, expandAll);
    const end = Math.min(indices.length, q.offset + q.limit);
    const rows: AlignedRow[] = [];
    for (let i = q.offset; i < end; i++) {
      const [ref] = this.result.alignedPage(indices[i], 1, expandAll);
      if (ref) rows.push(this.toRow(ref, indices[i]));
    }
    return { rows, total: indices.length };
  }

  /**
   * The row that shows an event in the list the grid shows (folded or not, filtered or not); -1 when
   * the event has no row there (a filter hides it).
   */
  indexOf(side: Side, seq: number, expandAll: boolean, filters?: FilterRule[]): number {
    const row = this.result.alignedIndexOf(side, seq, expandAll);
    const active = (filters ?? []).filter((f) => f.enabled !== false);
    if (row < 0 || active.length === 0) return row;
    return lowerBoundExact(this.filteredIndices(active, expandAll), row);
  }

  /** Differences and one-sided real failures per slice of the list (the overview bar). */
  overview(buckets: number, expandAll: boolean, filters?: FilterRule[]): OverviewResult {
    const active = (filters ?? []).filter((f) => f.enabled !== false);
    const indices = active.length > 0 ? this.filteredIndices(active, expandAll) : null;
    const total = indices ? indices.length : this.result.alignedCount(expandAll);
    const out = Array.from({ length: buckets }, () => ({ differences: 0, failures: 0 }));
    const failB = this.baseline.cols.resultClass;
    const failP = this.problem.cols.resultClass;
    const count = (ref: AlignedRowRef, position: number): void => {
      const b = Math.min(buckets - 1, Math.floor((position / Math.max(1, total)) * buckets));
      if (ref.kind === 'changed' || ref.kind === 'baseline-only' || ref.kind === 'problem-only')
        out[b].differences++;
      if (ref.kind === 'collapsed') return;
      const bf = ref.baseline >= 0 && failB[ref.baseline] === FAILURE;
      const pf = ref.problem >= 0 && failP[ref.problem] === FAILURE;
      if (bf !== pf) out[b].failures++;
    };
    for (let start = 0; start < total; start += SCAN_CHUNK) {
      const n = Math.min(SCAN_CHUNK, total - start);
      if (indices) {
        for (let i = 0; i < n; i++) {
          const [ref] = this.result.alignedPage(indices[start + i], 1, expandAll);
          if (ref) count(ref, start + i);
        }
      } else {
        this.result.alignedPage(start, n, expandAll).forEach((ref, i) => count(ref, start + i));
      }
    }
    return { total, buckets: out };
  }

  /** Aligned rows of the given events (either side), ascending and unique, in the list the grid shows. */
  rowsOf(
    seqs: { baseline: Uint32Array; problem: Uint32Array },
    expandAll: boolean,
    filters?: FilterRule[],
  ): Int32Array {
    const active = (filters ?? []).filter((f) => f.enabled !== false);
    const indices = active.length > 0 ? this.filteredIndices(active, expandAll) : null;
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
    const active = (filters ?? []).filter((f) => f.enabled !== false);
    const at = active.length > 0 ? (this.filteredIndices(active, expandAll)[index] ?? -1) : index;
    if (at < 0) return null;
    return this.result.alignedPage(at, 1, expandAll)[0] ?? null;
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

  private filteredIndices(filters: FilterRule[], expandAll: boolean): Int32Array {
    const key = `${expandAll ? 1 : 0}${JSON.stringify(filters)}`;
    if (this.filtered?.key === key) return this.filtered.indices;
    const maskB = toMask(this.views.baseline.filtered(filters), this.baseline.length);
    const maskP = toMask(this.views.problem.filtered(filters), this.problem.length);
    const total = this.result.alignedCount(expandAll);
    let out = new Int32Array(Math.min(total, SCAN_CHUNK));
    let n = 0;
    for (let start = 0; start < total; start += SCAN_CHUNK) {
      const refs = this.result.alignedPage(start, SCAN_CHUNK, expandAll);
      refs.forEach((r, i) => {
        const keep =
          (r.baseline >= 0 && maskB[r.baseline] === 1) || (r.problem >= 0 && maskP[r.problem] === 1);
        if (!keep) return;
        if (n === out.length) {
          const grown = new Int32Array(Math.min(total, out.length * 2));
          grown.set(out);
          out = grown;
        }
        out[n++] = start + i;
      });
    }
    const indices = out.slice(0, n);
    this.filtered = { key, indices };
    return indices;
  }
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
