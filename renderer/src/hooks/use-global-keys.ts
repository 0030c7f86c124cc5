/** Binds the workbench keys (logic/key-map.ts) on the window. */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { getGrid, type GridName } from '../grid/grid-registry';
import { commandForKey, type Command } from '../logic/key-map';
import { nextDifference, nextFailure } from '../state/navigation';
import { pickAndOpen } from '../state/open-files';
import { usePrefs } from '../state/prefs-store';
import { useWorkbench } from '../state/workbench-store';
import { copySelectedRows, focusedGrid } from './copy-selection';
import { closeContextMenu } from '../components/context-menu-store';
import { useFilters } from '../views/filters/filter-store';
import { usePanelTab } from '../views/process/panel-tabs';
import { stepSearch, useSearch } from '../views/search/search-store';

function inTextField(el: Element | null): boolean {
  if (!el) return false;
  if (el instanceof HTMLInputElement) return !['checkbox', 'radio', 'button'].includes(el.type);
  return (
    el instanceof HTMLTextAreaElement ||
    el instanceof HTMLSelectElement ||
    (el as HTMLElement).isContentEditable
  );
}

function focusGrid(name: GridName): boolean {
  const api = getGrid(name);
  if (!api) return false;
  const column = api.getAllDisplayedColumns()[0];
  const selected = api.getSelectedNodes()[0];
  const index = selected?.rowIndex ?? api.getFirstDisplayedRowIndex();
  if (!column || index < 0) return false;
  api.ensureIndexVisible(index);
  api.setFocusedCell(index, column);
  return true;
}

function focusPanel(panel: string): void {
  const el = document.querySelector<HTMLElement>(`[data-panel="${panel}"]`);
  const target = el?.querySelector<HTMLElement>('[aria-current="true"], button.td-finding') ?? el;
  target?.focus();
}

export function useGlobalKeys(): void {
  const { t } = useTranslation();
  useEffect(() => {
    const run = (cmd: Command): boolean => {
      const store = useWorkbench.getState();
      const mode = usePrefs.getState().viewMode;
      switch (cmd) {
        case 'next-difference':
        case 'previous-difference':
          void nextDifference(cmd === 'next-difference' ? 1 : -1);
          return true;
        case 'next-failure':
        case 'previous-failure':
          void nextFailure(cmd === 'next-failure' ? 1 : -1);
          return true;
        case 'go-to-sequence':
          store.setGotoOpen(true);
          return true;
        case 'search':
          useSearch.getState().setOpen(true);
          // Already open: Ctrl+F again puts the caret back in the field.
          document.querySelector<HTMLInputElement>('[data-testid="search-input"]')?.select();
          return true;
        case 'search-next':
        case 'search-previous':
          if (!useSearch.getState().open) useSearch.getState().setOpen(true);
          void stepSearch(cmd === 'search-next' ? 1 : -1);
          return true;
        case 'filter':
          useFilters.getState().setDialogOpen(true);
          return true;
        case 'focus-findings':
          focusPanel('findings');
          store.setLastFocused('findings');
          return true;
        case 'focus-diff': {
          const ok =
            mode === 'aligned' && store.host?.compare
              ? focusGrid('aligned')
              : focusGrid('problem') || focusGrid('baseline');
          store.setLastFocused('diff');
          return ok || true;
        }
        case 'focus-detail':
          focusPanel('detail');
          store.setLastFocused('detail');
          return true;
        case 'focus-logs':
          usePanelTab.getState().setTab('logs');
          if (!focusGrid('logs')) focusPanel('logs');
          store.setLastFocused('logs');
          return true;
        case 'help':
          store.setHelpOpen(!store.helpOpen);
          return true;
        case 'open-files':
          void pickAndOpen('auto');
          return true;
        case 'close':
          if (closeContextMenu()) return true;
          if (useFilters.getState().dialogOpen) {
            useFilters.getState().setDialogOpen(false);
            return true;
          }
          if (store.helpOpen || store.gotoOpen || store.codePopover) {
            store.setHelpOpen(false);
            store.setGotoOpen(false);
            store.setCodePopover(null);
            return true;
          }
          return false;
        case 'copy-rows':
        case 'copy-rows-csv': {
          // The grid in focus; else, unless the user selected page text to copy, the grid of the selection.
          const pageText = window.getSelection()?.toString() ?? '';
          const grid = focusedGrid() ?? (pageText ? null : (store.selection?.source ?? null));
          if (!grid) return false;
          void copySelectedRows(grid, cmd === 'copy-rows-csv' ? 'csv' : 'tsv', t).then(
            (n) => n > 0 && store.setNotice('copy.done', { count: n }),
          );
          return true;
        }
      }
    };
    const onKeyDown = (e: KeyboardEvent) => {
      const cmd = commandForKey(e, { inTextField: inTextField(document.activeElement) });
      if (!cmd) return;
      // Dialogs keep their own keys, except the ones that close them.
      const s = useWorkbench.getState();
      if ((s.gotoOpen || s.helpOpen || useFilters.getState().dialogOpen) && cmd !== 'close' && cmd !== 'help')
        return;
      if (run(cmd)) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [t]);
}
