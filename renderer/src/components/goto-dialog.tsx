/** Ctrl+G: go to an event by its sequence number in one capture. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Side } from '../../../shared/model/trace';
import { revealAlignedEvent, revealEvent } from '../state/navigation';
import { usePrefs } from '../state/prefs-store';
import { useWorkbench } from '../state/workbench-store';

export function GotoDialog() {
  const open = useWorkbench((s) => s.gotoOpen);
  // Mounted only while open, so every Ctrl+G starts with an empty field and the current side.
  return open ? <GotoForm /> : null;
}

function GotoForm() {
  const { t } = useTranslation();
  const setOpen = useWorkbench((s) => s.setGotoOpen);
  const traces = useWorkbench((s) => s.host?.traces);
  const lastSide = useWorkbench((s) =>
    s.selection?.source === 'baseline' || !s.host?.traces.problem ? 'baseline' : 'problem',
  );
  const aligned = usePrefs((s) => s.viewMode === 'aligned') && !!traces?.baseline && !!traces?.problem;
  const [side, setSide] = useState<Side>(lastSide);
  const [value, setValue] = useState('');
  const max = traces?.[side]?.events ?? 0;
  const seq = Number(value.replace(/[,\s]/g, ''));
  const valid = value.trim() !== '' && Number.isInteger(seq) && seq >= 0 && (max === 0 || seq < max);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!valid) return;
    setOpen(false);
    // In the aligned view the event's aligned row is shown; elsewhere the event in its own capture.
    void (aligned ? revealAlignedEvent(side, seq) : revealEvent(side, seq));
  };
  return (
    <div className="td-modal-backdrop" onMouseDown={() => setOpen(false)}>
      <form
        className="td-modal td-modal--small"
        role="dialog"
        aria-modal="true"
        aria-label={t('goto.title')}
        data-testid="goto-dialog"
        onSubmit={submit}
        onMouseDown={(e) => e.stopPropagation()}
      >
        <div className="td-modal__head">
          <h2>{t('goto.title')}</h2>
        </div>
        <div className="td-segmented" role="group" aria-label={t('goto.side')}>
          {(['baseline', 'problem'] as const).map((s) => (
            <button
              key={s}
              type="button"
              aria-pressed={side === s}
              disabled={!traces?.[s]}
              onClick={() => setSide(s)}
            >
              {t(`sides.${s}`)}
            </button>
          ))}
        </div>
        <label className="td-field">
          <span>{t('goto.sequence', { max: Math.max(0, max - 1) })}</span>
          <input
            className="td-input"
            inputMode="numeric"
            autoFocus
            value={value}
            onChange={(e) => setValue(e.target.value)}
            data-testid="goto-input"
          />
        </label>
        <div className="td-modal__actions">
          <button type="button" className="td-btn" onClick={() => setOpen(false)}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            className="td-btn td-btn--primary"
            disabled={!valid}
            data-testid="goto-submit"
          >
            {t('goto.go')}
          </button>
        </div>
      </form>
    </div>
  );
}
