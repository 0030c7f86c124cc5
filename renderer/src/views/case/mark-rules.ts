/**
 * Marked evidence in every grid (UI.md: a star in the gutter, a yellow edge). The grids add the
 * `td-marked` row class through these rules; they read the case store's sets, so a mark costs one
 * lookup per drawn row and nothing on the host. The case layer redraws the grids when marks change.
 */
import type { RowClassParams } from 'ag-grid-community';
import type { AlignedRow } from '../../../../shared/contract';
import type { LogEntry } from '../../../../shared/model/log';
import type { TraceEventRow } from '../../../../shared/model/trace';
import { getGrid } from '../../grid/grid-registry';
import { eventKey, logKey, useCase } from '../../state/case-store';

export function isAlignedRowMarked(row: AlignedRow | undefined): boolean {
  if (!row || row.kind === 'collapsed') return false;
  const { events } = useCase.getState().marks;
  return (
    (row.baseline !== null && events.has(eventKey('baseline', row.baseline.seq))) ||
    (row.problem !== null && events.has(eventKey('problem', row.problem.seq)))
  );
}

export const markedAlignedRule = (p: RowClassParams<AlignedRow>): boolean => isAlignedRowMarked(p.data);

/** The per-trace grids share their column and row definitions; the grid itself says which side. */
export const markedTraceRule = (p: RowClassParams<TraceEventRow>): boolean => {
  if (!p.data) return false;
  const side = getGrid('baseline') === p.api ? 'baseline' : 'problem';
  return useCase.getState().marks.events.has(eventKey(side, p.data.seq));
};

export const markedLogRule = (p: RowClassParams<LogEntry>): boolean =>
  !!p.data && useCase.getState().marks.logs.has(logKey(p.data.logId, p.data.line));
