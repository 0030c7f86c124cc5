/** Errors as sentences that say what happened and what to try (the host writes them that way). */
import { useTranslation } from 'react-i18next';
import { useWorkbench } from '../state/workbench-store';

export function ErrorBanner() {
  const { t } = useTranslation();
  const errors = useWorkbench((s) => s.errors);
  const dismiss = useWorkbench((s) => s.dismissError);
  if (errors.length === 0) return null;
  return (
    <div className="td-errors" role="alert" data-testid="errors">
      {errors.map((e) => (
        <div key={e.id} className="td-error" data-testid="error-message">
          <span className="td-error__icon" aria-hidden="true">
            ⛔
          </span>
          <span className="td-error__text">
            {e.context && <span className="td-error__context">{e.context}: </span>}
            {e.message}
          </span>
          <button type="button" className="td-icon-btn" aria-label={t('common.dismiss')} onClick={() => dismiss(e.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
