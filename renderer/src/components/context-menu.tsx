/**
 * The context menu: opened by right-click on any grid row (or Shift+F10 / the menu key when a row has
 * the focus), a list of commands for that row (row-menu-items.ts), keyboard-operable like a native
 * menu: arrows move, Enter runs, Escape closes and gives the focus back.
 */
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { getGrid, type GridName } from '../grid/grid-registry';
import { rowMenuItems } from './context-menu-items';
import { useContextMenu, type MenuItem } from './context-menu-store';
import './context-menu.css';

const GRID_BY_TESTID: Record<string, GridName> = {
  'grid-baseline': 'baseline',
  'grid-problem': 'problem',
  'grid-aligned': 'aligned',
  'grid-logs': 'logs',
};

/** The grid row under an element: which grid, its row node, the column. */
function rowAt(el: Element): { grid: GridName; index: number; colId: string | null } | null {
  const host = el.closest('[data-testid^="grid-"]');
  const grid = host ? GRID_BY_TESTID[host.getAttribute('data-testid') ?? ''] : undefined;
  const row = el.closest('.ag-row[row-index]');
  if (!grid || !row) return null;
  const index = Number(row.getAttribute('row-index'));
  if (!Number.isInteger(index) || index < 0) return null;
  const colId = el.closest('.ag-cell')?.getAttribute('col-id') ?? null;
  return { grid, index, colId };
}

/** Listens for right-clicks and the menu key on grid rows, builds the row's items and shows them. */
function useRowMenuTrigger(): void {
  const { t } = useTranslation();
  useEffect(() => {
    const open = (target: Element, x: number, y: number): boolean => {
      const at = rowAt(target);
      if (!at) return false;
      const api = getGrid(at.grid);
      const node = api?.getDisplayedRowAtIndex(at.index);
      if (!api || !node?.data) return false;
      // Right-clicking outside the selection selects the clicked row, as in Explorer and Procmon.
      if (!node.isSelected()) node.setSelected(true, true);
      const selectedCount = Math.max(1, api.getSelectedNodes().length);
      const items = rowMenuItems({ grid: at.grid, data: node.data, colId: at.colId, selectedCount }, t);
      const focusBack = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      useContextMenu.getState().show(x, y, items, focusBack);
      return true;
    };
    const onContextMenu = (e: MouseEvent) => {
      if (!(e.target instanceof Element)) return;
      if (open(e.target, e.clientX, e.clientY)) e.preventDefault();
    };
    const onKeyDown = (e: globalThis.KeyboardEvent) => {
      const menuKey = e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey);
      const el = document.activeElement;
      if (!menuKey || !el) return;
      const r = el.getBoundingClientRect();
      if (open(el, r.left + 16, r.bottom)) e.preventDefault();
    };
    document.addEventListener('contextmenu', onContextMenu);
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('contextmenu', onContextMenu);
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [t]);
}

export function ContextMenu() {
  useRowMenuTrigger();
  const { open, x, y, items, hide } = useContextMenu();
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState({ left: x, top: y });

  // Keep the menu inside the window, then focus its first item.
  useLayoutEffect(() => {
    if (!open || !ref.current) return;
    const r = ref.current.getBoundingClientRect();
    setPos({
      left: Math.max(4, Math.min(x, window.innerWidth - r.width - 4)),
      top: Math.max(4, Math.min(y, window.innerHeight - r.height - 4)),
    });
    ref.current.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
  }, [open, x, y, items]);

  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => {
      if (ref.current && e.target instanceof Node && ref.current.contains(e.target)) return;
      hide();
    };
    window.addEventListener('mousedown', close, true);
    window.addEventListener('blur', hide);
    window.addEventListener('resize', hide);
    return () => {
      window.removeEventListener('mousedown', close, true);
      window.removeEventListener('blur', hide);
      window.removeEventListener('resize', hide);
    };
  }, [open, hide]);

  if (!open) return null;
  const run = (item: MenuItem) => {
    hide();
    void item.run();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const buttons = Array.from(
      ref.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? [],
    );
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      buttons[(at + step + buttons.length) % buttons.length]?.focus();
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      buttons[e.key === 'Home' ? 0 : buttons.length - 1]?.focus();
    } else if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      e.stopPropagation();
      hide();
    }
  };
  return (
    <div
      ref={ref}
      className="td-ctxmenu"
      role="menu"
      style={{ left: pos.left, top: pos.top }}
      onKeyDown={onKeyDown}
      data-testid="context-menu"
    >
      {items.map((item, i) =>
        item === 'separator' ? (
          <div key={`sep-${i}`} role="separator" className="td-ctxmenu__sep" />
        ) : (
          <button
            key={item.id}
            type="button"
            role="menuitem"
            className="td-ctxmenu__item"
            disabled={item.disabled}
            onClick={() => run(item)}
            data-testid={`menu-${item.id}`}
          >
            {item.label}
          </button>
        ),
      )}
    </div>
  );
}
