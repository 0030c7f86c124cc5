/**
 * The case's buttons in the toolbar: the case's details, Save (Ctrl+S) showing whether the changes
 * are on disk, the case file as a download (browser mode) and Export (Ctrl+E).
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
  const state =
    !status || !loaded
      ? 'none'
      : status.error
        ? 'error'
        : status.dirty
          ? 'unsaved'
          : status.savedAt
            ? 'saved'
            : 'none';
  const when = status?.savedAt
    ? new Date(status.savedAt).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' })
    : '';
  const stateText =
    state === 'error'
      ? `${t('case.save.error')}: ${status?.error ?? ''}`
      : state === 'unsaved'
        ? t('case.save.unsaved')
        : state === 'saved'
          ? `${t('case.save.saved', { time: when })} — ${status?.path ?? ''}`
          : '';

  return (
    <>
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
        className={`td-btn td-case-save td-case-save--${state}`}
        disabled={!loaded}
        onClick={() => void saveCase()}
        data-testid="save-case"
        data-state={state}
        title={[`${t('case.save.button')} (Ctrl+S)`, stateText].filter(Boolean).join('\n')}
      >
        {t('case.save.button')}
        {state !== 'none' && (
          <span className="td-case-save__dot" aria-label={stateText}>
            {state === 'saved' ? '✓' : state === 'error' ? '⚠' : '●'}
          </span>
        )}
      </button>
      {!isDesktop() && (
        <button
          type="button"
          className="td-btn td-btn--ghost"
          disabled={!loaded}
          onClick={() => void downloadCase()}
          data-testid="download-case"
          aria-label={t('case.save.downloadTitle')}
          title={t('case.save.downloadTitle')}
        >
          ⤓
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
