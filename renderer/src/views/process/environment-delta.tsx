/**
 * What only one machine runs, problem machine first: processes, drivers, modules, services and
 * product folders from the insight engine, third-party ones first. Without a comparison it says how
 * to get one.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EnvironmentItem } from '../../../../shared/model/insight';
import { formatCount } from '../../logic/format';
import { useFilters } from '../filters/filter-store';
import type { InsightsState } from './use-insights';

const SHOWN = 8;

function ItemRow({ item }: { item: EnvironmentItem }) {
  const { t, i18n } = useTranslation();
  const addRule = useFilters((s) => s.addRule);
  const events = item.presence.startsWith('baseline') ? item.baselineEvents : item.problemEvents;
  return (
    <li className="td-env__item" data-testid="env-item" data-presence={item.presence} data-kind={item.kind}>
      <span className={`td-env__kind td-env__kind--${item.kind}`}>{t(`process.kinds.${item.kind}`)}</span>
      <span className="td-env__name" title={item.path || item.name}>
        {item.name}
      </span>
      <span className={`td-env__pub td-env__pub--${item.publisher}`}>
        {t(`process.publisher.${item.publisher}`)}
      </span>
      {item.product && (
        <span className="td-muted td-env__product" title={item.product}>
          {item.product.split(/[\\/]/).slice(-2).join('\\')}
        </span>
      )}
      <span className="td-spacer" />
      {events > 0 && (
        <span className="td-muted td-env__events">
          {t('process.events', { formatted: formatCount(events, i18n.language) })}
        </span>
      )}
      {item.kind === 'process' && (
        <button
          type="button"
          className="td-btn td-btn--small"
          onClick={() =>
            addRule({ column: 'Process Name', relation: 'is', value: item.name, action: 'include' })
          }
          title={t('process.showEventsTitle', { name: item.name })}
        >
          {t('process.showEvents')}
        </button>
      )}
    </li>
  );
}

export function EnvironmentDelta({ state }: { state: InsightsState }) {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  if (state.loading) return <p className="td-panel__empty">{t('process.analysing')}</p>;
  if (state.error)
    return (
      <p className="td-error-text td-panel__empty" role="alert">
        {t('process.insightsFailed', { message: state.error })}
      </p>
    );
  if (!state.insights) return <p className="td-panel__empty">{t('process.needCompare')}</p>;
  const items = state.insights.environment.items;
  const problemOnly = items.filter((i) => i.presence === 'problem-only' || i.presence === 'problem');
  const baselineOnly = items.filter((i) => i.presence === 'baseline-only' || i.presence === 'baseline');
  const list = all ? problemOnly : problemOnly.slice(0, SHOWN);
  return (
    <div className="td-env" data-testid="env-delta">
      <h3 className="td-env__title">{t('process.onlyProblem', { count: problemOnly.length })}</h3>
      {problemOnly.length === 0 ? (
        <p className="td-muted td-env__none">{t('process.nothingOnlyProblem')}</p>
      ) : (
        <ul className="td-env__list">
          {list.map((i) => (
            <ItemRow key={i.id} item={i} />
          ))}
        </ul>
      )}
      {problemOnly.length > SHOWN && (
        <button type="button" className="td-btn td-btn--small td-env__more" onClick={() => setAll(!all)}>
          {all ? t('process.showFewer') : t('process.showAll', { count: problemOnly.length })}
        </button>
      )}
      {baselineOnly.length > 0 && (
        <details className="td-env__baseline">
          <summary>{t('process.onlyBaseline', { count: baselineOnly.length })}</summary>
          <ul className="td-env__list">
            {baselineOnly.slice(0, 40).map((i) => (
              <ItemRow key={i.id} item={i} />
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
