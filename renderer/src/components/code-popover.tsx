/** The explanation of one error code (name, meaning in English and Chinese), anchored under its button. */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CodeExplanation } from '../../../shared/model/log';
import { getApi } from '../api/get-api';
import { errorMessage } from '../logic/error-message';
import { useWorkbench } from '../state/workbench-store';

type Loaded = { code: string; explanation: CodeExplanation | null; error?: string };

export function CodePopover() {
  const { t, i18n } = useTranslation();
  const popover = useWorkbench((s) => s.codePopover);
  const close = useWorkbench((s) => s.setCodePopover);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  const code = popover?.code;

  useEffect(() => {
    if (!code) return;
    let live = true;
    getApi()
      .explainCodes({ codes: [code] })
      .then((res) => live && setLoaded({ code, explanation: res.explanations[0] ?? null }))
      .catch((e: unknown) => live && setLoaded({ code, explanation: null, error: errorMessage(e) }));
    return () => {
      live = false;
    };
  }, [code]);

  useEffect(() => {
    if (!popover) return;
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) close(null);
    };
    window.addEventListener('mousedown', onDown);
    return () => window.removeEventListener('mousedown', onDown);
  }, [popover, close]);

  // Below the button when it fits, else above it; measured after each render since the text varies.
  const [flipUp, setFlipUp] = useState(false);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || !popover) return;
    const up = popover.bottom + 4 + el.offsetHeight > window.innerHeight - 8;
    if (up !== flipUp) setFlipUp(up);
  }, [popover, flipUp, loaded]);

  if (!popover) return null;
  const current = loaded?.code === popover.code ? loaded : null;
  const x = Math.max(8, Math.min(popover.x, window.innerWidth - 380));
  const position = flipUp
    ? { left: x, bottom: window.innerHeight - popover.top + 4 }
    : { left: x, top: popover.bottom + 4 };
  const ex = current?.explanation;
  const zhFirst = i18n.language === 'zh-CN';
  return (
    <div
      ref={ref}
      className="td-popover"
      role="dialog"
      aria-label={t('codes.title')}
      data-testid="code-popover"
      style={position}
    >
      <div className="td-popover__head">
        <span className="td-mono">{popover.code}</span>
        {ex && ex.value !== popover.code && <span className="td-muted td-mono"> = {ex.value}</span>}
        <button
          type="button"
          className="td-icon-btn"
          aria-label={t('common.close')}
          onClick={() => close(null)}
        >
          ×
        </button>
      </div>
      {!current && <div className="td-muted">{t('common.loading')}</div>}
      {current?.error && <div className="td-error-text">{current.error}</div>}
      {current && !current.error && !ex && <div className="td-muted">{t('codes.unknown')}</div>}
      {ex && (
        <>
          <div className="td-popover__name td-mono">{ex.name || t('codes.unknown')}</div>
          <div className="td-muted td-small">{t(`codes.family.${ex.family}`)}</div>
          <p lang={zhFirst ? 'zh-CN' : 'en'}>{zhFirst ? ex.zh : ex.en}</p>
          <p lang={zhFirst ? 'en' : 'zh-CN'} className="td-muted">
            {zhFirst ? ex.en : ex.zh}
          </p>
          {ex.related.length > 0 && (
            <div className="td-small td-muted">
              {t('codes.related')}: <span className="td-mono">{ex.related.join(', ')}</span>
            </div>
          )}
        </>
      )}
    </div>
  );
}
