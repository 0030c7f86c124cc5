/**
 * Pictures of both captures: where along each capture the real failures fall (click a slice to jump
 * to its first failure), and per process how its events split into success, benign, context-dependent
 * and failing results on each machine. Plain SVG and HTML; every mark has a text equivalent.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FailureTimeline, ProcessStat } from '../../../../shared/contract';
import type { Side } from '../../../../shared/model/trace';
import { getApi } from '../../api/get-api';
import { errorMessage } from '../../logic/error-message';
import { formatCount, formatTimeOfDay } from '../../logic/format';
import { revealEvent } from '../../state/navigation';
import { useWorkbench } from '../../state/workbench-store';
import { useFilters } from '../filters/filter-store';
import { mergeProcessStats, RESULT_PARTS } from './chart-data';
import './insight-panels.css';

interface SideStats {
  processes: ProcessStat[];
  timeline: FailureTimeline;
}

function useStats(): { stats: Partial<Record<Side, SideStats>>; error: string | null; loading: boolean } {
  const traces = useWorkbench((s) => s.host?.traces);
  const dataVersion = useWorkbench((s) => s.dataVersion);
  const sides = (['baseline', 'problem'] as const).filter((s) => traces?.[s]);
  const key = `${dataVersion}:${sides.join(',')}`;
  const [state, setState] = useState<{
    key: string;
    stats: Partial<Record<Side, SideStats>>;
    error: string | null;
  }>({ key: '', stats: {}, error: null });
  useEffect(() => {
    let live = true;
    const list = key.split(':')[1].split(',').filter(Boolean) as Side[];
    Promise.all(list.map((side) => getApi().getProcessStats({ side })))
      .then((res) => {
        if (!live) return;
        const stats: Partial<Record<Side, SideStats>> = {};
        list.forEach((side, i) => (stats[side] = res[i]));
        setState({ key, stats, error: null });
      })
      .catch((e: unknown) => live && setState({ key, stats: {}, error: errorMessage(e) }));
    return () => {
      live = false;
    };
  }, [key]);
  return state.key === key
    ? { stats: state.stats, error: state.error, loading: false }
    : { stats: {}, error: null, loading: true };
}

/** Axis labels to the second: the slices are far wider than the 100 ns digits. */
function axisTime(time: string | undefined): string {
  return formatTimeOfDay(time ?? '').replace(/\.\d+$/, '');
}

function TimelineStrip({ side, timeline }: { side: Side; timeline: FailureTimeline }) {
  const { t, i18n } = useTranslation();
  const max = Math.max(1, ...timeline.counts);
  const total = timeline.counts.reduce((a, b) => a + b, 0);
  const slices = timeline.counts.length;
  const label = t('charts.timelineSide', {
    side: t(`sides.${side}`),
    formatted: formatCount(total, i18n.language),
  });
  return (
    <div className="td-timeline" data-testid={`timeline-${side}`}>
      <div className="td-timeline__label">
        <span className={`td-side-tag td-side-tag--${side}`}>{t(`sides.${side}`)}</span>
        <span className="td-muted">
          {t('charts.failures', { formatted: formatCount(total, i18n.language) })}
        </span>
      </div>
      <svg
        className="td-timeline__svg"
        viewBox={`0 0 ${slices} 20`}
        preserveAspectRatio="none"
        role="img"
        aria-label={label}
      >
        <rect x={0} y={0} width={slices} height={20} className="td-timeline__bg" />
        {timeline.counts.map((c, i) =>
          c > 0 ? (
            <rect
              key={i}
              x={i}
              width={1}
              y={20 - Math.max(3, (Math.sqrt(c) / Math.sqrt(max)) * 20)}
              height={Math.max(3, (Math.sqrt(c) / Math.sqrt(max)) * 20)}
              className="td-timeline__bar"
              data-testid="timeline-bar"
              onClick={() => void revealEvent(side, timeline.firstSeq[i])}
            >
              <title>
                {t('charts.slice', {
                  count: c,
                  formatted: formatCount(c, i18n.language),
                  time: formatTimeOfDay(timeline.times[i] ?? ''),
                })}
              </title>
            </rect>
          ) : null,
        )}
      </svg>
      <div className="td-timeline__axis td-muted" aria-hidden="true">
        <span>{axisTime(timeline.times[0])}</span>
        <span>{axisTime(timeline.times[Math.floor(slices / 2)])}</span>
        <span>{axisTime(timeline.times[slices - 1])}</span>
      </div>
    </div>
  );
}

