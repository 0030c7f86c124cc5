/**
 * "What went where" after a drop or Open: per bundle (or for loose files), which capture became
 * the baseline and the problem, which files joined the logs and which were skipped and why. The
 * host sorts by content and name; this line lets the user check it without opening each badge.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { InputPlacement } from '../../../shared/contract';
import { usePlacements } from '../state/placements';
import './placement-notice.css';

/** Loose files stay up this long; a bundle's summary stays until dismissed (it is the only record). */
const LOOSE_MS = 20_000;
const SHOWN_LOGS = 4;

interface Group {
  bundle: string | null;
  items: InputPlacement[];
}

function groupsOf(placements: readonly InputPlacement[]): Group[] {
  const groups = new Map<string | null, InputPlacement[]>();
  for (const p of placements) {
    const key = p.bundle ?? null;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups].map(([bundle, items]) => ({ bundle, items }));
}

function GroupLine({ group }: { group: Group }) {
  const { t } = useTranslation();
  const side = (s: 'baseline' | 'problem') => group.items.filter((p) => p.placed === s);
  const logs = group.items.filter((p) => p.placed === 'log');
  const skipped = group.items.filter((p) => p.placed === 'skipped');
  return (
    <div className="td-placed__group" data-testid="placement-group" data-bundle={group.bundle ?? ''}>
      <span className="td-placed__from">
        {group.bundle ? t('placed.fromBundle', { bundle: group.bundle }) : t('placed.fromFiles')}
      </span>
      {(['baseline', 'problem'] as const).map((s) =>
        side(s).map((p) => (
          <span key={`${s}:${p.name}`} className="td-placed__item" data-testid={`placed-${s}`}>
            <span className={`td-placed__side td-placed__side--${s}`}>{t(`sides.${s}`)}</span>
            <span className="td-placed__name">{p.name}</span>
          </span>
        )),
      )}
      {logs.length > 0 && (
        <span
          className="td-placed__item"
          data-testid="placed-logs"
          title={logs.map((p) => p.name).join('\n')}
        >
          <span className="td-placed__tag">{t('placed.logs', { count: logs.length })}</span>
          <span className="td-placed__name">
            {logs
              .slice(0, SHOWN_LOGS)
              .map((p) => p.name)
              .join(', ')}
            {logs.length > SHOWN_LOGS ? ` ${t('placed.more', { count: logs.length - SHOWN_LOGS })}` : ''}
          </span>
        </span>
      )}
      {skipped.length > 0 && (
        <details className="td-placed__skipped" data-testid="placed-skipped">
          <summary>{t('placed.skipped', { count: skipped.length })}</summary>
          <ul>
            {skipped.map((p, i) => (
              <li key={`${i}:${p.name}`}>
                <span className="td-placed__name">{p.name}</span>
                {p.reason && <span className="td-placed__reason"> — {p.reason}</span>}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

export function PlacementNotice() {
  const { t } = useTranslation();
  const placements = usePlacements((s) => s.placements);
  const dismiss = usePlacements((s) => s.dismiss);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const sticky = !!placements?.some((p) => p.bundle !== undefined);
  const arm = () => {
    clearTimeout(timer.current);
    if (placements && !sticky) timer.current = setTimeout(dismiss, LOOSE_MS);
  };
  // Re-armed for each new batch; hovering holds the notice so it can be read.
  useEffect(() => {
    clearTimeout(timer.current);
    if (placements && !sticky) timer.current = setTimeout(dismiss, LOOSE_MS);
    return () => clearTimeout(timer.current);
  }, [placements, sticky, dismiss]);
  if (!placements) return null;
  return (
    <div
      className="td-placed"
      role="status"
      data-testid="placement-notice"
      onMouseEnter={() => clearTimeout(timer.current)}
      onMouseLeave={arm}
    >
      <div className="td-placed__groups">
        {groupsOf(placements).map((g) => (
          <GroupLine key={g.bundle ?? ''} group={g} />
        ))}
      </div>
      <button
        type="button"
        className="td-icon-btn"
        aria-label={t('common.dismiss')}
        onClick={dismiss}
        data-testid="placement-dismiss"
      >
        ×
      </button>
    </div>
  );
}
