/** One capture alone, Procmon-style: every event, paged from the host, sortable by any column. */
import { useCallback, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Side, TraceEventRow } from '../../../shared/model/trace';
import { DropZone } from '../components/drop-zone';
import { InfiniteGrid } from '../components/infinite-grid';
import { rowAttributes } from '../grid/row-attributes';
import { TRACE_COMPACT_BELOW, traceColumnDefs, traceRowClassRules } from '../grid/trace-columns';
import { useWidth } from '../hooks/use-width';
import { traceDatasource } from '../grid/trace-datasource';
import { formatCount } from '../logic/format';
import { useActiveFilters } from './filters/use-active-filters';
import { selectWithCounterpart } from '../state/counterpart';
import { pickAndOpen } from '../state/open-files';
import { useWorkbench } from '../state/workbench-store';

const attributes = rowAttributes<TraceEventRow>((row) => ({
  'data-result-class': row.resultClass,
  'data-seq': String(row.seq),
}));
const rowId = (row: TraceEventRow) => String(row.seq);

export function TraceGrid({ side }: { side: Side }) {
  const { t, i18n } = useTranslation();
  const trace = useWorkbench((s) => s.host?.traces[side]);
  const dataVersion = useWorkbench((s) => s.dataVersion);
  const pushError = useWorkbench((s) => s.pushError);
  const traceId = trace?.id;

  const sectionRef = useRef<HTMLElement>(null);
  const compact = useWidth(sectionRef, 1000) < TRACE_COMPACT_BELOW;
  const columnDefs = useMemo(() => traceColumnDefs(t, i18n.language, compact), [t, i18n.language, compact]);
  const filters = useActiveFilters();
  const datasource = useMemo(
    () => traceDatasource(side, (m) => pushError(m), filters),
    // A new trace or comparison means new pages; the datasource identity is what tells the grid.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [side, traceId, dataVersion, pushError, filters],
  );
  const onActivate = useCallback((row: TraceEventRow) => void selectWithCounterpart(side, row.seq), [side]);

  return (
    <section ref={sectionRef} className={`td-trace td-trace--${side}`} aria-label={t(`sides.${side}Long`)}>
      <div className={`td-pane-head td-pane-head--${side}`}>
        <span className="td-pane-head__title">{t(`sides.${side}Long`)}</span>
        {trace ? (
          // The file's name is on the toolbar's badge and in this tooltip; the counts need the room.
          <span
            className="td-pane-head__meta"
            title={trace.file === trace.fileName ? trace.file : `${trace.fileName}\n${trace.file}`}
          >
            {t('badge.eventCount', {
              count: trace.events,
              formatted: formatCount(trace.events, i18n.language),
            })}{' '}
            ·{' '}
            <span className={trace.failures > 0 ? 'td-fail-text' : undefined}>
              {t('status.failuresShort', { formatted: formatCount(trace.failures, i18n.language) })}
            </span>
          </span>
        ) : (
          <span className="td-pane-head__meta td-muted">{t('toolbar.noCapture')}</span>
        )}
      </div>
      {trace ? (
        <InfiniteGrid<TraceEventRow>
          name={side}
          testId={`grid-${side}`}
          ariaLabel={t(`sides.${side}Long`)}
          columnDefs={columnDefs}
          datasource={datasource}
          rowId={rowId}
          rowClassRules={traceRowClassRules}
          processRowPostCreate={attributes}
          onActivate={onActivate}
          sortable
        />
      ) : (
        <div className="td-grid td-grid--placeholder" data-testid={`grid-${side}`}>
          <DropZone
            role={side}
            testId={`drop-${side}`}
            icon={side === 'baseline' ? '✓' : '✕'}
            title={t(side === 'baseline' ? 'empty.dropBaseline' : 'empty.dropProblem')}
            hint={t('grid.noCaptureHint')}
            onPick={() => void pickAndOpen(side)}
            pickLabel={t('empty.choose')}
          />
        </div>
      )}
    </section>
  );
}
