/**
 * Grid APIs by name, so commands outside a grid (findings, failures, keys, overview bar) can scroll
 * and select in it. Rows of the Infinite Row Model may not be loaded yet when asked for; `revealRow`
 * scrolls first (which makes the grid fetch the block) and selects once the row has data.
 */
import type { GridApi, IRowNode } from 'ag-grid-community';

export type GridName = 'baseline' | 'problem' | 'aligned' | 'logs';

const grids = new Map<GridName, GridApi>();
const waiters = new Map<GridName, ((api: GridApi) => void)[]>();

export function registerGrid(name: GridName, api: GridApi): void {
  grids.set(name, api);
  const pending = waiters.get(name) ?? [];
  waiters.delete(name);
  for (const resolve of pending) resolve(api);
}

export function unregisterGrid(name: GridName, api: GridApi): void {
  if (grids.get(name) === api) grids.delete(name);
}

export function getGrid(name: GridName): GridApi | null {
  const api = grids.get(name);
  return api && !api.isDestroyed() ? api : null;
}

/** Resolves when the grid exists (it may be mounting after a view switch); null after the timeout. */
export function whenGrid(name: GridName, timeoutMs = 5000): Promise<GridApi | null> {
  const now = getGrid(name);
  if (now) return Promise.resolve(now);
  return new Promise((resolve) => {
    const list = waiters.get(name) ?? [];
    const timer = setTimeout(() => resolve(null), timeoutMs);
    list.push((api) => {
      clearTimeout(timer);
      resolve(api);
    });
    waiters.set(name, list);
  });
}

/** The row count is known once the first block has loaded; until then every index past 0 is invalid. */
function waitForRowCount(api: GridApi, index: number, timeoutMs: number): Promise<boolean> {
  const started = Date.now();
  return new Promise((resolve) => {
    const check = (): void => {
      if (api.isDestroyed()) return resolve(false);
      if (api.getDisplayedRowCount() > index) return resolve(true);
      if (Date.now() - started > timeoutMs) return resolve(false);
      setTimeout(check, 40);
    };
    check();
  });
}

function waitForRowData(api: GridApi, index: number, timeoutMs: number): Promise<IRowNode | null> {
  const started = Date.now();
  return new Promise((resolve) => {
    const check = (): void => {
      if (api.isDestroyed()) return resolve(null);
      const node = api.getDisplayedRowAtIndex(index);
      if (node?.data) return resolve(node);
      if (Date.now() - started > timeoutMs) return resolve(null);
      setTimeout(check, 40);
    };
    check();
  });
}

export interface RevealOptions {
  /** Rows of context to keep above the target (puts the target near the top). */
  contextAbove?: number;
  select?: boolean;
  focus?: boolean;
}

/** Scrolls a grid to a row index, then selects it once loaded; returns the row node or null. */
export async function revealRow(
  name: GridName,
  index: number,
  options: RevealOptions = {},
): Promise<IRowNode | null> {
  const api = await whenGrid(name);
  if (!api || index < 0) return null;
  const { contextAbove = 0, select = true, focus = false } = options;
  if (!(await waitForRowCount(api, index, 8000))) return null;
  if (contextAbove > 0) api.ensureIndexVisible(Math.max(0, index - contextAbove), 'top');
  else api.ensureIndexVisible(index, 'middle');
  const node = await waitForRowData(api, index, 8000);
  if (!node) return null;
  // The block may have loaded while the grid was still laying out; scroll once more so it lands.
  if (contextAbove > 0) api.ensureIndexVisible(Math.max(0, index - contextAbove), 'top');
  else api.ensureIndexVisible(index, 'middle');
  if (select) node.setSelected(true, true);
  if (focus) {
    const first = api.getAllDisplayedColumns()[0];
    if (first) api.setFocusedCell(index, first);
  }
  return node;
}
