/** The case part of the Open menu: open a case file, and the recent cases. */
import { useTranslation } from 'react-i18next';
import { useCase } from '../../state/case-store';
import { RecentCaseButton, useRecentCases } from './open-case-dialog';

const SHOWN = 5;

export function RecentCasesMenuItems({ onDone }: { onDone(): void }) {
  const { t } = useTranslation();
  const { cases } = useRecentCases(true);
  return (
    <>
      <div className="td-menu__sep" role="separator" />
      <button
        type="button"
        role="menuitem"
        className="td-menu__item"
        data-testid="open-case"
        onClick={() => {
          onDone();
          useCase.getState().setDialog('open');
        }}
      >
        {t('case.open.menu')} (Ctrl+O)
      </button>
      {cases.length > 0 && <div className="td-menu__label">{t('case.open.recent')}</div>}
      {cases.slice(0, SHOWN).map((c) => (
        <RecentCaseButton key={c.path} c={c} onDone={onDone} role="menuitem" />
      ))}
    </>
  );
}
