/**
 * Ctrl+F: text search over both captures, done by the host (`searchEvents`: Process, Operation, Path,
 * Result and Detail contain the text, case ignored). In the aligned view the hits are aligned rows in
 * order; in the side-by-side view they are events, the baseline's first. Next and previous walk the
 * hits and reveal each in its grid. The host returns at most HIT_LIMIT hits; the counts are exact.
 */
import { create } from 'zustand';
import type { SearchResult } from '../../../../shared/contract';
import { getApi } from '../../api/get-api';
import { revealRow } from '../../grid/grid-registry';
import { errorMessage } from '../../logic/error-message';
import { revealEvent, selectionFromAligned } from '../../state/navigation';
import { usePrefs } from '../../state/prefs-store';
import { useWorkbench } from '../../state/workbench-store';
import { gridFilters } from '../filters/use-active-filters';

export const HIT_LIMIT = 10_000;

interface SearchState {
  open: boolean;
  text: string;
  /** What the result was computed for, so a changed view or text re-runs it. */
  key: string;
  result: SearchResult | null;
  /** Position in `result.hits` of the hit shown last; -1 before the first. */
  current: number;
  busy: boolean;
  error: string | null;
  setOpen(open: boolean): void;
  setText(text: string): void;
}

export const useSearch = create<SearchState>()((set) => ({
  open: false,
  text: '',
  key: '',
  result: null,
  current: -1,
  busy: false,
  error: null,
  setOpen: (open) => set({ open }),
  setText: (text) => set({ text }),
}));

function searchKey(text: string): string {
  const s = useWorkbench.getState();
  const aligned = alignedMode();
  return JSON.stringify([
    text.trim().toLowerCase(),
    aligned,
    s.expandAll,
    s.dataVersion,
    gridFilters(aligned ? 'aligned' : 'problem'),
  ]);
}

function alignedMode(): boolean {
  return usePrefs.getState().viewMode === 'aligned' && !!useWorkbench.getState().host?.compare;
}

let token = 0;

/** Runs the search for the current text (unless the result is still current). */
export async function runSearch(): Promise<SearchResult | null> {
  const { text } = useSearch.getState();
  const key = searchKey(text);
  if (text.trim() === '') {
    useSearch.setState({ result: null, key: '', current: -1, error: null, busy: false });
    return null;
  }
  const now = useSearch.getState();
  if (now.key === key && now.result) return now.result;
  const mine = ++token;
  useSearch.setState({ busy: true, error: null });
  const aligned = alignedMode();
  try {
    const filters = gridFilters(aligned ? 'aligned' : 'problem');
    const result = await getApi().searchEvents({
      text: text.trim(),
      limit: HIT_LIMIT,
      aligned,
      expandAll: useWorkbench.getState().expandAll,
      filters: filters.length > 0 ? filters : undefined,
    });
    if (mine !== token) return null;
    useSearch.setState({ result, key, current: -1, busy: false });
    return result;
  } catch (e) {
    if (mine === token) useSearch.setState({ busy: false, error: errorMessage(e) });
    return null;
  }
}

/** Shows the next (1) or previous (-1) hit, wrapping around. */
export async function stepSearch(direction: 1 | -1): Promise<void> {
  const result = await runSearch();
  if (!result || result.hits.length === 0) return;
  const n = result.hits.length;
  const { current } = useSearch.getState();
  const next = current < 0 ? (direction === 1 ? 0 : n - 1) : (current + direction + n) % n;
  useSearch.setState({ current: next });
  const hit = result.hits[next];
  if (alignedMode()) {
    const node = await revealRow('aligned', hit.index, { focus: false });
    if (node?.data) {
      const row = node.data as Parameters<typeof selectionFromAligned>[0];
      useWorkbench.getState().select(selectionFromAligned(row), row);
    }
  } else {
    await revealEvent(hit.side, hit.seq);
  }
}
