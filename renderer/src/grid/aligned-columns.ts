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

/**
 * How the columns are laid out: whether the Time columns show (the window hides them when the
 * paths would be left too narrow; see aligned-layout.ts) and the widths the user dragged columns to.
 */
export interface AlignedLayout {
  time: boolean;
  widths: Readonly<Record<string, number>>;
}

/**
 * Fixed widths fit the usual values (TiWorker.exe, RegQueryValue, ✖ ACCESS DENIED) and cut longer
 * ones with an ellipsis and a tooltip; the Path takes whatever width is left, since a path is what
 * tells two otherwise equal rows apart.
 */
export const ALIGNED_WIDTHS = { time: 112, process: 96, operation: 108, result: 128, pathMin: 120 };

function sideColumns(side: Side, t: TFunction, locale: string, layout: AlignedLayout): ColDef<AlignedRow>[] {
  const number = new Intl.NumberFormat(locale);
  const spanText = (row: AlignedRow): string => {
    if (row.kind === 'collapsed')
      return t('aligned.identical', { count: row.count ?? 0, formatted: number.format(row.count ?? 0) });
    if (side === 'problem' && row.kind === 'baseline-only') return t('aligned.never');
    return '';
  };
  const fieldGetter =
    (field: Field, first: boolean) =>
    (p: ValueGetterParams<AlignedRow>): string => {
      const row = p.data;
      if (!row) return '';
      if (first && sideSpans(row, side)) return spanText(row);
      const ev = eventOf(row, side);
      if (!ev) return '';
      return field === 'time' ? formatTimeOfDay(ev.time) : ev[field];
    };
  const prefix = side === 'baseline' ? 'b' : 'p';
  const W = ALIGNED_WIDTHS;
  const cols: (ColDef<AlignedRow> & { field0: Field })[] = [];
  if (layout.time)
    cols.push({
      field0: 'time',
      colId: `${prefix}.time`,
      headerName: t('columns.time'),
      width: W.time,
      tooltipValueGetter: (p) => eventOf(p.data, side)?.time ?? '',
    });
  cols.push(
    {
      field0: 'process',
      colId: `${prefix}.process`,
      ...TEXT_FILTER,
      headerName: t('columns.process'),
      width: W.process,
      // With the Time column hidden its value is still one hover away.
      tooltipValueGetter: (p) => {
        const ev = eventOf(p.data, side);
        if (!ev) return '';
        return layout.time ? ev.process : `${ev.process}\n${ev.time}`;
      },
    },
    {
      field0: 'operation',
      colId: `${prefix}.operation`,
      ...TEXT_FILTER,
      headerName: t('columns.operation'),
      width: W.operation,
      tooltipValueGetter: (p) => eventOf(p.data, side)?.operation ?? '',
    },
    {
      field0: 'path',
      colId: `${prefix}.path`,
      ...TEXT_FILTER,
      headerName: t('columns.path'),
      flex: 1,
      minWidth: W.pathMin,
      tooltipValueGetter: (p) => {
        const ev = eventOf(p.data, side);
        return ev ? [ev.path, ev.detail].filter(Boolean).join('\n') : '';
      },
    },
    {
      field0: 'result',
      colId: `${prefix}.result`,
      ...TEXT_FILTER,
      headerName: t('columns.result'),
      width: W.result,
      cellClassRules: {
        'td-result td-result--failure': (p) => eventOf(p.data, side)?.resultClass === 'failure',
        'td-result td-result--context': (p) => eventOf(p.data, side)?.resultClass === 'context',
      },
    },
  );
  const span = cols.length;
  return cols.map(({ field0, ...col }, i) => {
    const first = i === 0;
    const def: ColDef<AlignedRow> = {
      ...col,
      valueGetter: fieldGetter(field0, first),
      cellClassRules: first
        ? {
            ...toneClasses(side, true),
            'td-cell--span': (p) => sideSpans(p.data, side),
            'td-cell--collapsed': (p) => p.data?.kind === 'collapsed',
          }
        : { ...toneClasses(side, false), ...col.cellClassRules },
    };
    // The first column of a side carries the one spanning cell of a gap or a folded run.
    if (first) def.colSpan = (p) => (sideSpans(p.data, side) ? span : 1);
    // A width the user chose wins over the default and stops the column from flexing.
    const chosen = layout.widths[col.colId ?? ''];
    if (chosen !== undefined) {
      def.width = chosen;
      delete def.flex;
    }
    return def;
  });
}

export function alignedColumnDefs(
  t: TFunction,
  locale: string,
  layout: AlignedLayout = { time: true, widths: {} },
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
      children: sideColumns('baseline', t, locale, layout),
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
      children: sideColumns('problem', t, locale, layout),
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
