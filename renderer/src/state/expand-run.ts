/**
 * Expanding a collapsed run of identical rows: the view switches to the expanded list at the run's
 * first row, which the host finds from that row's event under the filters in force.
 */
import type { AlignedRow } from '../../../shared/contract';
import { getApi } from '../api/get-api';
import { revealRow } from '../grid/grid-registry';
import { errorMessage } from '../logic/error-message';
import { gridFilters } from '../views/filters/use-active-filters';
import { selectionFromAligned } from './navigation';
import { useWorkbench } from './workbench-store';

/** Position of a run's first row in the expanded list; -1 when it has none there. */
export async function expandedIndexOf(row: AlignedRow): Promise<number> {
  const ev = row.problem
    ? { side: 'problem' as const, seq: row.problem.seq }
    : row.baseline
      ? { side: 'baseline' as const, seq: row.baseline.seq }
      : null;
  if (!ev) return -1;
  const filters = gridFilters('aligned');
  const { index } = await getApi().findAlignedIndex({
    ...ev,
    expandAll: true,
    filters: filters.length > 0 ? filters : undefined,
  });
  return index;
}

export async function expandRun(row: AlignedRow): Promise<void> {
  const store = useWorkbench.getState();
  try {
    const target = await expandedIndexOf(row);
    if (target < 0) return;
    store.setExpandAll(true);
    store.select({ source: 'aligned', baseline: null, problem: null, alignedIndex: target }, null);
    const node = await revealRow('aligned', target, { contextAbove: 2 });
    if (node?.data)
      useWorkbench.getState().select(selectionFromAligned(node.data as AlignedRow), node.data as AlignedRow);
  } catch (e) {
    store.pushError(errorMessage(e));
  }
}
