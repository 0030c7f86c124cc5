/** Nothing loaded yet: two drop zones (works / fails), the demo case, and how to capture. */
import { useTranslation } from 'react-i18next';
import { DropZone } from '../components/drop-zone';
import { openDemo, pickAndOpen } from '../state/open-files';

export function EmptyState() {
  const { t } = useTranslation();
  return (
    <main className="td-empty" data-testid="empty-state">
      <h1 className="td-empty__title">{t('empty.title')}</h1>
      <p className="td-empty__lead">{t('empty.lead')}</p>
      <div className="td-empty__zones">
        <DropZone
          role="baseline"
          testId="drop-baseline"
          icon="✓"
          title={t('empty.dropBaseline')}
          hint={t('sides.baselineLong')}
          onPick={() => void pickAndOpen('baseline')}
          pickLabel={t('empty.choose')}
        />
        <DropZone
          role="problem"
          testId="drop-problem"
          icon="✕"
          title={t('empty.dropProblem')}
          hint={t('sides.problemLong')}
          onPick={() => void pickAndOpen('problem')}
          pickLabel={t('empty.choose')}
        />
      </div>
      <div className="td-empty__actions">
        <button
          type="button"
          className="td-btn td-btn--primary"
          data-testid="empty-demo"
          onClick={() => void openDemo()}
        >
          {t('empty.demo')}
        </button>
        <span className="td-muted">{t('empty.orLogs')}</span>
      </div>
      <p className="td-empty__howto" data-testid="procmon-howto">
        <strong>{t('empty.howtoLabel')}</strong> {t('empty.howto')}
      </p>
      <p className="td-empty__formats td-muted">{t('empty.formats')}</p>
    </main>
  );
}
