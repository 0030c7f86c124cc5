/**
 * Columns of the logs panel, CMTrace-like: errors red, warnings amber, the level also spelled out.
 * Error codes are buttons (React text, never HTML) that open their explanation.
 */
import type { ColDef, RowClassRules } from 'ag-grid-community';
import type { TFunction } from 'i18next';
import type { LogEntry } from '../../../shared/model/log';
import { formatLogTime } from '../logic/format';
import { CodesCell } from '../components/codes-cell';
import { markedLogRule } from '../views/case/mark-rules';

export function logColumnDefs(t: TFunction): ColDef<LogEntry>[] {
  return [
    {
      colId: 'source',
      headerName: t('logs.source'),
      width: 136,
      valueGetter: (p) => (p.data ? `${p.data.source}:${p.data.line}` : ''),
      tooltipValueGetter: (p) => (p.data ? `${p.data.source}:${p.data.line}` : ''),
      cellClass: 'td-cell--muted',
    },
    {
      colId: 'time',
      headerName: t('columns.time'),
      width: 88,
      valueGetter: (p) => (p.data ? formatLogTime(p.data.time) : ''),
      tooltipValueGetter: (p) => p.data?.time ?? '',
      cellClass: 'td-cell--num',
    },
    {
      colId: 'level',
      headerName: t('logs.level'),
      width: 70,
      valueGetter: (p) => (p.data ? t(`logs.levels.${p.data.level}`) : ''),
      cellClassRules: {
        'td-level td-level--error': (p) => p.data?.level === 'error',
        'td-level td-level--warning': (p) => p.data?.level === 'warning',
      },
    },
    {
      colId: 'component',
      headerName: t('logs.component'),
      width: 84,
      valueGetter: (p) => p.data?.component ?? '',
    },
    {
      colId: 'message',
      headerName: t('logs.message'),
      flex: 1,
      // Small enough that the error codes, last, stay in view beside the detail pane on a laptop.
      minWidth: 120,
      valueGetter: (p) => p.data?.message ?? '',
      tooltipValueGetter: (p) => p.data?.raw ?? '',
    },
    {
      colId: 'codes',
      headerName: t('logs.codes'),
      width: 180,
      cellRenderer: CodesCell,
      valueGetter: (p) => (p.data ? p.data.codes.join(' ') : ''),
    },
  ];
}

/** Source file name and line of entries tied to the selected finding; updated by the logs panel. */
export const correlated = { keys: new Set<string>() };

export function evidenceKey(fileOrPath: string, line: number): string {
  const name = fileOrPath.split(/[\\/]/).pop() ?? fileOrPath;
  return `${name.toLowerCase()}:${line}`;
}

export const logRowClassRules: RowClassRules<LogEntry> = {
  'td-log--error': (p) => p.data?.level === 'error',
  'td-log--warning': (p) => p.data?.level === 'warning',
  'td-row--correlated': (p) => !!p.data && correlated.keys.has(evidenceKey(p.data.source, p.data.line)),
  'td-marked': markedLogRule,
};
