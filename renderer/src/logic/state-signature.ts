/**
 * What must change for the grids to reload: a different trace on either side, a new comparison, or
 * a different set of logs. Job progress alone changes nothing on screen except the progress bar.
 */
import type { WorkbenchState } from '../../../shared/contract';

export function dataSignature(state: WorkbenchState | null): string {
  if (!state) return '';
  const b = state.traces.baseline;
  const p = state.traces.problem;
  const c = state.compare;
  return [
    b ? `${b.id}:${b.events}` : '-',
    p ? `${p.id}:${p.events}` : '-',
    c ? `${c.baselineId}:${c.problemId}:${c.alignedRows}:${c.findings}:${c.elapsedMs}` : '-',
  ].join('|');
}

export function logsSignature(state: WorkbenchState | null): string {
  if (!state) return '';
  return state.logs.map((l) => `${l.id}:${l.entries}`).join('|');
}
