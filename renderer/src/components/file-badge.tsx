/** One side's capture in the toolbar: name, kind, encoding, event count; the full facts in the title. */
import { useTranslation } from 'react-i18next';
import type { Side, TraceSummary } from '../../../shared/model/trace';
import { formatBytes, formatCount } from '../logic/format';
import { pickAndOpen } from '../state/open-files';

export function FileBadge({ side, trace }: { side: Side; trace: TraceSummary | undefined }) {
  const { t, i18n } = useTranslation();
  const label = t(`sides.${side}`);
  if (!trace) {
    return (
      <button
        type="button"
        className={`td-badge td-badge--${side} td-badge--empty`}
        data-testid={`badge-${side}`}
        onClick={() => void pickAndOpen(side)}
      >
        <span className="td-badge__role">{label}</span>
        <span className="td-muted">{t('toolbar.noCapture')}</span>
      </button>
    );
  }
  const warnings = trace.warningCount;
  const title = [
    trace.file,
    `${t('badge.kind')}: ${trace.kind}`,
    `${t('badge.encoding')}: ${trace.encoding}`,
    `${t('badge.size')}: ${formatBytes(trace.size)}`,
    `${t('badge.events')}: ${formatCount(trace.events, i18n.language)}`,
    `${t('badge.processes')}: ${formatCount(trace.processes, i18n.language)}`,
    trace.firstTime ? `${t('badge.timeRange')}: ${trace.firstTime} – ${trace.lastTime}` : '',
    trace.computerName ? `${t('badge.computer')}: ${trace.computerName}` : '',
    warnings > 0
      ? `${t('badge.warnings', { count: warnings })}: ${trace.warnings
          .slice(0, 3)
          .map((w) => `${w.place}: ${w.message}`)
          .join(' · ')}`
      : '',
  ]
    .filter(Boolean)
    .join('\n');
  return (
    <div className={`td-badge td-badge--${side}`} data-testid={`badge-${side}`} title={title}>
      <span className="td-badge__role">{label}</span>
      <span className="td-badge__name">{trace.fileName}</span>
      <span className="td-badge__meta">
        {trace.kind} · {trace.encoding} ·{' '}
        {t('badge.eventCount', { count: trace.events, formatted: formatCount(trace.events, i18n.language) })}
      </span>
      {warnings > 0 ? (
        <span className="td-badge__warn" aria-label={t('badge.warnings', { count: warnings })}>
          ⚠ {warnings}
        </span>
      ) : (
        <span className="td-badge__ok" aria-label={t('badge.readOk')}>
          ✓
        </span>
      )}
    </div>
  );
}
