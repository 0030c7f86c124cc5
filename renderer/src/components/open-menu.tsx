/** The Open button: pick a capture for a side, logs, or let the host decide by content. */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InputRole } from '../../../shared/contract';
import { pickAndOpen } from '../state/open-files';
import { RecentCasesMenuItems } from '../views/case/recent-cases-menu';

const ROLES: InputRole[] = ['auto', 'baseline', 'problem', 'log'];

export function OpenMenu() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('mousedown', onDown);
    return () => window.removeEventListener('mousedown', onDown);
  }, [open]);

  const choose = (role: InputRole) => {
    setOpen(false);
    void pickAndOpen(role);
  };

  return (
    <div className="td-menu" ref={ref}>
      <button
        type="button"
        className="td-btn"
        data-testid="open-files"
        aria-haspopup="menu"
        aria-expanded={open}
        title={`${t('toolbar.open')} (Ctrl+O)`}
        onClick={() => setOpen((o) => !o)}
      >
        {t('toolbar.open')} ▾
      </button>
      {open && (
        <div className="td-menu__list" role="menu">
          {ROLES.map((role) => (
            <button
              key={role}
              type="button"
              role="menuitem"
              className="td-menu__item"
              data-testid={`open-${role}`}
              onClick={() => choose(role)}
            >
              {t(`open.${role}`)}
            </button>
          ))}
          <RecentCasesMenuItems onDone={() => setOpen(false)} />
        </div>
      )}
    </div>
  );
}
