/**
 * Where each finding's row is in the aligned list the grid shows now (folded or expanded, under the
 * filters in force). The host answers from its row index (`findAlignedIndex`, `findAlignedIndices` for
 * all findings at once), so this costs one small call however long the comparison is.
 */
import type { Finding } from '../../../shared/model/finding';
import type { FilterRule, Side } from '../../../shared/model/trace';
import { getApi } from '../api/get-api';

/** The event a finding's aligned row shows: its first problem event, else its first baseline event. */
export function findingEvent(f: Finding): { side: Side; seq: number } | null {
  if (f.problemEvents.length > 0) return { side: 'problem', seq: f.problemEvents[0] };
  if (f.baselineEvents.length > 0) return { side: 'baseline', seq: f.baselineEvents[0] };
  return null;
}

/** Row of one finding in the list for these settings; -1 when it has none (a filter hides it). */
export async function findingRowOf(f: Finding, expandAll: boolean, filters: FilterRule[]): Promise<number> {
  const ev = findingEvent(f);
  if (!ev) return -1;
  const { index } = await getApi().findAlignedIndex({
    ...ev,
    expandAll,
    filters: filters.length > 0 ? filters : undefined,
  });
  return index;
}

/** Rows of all findings in one host call (one call per finding queued up behind the grid's pages). */
export async function findingRowsOf(
  findings: readonly Finding[],
  expandAll: boolean,
  filters: FilterRule[],
): Promise<Record<number, number>> {
  const located = findings.flatMap((f) => {
    const ev = findingEvent(f);
    return ev ? [{ rank: f.rank, ev }] : [];
  });
  const out: Record<number, number> = {};
  if (located.length === 0) return out;
  const { indices } = await getApi().findAlignedIndices({
    events: located.map((l) => l.ev),
    expandAll,
    filters: filters.length > 0 ? filters : undefined,
  });
  located.forEach((l, i) => {
    if ((indices[i] ?? -1) >= 0) out[l.rank] = indices[i];
  });
  return out;
}

/** The finding's row in the list the aligned grid shows now (as last computed); -1 when it has none. */
export function displayedRowOf(f: Finding, _expandAll: boolean, rows: Record<number, number>): number {
  return rows[f.rank] ?? -1;
}
