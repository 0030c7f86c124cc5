/**
 * Errors as sentences that say what happened and what to try (the host writes them that way). Many
 * at once (a folder of logs the host cannot read) fold to the latest two so the work stays visible.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkbench } from '../state/workbench-store';

const FOLDED = 2;

export function ErrorBanner() {
  const { t } = useTranslation();
  const errors = useWorkbench((s) => s.errors);
  const dismiss = useWorkbench((s) => s.dismissError);
  const [expanded, setExpanded] = useState(false);
  if (errors.length === 0) return null;
  const shown = expanded ? errors : errors.slice(-FOLDED);
  const hidden = errors.length - shown.length;
  return (
    <div className="td-errors" role="alert" data-testid="errors">
      {shown.map((e) => (
        <div key={e.id} className="td-error" data-testid="error-message">
          <svg className="td-error__icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <circle cx="8" cy="8" r="7" fill="currentColor" />
            <path
              d="M5.2 5.2l5.6 5.6M10.8 5.2l-5.6 5.6"
              stroke="var(--panel-bg)"
              strokeWidth="1.8"
              strokeLinecap="round"
            />
          </svg>
          <span className="td-error__text">
            {e.context && <span className="td-error__context">{e.context}: </span>}
            {e.message}
          </span>
          <button
            type="button"
            className="td-icon-btn"
            aria-label={t('common.dismiss')}
            onClick={() => dismiss(e.id)}
          >
            ×
          </button>
        </div>
      ))}
      {(hidden > 0 || errors.length > FOLDED) && (
        <div className="td-errors__more">
          {hidden > 0 ? (
            <button
              type="button"
              className="td-link"
              onClick={() => setExpanded(true)}
              data-testid="errors-more"
            >
              {t('errors.more', { count: hidden })}
            </button>
          ) : (
            <button type="button" className="td-link" onClick={() => setExpanded(false)}>
              {t('errors.fewer')}
            </button>
          )}
          <button
            type="button"
            className="td-link"
            onClick={() => errors.forEach((e) => dismiss(e.id))}
            data-testid="errors-dismiss-all"
          >
            {t('errors.dismissAll')}
          </button>
        </div>
      )}
    </div>
  );
}
