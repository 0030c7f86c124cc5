/**
 * Switching between the aligned view and each trace alone keeps the user's place: the grid of the
 * view shown mounts afresh, so it is scrolled to the event that was selected in the other one.
 */
import { revealRow } from '../grid/grid-registry';
import { revealAlignedEvent, revealEvent } from './navigation';
import { usePrefs } from './prefs-store';
import { useWorkbench } from './workbench-store';

/** Rows kept above the selected one so its lead-up stays in view (as for a finding). */
const CONTEXT_ROWS = 4;

export async function showAligned(): Promise<void> {
  const prefs = usePrefs.getState();
  if (prefs.viewMode === 'aligned') return;
  prefs.setViewMode('aligned');
  const sel = useWorkbench.getState().selection;
  if (!sel) return;
  if (sel.source === 'aligned' && sel.alignedIndex !== null) {
    await revealRow('aligned', sel.alignedIndex, { contextAbove: CONTEXT_ROWS });
    return;
  }
  const side = sel.problem !== null ? 'problem' : 'baseline';
  const seq = sel[side];
  if (seq !== null) await revealAlignedEvent(side, seq);
}

export async function showSideBySide(): Promise<void> {
  const prefs = usePrefs.getState();
  if (prefs.viewMode === 'side-by-side') return;
  prefs.setViewMode('side-by-side');
  const sel = useWorkbench.getState().selection;
  if (!sel) return;
  const side = sel.problem !== null ? 'problem' : 'baseline';
  const seq = sel[side];
  if (seq !== null) await revealEvent(side, seq);
}
