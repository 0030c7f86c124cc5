/**
 * Where each finding's row is in the folded (default) aligned list. Computed once per comparison in
 * one pass over the folded list, which is short: identical runs are what it folds away.
 */
import type { Finding } from '../../../shared/model/finding';
import { getApi } from '../api/get-api';
import { resolvePage, type FoldCursor } from '../logic/aligned-index';

const PAGE = 5000;
/**
 * How much of the folded list to read for this. Beyond it a finding opens in the full list, where its
 * row number is known without reading anything (a host query for the folded position would lift this).
 */
const MAX_FOLDED_ROWS = 40_000;

export async function foldedRowsOf(findings: readonly Finding[]): Promise<Record<number, number>> {
  const targets = [...new Set(findings.map((f) => f.alignedRow).filter((r) => r >= 0))].sort((a, b) => a - b);
  const found = new Map<number, number>();
  if (targets.length > 0) {
    const api = getApi();
    let cursor: FoldCursor = { folded: 0, full: 0 };
    const last = targets[targets.length - 1];
    while (cursor.full <= last && cursor.folded < MAX_FOLDED_ROWS) {
      const res = await api.queryAligned({ offset: cursor.folded, limit: PAGE, expandAll: false });
      if (res.rows.length === 0) break;
      cursor = resolvePage(res.rows, cursor, targets, found);
    }
  }
  const out: Record<number, number> = {};
  for (const f of findings) {
    const row = found.get(f.alignedRow);
    if (row !== undefined) out[f.rank] = row;
  }
  return out;
}

/** The finding's row in the list the aligned grid shows now; -1 when it has none. */
export function displayedRowOf(f: Finding, expandAll: boolean, folded: Record<number, number>): number {
  if (f.alignedRow < 0) return -1;
  return expandAll ? f.alignedRow : (folded[f.rank] ?? -1);
}
