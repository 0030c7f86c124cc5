/**
 * The host numbers aligned rows two ways: every row (`expandAll`), and with runs of identical rows
 * folded into one collapsed row. Findings point into the full list (`Finding.alignedRow`); the
 * default view shows the folded one. These map positions between the two from the folded rows.
 */
import type { AlignedKind } from '../../../shared/model/finding';

export interface FoldedRowLike {
  kind: AlignedKind;
  count?: number;
}

/** How many full-list rows one folded row stands for. */
export function spanOf(row: FoldedRowLike): number {
  return row.kind === 'collapsed' ? Math.max(1, row.count ?? 1) : 1;
}

export interface FoldCursor {
  /** Position in the folded list of the next row to read. */
  folded: number;
  /** Position in the full list where that row starts. */
  full: number;
}

/**
 * Walks one page of folded rows and resolves the targets (full-list positions, ascending) that fall
 * into it. Returns the cursor after the page; `out` gets target -> folded position.
 */
export function resolvePage(
  rows: readonly FoldedRowLike[],
  cursor: FoldCursor,
  targets: readonly number[],
  out: Map<number, number>,
): FoldCursor {
  let { folded, full } = cursor;
  let t = 0;
  while (t < targets.length && targets[t] < full) t++;
  for (const row of rows) {
    const span = spanOf(row);
    while (t < targets.length && targets[t] < full + span) {
      out.set(targets[t], folded);
      t++;
    }
    folded += 1;
    full += span;
  }
  return { folded, full };
}
