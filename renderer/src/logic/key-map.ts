/**
 * The workbench keys (UI.md "Keys"), as one pure mapping from a key event to a command so the
 * bindings are testable and the help panel lists exactly what is bound.
 */
export type Command =
  | 'next-difference'
  | 'previous-difference'
  | 'next-failure'
  | 'previous-failure'
  | 'go-to-sequence'
  | 'focus-findings'
  | 'focus-diff'
  | 'focus-detail'
  | 'focus-logs'
  | 'help'
  | 'open-files'
  | 'copy-rows'
  | 'copy-rows-csv'
  | 'search'
  | 'search-next'
  | 'search-previous'
  | 'filter'
  | 'close';

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** Whether focus is in a text field, where plain keys (like "?") must type, not command. */
export interface KeyContext {
  inTextField: boolean;
}

export function commandForKey(e: KeyLike, ctx: KeyContext): Command | null {
  // Ctrl on Windows and Linux, Cmd on macOS.
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key;
  if (key === 'F8' && !mod && !e.altKey) return e.shiftKey ? 'previous-difference' : 'next-difference';
  if (e.altKey && !mod && !e.shiftKey) {
    if (key === 'ArrowDown') return 'next-failure';
    if (key === 'ArrowUp') return 'previous-failure';
  }
  if (key === 'F1' && !mod && !e.altKey) return 'help';
  if (key === 'F3' && !mod && !e.altKey) return e.shiftKey ? 'search-previous' : 'search-next';
  if (key === 'Escape') return 'close';
  if (mod && !e.altKey) {
    const lower = key.toLowerCase();
    if (lower === 'g' && !e.shiftKey) return 'go-to-sequence';
    if (lower === 'o' && !e.shiftKey) return 'open-files';
    if (lower === 'f' && !e.shiftKey) return 'search';
    if (lower === 'l' && !e.shiftKey) return 'filter';
    if (lower === 'c' && !ctx.inTextField) return e.shiftKey ? 'copy-rows-csv' : 'copy-rows';
    if (!e.shiftKey) {
      if (key === '1') return 'focus-findings';
      if (key === '2') return 'focus-diff';
      if (key === '3') return 'focus-detail';
      if (key === '4') return 'focus-logs';
    }
  }
  if (key === '?' && !mod && !e.altKey && !ctx.inTextField) return 'help';
  return null;
}

/** The rows of the help panel: key label and the i18n key of its description. */
export const KEY_HELP: readonly { keys: string; labelKey: string }[] = [
  { keys: 'F8', labelKey: 'keys.nextDifference' },
  { keys: 'Shift+F8', labelKey: 'keys.previousDifference' },
  { keys: 'Alt+↓', labelKey: 'keys.nextFailure' },
  { keys: 'Alt+↑', labelKey: 'keys.previousFailure' },
  { keys: 'Ctrl+G', labelKey: 'keys.goToSequence' },
  { keys: 'Ctrl+F', labelKey: 'keys.search' },
  { keys: 'F3 / Shift+F3', labelKey: 'keys.searchNext' },
  { keys: 'Ctrl+L', labelKey: 'keys.filter' },
  { keys: 'Shift+F10', labelKey: 'keys.contextMenu' },
  { keys: 'Ctrl+1', labelKey: 'keys.focusFindings' },
  { keys: 'Ctrl+2', labelKey: 'keys.focusDiff' },
  { keys: 'Ctrl+3', labelKey: 'keys.focusDetail' },
  { keys: 'Ctrl+4', labelKey: 'keys.focusLogs' },
  { keys: 'Ctrl+C', labelKey: 'keys.copyRows' },
  { keys: 'Ctrl+Shift+C', labelKey: 'keys.copyRowsCsv' },
  { keys: 'Space', labelKey: 'keys.markEvidence' },
  { keys: 'N', labelKey: 'keys.note' },
  { keys: 'Ctrl+S', labelKey: 'keys.saveCase' },
  { keys: 'Ctrl+E', labelKey: 'keys.export' },
  { keys: 'Ctrl+O', labelKey: 'keys.openFiles' },
  { keys: 'F1 / ?', labelKey: 'keys.help' },
  { keys: 'Esc', labelKey: 'keys.close' },
];
