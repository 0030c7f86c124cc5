/**
 * The aligned (side-by-side) view over a comparison: turns the comparison's row references into
 * rows with both events, marks the rows that are a finding's evidence, and applies the trace
 * filters (a row stays when the event on either side passes them).
 */
import type { AlignedQuery, AlignedRow } from '../../../shared/contract';
import type { AlignedRowRef, Finding } from '../../../shared/model/finding';
import type { FilterRule } from '../../../shared/model/trace';
import type { TraceStore } from '../store/trace-store';
import type { ComparisonLike, TraceViewLike } from './engine-deps';

/** Rows read per step when building a filtered index, so memory stays bounded. */
const SCAN_CHUNK = 65_536;

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
