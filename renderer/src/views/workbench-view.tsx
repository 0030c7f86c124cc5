/**
 * The loaded window: findings and failures on the left, the comparison (or each trace alone) in the
 * middle, detail and logs below. Pane sizes are CSS grid tracks the splitters change.
 */
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Splitter } from '../components/splitter';
import { usePrefs } from '../state/prefs-store';
import { useWorkbench } from '../state/workbench-store';
import { AlignedView } from './aligned-view';
import { DetailPane } from './detail-pane';
import { FailuresList } from './failures-list';
import { FindingsPanel } from './findings-panel';
import { PanelTabs } from './process/panel-tabs';
import { SearchBar } from './search/search-bar';
import { SideBySideView } from './side-by-side-view';

export function WorkbenchView() {
  const { t } = useTranslation();
  const panes = usePrefs((s) => s.panes);
  const setPane = usePrefs((s) => s.setPane);
  const viewMode = usePrefs((s) => s.viewMode);
  const hasCompare = useWorkbench((s) => !!s.host?.compare);
  const aligned = viewMode === 'aligned' && hasCompare;
  const height = typeof window === 'undefined' ? 900 : window.innerHeight;
  const width = typeof window === 'undefined' ? 1400 : window.innerWidth;
  const sidebarRef = useRef<HTMLElement>(null);
  const bottomRef = useRef<HTMLDivElement>(null);

  return (
    <main
      className="td-work"
      style={{
        gridTemplateColumns: `${panes.sidebar}px 5px minmax(0, 1fr)`,
        gridTemplateRows: `minmax(0, 1fr) 5px ${panes.bottom}px`,
      }}
    >
      <aside
        ref={sidebarRef}
        className="td-sidebar"
        style={{
          gridTemplateRows: hasCompare
            ? `minmax(0, ${panes.findingsShare}fr) 5px minmax(0, ${1 - panes.findingsShare}fr)`
            : 'minmax(0, 1fr)',
        }}
      >
        {hasCompare && (
          <>
            <FindingsPanel />
            <Splitter
              axis="y"
              label={t('panes.sidebarSplit')}
              value={Math.round(panes.findingsShare * 1000)}
              min={150}
              max={900}
              onChange={(v) => setPane('findingsShare', v / 1000)}
              pixelsPerUnit={() => (sidebarRef.current?.clientHeight ?? 1000) / 1000}
            />
          </>
        )}
        <FailuresList />
      </aside>
      <Splitter
        axis="x"
        label={t('panes.sidebar')}
        value={panes.sidebar}
        min={200}
        max={Math.max(240, width * 0.45)}
        onChange={(v) => setPane('sidebar', v)}
        testId="splitter-sidebar"
      />
      <div className="td-center" data-panel="diff">
        <SearchBar />
        {aligned ? <AlignedView /> : <SideBySideView />}
      </div>
      <Splitter
        axis="y"
        label={t('panes.bottom')}
        value={panes.bottom}
        min={120}
        max={Math.max(160, height - 260)}
        invert
        onChange={(v) => setPane('bottom', v)}
        testId="splitter-bottom"
      />
      <div
        ref={bottomRef}
        className="td-bottom"
        style={{
          gridTemplateColumns: `minmax(0, ${panes.detailShare}fr) 5px minmax(0, ${1 - panes.detailShare}fr)`,
        }}
      >
        <DetailPane />
        <Splitter
          axis="x"
          label={t('panes.bottomSplit')}
          value={Math.round(panes.detailShare * 1000)}
          min={200}
          max={800}
          onChange={(v) => setPane('detailShare', v / 1000)}
          pixelsPerUnit={() => (bottomRef.current?.clientWidth ?? 1000) / 1000}
        />
        <PanelTabs />
      </div>
    </main>
  );
}
