/**
 * The case's buttons in the toolbar: Save (Ctrl+S) with whether the changes are on disk, the case's
 * details, the case file as a download (browser mode) and Export (Ctrl+E).
 */
import { useTranslation } from 'react-i18next';
import { isDesktop } from '../../api/get-api';
import { useCase } from '../../state/case-store';
import { useWorkbench } from '../../state/workbench-store';
import { downloadCase, saveCase } from './case-actions';

export function CaseToolbar() {
  const { t, i18n } = useTranslation();
  const status = useWorkbench((s) => s.host?.caseStatus);
  const loaded = useWorkbench((s) => !!(s.host?.traces.baseline || s.host?.traces.problem));
  const compared = useWorkbench((s) => !!s.host?.compare);
  const setDialog = useCase((s) => s.setDialog);
  const saved = status && !status.dirty && status.savedAt;
  const state =
    !status || !loaded ? '' : status.error ? 'error' : status.dirty ? 'unsaved' : saved ? 'saved' : '';
  const when = status?.savedAt
    ? new Date(status.savedAt).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' })
    : '';

  return (
    <>
      {state && (
        <span
          className={`td-case-save-state td-case-save-state--${state}`}
          data-testid="case-save-state"
          data-state={state}
          title={status?.error ?? status?.path ?? ''}
        >
          {state === 'error'
            ? `⚠ ${t('case.save.error')}`
            : state === 'unsaved'
              ? `● ${t('case.save.unsaved')}`
              : `✓ ${t('case.save.saved', { time: when })}`}
        </span>
      )}
      <button
        type="button"
        className="td-btn"
        disabled={!loaded}
        onClick={() => setDialog('meta')}
        data-testid="case-details"
        title={t('case.meta.title')}
      >
        {t('case.meta.open')}
      </button>
      <button
        type="button"
        className="td-btn"
        disabled={!loaded}
        onClick={() => void saveCase()}
        data-testid="save-case"
        title={`${t('case.save.button')} (Ctrl+S)`}
      >
        {t('case.save.button')}
      </button>
      {!isDesktop() && (
        <button
          type="button"
          className="td-btn td-btn--ghost"
          disabled={!loaded}
          onClick={() => void downloadCase()}
          data-testid="download-case"
          title={t('case.save.downloadTitle')}
        >
          ⤓ .tdcase
        </button>
      )}
      <button
        type="button"
        className="td-btn td-btn--primary"
        disabled={!compared}
        data-testid="export-pdf"
        title={`${t('case.export.title')} (Ctrl+E)`}
        onClick={() => setDialog('export')}
      >
        {t('toolbar.export')}
      </button>
    </>
  );
}
