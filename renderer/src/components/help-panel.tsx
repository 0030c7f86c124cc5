/** The keys, as bound (from the same table the key handler uses). */
import { useTranslation } from 'react-i18next';
import { KEY_HELP } from '../logic/key-map';
import { useWorkbench } from '../state/workbench-store';

export function HelpPanel() {
  const { t } = useTranslation();
  const open = useWorkbench((s) => s.helpOpen);
  const setOpen = useWorkbench((s) => s.setHelpOpen);
  if (!open) return null;
  return (
    <div className="td-modal-backdrop" onMouseDown={() => setOpen(false)}>
      <div
        className="td-modal"
        role="dialog"
        aria-modal="true"
        aria-label={t('keys.title')}
        data-testid="help-panel"
        onMouseDown={(e) => e.stopPropagation()}
      >
        <div className="td-modal__head">
          <h2>{t('keys.title')}</h2>
          <button
            type="button"
            className="td-icon-btn"
            aria-label={t('common.close')}
            onClick={() => setOpen(false)}
            autoFocus
          >
            ×
          </button>
        </div>
        <table className="td-keys">
          <tbody>
            {KEY_HELP.map((k) => (
              <tr key={k.keys}>
                <td>
                  <kbd>{k.keys}</kbd>
                </td>
                <td>{t(k.labelKey)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="td-muted td-small">{t('keys.footer')}</p>
      </div>
    </div>
  );
}
