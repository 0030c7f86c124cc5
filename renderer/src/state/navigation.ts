/**
 * Commands that move the user's place in the case: to a finding, a failure, a sequence number, the
 * next or previous difference or failure. They ask the host for positions (the renderer never holds a
 * whole trace) and scroll the grids through the registry.
 */
import type { AlignedRow, FailureItem } from '../../../shared/contract';
import type { Finding } from '../../../shared/model/finding';
import type { FilterRule, Side } from '../../../shared/model/trace';
import { getApi } from '../api/get-api';
import { getGrid, revealRow } from '../grid/grid-registry';
import { errorMessage } from '../logic/error-message';
import { toSortSpec } from '../logic/sort-map';
import { gridFilters } from '../views/filters/use-active-filters';
import { selectWithCounterpart } from './counterpart';
import { findingRowOf } from './finding-rows';
import { usePrefs } from './prefs-store';
import { useWorkbench } from './workbench-store';

/** Rows shown above a finding's row so its lead-up is visible. */
const CONTEXT_ROWS = 4;

function optional<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}

function notify(key: string, values?: Record<string, string | number>): void {
  useWorkbench.getState().setNotice(key, values);
}

function redrawAligned(): void {
  getGrid('aligned')?.redrawRows();
}

export async function focusFinding(finding: Finding): Promise<void> {
  const store = useWorkbench.getState();
  let row = -1;
  try {
    row = await findingRowOf(finding, store.expandAll, gridFilters('aligned'));
  } catch (e) {
    store.pushError(errorMessage(e));
  }
  if (row < 0 && gridFilters('aligned').length > 0) notify('filter.findingHidden', { rank: finding.rank });
  store.selectFinding(finding.rank);
  store.select(
    {
      source: 'aligned',
      baseline: finding.baselineEvents[0] ?? null,
      problem: finding.problemEvents[0] ?? null,
      alignedIndex: row >= 0 ? row : null,
    },
    null,
  );
  if (usePrefs.getState().viewMode !== 'aligned') usePrefs.getState().setViewMode('aligned');
  redrawAligned();
  if (row < 0) return;
  const node = await revealRow('aligned', row, { contextAbove: CONTEXT_ROWS });
  if (node?.data)
    useWorkbench.getState().select(selectionFromAligned(node.data as AlignedRow), node.data as AlignedRow);
  redrawAligned();
}

export function selectionFromAligned(row: AlignedRow) {
  return {
    source: 'aligned' as const,
    baseline: row.baseline?.seq ?? null,
    problem: row.problem?.seq ?? null,
    alignedIndex: row.index,
  };
}

function currentSort(side: Side) {
  const api = getGrid(side);
  if (!api) return undefined;
  const model = api
    .getColumnState()
    .filter((c) => c.sort)
    .map((c) => ({ colId: c.colId, sort: c.sort ?? null }));
  return toSortSpec(model);
}

/** Scrolls a per-trace grid to an event by sequence number (switching to the side-by-side view). */
export async function revealEvent(side: Side, seq: number): Promise<void> {
  const store = useWorkbench.getState();
  if (usePrefs.getState().viewMode !== 'side-by-side') usePrefs.getState().setViewMode('side-by-side');
  void selectWithCounterpart(side, seq);
  try {
    const filters = gridFilters(side);
    const { index } = await getApi().findEventIndex({
      side,
      seq,
      sort: currentSort(side),
      filters: filters.length > 0 ? filters : undefined,
    });
    if (index < 0) {
      notify('nav.sequenceNotFound', { seq });
      return;
    }
    await revealRow(side, index, { focus: true });
  } catch (e) {
    store.pushError(errorMessage(e));
  }
}

/** Scrolls the aligned view to the row that shows an event (Ctrl+G in the aligned view). */
export async function revealAlignedEvent(side: Side, seq: number): Promise<void> {
  const store = useWorkbench.getState();
  if (!store.host?.compare) return revealEvent(side, seq);
  if (usePrefs.getState().viewMode !== 'aligned') usePrefs.getState().setViewMode('aligned');
  try {
    const filters = gridFilters('aligned');
    const { index } = await getApi().findAlignedIndex({
      side,
      seq,
      expandAll: store.expandAll,
      filters: optional(filters),
    });
    if (index < 0) {
      notify('nav.sequenceNotFound', { seq });
      return;
    }
    const node = await revealRow('aligned', index, { focus: true });
    if (node?.data) {
      const row = node.data as AlignedRow;
      useWorkbench.getState().select(selectionFromAligned(row), row);
    }
  } catch (e) {
    store.pushError(errorMessage(e));
  }
}

export function revealFailure(item: FailureItem): Promise<void> {
  return revealEvent('problem', item.seq);
}

function alignedPosition(): number {
  const s = useWorkbench.getState();
  if (s.selection?.source === 'aligned' && s.selection.alignedIndex !== null) return s.selection.alignedIndex;
  const api = getGrid('aligned');
  return api ? api.getFirstDisplayedRowIndex() - 1 : -1;
}

/**
 * F8 / Alt+Down in the aligned view: the host finds the next difference or failure over the whole
 * list the grid shows (filters and folding included), however far away it is, and sends its row.
 */
async function stepAligned(direction: 1 | -1, what: 'difference' | 'failure'): Promise<void> {
  const store = useWorkbench.getState();
  if (!store.host?.compare) return;
  try {
    const { index, row } = await getApi().findNextAligned({
      from: alignedPosition(),
      direction,
      kind: what,
      expandAll: store.expandAll,
      filters: optional(gridFilters('aligned')),
    });
    if (index < 0 || !row) {
      notify(what === 'difference' ? 'nav.noMoreDifferences' : 'nav.noMoreFailures');
      return;
    }
    store.select(selectionFromAligned(row), row);
    await revealRow('aligned', index, { focus: true });
  } catch (e) {
    store.pushError(errorMessage(e));
  }
}

const FAILURE_ONLY: FilterRule = {
  column: 'Result Class',
  relation: 'is',
  value: 'failure',
  action: 'include',
};

async function stepTraceFailure(side: Side, direction: 1 | -1): Promise<void> {
  const store = useWorkbench.getState();
  const current = store.selection?.[side] ?? (direction === 1 ? -1 : Number.MAX_SAFE_INTEGER);
  try {
    const res = await getApi().queryEvents({
      side,
      offset: 0,
      limit: 1,
      sort: { column: 'Sequence', direction: direction === 1 ? 'asc' : 'desc' },
      filters: [
        ...gridFilters(side),
        FAILURE_ONLY,
        {
          column: 'Sequence',
          relation: direction === 1 ? 'more than' : 'less than',
          value: String(current),
          action: 'include',
        },
      ],
    });
    const row = res.rows[0];
    if (!row) {
      notify('nav.noMoreFailures');
      return;
    }
    await revealEvent(side, row.seq);
  } catch (e) {
    store.pushError(errorMessage(e));
  }
}

export function nextDifference(direction: 1 | -1): Promise<void> {
  if (usePrefs.getState().viewMode !== 'aligned') usePrefs.getState().setViewMode('aligned');
  return stepAligned(direction, 'difference');
}

export function nextFailure(direction: 1 | -1): Promise<void> {
  const mode = usePrefs.getState().viewMode;
  const store = useWorkbench.getState();
  if (mode === 'aligned' && store.host?.compare) return stepAligned(direction, 'failure');
  const side: Side = store.selection?.source === 'baseline' ? 'baseline' : 'problem';
  return stepTraceFailure(side, direction);
}
