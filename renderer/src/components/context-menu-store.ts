/**
 * The one context menu of the window: where it is and what it offers. Grids open it on right-click
 * (or Shift+F10 / the context-menu key on a focused row); other parts of the window may add items for
 * a row through `registerRowMenuItems` (e.g. marking it as evidence).
 */
import { create } from 'zustand';
import type { GridName } from '../grid/grid-registry';

export interface MenuItem {
  id: string;
  label: string;
  /** Shown greyed when the action makes no sense for this row. */
  disabled?: boolean;
  run(): void | Promise<void>;
}

export type MenuEntry = MenuItem | 'separator';

/** A right-clicked grid row: which grid, its data, the column under the pointer. */
export interface RowTarget {
  grid: GridName;
  data: unknown;
  colId: string | null;
  /** How many rows are selected in that grid (the clicked row included). */
  selectedCount: number;
}

export type RowMenuProvider = (target: RowTarget) => MenuEntry[];

interface MenuState {
  open: boolean;
  x: number;
  y: number;
  items: MenuEntry[];
  /** The element to give focus back to when the menu closes. */
  returnFocus: HTMLElement | null;
  show(x: number, y: number, items: MenuEntry[], returnFocus?: HTMLElement | null): void;
  hide(): void;
}

export const useContextMenu = create<MenuState>()((set, get) => ({
  open: false,
  x: 0,
  y: 0,
  items: [],
  returnFocus: null,
  show: (x, y, items, returnFocus = null) => set({ open: true, x, y, items, returnFocus }),
  hide: () => {
    const back = get().returnFocus;
    set({ open: false, items: [], returnFocus: null });
    back?.focus();
  },
}));

/** Closes the menu; true when one was open (Escape handling). */
export function closeContextMenu(): boolean {
  if (!useContextMenu.getState().open) return false;
  useContextMenu.getState().hide();
  return true;
}

const providers: RowMenuProvider[] = [];

/** Adds items to every row menu; returns the function that removes them again. */
export function registerRowMenuItems(provider: RowMenuProvider): () => void {
  providers.push(provider);
  return () => {
    const i = providers.indexOf(provider);
    if (i >= 0) providers.splice(i, 1);
  };
}

export function extraRowMenuItems(target: RowTarget): MenuEntry[] {
  return providers.flatMap((p) => p(target));
}
