/** The frame of the case dialogs: title, close button, Escape to close (not while an IME composes). */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface CaseModalProps {
  title: string;
  testId: string;
  onClose(): void;
  children: ReactNode;
  /** Dialogs holding typed text do not close on a stray click outside. */
  closeOnBackdrop?: boolean;
  wide?: boolean;
}

export function CaseModal({
  title,
  testId,
  onClose,
  children,
  closeOnBackdrop = false,
  wide,
}: CaseModalProps) {
  const { t } = useTranslation();
  return (
    <div className="td-modal-backdrop" onMouseDown={closeOnBackdrop ? onClose : undefined}>
      <div
        className={`td-modal td-case-modal${wide ? ' td-case-modal--wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid={testId}
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && !e.nativeEvent.isComposing) {
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <div className="td-modal__head">
          <h2>{title}</h2>
          <button type="button" className="td-icon-btn" aria-label={t('common.close')} onClick={onClose}>
            ×
          </button>
        </div>
        {children}
      </div>
    </div>
  );
}
