/** The problem trace's real failures (ACCESS DENIED, SHARING VIOLATION, ...), each a jump to its row. */
import { useTranslation } from 'react-i18next';
import { visibleText } from '../../../shared/visible-text';
import { fileNameOf, formatCount } from '../logic/format';
import { revealFailure } from '../state/navigation';
import { useWorkbench } from '../state/workbench-store';

export function FailuresList() {
  const { t, i18n } = useTranslation();
  const items = useWorkbench((s) => s.failures);
  const total = useWorkbench((s) => s.failuresTotal);
  const selection = useWorkbench((s) => s.selection);
  const hasProblem = useWorkbench((s) => !!s.host?.traces.problem);
  const loading = useWorkbench((s) => s.listsLoading);
  return (
    <section
      className="td-panel td-failures"
      data-testid="failures-list"
      aria-label={t('failures.title')}
      tabIndex={-1}
    >
      <div className="td-panel__head">
        <span className="td-panel__title">{t('failures.title')}</span>
        <span className="td-muted" data-testid="failures-total">
          {total > items.length
            ? t('failures.shown', {
                shown: formatCount(items.length, i18n.language),
                total: formatCount(total, i18n.language),
              })
            : formatCount(total, i18n.language)}
        </span>
      </div>
      {!hasProblem && <p className="td-panel__empty">{t('failures.noProblem')}</p>}
      {hasProblem && items.length === 0 && (
        <p className="td-panel__empty">{loading ? t('common.loading') : t('failures.none')}</p>
      )}
      <ul className="td-failures__list">
        {items.map((f) => (
          <li key={f.seq}>
            <button
              type="button"
              className={`td-failure${selection?.problem === f.seq && selection.source === 'problem' ? ' td-failure--selected' : ''}`}
              data-testid="failure-item"
              data-seq={f.seq}
              onClick={() => void revealFailure(f)}
              title={`#${f.seq} ${f.time}\n${f.process} (${f.pid}) ${f.operation}\n${f.path}\n${f.result}`}
            >
              <span className="td-failure__line">
                <span className="td-failure__proc">{visibleText(f.process)}</span>
                <span className="td-failure__op">{visibleText(f.operation)}</span>
              </span>
              <span className="td-failure__path">{visibleText(fileNameOf(f.path) || f.path)}</span>
              <span className="td-failure__result">✖ {f.result}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
