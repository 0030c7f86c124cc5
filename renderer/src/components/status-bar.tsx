/** Counts, encodings and what the window is doing, always visible at the bottom. */
import { useTranslation } from 'react-i18next';
import { formatCount } from '../logic/format';
import { appStateOf, useWorkbench } from '../state/workbench-store';

export function StatusBar() {
  const { t, i18n } = useTranslation();
  const host = useWorkbench((s) => s.host);
  const booting = useWorkbench((s) => s.booting);
  const jobs = useWorkbench((s) => s.jobs);
  const listsLoading = useWorkbench((s) => s.listsLoading);
  const notice = useWorkbench((s) => s.notice);
  const failuresTotal = useWorkbench((s) => s.failuresTotal);
  const state = appStateOf(host, booting, jobs, listsLoading);
  const b = host?.traces.baseline;
  const p = host?.traces.problem;
  const n = (v: number) => formatCount(v, i18n.language);
  const encodings = [b?.encoding, p?.encoding].filter(Boolean);
  const c = host?.compare;
  return (
    <footer className="td-status" data-testid="status-bar" role="contentinfo">
      {(b || p) && (
        <span data-testid="status-events">
          {t('status.events', { baseline: b ? n(b.events) : '—', problem: p ? n(p.events) : '—' })}
        </span>
      )}
      {p && (
        <span data-testid="status-failures" className={failuresTotal > 0 ? 'td-status__fail' : undefined}>
          {t('status.failures', { count: p.failures, formatted: n(p.failures) })}
          {b && ` · ${t('status.baselineFailures', { formatted: n(b.failures) })}`}
        </span>
      )}
      {c && (
        <span data-testid="status-compare">
          {t('status.compare', {
            changed: n(c.changed),
            baselineOnly: n(c.baselineOnly),
            problemOnly: n(c.problemOnly),
            findings: n(c.findings),
          })}
        </span>
      )}
      {host && host.logs.length > 0 && <span>{t('status.logs', { count: host.logs.length })}</span>}
      {encodings.length > 0 && (
        <span>{t('status.encoding', { encoding: [...new Set(encodings)].join(' / ') })}</span>
      )}
      <span className="td-spacer" />
      {notice && (
        <span className="td-status__notice" data-testid="notice">
          {t(notice.key, notice.values)}
        </span>
      )}
      <span data-testid="status-state" className={`td-status__state td-status__state--${state}`}>
        {t(`status.state.${state}`)}
      </span>
    </footer>
  );
}
