/**
 * Where the differences and failures lie in the whole aligned list, in fixed buckets, with the
 * findings as numbered ticks and the visible range as a frame. A click jumps there. The host counts
 * the buckets over every row (`getOverview`), under the same filters as the grid.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Finding } from '../../../shared/model/finding';
import type { FilterRule } from '../../../shared/model/trace';
import { getApi } from '../api/get-api';
import { getGrid } from '../grid/grid-registry';
import { emptyBuckets, positionOfBucket, type OverviewBucket } from '../logic/overview';
import { displayedRowOf } from '../state/finding-rows';
import { focusFinding } from '../state/navigation';

const BUCKETS = 160;
/** Findings drawn with their number; lower-ranked ones are plain ticks so the top ones stay legible. */
const NUMBERED = 5;

export function OverviewBar(props: {
  expandAll: boolean;
  version: number;
  filters: FilterRule[];
  findings: Finding[];
  findingRows: Record<number, number>;
}) {
  const { t } = useTranslation();
  const { expandAll, version, filters } = props;
  const [buckets, setBuckets] = useState<OverviewBucket[]>(() => emptyBuckets(BUCKETS));
  const [total, setTotal] = useState(0);
  const [view, setView] = useState<{ first: number; last: number }>({ first: 0, last: 0 });

  useEffect(() => {
    let live = true;
    getApi()
      .getOverview({ buckets: BUCKETS, expandAll, filters: filters.length > 0 ? filters : undefined })
      .then((res) => {
        if (!live) return;
        setTotal(res.total);
        setBuckets(res.buckets.length === BUCKETS ? res.buckets : emptyBuckets(BUCKETS));
      })
      .catch(() => {
        // The overview is a guide; the grid reports query errors itself.
      });
    return () => {
      live = false;
    };
  }, [expandAll, version, filters]);

  useEffect(() => {
    const timer = setInterval(() => {
      const api = getGrid('aligned');
      if (!api) return;
      const first = api.getFirstDisplayedRowIndex();
      const last = api.getLastDisplayedRowIndex();
      setView((v) => (v.first === first && v.last === last ? v : { first, last }));
    }, 250);
    return () => clearInterval(timer);
  }, []);

  const max = Math.max(1, ...buckets.map((b) => b.differences));
  const jump = (position: number) => {
    const api = getGrid('aligned');
    api?.ensureIndexVisible(Math.max(0, position), 'top');
  };
  const pct = (pos: number) => (total > 0 ? (pos / total) * 100 : 0);

  return (
    <div
      className="td-overview"
      data-testid="overview-bar"
      aria-label={t('overview.label')}
      role="navigation"
    >
      {/* Clicking anywhere on the track jumps to that part of the trace; the marks only draw. */}
      <div
        className="td-overview__track"
        data-testid="overview-track"
        onClick={(e) => {
          const r = e.currentTarget.getBoundingClientRect();
          const bucket = Math.floor(((e.clientY - r.top) / Math.max(1, r.height)) * BUCKETS);
          jump(positionOfBucket(bucket, total, BUCKETS));
        }}
      >
        {buckets.map((b, i) =>
          b.differences > 0 || b.failures > 0 ? (
            <div
              key={i}
              className={`td-overview__mark${b.failures > 0 ? ' td-overview__mark--fail' : ''}`}
              style={{
                top: `${(i / BUCKETS) * 100}%`,
                height: `${Math.max(100 / BUCKETS, 0.6)}%`,
                width: `${35 + 65 * Math.min(1, b.differences / max)}%`,
              }}
              title={t('overview.bucket', { differences: b.differences, failures: b.failures })}
            />
          ) : null,
        )}
        {[...props.findings].reverse().map((f) => {
          const row = displayedRowOf(f, expandAll, props.findingRows);
          return row >= 0 ? (
            <button
              type="button"
              key={f.id}
              className={`td-overview__finding${f.rank > NUMBERED ? ' td-overview__finding--minor' : ''}`}
              style={{ top: `${pct(row)}%` }}
              title={`#${f.rank} ${f.process} ${f.operation}`}
              onClick={(e) => {
                e.stopPropagation();
                void focusFinding(f);
              }}
            >
              {f.rank <= NUMBERED ? f.rank : ''}
            </button>
          ) : null;
        })}
        {total > 0 && view.last >= view.first && (
          <div
            className="td-overview__view"
            style={{
              top: `${pct(view.first)}%`,
              height: `${Math.max(0.8, pct(view.last - view.first + 1))}%`,
            }}
          />
        )}
      </div>
    </div>
  );
}
