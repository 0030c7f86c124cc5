/**
 * Selecting an event in one capture's own grid also shows its aligned counterpart on the other
 * machine in the detail pane, when the comparison matched it to one (the full aligned list knows).
 */
import type { Side } from '../../../shared/model/trace';
import { getApi } from '../api/get-api';
import { useWorkbench } from './workbench-store';

let token = 0;

export async function selectWithCounterpart(side: Side, seq: number): Promise<void> {
  const store = useWorkbench.getState();
  const mine = ++token;
  store.select(
    {
      source: side,
      baseline: side === 'baseline' ? seq : null,
      problem: side === 'problem' ? seq : null,
      alignedIndex: null,
    },
    null,
  );
  if (!store.host?.compare) return;
  try {
    const api = getApi();
    const { index } = await api.findAlignedIndex({ side, seq, expandAll: true });
    if (index < 0 || mine !== token) return;
    const { rows } = await api.queryAligned({ offset: index, limit: 1, expandAll: true });
    const row = rows[0];
    if (!row || mine !== token) return;
    const other = side === 'baseline' ? row.problem : row.baseline;
    if (!other) return;
    const current = useWorkbench.getState().selection;
    // Only if the user has not moved on meanwhile.
    if (current?.source !== side || current[side] !== seq) return;
    useWorkbench.getState().select({
      ...current,
      baseline: side === 'baseline' ? seq : other.seq,
      problem: side === 'problem' ? seq : other.seq,
    });
  } catch {
    // The counterpart is a convenience: the clicked event is shown either way.
  }
}
