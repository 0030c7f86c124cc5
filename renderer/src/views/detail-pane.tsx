/**
 * Everything about the selected row, both machines side by side: every field, the process, the stack
 * (modules not from Microsoft highlighted) and the normalized key the comparison matched on.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventDetail } from '../../../shared/contract';
import type { Side } from '../../../shared/model/trace';
import { getApi } from '../api/get-api';
import { errorMessage } from '../logic/error-message';
import { useWorkbench } from '../state/workbench-store';
import { DetailFields, DetailProcess, DetailStack } from './detail-sections';

type Tab = 'fields' | 'process' | 'stack' | 'key';
const TABS: Tab[] = ['fields', 'process', 'stack', 'key'];

type Loaded = { key: string; baseline: EventDetail | null; problem: EventDetail | null; error?: string };

export function DetailPane() {
  const { t } = useTranslation();
  const selection = useWorkbench((s) => s.selection);
  const dataVersion = useWorkbench((s) => s.dataVersion);
  const [tab, setTab] = useState<Tab>('fields');
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const b = selection?.baseline ?? null;
  const p = selection?.problem ?? null;
  const key = `${dataVersion}:${b}:${p}`;

  useEffect(() => {
    if (b === null && p === null) return;
    let live = true;
    const fetch = (side: Side, seq: number | null) =>
      seq === null ? Promise.resolve(null) : getApi().getEvent({ side, seq });
    Promise.all([fetch('baseline', b), fetch('problem', p)])
      .then(([baseline, problem]) => live && setLoaded({ key, baseline, problem }))
      .catch(
        (e: unknown) => live && setLoaded({ key, baseline: null, problem: null, error: errorMessage(e) }),
      );
    return () => {
      live = false;
    };
  }, [b, p, key]);

  const current = loaded?.key === key ? loaded : null;
  const nothing = b === null && p === null;
  return (
    <section
      className="td-panel td-detail"
      data-testid="detail-pane"
      aria-label={t('detail.title')}
      data-panel="detail"
      tabIndex={-1}
    >
      <div className="td-panel__head">
        <span className="td-panel__title">{t('detail.title')}</span>
        <div className="td-tabs td-tabs--small" role="tablist">
          {TABS.map((id) => (
            <button
              key={id}
              type="button"
              role="tab"
              aria-selected={tab === id}
              data-testid={`detail-tab-${id}`}
              onClick={() => setTab(id)}
            >
              {t(`detail.tabs.${id}`)}
            </button>
          ))}
        </div>
      </div>
      <div className="td-detail__body" tabIndex={0}>
        {nothing && <p className="td-panel__empty">{t('detail.nothing')}</p>}
        {!nothing && !current && <p className="td-panel__empty">{t('common.loading')}</p>}
        {current?.error && <p className="td-error-text">{current.error}</p>}
        {current && !current.error && tab === 'fields' && (
          <DetailFields baseline={current.baseline} problem={current.problem} />
        )}
        {current && !current.error && tab === 'process' && (
          <DetailProcess baseline={current.baseline} problem={current.problem} />
        )}
        {current && !current.error && tab === 'stack' && (
          <DetailStack baseline={current.baseline} problem={current.problem} />
        )}
        {current && !current.error && tab === 'key' && (
          <table className="td-kv">
            <tbody>
              <tr>
                <th>{t('sides.baseline')}</th>
                <td className="td-mono">{current.baseline?.key || '—'}</td>
              </tr>
              <tr>
                <th>{t('sides.problem')}</th>
                <td className="td-mono">{current.problem?.key || '—'}</td>
              </tr>
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
