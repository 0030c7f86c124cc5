/** The top bar: the case, both captures, how to get files in, the view, language, theme and export. */
import { useTranslation } from 'react-i18next';
import { getApi } from '../api/get-api';
import { setLanguage } from '../i18n/i18n';
import { runStateAction } from '../state/host-sync';
import { openDemo } from '../state/open-files';
import { usePrefs } from '../state/prefs-store';
import { showAligned, showSideBySide } from '../state/view-switch';
import { useWorkbench } from '../state/workbench-store';
import { FileBadge } from './file-badge';
import { OpenMenu } from './open-menu';
import { CaseToolbar } from '../views/case/case-toolbar';
import { FilterBar } from '../views/filters/filter-bar';

export function Toolbar() {
  const { t } = useTranslation();
  const host = useWorkbench((s) => s.host);
  const setHelpOpen = useWorkbench((s) => s.setHelpOpen);
  const { theme, language, viewMode } = usePrefs();
  const prefs = usePrefs.getState();
  const loaded = !!(host?.traces.baseline || host?.traces.problem);
  const title = host?.caseTitle || (host?.demo ? t('toolbar.demoTitle') : t('toolbar.untitled'));

  return (
    <header className="td-toolbar" role="banner">
      <div className="td-toolbar__row">
        <span className="td-logo" aria-hidden="true">
          ◧
        </span>
        <span
          className="td-toolbar__case"
          data-testid="case-title"
          // The full title as a tooltip only when it is cut.
          onMouseEnter={(e) => {
            const el = e.currentTarget;
            el.title = el.scrollWidth > el.clientWidth ? title : '';
          }}
        >
          <span className="td-muted">{t('toolbar.case')}:</span> {title}
        </span>
        {loaded && (
          <>
            <FileBadge side="baseline" trace={host?.traces.baseline} />
            <FileBadge side="problem" trace={host?.traces.problem} />
          </>
        )}
        <span className="td-spacer" />
        <CaseToolbar />
      </div>
      <div className="td-toolbar__row td-toolbar__row--secondary">
        <OpenMenu />
        <button type="button" className="td-btn" data-testid="demo-case" onClick={() => void openDemo()}>
          {t('toolbar.demo')}
        </button>
        <button
          type="button"
          className="td-btn"
          data-testid="swap-sides"
          disabled={!loaded}
          title={t('toolbar.swapTitle')}
          onClick={() => void runStateAction(() => getApi().swapSides({}))}
        >
          ⇄ {t('toolbar.swap')}
        </button>
        {loaded && <span className="td-divider" />}
        {loaded && (
          <div className="td-tabs" role="tablist" aria-label={t('toolbar.view')}>
            <button
              type="button"
              role="tab"
              aria-selected={viewMode === 'aligned'}
              data-testid="view-aligned"
              disabled={!host?.compare}
              onClick={() => void showAligned()}
            >
              {t('view.aligned')}
            </button>
            <button
              type="button"
              role="tab"
              aria-selected={viewMode === 'side-by-side' || !host?.compare}
              data-testid="view-side-by-side"
              onClick={() => void showSideBySide()}
            >
              {t('view.sideBySide')}
            </button>
          </div>
        )}
        {loaded && <span className="td-divider" />}
        {loaded && <FilterBar />}
        {/* Help, language and theme sit on this quieter row so the case title keeps the top one. */}
        <span className="td-spacer" />
        <button
          type="button"
          className="td-btn td-btn--ghost"
          onClick={() => setHelpOpen(true)}
          title={`${t('toolbar.help')} (F1)`}
          data-testid="help-button"
        >
          ?
        </button>
        <div className="td-segmented" role="group" aria-label={t('toolbar.language')}>
          <button
            type="button"
            aria-pressed={language === 'zh-CN'}
            data-testid="lang-zh"
            onClick={() => {
              prefs.setLanguage('zh-CN');
              setLanguage('zh-CN');
            }}
          >
            中
          </button>
          <button
            type="button"
            aria-pressed={language === 'en'}
            data-testid="lang-en"
            onClick={() => {
              prefs.setLanguage('en');
              setLanguage('en');
            }}
          >
            EN
          </button>
        </div>
        <button
          type="button"
          className="td-btn td-btn--ghost"
          data-testid="theme-toggle"
          aria-label={theme === 'dark' ? t('toolbar.lightTheme') : t('toolbar.darkTheme')}
          title={theme === 'dark' ? t('toolbar.lightTheme') : t('toolbar.darkTheme')}
          onClick={() => prefs.setTheme(theme === 'dark' ? 'light' : 'dark')}
        >
          {theme === 'dark' ? '☀' : '☾'}
        </button>
      </div>
    </header>
  );
}
