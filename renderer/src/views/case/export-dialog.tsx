/**
 * Ctrl+E: export the case — the PDF report (or HTML, JSON, CSV), in a report language of its own,
 * with only the marked findings or all of them, redacted or not. Printing takes a moment: the dialog
 * says so until the file is saved (desktop) or handed to the browser's downloads.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportFormat } from '../../../../shared/contract';
import type { ReportLanguage } from '../../../../shared/model/case';
import { getApi } from '../../api/get-api';
import { errorMessage } from '../../logic/error-message';
import { useCase } from '../../state/case-store';
import { usePrefs } from '../../state/prefs-store';
import { useWorkbench } from '../../state/workbench-store';
import { CaseModal } from './case-modal';

const FORMATS: ExportFormat[] = ['pdf', 'html', 'json', 'csv-findings', 'csv-marked'];

export function ExportDialog() {
  const open = useCase((s) => s.dialog === 'export');
  return open ? <ExportForm /> : null;
}

function ExportForm() {
  const { t } = useTranslation();
  const state = useCase((s) => s.state);
  const uiLanguage = usePrefs((s) => s.language);
  const canCompare = useWorkbench((s) => !!s.host?.compare);
  const marked = state?.annotations.some((a) => a.ref !== null) ?? false;
  const [format, setFormat] = useState<ExportFormat>('pdf');
  const [language, setLanguage] = useState<ReportLanguage>(state?.case.view.language ?? uiLanguage);
  const [scope, setScope] = useState<'marked' | 'all'>(marked ? 'marked' : 'all');
  const [redact, setRedact] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const close = () => {
    if (!busy) useCase.getState().setDialog(null);
  };

  const run = async () => {
    const api = getApi();
    setBusy(true);
    setError('');
    setDone('');
    try {
      if (language !== state?.case.view.language) {
        useCase.getState().setState(await api.updateCaseMeta({ view: { language } }));
      }
      const r = await api.exportReport({ format, language, scope, redact });
      if (r.cancelled) return;
      if (r.downloadId && api.download) await api.download(r.downloadId, r.fileName);
      setDone(
        r.path
          ? t('case.export.savedTo', { path: r.path })
          : t('case.export.downloaded', { file: r.fileName }),
      );
      useWorkbench.getState().setNotice('case.export.downloaded', { file: r.fileName });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <CaseModal title={t('case.export.title')} testId="export-dialog" onClose={close} closeOnBackdrop={!busy}>
      <fieldset className="td-case-choices" disabled={busy}>
        <legend>{t('case.export.format')}</legend>
        {FORMATS.map((f) => (
          <label key={f} className="td-check">
            <input
              type="radio"
              name="export-format"
              checked={format === f}
              onChange={() => setFormat(f)}
              data-testid={`export-format-${f}`}
            />
            {t(`case.export.formats.${f}`)}
          </label>
        ))}
      </fieldset>
      <div className="td-case-row">
        <label className="td-field">
          <span>{t('case.export.language')}</span>
          <select
            className="td-input"
            value={language}
            disabled={busy}
            onChange={(e) => setLanguage(e.target.value as ReportLanguage)}
            data-testid="export-language"
          >
            <option value="zh-CN">简体中文</option>
            <option value="en">English</option>
          </select>
        </label>
        <fieldset className="td-case-choices" disabled={busy}>
          <legend>{t('case.export.scope')}</legend>
          <label className="td-check">
            <input
              type="radio"
              name="export-scope"
              checked={scope === 'marked'}
              onChange={() => setScope('marked')}
              data-testid="export-scope-marked"
            />
            {t('case.export.scopeMarked')}
          </label>
          <label className="td-check">
            <input
              type="radio"
              name="export-scope"
              checked={scope === 'all'}
              onChange={() => setScope('all')}
              data-testid="export-scope-all"
            />
            {t('case.export.scopeAll')}
          </label>
        </fieldset>
      </div>
      <label className="td-check">
        <input
          type="checkbox"
          checked={redact}
          disabled={busy}
          onChange={(e) => setRedact(e.target.checked)}
          data-testid="export-redact"
        />
        {t('case.export.redact')}
      </label>
      <p className="td-muted td-small">{t('case.export.redactHint')}</p>
      {scope === 'marked' && !marked && <p className="td-warn-text">{t('case.export.noMarks')}</p>}
      {busy && (
        <div className="td-case-progress" role="status" data-testid="export-progress">
          <span className="td-case-spinner" aria-hidden="true" />
          {format === 'pdf' ? t('case.export.printing') : t('case.export.working')}
        </div>
      )}
      {error && (
        <p className="td-fail-text" role="alert" data-testid="export-error">
          {error}
        </p>
      )}
      {done && (
        <p className="td-ok-text" role="status" data-testid="export-done">
          ✓ {done}
        </p>
      )}
      <div className="td-modal__actions">
        <button type="button" className="td-btn" onClick={close} disabled={busy}>
          {t('common.close')}
        </button>
        <button
          type="button"
          className="td-btn td-btn--primary"
          disabled={busy || !canCompare}
          onClick={() => void run()}
          data-testid="export-run"
        >
          {t('case.export.run')}
        </button>
      </div>
    </CaseModal>
  );
}
