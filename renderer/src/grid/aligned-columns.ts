/**
 * Columns of the aligned view: the baseline's columns on the left, the problem machine's on the
 * right, a narrow marker between them. Gaps, collapsed runs and "never happened" cells span a whole
 * side. All cells are plain text.
 */
import type { ColDef, ColGroupDef, ValueGetterParams } from 'ag-grid-community';
import type { TFunction } from 'i18next';
import type { AlignedRow } from '../../../shared/contract';
import type { Side, TraceEventRow } from '../../../shared/model/trace';
import { formatTimeOfDay } from '../logic/format';
import { alignedTone, kindMarker, type AlignedTone } from '../logic/row-tone';
import { TEXT_FILTER } from '../views/filters/column-filters';

const SIDE_SPAN = 5;

type Field = 'time' | 'process' | 'operation' | 'path' | 'result';

function eventOf(row: AlignedRow | undefined, side: Side): TraceEventRow | null {
  if (!row) return null;
  return side === 'baseline' ? row.baseline : row.problem;
}

/** A side shows one spanning cell instead of five when it has no event of its own on this row. */
export function sideSpans(row: AlignedRow | undefined, side: Side): boolean {
  if (!row) return false;
  return row.kind === 'collapsed' || eventOf(row, side) === null;
}

function toneClasses(side: Side, first: boolean): Record<string, (p: { data?: AlignedRow }) => boolean> {
  const tones: AlignedTone[] = [
    'fail',
    'context',
    'both-fail',
    'baseline-only',
    'never',
    'problem-only',
    'gap',
  ];
  const rules: Record<string, (p: { data?: AlignedRow }) => boolean> = {};
  for (const tone of tones) rules[`td-tone--${tone}`] = (p) => !!p.data && alignedTone(p.data, side) === tone;
  if (first) rules['td-side-start'] = () => true;
  return rules;
}

function sideColumns(side: Side, t: TFunction, locale: string): ColDef<AlignedRow>[] {
  const number = new Intl.NumberFormat(locale);
  const spanText = (row: AlignedRow): string => {
    if (row.kind === 'collapsed')
      return t('aligned.identical', { count: row.count ?? 0, formatted: number.format(row.count ?? 0) });
    if (side === 'problem' && row.kind === 'baseline-only') return t('aligned.never');
    return '';
  };
  const fieldGetter =
    (field: Field) =>
    (p: ValueGetterParams<AlignedRow>): string => {
      const row = p.data;
      if (!row) return '';
      if (field === 'time' && sideSpans(row, side)) return spanText(row);
      const ev = eventOf(row, side);
      if (!ev) return '';
      return field === 'time' ? formatTimeOfDay(ev.time) : ev[field];
    };
  const prefix = side === 'baseline' ? 'b' : 'p';
  return [
    {
      colId: `${prefix}.time`,
      headerName: t('columns.time'),
      width: 114,
      valueGetter: fieldGetter('time'),
      colSpan: (p) => (sideSpans(p.data, side) ? SIDE_SPAN : 1),
      cellClassRules: {
        ...toneClasses(side, true),
        'td-cell--span': (p) => sideSpans(p.data, side),
        'td-cell--collapsed': (p) => p.data?.kind === 'collapsed',
      },
      tooltipValueGetter: (p) => eventOf(p.data, side)?.time ?? '',
    },
    {
      colId: `${prefix}.process`,
      ...TEXT_FILTER,
      headerName: t('columns.process'),
      flex: 0.7,
      minWidth: 96,
      valueGetter: fieldGetter('process'),
      cellClassRules: toneClasses(side, false),
      tooltipValueGetter: (p) => eventOf(p.data, side)?.process ?? '',
    },
    {
      colId: `${prefix}.operation`,
      ...TEXT_FILTER,
      headerName: t('columns.operation'),
      flex: 0.8,
      minWidth: 100,
      valueGetter: fieldGetter('operation'),
      cellClassRules: toneClasses(side, false),
      tooltipValueGetter: (p) => eventOf(p.data, side)?.operation ?? '',
    },
    {
      colId: `${prefix}.path`,
      ...TEXT_FILTER,
      headerName: t('columns.path'),
      flex: 1.6,
      minWidth: 80,
      valueGetter: fieldGetter('path'),
      cellClassRules: toneClasses(side, false),
      tooltipValueGetter: (p) => {
        const ev = eventOf(p.data, side);
        return ev ? [ev.path, ev.detail].filter(Boolean).join('\n') : '';
      },
    },
    {
      colId: `${prefix}.result`,
      ...TEXT_FILTER,
      headerName: t('columns.result'),
      flex: 0.9,
      minWidth: 104,
      valueGetter: fieldGetter('result'),
      cellClassRules: {
        ...toneClasses(side, false),
        'td-result td-result--failure': (p) => eventOf(p.data, side)?.resultClass === 'failure',
        'td-result td-result--context': (p) => eventOf(p.data, side)?.resultClass === 'context',
      },
    },
  ];
}

export function alignedColumnDefs(
  t: TFunction,
  locale: string,
): (ColDef<AlignedRow> | ColGroupDef<AlignedRow>)[] {
  return [
    {
      colId: 'finding',
      headerName: '',
      headerTooltip: t('aligned.findingColumn'),
      width: 34,
      resizable: false,
      valueGetter: (p) => (p.data?.findingRank !== undefined ? `#${p.data.findingRank}` : ''),
      cellClass: 'td-cell--gutter',
    },
    {
      groupId: 'baseline',
      headerName: t('sides.baselineLong'),
      headerClass: 'td-header--baseline',
      children: sideColumns('baseline', t, locale),
    },
    {
      colId: 'kind',
      headerName: '',
      width: 30,
      resizable: false,
      valueGetter: (p) => (p.data ? kindMarker(p.data.kind) : ''),
      headerTooltip: t('aligned.kindColumn'),
      tooltipValueGetter: (p) => (p.data ? t(`aligned.kind.${p.data.kind}`) : ''),
      cellClass: 'td-cell--kind',
    },
    {
      groupId: 'problem',
      headerName: t('sides.problemLong'),
      headerClass: 'td-header--problem',
      children: sideColumns('problem', t, locale),
    },
  ];
}

/** Cell text of an aligned row for Ctrl+C: both sides, gaps empty. */
export function alignedRowCells(row: AlignedRow): string[] {
  const side = (ev: TraceEventRow | null): string[] =>
    ev ? [String(ev.seq), ev.time, ev.process, ev.operation, ev.path, ev.result] : ['', '', '', '', '', ''];
  return [
    row.kind,
    ...side(row.baseline),
    ...side(row.problem),
    row.count !== undefined ? String(row.count) : '',
  ];
}
