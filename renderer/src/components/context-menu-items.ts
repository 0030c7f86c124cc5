/**
 * What the context menu offers for a grid row: include or exclude its process, path, operation or
 * result (as Procmon's filter rules, applied to both captures), copy the selected rows as text or CSV,
 * jump between the aligned view and the capture's own grid, and whatever other parts register.
 */
import type { TFunction } from 'i18next';
import type { AlignedRow } from '../../../shared/contract';
import type { FilterRule, Side, TraceEventRow } from '../../../shared/model/trace';
import { copySelectedRows } from '../hooks/copy-selection';
import { shortenPath } from '../logic/format';
import { revealAlignedEvent, revealEvent } from '../state/navigation';
import { useWorkbench } from '../state/workbench-store';
import { useFilters } from '../views/filters/filter-store';
import { extraRowMenuItems, type MenuEntry, type RowTarget } from './context-menu-store';

/** The event a right-click means: in the aligned view, the side of the clicked column. */
export function eventOfTarget(target: RowTarget): { side: Side; event: TraceEventRow } | null {
  if (target.grid === 'baseline' || target.grid === 'problem')
    return { side: target.grid, event: target.data as TraceEventRow };
  if (target.grid !== 'aligned') return null;
  const row = target.data as AlignedRow;
  const prefer: Side = target.colId?.startsWith('b.') ? 'baseline' : 'problem';
  const other: Side = prefer === 'baseline' ? 'problem' : 'baseline';
  const pick = (s: Side) => (s === 'baseline' ? row.baseline : row.problem);
  const ev = pick(prefer) ?? pick(other);
  if (!ev || row.kind === 'collapsed') return null;
  return { side: pick(prefer) ? prefer : other, event: ev };
}

function filterItems(ev: TraceEventRow, t: TFunction): MenuEntry[] {
  const add = (column: FilterRule['column'], value: string, action: FilterRule['action']) => () =>
    useFilters.getState().addRule({ column, relation: 'is', value, action });
  const short = (v: string) => (v.length > 48 ? shortenPath(v, 48) : v);
  const fields: { id: string; column: FilterRule['column']; value: string; label: string }[] = [
    { id: 'process', column: 'Process Name', value: ev.process, label: ev.process },
    { id: 'path', column: 'Path', value: ev.path, label: short(ev.path) },
    { id: 'operation', column: 'Operation', value: ev.operation, label: ev.operation },
    { id: 'result', column: 'Result', value: ev.result, label: ev.result },
  ];
  const out: MenuEntry[] = [];
  for (const action of ['include', 'exclude'] as const) {
    for (const f of fields) {
      if (!f.value) continue;
      out.push({
        id: `${action}-${f.id}`,
        label: t(`menu.${action}.${f.id}`, { value: f.label }),
        run: add(f.column, f.value, action),
      });
    }
    out.push('separator');
  }
  return out;
}

export function rowMenuItems(target: RowTarget, t: TFunction): MenuEntry[] {
  const items: MenuEntry[] = [];
  const picked = eventOfTarget(target);
  if (picked) items.push(...filterItems(picked.event, t));
  const n = target.selectedCount;
  items.push(
    {
      id: 'copy',
      label: t('menu.copy', { count: n }),
      run: () => notifyCopied(copySelectedRows(target.grid, 'tsv', t)),
    },
    {
      id: 'copy-csv',
      label: t('menu.copyCsv', { count: n }),
      run: () => notifyCopied(copySelectedRows(target.grid, 'csv', t)),
    },
  );
  const compare = !!useWorkbench.getState().host?.compare;
  if (picked && target.grid === 'aligned') {
    items.push('separator', {
      id: 'show-in-capture',
      label: t(`menu.showInCapture.${picked.side}`),
      run: () => revealEvent(picked.side, picked.event.seq),
    });
  } else if (picked && compare) {
    items.push('separator', {
      id: 'show-aligned',
      label: t('menu.showAligned'),
      run: () => revealAlignedEvent(picked.side, picked.event.seq),
    });
  }
  const extra = extraRowMenuItems(target);
  if (extra.length > 0) items.push('separator', ...extra);
  // No separator at either end or twice in a row.
  return items.filter(
    (it, i, all) => it !== 'separator' || (i > 0 && i < all.length - 1 && all[i - 1] !== 'separator'),
  );
}

function notifyCopied(done: Promise<number>): void {
  void done.then((count) => count > 0 && useWorkbench.getState().setNotice('copy.done', { count }));
}
