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

export function traceColumnDefs(t: TFunction, locale: string): ColDef<TraceEventRow>[] {
  const number = new Intl.NumberFormat(locale);
  return [
    {
      colId: 'seq',
      headerName: t('columns.sequence'),
      field: 'seq',
      width: 60,
      headerClass: 'ag-right-aligned-header',
      valueFormatter: (p) => (typeof p.value === 'number' ? number.format(p.value) : ''),
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
      flex: 1,
      minWidth: 74,
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
      flex: 1,
      minWidth: 80,
      tooltipField: 'operation',
    },
    {
      colId: 'path',
      ...TEXT_FILTER,
      headerName: t('columns.path'),
      field: 'path',
      flex: 2,
      minWidth: 80,
      tooltipField: 'path',
    },
    {
      colId: 'result',
      ...TEXT_FILTER,
      headerName: t('columns.result'),
      field: 'result',
      flex: 1,
      minWidth: 96,
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
      flex: 1.5,
      minWidth: 56,
      tooltipField: 'detail',
    },
  ];
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
