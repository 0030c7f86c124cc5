/** Progress of running jobs: per file, bytes and events read, rate, time left, Cancel. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getApi } from '../api/get-api';
import { errorMessage } from '../logic/error-message';
import { estimateSecondsLeft, formatBytes, formatCount, formatDuration, formatRate } from '../logic/format';
import { useWorkbench, type TrackedJob } from '../state/workbench-store';

function JobLine({ job, now }: { job: TrackedJob; now: number }) {
  const { t, i18n } = useTranslation();
  const pushError = useWorkbench((s) => s.pushError);
  const fraction = job.bytesTotal > 0 ? Math.min(1, job.bytesRead / job.bytesTotal) : null;
  const left = formatDuration(estimateSecondsLeft(job.bytesRead, job.bytesTotal, now - job.seenAt));
  const running = job.state === 'running';
  const amount =
    job.unit === 'work'
      ? `${Math.round((fraction ?? 0) * 100)}%`
      : `${formatBytes(job.bytesRead)} / ${formatBytes(job.bytesTotal)}`;
  const facts = [
    job.bytesTotal > 0 ? amount : '',
    job.events > 0 || !job.jobId.startsWith('upload:')
      ? t('jobs.events', { formatted: formatCount(job.events, i18n.language) })
      : '',
    job.rate > 0 ? formatRate(job.rate) : '',
    running && left ? t('jobs.left', { time: left }) : '',
    running ? '' : t(`jobs.state.${job.state}`),
  ];
  return (
    <div className="td-job" data-testid="job" data-state={job.state}>
      <span className="td-job__label" title={job.file}>
        {job.label}
      </span>
      <div
        className="td-progress"
        role="progressbar"
        aria-label={job.label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}
      >
        <div
          className={`td-progress__fill${fraction === null ? ' td-progress__fill--busy' : ''}`}
          style={{ width: fraction === null ? '30%' : `${fraction * 100}%` }}
        />
      </div>
      <span className="td-job__facts">{facts.filter(Boolean).join(' · ')}</span>
      {job.unit === 'work' && (job.state === 'cancelled' || job.state === 'failed') && (
        <button
          type="button"
          className="td-btn td-btn--small"
          data-testid="job-compare-again"
          onClick={() =>
            getApi()
              .compareAgain({})
              .catch((e: unknown) => pushError(errorMessage(e)))
          }
        >
          {t('jobs.compareAgain')}
        </button>
      )}
      {running && (
        <button
          type="button"
          className="td-btn td-btn--small"
          data-testid="job-cancel"
          onClick={() =>
            getApi()
              .cancelJob({ jobId: job.jobId })
              .catch((e: unknown) => pushError(errorMessage(e)))
          }
        >
          {t('common.cancel')}
        </button>
      )}
    </div>
  );
}

export function JobStrip() {
  const jobs = useWorkbench((s) => s.jobs);
  const list = Object.values(jobs);
  const [now, setNow] = useState(() => Date.now());
  const running = list.some((j) => j.state === 'running');
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  if (list.length === 0) return null;
  return (
    <div className="td-jobs" data-testid="progress" aria-live="polite">
      {list.map((job) => (
        <JobLine key={job.jobId} job={job} now={now} />
      ))}
    </div>
  );
}
