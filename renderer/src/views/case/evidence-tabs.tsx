/**
 * The bottom-right pane's two tabs: the logs and the case's evidence. The logs stay mounted while
 * hidden so their grid keeps its place and filters.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useCase } from '../../state/case-store';
import { EvidencePanel } from './evidence-panel';

export function EvidenceTabs({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const tab = useCase((s) => s.bottomTab);
  const count = useCase((s) => s.state?.case.annotations.length ?? 0);
  const setTab = useCase((s) => s.setBottomTab);
  return (
    <div className="td-evidence-tabs">
      <div
        className="td-tabs td-tabs--small td-evidence-tabs__bar"
        role="tablist"
        aria-label={t('case.evidence.tabs')}
      >
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'logs'}
          onClick={() => setTab('logs')}
          data-testid="tab-logs"
        >
          {t('logs.title')}
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'evidence'}
          onClick={() => setTab('evidence')}
          data-testid="tab-evidence"
        >
          ★ {t('case.evidence.title')}
          {count > 0 ? ` (${count})` : ''}
        </button>
      </div>
      <div className="td-evidence-tabs__body" hidden={tab !== 'logs'}>
        {children}
      </div>
      {tab === 'evidence' && <EvidencePanel />}
    </div>
  );
}
