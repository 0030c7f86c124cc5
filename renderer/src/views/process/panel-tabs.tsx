/**
 * The right half of the bottom area: logs, processes (tree and environment delta) and charts, one at
 * a time behind tabs; the chosen tab is remembered across restarts.
 */
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { ChartsPanel } from '../charts/charts-panel';
import { EvidencePanel } from '../case/evidence-panel';
import { LogsPanel } from '../logs-panel';
import { ProcessPanel } from './process-panel';

export type PanelTab = 'logs' | 'evidence' | 'processes' | 'charts';
const TABS: PanelTab[] = ['logs', 'evidence', 'processes', 'charts'];

export const usePanelTab = create<{ tab: PanelTab; setTab(tab: PanelTab): void }>()(
  persist((set) => ({ tab: 'logs', setTab: (tab) => set({ tab }) }), {
    name: 'tracediff.panelTab',
    storage: createJSONStorage(() => localStorage),
  }),
);

export function PanelTabs() {
  const { t } = useTranslation();
  const tab = usePanelTab((s) => s.tab);
  const setTab = usePanelTab((s) => s.setTab);
  // Arrow keys move between the tabs, as in any tab list.
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    const next = TABS[(TABS.indexOf(tab) + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length];
    setTab(next);
    document.getElementById(`td-panel-tab-${next}`)?.focus();
  };
  return (
    <div className="td-panel-tabs">
      <div className="td-panel-tabs__bar td-tabs td-tabs--small" role="tablist" onKeyDown={onKeyDown}>
        {TABS.map((id) => (
          <button
            key={id}
            id={`td-panel-tab-${id}`}
            type="button"
            role="tab"
            aria-selected={tab === id}
            aria-controls={`td-panel-${id}`}
            tabIndex={tab === id ? 0 : -1}
            onClick={() => setTab(id)}
            data-testid={`panel-tab-${id}`}
          >
            {t(`panelTabs.${id}`)}
          </button>
        ))}
      </div>
      <div
        className="td-panel-tabs__body"
        role="tabpanel"
        id={`td-panel-${tab}`}
        aria-labelledby={`td-panel-tab-${tab}`}
      >
        {tab === 'logs' && <LogsPanel />}
        {tab === 'evidence' && <EvidencePanel />}
        {tab === 'processes' && <ProcessPanel />}
        {tab === 'charts' && <ChartsPanel />}
      </div>
    </div>
  );
}
