/**
 * After a case is reopened: which of its files were found unchanged, which have changed since (their
 * marks no longer attach), and which are missing — each missing one can be located (the host checks
 * that it is the same file by its SHA-256).
 */
import { useTranslation } from 'react-i18next';
import { useCase } from '../../state/case-store';
import { locateInput } from './case-actions';
import { CaseModal } from './case-modal';

const ICON = { ok: '✓', relocated: '↪', changed: '▲', missing: '✖' } as const;

export function CaseInputsDialog() {
  const { t } = useTranslation();
  const open = useCase((s) => s.dialog === 'inputs');
  const state = useCase((s) => s.state);
  if (!open || !state) return null;
  const close = () => useCase.getState().setDialog(null);
  return (
    <CaseModal
      title={t('case.inputs.title')}
      testId="case-inputs-dialog"
      onClose={close}
      closeOnBackdrop
      wide
    >
      {state.notices.map((n) => (
        <p key={n} className="td-muted">
          {n}
        </p>
      ))}
      <table className="td-case-inputs">
        <tbody>
          {state.inputs.map((i) => (
            <tr key={`${i.sha256}:${i.path}`} data-status={i.status} data-testid="case-input">
              <td className={`td-case-status td-case-status--${i.status}`}>
                {ICON[i.status]} {t(`case.inputs.status.${i.status}`)}
              </td>
              <td>
                <div>
                  <strong>{i.fileName}</strong>{' '}
                  <span className="td-muted td-small">{t(`case.inputs.side.${i.side}`)}</span>
                </div>
                <div className="td-muted td-small td-case-path" title={i.sha256}>
                  {i.message || i.path}
                </div>
              </td>
              <td>
                {i.status === 'missing' && (
                  <button
                    type="button"
                    className="td-btn"
                    onClick={() => void locateInput(i.sha256, i.side)}
                    data-testid="case-input-locate"
                  >
                    {t('case.inputs.locate')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="td-modal__actions">
        <button type="button" className="td-btn td-btn--primary" onClick={close}>
          {t('common.close')}
        </button>
      </div>
    </CaseModal>
  );
}
