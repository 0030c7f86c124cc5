/**
 * The comparison: one grid of the engine's aligned rows, baseline left and problem right, with a
 * legend, the collapse switch and the overview bar. Collapsed runs expand on click (the view switches
 * to the expanded list at the same place; see state/expand-run.ts).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlignedRow } from '../../../shared/contract';
import type { FilterRule } from '../../../shared/model/trace';
import { InfiniteGrid } from '../components/infinite-grid';
import { OverviewBar } from '../components/overview-bar';
import { alignedColumnDefs } from '../grid/aligned-columns';
import { alignedDatasource } from '../grid/aligned-datasource';
import { alignedHighlight } from '../grid/aligned-highlight';
import { showTimeColumns } from '../grid/aligned-layout';
import { useWidth } from '../hooks/use-width';
import { getGrid } from '../grid/grid-registry';
import { rowAttributes } from '../grid/row-attributes';
import { formatCount } from '../logic/format';
import { rulesFromFilterModel } from './filters/column-filters';
import { useActiveFilters } from './filters/use-active-filters';
import { expandRun } from '../state/expand-run';
import { displayedRowOf, findingRowsOf } from '../state/finding-rows';
import { selectionFromAligned } from '../state/navigation';
import { usePrefs } from '../state/prefs-store';
import { useWorkbench } from '../state/workbench-store';
import { markedAlignedRule } from './case/mark-rules';
import type { RowClassRules } from 'ag-grid-community';

const attributes = rowAttributes<AlignedRow>((row) => {
  const a: Record<string, string> = { 'data-kind': row.kind, 'data-index': String(row.index) };
  if (row.findingRank !== undefined) a['data-finding-rank'] = String(row.findingRank);
  return a;
});
// Ids come from the events, not the position: positions differ between the folded and the full list,
// and a selection kept by position would land on another row after a switch.
const rowId = (row: AlignedRow) =>
  row.kind === 'collapsed' ? `c${row.index}` : `${row.baseline?.seq ?? '-'}:${row.problem?.seq ?? '-'}`;

const rowClassRules: RowClassRules<AlignedRow> = {
  'td-arow--collapsed': (p) => p.data?.kind === 'collapsed',
  'td-marked': markedAlignedRule,
  'td-arow--finding': (p) =>
    !!p.data &&
    ((alignedHighlight.rank !== null && p.data.findingRank === alignedHighlight.rank) ||
      p.data.index === alignedHighlight.row),
};

function Legend() {
  const { t } = useTranslation();
  return (
    <div className="td-legend" aria-label={t('legend.label')}>
      <span className="td-legend__item td-legend__item--fail">✖ {t('legend.failure')}</span>
      <span className="td-legend__item td-legend__item--context">{t('legend.context')}</span>
      <span className="td-legend__item td-legend__item--baseline-only">− {t('legend.baselineOnly')}</span>
      <span className="td-legend__item td-legend__item--never">{t('legend.never')}</span>
      <span className="td-legend__item td-legend__item--problem-only">+ {t('legend.problemOnly')}</span>
    </div>
  );
}

export function AlignedView() {
  const { t, i18n } = useTranslation();
  const compare = useWorkbench((s) => s.host?.compare);
  const dataVersion = useWorkbench((s) => s.dataVersion);
  const expandAll = useWorkbench((s) => s.expandAll);
  const setExpandAll = useWorkbench((s) => s.setExpandAll);
  const pushError = useWorkbench((s) => s.pushError);
  const select = useWorkbench((s) => s.select);
  const findings = useWorkbench((s) => s.findings);
  const selectedFinding = useWorkbench((s) => s.selectedFinding);
  const findingRows = useWorkbench((s) => s.findingRows);

  const bodyRef = useRef<HTMLDivElement>(null);
  const gridWidth = useWidth(bodyRef, typeof window === 'undefined' ? 1200 : window.innerWidth * 0.75);
  const alignedWidths = usePrefs((s) => s.alignedWidths);
  const alignedTime = usePrefs((s) => s.alignedTime);
  const setAlignedWidths = usePrefs((s) => s.setAlignedWidths);
  const setAlignedTime = usePrefs((s) => s.setAlignedTime);
  const time = showTimeColumns(gridWidth, alignedTime);
  const columnDefs = useMemo(
    () => alignedColumnDefs(t, i18n.language, { time, widths: alignedWidths }),
    [t, i18n.language, time, alignedWidths],
  );
  const shared = useActiveFilters();
  const [headerRules, setHeaderRules] = useState<FilterRule[]>([]);
  const filtersKey = JSON.stringify([...shared, ...headerRules]);
  // Shared rules and this grid's header filters: what the rows, finding marks and overview follow.
  const filters = useMemo(() => JSON.parse(filtersKey) as FilterRule[], [filtersKey]);
  const datasource = useMemo(
    () => alignedDatasource(expandAll, (m) => pushError(m), shared),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [expandAll, dataVersion, pushError, shared],
  );

  // Finding rows move when the list is folded or unfolded, or filtered.
  useEffect(() => {
    if (findings.length === 0) return;
    let live = true;
    findingRowsOf(findings, expandAll, filters)
      .then((rows) => {
        const now = useWorkbench.getState();
        if (live && now.findings === findings) now.setFindings(findings, rows);
      })
      .catch(() => {
        // Rows stay unmarked; the grid itself reports query errors.
      });
    return () => {
      live = false;
    };
  }, [findings, expandAll, filters]);

  useEffect(() => {
    const f = findings.find((x) => x.rank === selectedFinding);
    alignedHighlight.rank = f ? f.rank : null;
    alignedHighlight.row = f ? displayedRowOf(f, expandAll, findingRows) : -1;
    getGrid('aligned')?.redrawRows();
  }, [findings, selectedFinding, expandAll, findingRows]);

  const onActivate = useCallback((row: AlignedRow) => select(selectionFromAligned(row), row), [select]);
  const onRowClicked = useCallback((row: AlignedRow) => {
    if (row.kind === 'collapsed') void expandRun(row);
  }, []);

  if (!compare) return null;
  return (
    <section className="td-aligned" data-testid="aligned-view" aria-label={t('view.aligned')}>
      <div className="td-pane-head">
        {/* No title: the toolbar's tab names the view, and the counts need the room. */}
        <span className="td-pane-head__meta">
          {t('aligned.summary', {
            changed: formatCount(compare.changed, i18n.language),
            baselineOnly: formatCount(compare.baselineOnly, i18n.language),
            problemOnly: formatCount(compare.problemOnly, i18n.language),
          })}
        </span>
        <span className="td-spacer" />
        <Legend />
        <label className="td-check" title={t('aligned.timeColumnsTitle')}>
          <input
            type="checkbox"
            data-testid="aligned-time"
            checked={time}
            onChange={(e) => setAlignedTime(e.target.checked ? 'show' : 'hide')}
          />
          {t('aligned.timeColumns')}
        </label>
        <label className="td-check">
          <input
            type="checkbox"
            data-testid="expand-all"
            checked={expandAll}
            onChange={(e) => setExpandAll(e.target.checked)}
          />
          {t('aligned.expandAll')}
        </label>
      </div>
      <div className="td-aligned__body" ref={bodyRef}>
        <InfiniteGrid<AlignedRow>
          name="aligned"
          testId="grid-aligned"
          ariaLabel={t('view.aligned')}
          columnDefs={columnDefs}
          datasource={datasource}
          rowId={rowId}
          rowClassRules={rowClassRules}
          processRowPostCreate={attributes}
          onActivate={onActivate}
          onRowClicked={onRowClicked}
          onFilterChanged={(model) => setHeaderRules(rulesFromFilterModel(model))}
          onColumnsResized={setAlignedWidths}
        />
        <OverviewBar
          expandAll={expandAll}
          version={dataVersion}
          filters={filters}
          findings={findings}
          findingRows={findingRows}
        />
      </div>
    </section>
  );
}
