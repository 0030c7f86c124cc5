/** Ranked root-cause candidates, most likely first; choosing one shows its rows in the aligned view. */
import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Finding } from '../../../shared/model/finding';
import type { InsightResult } from '../../../shared/model/insight';
import { visibleText } from '../../../shared/visible-text';
import { fileNameOf, formatResultChange } from '../logic/format';
import { focusFinding } from '../state/navigation';
import { useWorkbench } from '../state/workbench-store';
import { FindingMark } from './case/finding-mark';
import { FindingInsightBox, SignatureBadge } from './finding-insights';
import { useInsights } from './process/use-insights';
import { signaturesForFinding } from '../logic/insight-view';

function severityOf(f: Finding): 'high' | 'medium' | 'low' {
  if (f.problemResultClass === 'failure') return 'high';
  if (f.problemResultClass === 'context' || f.kind === 'baseline-only-work' || f.kind === 'result-changed')
    return 'medium';
  return 'low';
}

/** What changed, in words: the result on each machine, or which machine alone ran the work. */
function FindingChange({ finding }: { finding: Finding }) {
  const { t } = useTranslation();
  if (finding.kind === 'context-process')
    return <span className="td-finding__change td-muted">{t('findings.onlyProblem')}</span>;
  if (finding.kind === 'baseline-only-work' && !finding.problemResult) {
    return (
      <span className="td-finding__change">
        {finding.baselineResult && <span className="td-finding__from">{finding.baselineResult} → </span>}
        <span className="td-never-text">{t('aligned.never')}</span>
      </span>
    );
  }
  const tone =
    finding.problemResultClass === 'failure'
      ? 'td-fail-text'
      : finding.problemResultClass === 'context'
        ? 'td-context-text'
        : undefined;
  return (
    <span
      className="td-finding__change"
      title={formatResultChange(finding.baselineResult, finding.problemResult)}
    >
      <span className="td-finding__from">{finding.baselineResult || '—'}</span>
      {' → '}
      <span className={tone}>{finding.problemResult || t('findings.nothing')}</span>
    </span>
  );
}

function FindingItem({
  finding,
  selected,
  insights,
}: {
  finding: Finding;
  selected: boolean;
  insights: InsightResult | null;
}) {
  const { t, i18n } = useTranslation();
  const severity = severityOf(finding);
  const signature = insights ? signaturesForFinding(insights.signatures, finding.id)[0] : undefined;
  const why = i18n.language === 'zh-CN' && finding.whyZh ? finding.whyZh : finding.why;
  return (
    <li>
      <button
        type="button"
        className={`td-finding td-finding--${severity}${selected ? ' td-finding--selected' : ''}`}
        data-testid="finding"
        data-rank={finding.rank}
        aria-current={selected ? 'true' : undefined}
        onClick={() => void focusFinding(finding)}
      >
        <span className="td-finding__rank" aria-label={t('findings.rank', { rank: finding.rank })}>
          {finding.rank}
        </span>
        <span className="td-finding__body">
          <span className="td-finding__line">
            <span className={`td-sev td-sev--${severity}`}>
              {severity === 'high' ? '●' : severity === 'medium' ? '◐' : '○'}{' '}
              {t(`findings.severity.${severity}`)}
            </span>
            <span className="td-finding__proc">{visibleText(finding.process)}</span>
            <span className="td-finding__op">{visibleText(finding.operation)}</span>
            <FindingMark id={finding.id} />
          </span>
          {signature && <SignatureBadge signature={signature} />}
          {finding.path && (
            <span className="td-finding__file" title={finding.path}>
              {visibleText(fileNameOf(finding.path) || finding.path)}
            </span>
          )}
          <FindingChange finding={finding} />
          <span className="td-finding__meta">
            {finding.logEvidence.length > 0 && (
              <span className="td-finding__logs" data-testid="finding-log-count">
                ▤ {t('findings.logs', { count: finding.logEvidence.length })}
              </span>
            )}
            {finding.consequence > 0 && (
              <span>{t('findings.consequence', { count: finding.consequence })}</span>
            )}
            {finding.contextProcesses.length > 0 && (
              <span title={finding.contextProcesses.join(', ')}>
                {t('findings.context', { names: finding.contextProcesses.slice(0, 2).join(', ') })}
              </span>
            )}
          </span>
          {selected && why && (
            <span
              className="td-finding__why"
              lang={i18n.language === 'zh-CN' && finding.whyZh ? 'zh-CN' : 'en'}
              data-testid="finding-why"
            >
              {visibleText(why)}
            </span>
          )}
        </span>
      </button>
      {/* Outside the button: a button's content is its name and may hold no sections. */}
      {selected && insights && <FindingInsightBox insights={insights} findingId={finding.id} />}
    </li>
  );
}

export function FindingsPanel() {
  const { t } = useTranslation();
  const findings = useWorkbench((s) => s.findings);
  const selected = useWorkbench((s) => s.selectedFinding);
  const compare = useWorkbench((s) => s.host?.compare);
  const loading = useWorkbench((s) => s.listsLoading);
  const { insights } = useInsights();
  const listRef = useRef<HTMLOListElement>(null);

  // Up and Down move between findings like a list box; Enter and Space activate the button.
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    if (e.altKey || e.ctrlKey) return;
    const buttons = Array.from(
      listRef.current?.querySelectorAll<HTMLButtonElement>('button.td-finding') ?? [],
    );
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = buttons[Math.max(0, Math.min(buttons.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1)))];
    if (next) {
      e.preventDefault();
      next.focus();
      next.click();
    }
  };

  return (
    <section
      className="td-panel td-findings"
      data-testid="findings"
      aria-label={t('findings.title')}
      data-panel="findings"
      tabIndex={-1}
    >
      <div className="td-panel__head">
        <span className="td-panel__title">{t('findings.title')}</span>
        <span className="td-muted">{findings.length > 0 ? findings.length : ''}</span>
      </div>
      {!compare && <p className="td-panel__empty">{t('findings.needBoth')}</p>}
      {compare && findings.length === 0 && (
        <p className="td-panel__empty">{loading ? t('common.loading') : t('findings.none')}</p>
      )}
      <ol className="td-findings__list" ref={listRef} onKeyDown={onKeyDown}>
        {findings.map((f) => (
          <FindingItem key={f.id} finding={f} selected={f.rank === selected} insights={insights} />
        ))}
      </ol>
    </section>
  );
}
