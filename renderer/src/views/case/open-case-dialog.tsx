/**
 * Ctrl+O: open a case (from the recent list or a .tdcase file) or captures and logs. A case file that
 * cannot be read says why, where, and offers the previous version the last save kept.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecentCase } from '../../../../shared/contract';
import { getApi } from '../../api/get-api';
import { errorMessage } from '../../logic/error-message';
import { useCase } from '../../state/case-store';
import { pickAndOpen } from '../../state/open-files';
import { openCase, pickAndOpenCase } from './case-actions';
import { CaseModal } from './case-modal';

export function useRecentCases(active: boolean): { cases: RecentCase[]; error: string } {
  const [cases, setCases] = useState<RecentCase[]>([]);
  const [error, setError] = useState('');
  useEffect(() => {
    if (!active) return;
    let live = true;
    getApi()
      .listRecentCases({})
      .then((r) => live && setCases(r.cases))
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [active]);
  return { cases, error };
}

export function RecentCaseButton({ c, onDone, role }: { c: RecentCase; onDone?: () => void; role?: string }) {
  const { t, i18n } = useTranslation();
  const when = c.updated ? new Date(c.updated).toLocaleString(i18n.language) : '';
  return (
    <button
      type="button"
      role={role}
      className="td-case-recent"
      title={c.path}
      data-testid="recent-case"
      onClick={() => {
        onDone?.();
        void openCase({ path: c.path });
      }}
    >
      <span className="td-case-recent__title">{c.title || c.fileName}</span>
      <span className="td-muted td-small">
        {[c.title ? c.fileName : '', when, t('case.open.marks', { count: c.annotations })]
          .filter(Boolean)
          .join(' · ')}
      </span>
    </button>
  );
}

export function OpenCaseDialog() {
  const open = useCase((s) => s.dialog === 'open');
  const failure = useCase((s) => s.openFailure);
  return open || failure ? <OpenForm /> : null;
}

function OpenForm() {
  const { t } = useTranslation();
  const failure = useCase((s) => s.openFailure);
  const { cases, error } = useRecentCases(true);
  const close = () => {
    useCase.getState().setDialog(null);
    useCase.getState().setOpenFailure(null);
  };

  return (
    <CaseModal title={t('case.open.title')} testId="open-case-dialog" onClose={close} closeOnBackdrop>
      {failure && (
        <div className="td-case-failure" role="alert" data-testid="open-case-failure">
          <p className="td-fail-text">{t(`case.open.failure.${failure.error.kind}`)}</p>
          <p className="td-case-failure__message">{failure.error.message}</p>
          {failure.recovery ? (
            <p>
              {t('case.open.recovery', {
                file: failure.recovery.path,
                count: failure.recovery.annotations,
              })}{' '}
              <button
                type="button"
                className="td-btn td-btn--primary"
                data-testid="open-case-recover"
                onClick={() => void openCase({ path: failure.error.file, recover: true })}
              >
                {t('case.open.recover')}
              </button>
            </p>
          ) : (
            <p className="td-muted">{t('case.open.noRecovery')}</p>
          )}
        </div>
      )}
      <div className="td-case-open-actions">
        <button
          type="button"
          className="td-btn td-btn--primary"
          onClick={() => void pickAndOpenCase()}
          data-testid="open-case-file"
        >
          {t('case.open.chooseCase')}
        </button>
        <button
          type="button"
          className="td-btn"
          onClick={() => {
            close();
            void pickAndOpen('auto');
          }}
          data-testid="open-case-inputs"
        >
          {t('case.open.chooseInputs')}
        </button>
      </div>
      <h3 className="td-case-subhead">{t('case.open.recent')}</h3>
      {error && <p className="td-fail-text">{error}</p>}
      {cases.length === 0 ? (
        <p className="td-muted">{t('case.open.noRecent')}</p>
      ) : (
        <div className="td-case-recent-list" data-testid="recent-cases">
          {cases.map((c) => (
            <RecentCaseButton key={c.path} c={c} />
          ))}
        </div>
      )}
    </CaseModal>
  );
}
