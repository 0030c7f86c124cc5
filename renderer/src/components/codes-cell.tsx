/** Error codes of a log entry as buttons; a click opens the code's explanation. */
import type { ICellRendererParams } from 'ag-grid-community';
import type { LogEntry } from '../../../shared/model/log';
import { useTranslation } from 'react-i18next';
import { useWorkbench } from '../state/workbench-store';
import { useContextMenu } from './context-menu-store';

/** Codes shown as buttons; the rest sit behind "+N" so the column never cuts a code in half. */
const SHOWN = 2;

export function CodesCell(props: ICellRendererParams<LogEntry>) {
  const { t } = useTranslation();
  const setCodePopover = useWorkbench((s) => s.setCodePopover);
  const codes = props.data?.codes ?? [];
  const hidden = codes.length > SHOWN + 1 ? codes.slice(SHOWN) : [];
  const shown = hidden.length > 0 ? codes.slice(0, SHOWN) : codes;
  return (
    <span className="td-codes">
      {shown.map((code) => (
        <button
          key={code}
          type="button"
          className="td-code"
          data-testid="log-code"
          onClick={(e) => {
            e.stopPropagation();
            const r = e.currentTarget.getBoundingClientRect();
            setCodePopover({ code, x: r.left, top: r.top, bottom: r.bottom });
          }}
        >
          {code}
          <span aria-hidden="true" className="td-code__info">
            ⓘ
          </span>
        </button>
      ))}
      {hidden.length > 0 && (
        <button
          type="button"
          className="td-code td-code--more"
          title={t('logClock.codesMoreTitle', { codes: hidden.join(', ') })}
          aria-label={t('logClock.codesMoreTitle', { codes: hidden.join(', ') })}
          data-testid="log-code-more"
          onClick={(e) => {
            e.stopPropagation();
            const r = e.currentTarget.getBoundingClientRect();
            const back = e.currentTarget;
            useContextMenu.getState().show(
              r.left,
              r.bottom,
              hidden.map((code) => ({
                id: `code-${code}`,
                label: code,
                run: () => setCodePopover({ code, x: r.left, top: r.top, bottom: r.bottom }),
              })),
              back,
            );
          }}
        >
          {t('logClock.codesMore', { count: hidden.length })}
        </button>
      )}
    </span>
  );
}
