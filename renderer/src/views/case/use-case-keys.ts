/**
 * The case keys (UI.md "Keys"): Space marks the selected row or finding as evidence, N opens its
 * note, Ctrl+S saves the case, Ctrl+O opens one (with the recent list and the way to captures), Ctrl+E
 * exports. Bound on the window in the capture phase before the grids see the key: ag-grid would
 * otherwise take Space to toggle the row's selection.
 */
import { useEffect } from 'react';
import { useCase } from '../../state/case-store';
import { useWorkbench } from '../../state/workbench-store';
import { openNote, saveCase, toggleMark } from './case-actions';

function inTextField(el: Element | null): boolean {
  if (!el) return false;
  if (el instanceof HTMLInputElement) return !['checkbox', 'radio', 'button'].includes(el.type);
  return (
    el instanceof HTMLTextAreaElement ||
    el instanceof HTMLSelectElement ||
    (el as HTMLElement).isContentEditable
  );
}

/**
 * Space and N act on rows, so they are taken only where focus is on a row or a finding (or nowhere in
 * particular); on a button, a link or a checkbox Space keeps its own meaning.
 */
function onMarkable(el: Element | null): boolean {
  if (!el || el === document.body || el === document.documentElement) return true;
  if (el.closest('[data-testid^="grid-"]') || el.closest('[data-testid="finding"]')) return true;
  return !el.closest('button, a, input, select, textarea, summary, [role="menuitem"], [role="tab"]');
}

/** A modal of the window is open (ours or another part's): plain keys belong to it. */
function modalOpen(): boolean {
  const c = useCase.getState();
  const w = useWorkbench.getState();
  return (
    c.dialog !== null ||
    c.note !== null ||
    w.helpOpen ||
    w.gotoOpen ||
    !!document.querySelector('[aria-modal="true"]')
  );
}

export function useCaseKeys(): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      // Keys typed into an input method's composition window (Chinese) are the user's text.
      if (e.isComposing || e.key === 'Process') return;
      const mod = (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey;
      const lower = e.key.toLowerCase();
      const hasData = !!(
        useWorkbench.getState().host?.traces.baseline || useWorkbench.getState().host?.traces.problem
      );
      let handled = true;
      if (mod && lower === 's') {
        // Never the browser's "save page" dialog; in a dialog of ours the key does nothing else.
        if (!modalOpen() && hasData) void saveCase();
      } else if (mod && lower === 'e') {
        if (!modalOpen()) useCase.getState().setDialog('export');
      } else if (mod && lower === 'o') {
        if (!modalOpen()) useCase.getState().setDialog('open');
      } else if (
        !e.ctrlKey &&
        !e.metaKey &&
        !e.altKey &&
        !inTextField(document.activeElement) &&
        onMarkable(document.activeElement) &&
        !modalOpen()
      ) {
        if (e.key === ' ' && !e.shiftKey && hasData) void toggleMark();
        else if (lower === 'n' && !e.shiftKey && hasData) openNote();
        else handled = false;
      } else handled = false;
      if (handled) {
        e.preventDefault();
        // Ctrl+O is also the generic "open files" key elsewhere; the case's Open dialog offers both.
        e.stopImmediatePropagation();
      }
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, []);
}
