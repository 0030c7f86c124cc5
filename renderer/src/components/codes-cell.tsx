/** Error codes of a log entry as buttons; a click opens the code's explanation. */
import type { ICellRendererParams } from 'ag-grid-community';
import type { LogEntry } from '../../../shared/model/log';
import { useWorkbench } from '../state/workbench-store';

export function CodesCell(props: ICellRendererParams<LogEntry>) {
  const setCodePopover = useWorkbench((s) => s.setCodePopover);
  const codes = props.data?.codes ?? [];
  return (
    <span className="td-codes">
      {codes.map((code) => (
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
    </span>
  );
}
