/**
 * The window. `data-app-state` (loading | loaded | empty) is the readiness marker the end-to-end
 * tests wait for instead of sleeping.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { CodePopover } from '../components/code-popover';
import { ContextMenu } from '../components/context-menu';
import { DropOverlay } from '../components/drop-overlay';
import { ErrorBanner } from '../components/error-banner';
import { GotoDialog } from '../components/goto-dialog';
import { HelpPanel } from '../components/help-panel';
import { JobStrip } from '../components/job-strip';
import { PlacementNotice } from '../components/placement-notice';
import { StatusBar } from '../components/status-bar';
import { Toolbar } from '../components/toolbar';
import { useGlobalKeys } from '../hooks/use-global-keys';
import { useWindowDrop } from '../hooks/use-window-drop';
import { setLanguage } from '../i18n/i18n';
import { startHostSync } from '../state/host-sync';
import { usePrefs } from '../state/prefs-store';
import { appStateOf, useWorkbench } from '../state/workbench-store';
import { CaseLayer } from './case/case-layer';
import { EmptyState } from './empty-state';
import { FilterDialog } from './filters/filter-dialog';
import { WorkbenchView } from './workbench-view';

export function AppRoot() {
  const { t } = useTranslation();
  const host = useWorkbench((s) => s.host);
  const booting = useWorkbench((s) => s.booting);
  const jobs = useWorkbench((s) => s.jobs);
  const listsLoading = useWorkbench((s) => s.listsLoading);
  const theme = usePrefs((s) => s.theme);
  const language = usePrefs((s) => s.language);
  const state = appStateOf(host, booting, jobs, listsLoading);
  const hasTrace = !!(host?.traces.baseline || host?.traces.problem);

  useEffect(() => startHostSync(), []);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  useEffect(() => setLanguage(language), [language]);
  useEffect(() => {
    document.title = host?.caseTitle ? `${host.caseTitle} — TraceDiff Workbench` : 'TraceDiff Workbench';
  }, [host?.caseTitle]);
  useGlobalKeys();
  useWindowDrop();

  return (
    <div className="td-app" data-testid="app" data-app-state={state}>
      <Toolbar />
      <JobStrip />
      <PlacementNotice />
      <ErrorBanner />
      {booting ? (
        <main className="td-booting" aria-busy="true">
          {t('status.connecting')}
        </main>
      ) : hasTrace ? (
        <WorkbenchView />
      ) : (
        <EmptyState />
      )}
      <StatusBar />
      {hasTrace && <DropOverlay />}
      <HelpPanel />
      <GotoDialog />
      <FilterDialog />
      <ContextMenu />
      <CodePopover />
      <CaseLayer />
    </div>
  );
}
