/** Maps grid column ids to the host's column names so sorting happens in the host, not in the page. */
import type { SortSpec, TraceColumn } from '../../../shared/model/trace';

export const TRACE_COLUMN_BY_COL_ID: Readonly<Record<string, TraceColumn>> = {
  seq: 'Sequence',
  time: 'Time of Day',
  process: 'Process Name',
  pid: 'PID',
  operation: 'Operation',
  path: 'Path',
  result: 'Result',
  detail: 'Detail',
};

export interface SortModelItemLike {
  colId: string;
  sort: 'asc' | 'desc' | null | undefined;
}

/** The grid's sort model to the contract's single-column sort; undefined means capture order. */
export function toSortSpec(model: readonly SortModelItemLike[]): SortSpec | undefined {
  for (const item of model) {
    const column = TRACE_COLUMN_BY_COL_ID[item.colId];
    if (column && (item.sort === 'asc' || item.sort === 'desc')) return { column, direction: item.sort };
  }
  return undefined;
}
