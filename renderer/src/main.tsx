import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AllCommunityModule, ModuleRegistry } from 'ag-grid-community';
import { initI18n } from './i18n/i18n';
import { isLanguage } from './i18n/pick-language';
import { installInputModality } from './hooks/input-modality';
import { usePrefs } from './state/prefs-store';
import { AppRoot } from './views/app-root';
import './styles/theme.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/panels.css';
import './styles/views.css';
import './styles/grid.css';

ModuleRegistry.registerModules([AllCommunityModule]);

// ?lang=zh-CN and ?theme=dark pick a language or theme for this window (links, screenshots, tests).
const params = new URLSearchParams(window.location.search);
const langParam = params.get('lang');
if (isLanguage(langParam)) usePrefs.getState().setLanguage(langParam);
const themeParam = params.get('theme');
if (themeParam === 'light' || themeParam === 'dark') usePrefs.getState().setTheme(themeParam);

document.documentElement.dataset.theme = usePrefs.getState().theme;
initI18n(usePrefs.getState().language);
installInputModality();

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');
createRoot(root).render(
  <StrictMode>
    <AppRoot />
  </StrictMode>,
);
