/**
 * Columns of a per-trace grid, Procmon's order. Every cell is plain text (value getters and
 * formatters only, no HTML renderers): trace strings come from the customer's machine.
 */
import type { ColDef, RowClassRules } from 'ag-grid-community';
import type { TFunction } from 'i18next';
import type { TraceEventRow } from '../../../shared/model/trace';
import { formatTimeOfDay } from '../logic/format';
import { traceTone } from '../logic/row-tone';
import { TEXT_FILTER } from '../views/filters/column-filters';
import { markedTraceRule } from '../views/case/mark-rules';

/**
 * Below this grid width (two traces side by side on a laptop) Time and PID make way for Path and
 * Result; the time stays in the # column's tooltip and in the detail pane.
 */
export const TRACE_COMPACT_BELOW = 760;

export function traceColumnDefs(t: TFunction, locale: string, compact = false): ColDef<TraceEventRow>[] {
  const number = new Intl.NumberFormat(locale);
  const all: ColDef<TraceEventRow>[] = [
    {
      colId: 'seq',
      headerName: t('columns.sequence'),
      field: 'seq',
      width: 60,
      headerClass: 'ag-right-aligned-header',
      valueFormatter: (p) => (typeof p.value === 'number' ? number.format(p.value) : ''),
      tooltipValueGetter: (p) => (compact ? (p.data?.time ?? '') : ''),
      cellClass: 'ag-right-aligned-cell td-cell--muted td-cell--num',
    },
    {
      colId: 'time',
      headerName: t('columns.time'),
      field: 'time',
      width: 110,
      valueFormatter: (p) => formatTimeOfDay(typeof p.value === 'string' ? p.value : ''),
      tooltipValueGetter: (p) => p.data?.time ?? '',
      cellClass: 'td-cell--num',
    },
    {
      colId: 'process',
      ...TEXT_FILTER,
      headerName: t('columns.process'),
      field: 'process',
      width: 96,
      tooltipField: 'process',
    },
    {
      colId: 'pid',
      headerName: t('columns.pid'),
      field: 'pid',
      width: 50,
      headerClass: 'ag-right-aligned-header',
      cellClass: 'ag-right-aligned-cell td-cell--num',
    },
    {
      colId: 'operation',
      ...TEXT_FILTER,
      headerName: t('columns.operation'),
      field: 'operation',
      width: 104,
      tooltipField: 'operation',
    },
    {
      colId: 'path',
      ...TEXT_FILTER,
      headerName: t('columns.path'),
      field: 'path',
      // What is left goes to the path; Detail comes after it and may need a horizontal scroll.
      flex: 1,
      minWidth: 100,
      tooltipField: 'path',
    },
    {
      colId: 'result',
      ...TEXT_FILTER,
      headerName: t('columns.result'),
      field: 'result',
      width: 124,
      tooltipField: 'result',
      cellClassRules: {
        'td-result td-result--failure': (p) => p.data?.resultClass === 'failure',
        'td-result td-result--context': (p) => p.data?.resultClass === 'context',
      },
    },
    {
      colId: 'detail',
      ...TEXT_FILTER,
      headerName: t('columns.detail'),
      field: 'detail',
      width: 240,
      tooltipField: 'detail',
    },
  ];
  return compact ? all.filter((c) => c.colId !== 'time' && c.colId !== 'pid') : all;
}

export const traceRowClassRules: RowClassRules<TraceEventRow> = {
  'td-row--failure': (p) => traceTone(p.data?.resultClass) === 'failure',
  'td-row--context': (p) => traceTone(p.data?.resultClass) === 'context',
  'td-marked': markedTraceRule,
};

/** Header and cell text of the selected rows, for Ctrl+C. */
export function traceRowCells(row: TraceEventRow): string[] {
  return [
    String(row.seq),
    row.time,
    row.process,
    String(row.pid),
    row.operation,
    row.path,
    row.result,
    row.detail,
  ];
}
