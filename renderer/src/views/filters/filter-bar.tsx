/**
 * The toolbar's filter controls: "Filter (n)" opens the dialog (Ctrl+L); the quick toggles add
 * the most used rules with one click. All of them apply to both captures and the aligned view.
 */
import { useTranslation } from 'react-i18next';
import { useWorkbench } from '../../state/workbench-store';
import { activeFilterCount, useFilters, type QuickToggles } from './filter-store';
import './filters.css';

const TOGGLES: { key: keyof QuickToggles; label: string; title: string; needsCompare?: boolean }[] = [
  { key: 'failuresOnly', label: 'filter.quick.failuresOnly', title: 'filter.quick.failuresOnlyTitle' },
  { key: 'hideBenign', label: 'filter.quick.hideBenign', title: 'filter.quick.hideBenignTitle' },
  {
    key: 'hideOneSided',
    label: 'filter.quick.hideOneSided',
    title: 'filter.quick.hideOneSidedTitle',
    needsCompare: true,
  },
];

export function FilterBar() {
  const { t } = useTranslation();
  const rules = useFilters((s) => s.rules);
  const quick = useFilters((s) => s.quick);
  const setQuick = useFilters((s) => s.setQuick);
  const setDialogOpen = useFilters((s) => s.setDialogOpen);
  const reset = useFilters((s) => s.reset);
  const hasCompare = useWorkbench((s) => !!s.host?.compare);
  const count = activeFilterCount(rules, quick);
  return (
    <div className="td-filter-bar" role="group" aria-label={t('filter.title')}>
      <button
        type="button"
        className={`td-btn${count > 0 ? ' td-btn--active' : ''}`}
        onClick={() => setDialogOpen(true)}
        title={`${t('filter.title')} (Ctrl+L)`}
        data-testid="filter-button"
      >
        ⚲ {count > 0 ? t('filter.buttonCount', { count }) : t('filter.button')}
      </button>
      {TOGGLES.map((tg) => (
        <button
          key={tg.key}
          type="button"
          className="td-chip"
          aria-pressed={quick[tg.key]}
          disabled={tg.needsCompare && !hasCompare}
          title={t(tg.title)}
          onClick={() => setQuick(tg.key, !quick[tg.key])}
          data-testid={`quick-${tg.key}`}
        >
          {t(tg.label)}
        </button>
      ))}
      {count > 0 && (
        <button
          type="button"
          className="td-btn td-btn--ghost td-btn--small"
          onClick={reset}
          title={t('filter.clearAllTitle')}
          data-testid="filter-clear"
        >
          {t('filter.clearAll')}
        </button>
      )}
    </div>
  );
}
