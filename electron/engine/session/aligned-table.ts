/**
 * The aligned list of a comparison as typed arrays: per expanded row its kind and the event seq on
 * each side, and per folded row the first expanded row it shows and how many it stands for. Read
 * once per comparison through the comparison's paging interface, so filters, the overview bar and
 * difference navigation walk numbers over a million rows instead of building a row object per row
 * on every call (issue #7, item 10).
 */
import type { AlignedKind } from '../../../shared/model/finding';
import type { ComparisonLike } from './engine-deps';

export const KIND_SAME = 0;
export const KIND_CHANGED = 1;
export const KIND_BASELINE_ONLY = 2;
export const KIND_PROBLEM_ONLY = 3;

/** Folded rows read per step, so reading never holds more than this many row objects at once. */
const READ_CHUNK = 65_536;

const KIND_CODES: Record<Exclude<AlignedKind, 'collapsed'>, number> = {
  same: KIND_SAME,
  changed: KIND_CHANGED,
  'baseline-only': KIND_BASELINE_ONLY,
  'problem-only': KIND_PROBLEM_ONLY,
};

export class AlignedTable {
  private constructor(
    /** Per expanded row: KIND_*. */
    readonly kind: Uint8Array,
    /** Per expanded row: the event seq on each side, -1 for a gap. */
    readonly baseline: Int32Array,
    readonly problem: Int32Array,
    /** Per folded row: the first expanded row it shows. */
    readonly foldStart: Int32Array,
    /** Per folded row: how many expanded rows it stands for (more than 1 only for a collapsed run). */
    readonly foldSpan: Int32Array,
  ) {}

  /**
   * Reads the list in about 2 + n/8 cheap steps per row instead of one row object per row: the seqs
   * come from each event's row, and the kinds from the folded list, whose single rows are exactly the
   * rows that are not part of a folded run (a folded run is all identical rows).
   */
  static read(result: ComparisonLike, lengths: { baseline: number; problem: number }): AlignedTable {
    const n = result.alignedCount(true);
    const kind = new Uint8Array(n); // KIND_SAME is 0
    const baseline = new Int32Array(n).fill(-1);
    const problem = new Int32Array(n).fill(-1);
    for (let s = 0; s < lengths.baseline; s++) {
      const g = result.alignedIndexOf('baseline', s, true);
      if (g >= 0 && g < n) baseline[g] = s;
    }
    for (let s = 0; s < lengths.problem; s++) {
      const g = result.alignedIndexOf('problem', s, true);
      if (g >= 0 && g < n) problem[g] = s;
    }
    const folded = result.alignedCount(false);
    const foldStart = new Int32Array(folded);
    const foldSpan = new Int32Array(folded);
    for (let start = 0; start < folded; start += READ_CHUNK) {
      const refs = result.alignedPage(start, READ_CHUNK, false);
      for (let i = 0; i < refs.length; i++) {
        const r = refs[i];
        // A folded row shows its first expanded row, which holds the row's own events.
        const g =
          r.baseline >= 0
            ? result.alignedIndexOf('baseline', r.baseline, true)
            : result.alignedIndexOf('problem', r.problem, true);
        foldStart[start + i] = g;
        if (r.kind === 'collapsed') {
          foldSpan[start + i] = Math.max(1, r.count ?? 1);
        } else {
          foldSpan[start + i] = 1;
          if (g >= 0 && g < n) kind[g] = KIND_CODES[r.kind];
        }
      }
    }
    return new AlignedTable(kind, baseline, problem, foldStart, foldSpan);
  }

  length(expandAll: boolean): number {
    return expandAll ? this.kind.length : this.foldStart.length;
  }

  /** The expanded row a row of the list shows; -1 for a collapsed run (it stands for many). */
  rowAt(index: number, expandAll: boolean): number {
    if (expandAll) return index >= 0 && index < this.kind.length ? index : -1;
    if (index < 0 || index >= this.foldStart.length || this.foldSpan[index] > 1) return -1;
    return this.foldStart[index];
  }

  /** The expanded row whose events decide whether a list row passes a filter (a run's first row). */
  firstRowOf(index: number, expandAll: boolean): number {
    return expandAll ? index : this.foldStart[index];
  }
}
