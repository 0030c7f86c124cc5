/** The Ctrl+F bar above the comparison: text, match count, previous / next, close. */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCount } from '../../logic/format';
import { usePrefs } from '../../state/prefs-store';
import { useWorkbench } from '../../state/workbench-store';
import { runSearch, stepSearch, useSearch } from './search-store';
import '../filters/filters.css';

export function SearchBar() {
  const { t, i18n } = useTranslation();
  const open = useSearch((s) => s.open);
  const text = useSearch((s) => s.text);
  const result = useSearch((s) => s.result);
  const current = useSearch((s) => s.current);
  const busy = useSearch((s) => s.busy);
  const error = useSearch((s) => s.error);
  const setText = useSearch((s) => s.setText);
  const setOpen = useSearch((s) => s.setOpen);
  const input = useRef<HTMLInputElement>(null);
  const viewAligned = usePrefs((s) => s.viewMode === 'aligned');
  const hasCompare = useWorkbench((s) => !!s.host?.compare);
  const aligned = viewAligned && hasCompare;
  const n = (v: number) => formatCount(v, i18n.language);

  // Typing searches after a pause; Enter searches at once and moves to the next hit.
  useEffect(() => {
    if (!open) return;
    const timer = setTimeout(() => void runSearch(), 350);
    return () => clearTimeout(timer);
  }, [text, open]);
  useEffect(() => {
    if (open) input.current?.select();
  }, [open]);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void stepSearch(e.shiftKey ? -1 : 1);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
    }
  };
  if (!open) return null;

  let status = '';
  if (busy) status = t('search.searching');
  else if (error) status = error;
  else if (result && text.trim()) {
    status =
      result.total === 0
        ? t('search.none')
        : t(aligned ? 'search.countRows' : 'search.count', {
            current: current >= 0 ? n(current + 1) : '–',
            total: n(result.total),
            baseline: n(result.counts.baseline),
            problem: n(result.counts.problem),
          });
    if (result.truncated) status += ` ${t('search.truncated', { shown: n(result.hits.length) })}`;
  }
  return (
    <div className="td-search" role="search" data-testid="search-bar">
      <input
        ref={input}
        type="search"
        className="td-input"
        placeholder={t('search.placeholder')}
        aria-label={t('search.label')}
        value={text}
        autoFocus
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        data-testid="search-input"
      />
      <span
        className={`td-search__status${error ? ' td-error-text' : ''}`}
        aria-live="polite"
        data-testid="search-count"
        data-total={result?.total ?? ''}
      >
        {status}
      </span>
      <button
        type="button"
        className="td-btn td-btn--small"
        onClick={() => void stepSearch(-1)}
        disabled={!result || result.total === 0}
        aria-label={t('search.previous')}
        title={`${t('search.previous')} (Shift+F3)`}
        data-testid="search-prev"
      >
        ▲
      </button>
      <button
        type="button"
        className="td-btn td-btn--small"
        onClick={() => void stepSearch(1)}
        disabled={!result || result.total === 0}
        aria-label={t('search.next')}
        title={`${t('search.next')} (F3)`}
        data-testid="search-next"
      >
        ▼
      </button>
      <button
        type="button"
        className="td-icon-btn"
        aria-label={t('common.close')}
        onClick={() => setOpen(false)}
        data-testid="search-close"
      >
        ×
      </button>
    </div>
  );
}
