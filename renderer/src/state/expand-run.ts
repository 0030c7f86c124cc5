/**
 * Expanding a collapsed run of identical rows. The host numbers rows differently with and without
 * `expandAll`, so the run's position in the expanded list is its collapsed position plus the rows
 * folded into every collapsed run before it (read from the collapsed list, page by page).
 */
import type { AlignedRow } from '../../../shared/contract';
import { getApi } from '../api/get-api';
import { revealRow } from '../grid/grid-registry';
import { spanOf } from '../logic/aligned-index';
import { errorMessage } from '../logic/error-message';
import { selectionFromAligned } from './navigation';
import { useWorkbench } from './workbench-store';

const PAGE = 5000;

export async function expandedIndexOf(collapsedIndex: number): Promise<number> {
  const api = getApi();
  let extra = 0;
  for (let offset = 0; offset < collapsedIndex; offset += PAGE) {
    const res = await api.queryAligned({
      offset,
      limit: Math.min(PAGE, collapsedIndex - offset),
      expandAll: false,
    });
    for (const r of res.rows) extra += spanOf(r) - 1;
    if (res.rows.length === 0) break;
  }
  return collapsedIndex + extra;
}

export async function expandRun(row: AlignedRow): Promise<void> {
  const store = useWorkbench.getState();
  try {
    const target = await expandedIndexOf(row.index);
    store.setExpandAll(true);
    store.select({ source: 'aligned', baseline: null, problem: null, alignedIndex: target }, null);
    const node = await revealRow('aligned', target, { contextAbove: 2 });
    if (node?.data)
      useWorkbench.getState().select(selectionFromAligned(node.data as AlignedRow), node.data as AlignedRow);
  } catch (e) {
    store.pushError(errorMessage(e));
  }
}