function StackedBar({ stat, max, side }: { stat: ProcessStat | undefined; max: number; side: Side }) {
  const { t, i18n } = useTranslation();
  if (!stat || stat.events === 0) return <div className="td-pbar td-pbar--none">{t('charts.notOn')}</div>;
  const width = Math.max(2, (Math.log10(stat.events + 1) / Math.log10(max + 1)) * 100);
  const text = RESULT_PARTS.filter((p) => stat[p] > 0)
    .map((p) => `${t(`charts.parts.${p}`)} ${formatCount(stat[p], i18n.language)}`)
    .join(' · ');
  return (
    <div className="td-pbar" title={`${t(`sides.${side}`)}: ${text}`}>
      <div className="td-pbar__track" style={{ width: `${width}%` }}>
        {RESULT_PARTS.map((p) =>
          stat[p] > 0 ? (
            <span
              key={p}
              className={`td-pbar__part td-pbar__part--${p}`}
              style={{ flexGrow: stat[p], minWidth: p === 'failure' ? 3 : 0 }}
            />
          ) : null,
        )}
      </div>
      <span className="td-pbar__count">
        {formatCount(stat.events, i18n.language)}
        {stat.failure > 0 && (
          <span className="td-fail-text"> · ✖ {formatCount(stat.failure, i18n.language)}</span>
        )}
      </span>
      <span className="td-sr-only">{text}</span>
    </div>
  );
}

export function ChartsPanel() {
  const { t } = useTranslation();
  const { stats, error, loading } = useStats();
  const addRule = useFilters((s) => s.addRule);
  const [limit, setLimit] = useState(12);
  const rows = useMemo(
    () => mergeProcessStats(stats.baseline?.processes ?? [], stats.problem?.processes ?? []),
    [stats],
  );
  const max = Math.max(1, ...rows.map((r) => Math.max(r.baseline?.events ?? 0, r.problem?.events ?? 0)));
  const hasAny = !!(stats.baseline || stats.problem);
  return (
    <section className="td-panel td-charts" data-testid="charts-panel" aria-label={t('charts.title')}>
      <div className="td-panel__head">
        <span className="td-panel__title">{t('charts.title')}</span>
      </div>
      <div className="td-charts__body">
        {error && (
          <p className="td-error-text td-panel__empty" role="alert">
            {error}
          </p>
        )}
        {!error && loading && <p className="td-panel__empty">{t('common.loading')}</p>}
        {!error && !loading && !hasAny && <p className="td-panel__empty">{t('charts.empty')}</p>}
        {hasAny && (
          <>
            <h3 className="td-env__title">{t('charts.timeline')}</h3>
            <p className="td-muted td-small td-charts__hint">{t('charts.timelineHint')}</p>
            {(['baseline', 'problem'] as const).map((side) =>
              stats[side] ? <TimelineStrip key={side} side={side} timeline={stats[side].timeline} /> : null,
            )}
            <h3 className="td-env__title">{t('charts.byProcess')}</h3>
            <div className="td-legend td-charts__legend" aria-hidden="true">
              {RESULT_PARTS.map((p) => (
                <span key={p} className="td-legend__item">
                  <span className={`td-swatch td-pbar__part--${p}`} /> {t(`charts.parts.${p}`)}
                </span>
              ))}
              <span className="td-muted">{t('charts.logScale')}</span>
            </div>
            <table className="td-pchart" data-testid="process-chart">
              <thead>
                <tr>
                  <th scope="col">{t('process.name')}</th>
                  <th scope="col">{t('sides.baseline')}</th>
                  <th scope="col">{t('sides.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.slice(0, limit).map((r) => (
                  <tr key={r.name} data-testid="process-chart-row">
                    <th scope="row">
                      <button
                        type="button"
                        className="td-link"
                        title={t('process.showEventsTitle', { name: r.name })}
                        onClick={() =>
                          addRule({
                            column: 'Process Name',
                            relation: 'is',
                            value: r.name,
                            action: 'include',
                          })
                        }
                      >
                        {r.name}
                      </button>
                    </th>
                    <td>
                      <StackedBar stat={r.baseline} max={max} side="baseline" />
                    </td>
                    <td>
                      <StackedBar stat={r.problem} max={max} side="problem" />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {rows.length > limit && (
              <button type="button" className="td-btn td-btn--small" onClick={() => setLimit(limit + 24)}>
                {t('charts.more', { count: rows.length - limit })}
              </button>
            )}
          </>
        )}
      </div>
    </section>
  );
}
