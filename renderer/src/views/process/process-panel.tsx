/**
 * Processes: the environment delta (what only the problem machine runs, the usual suspect first) and
 * each capture's process tree with events and real failures per process. Choosing a process filters
 * both captures to it.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProcessInstanceStat } from '../../../../shared/contract';
import type { ProcessInfo, Side } from '../../../../shared/model/trace';
import { visibleText } from '../../../../shared/visible-text';
import { getApi } from '../../api/get-api';
import { errorMessage } from '../../logic/error-message';
import { formatCount } from '../../logic/format';
import { useWorkbench } from '../../state/workbench-store';
import { useFilters } from '../filters/filter-store';
import { AclEvidence } from './acl-evidence';
import { EnvironmentDelta } from './environment-delta';
import { buildProcessTree, visibleRows, type ProcessNode } from './process-data';
import { useInsights } from './use-insights';
import '../charts/insight-panels.css';

interface SideData {
  processes: ProcessInfo[];
  stats: ProcessInstanceStat[];
}

function useSideData(side: Side, present: boolean): { data: SideData | null; error: string | null } {
  const dataVersion = useWorkbench((s) => s.dataVersion);
  const [state, setState] = useState<{ key: string; data: SideData | null; error: string | null }>({
    key: '',
    data: null,
    error: null,
  });
  const key = `${side}:${dataVersion}`;
  useEffect(() => {
    if (!present) return;
    let live = true;
    const api = getApi();
    Promise.all([api.listProcesses({ side }), api.getProcessStats({ side })])
      .then(
        ([p, s]) =>
          live && setState({ key, data: { processes: p.processes, stats: s.instances }, error: null }),
      )
      .catch((e: unknown) => live && setState({ key, data: null, error: errorMessage(e) }));
    return () => {
      live = false;
    };
  }, [key, side, present]);
  return state.key === key ? { data: state.data, error: state.error } : { data: null, error: null };
}

function TreeRow({ node, open, onToggle }: { node: ProcessNode; open: boolean; onToggle: () => void }) {
  const { t, i18n } = useTranslation();
  const addRule = useFilters((s) => s.addRule);
  const p = node.info;
  const n = (v: number) => formatCount(v, i18n.language);
  return (
    <tr
      className={node.onlyHere ? 'td-ptree__row td-ptree__row--only' : 'td-ptree__row'}
      data-testid="process-row"
      data-only={node.onlyHere ? 'true' : undefined}
      aria-level={node.depth + 1}
    >
      <td className="td-ptree__name" style={{ paddingLeft: 6 + node.depth * 14 }}>
        {node.children.length > 0 ? (
          <button
            type="button"
            className="td-icon-btn td-ptree__toggle"
            aria-expanded={open}
            aria-label={t(open ? 'process.collapse' : 'process.expand', { name: p.name })}
            onClick={onToggle}
          >
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span className="td-ptree__leaf" aria-hidden="true" />
        )}
        <button
          type="button"
          className="td-link"
          title={t('process.showEventsTitle', { name: p.name })}
          onClick={() =>
            addRule({ column: 'Process Name', relation: 'is', value: p.name, action: 'include' })
          }
        >
          {visibleText(p.name)}
        </button>
        {node.onlyHere && <span className="td-ptree__badge">{t('process.onlyHere')}</span>}
      </td>
      <td className="td-num">{p.pid}</td>
      <td className="td-num">{n(node.events)}</td>
      <td className={`td-num${node.failures > 0 ? ' td-fail-text' : ''}`}>{n(node.failures)}</td>
      <td className="td-ptree__text" title={visibleText(p.user)}>
        {visibleText(p.user)}
      </td>
      <td>{p.integrity}</td>
      <td className="td-ptree__text td-mono" title={visibleText(p.commandLine || p.imagePath)}>
        {visibleText(p.commandLine || p.imagePath)}
      </td>
    </tr>
  );
}

function ProcessTree({ side, other }: { side: Side; other: SideData | null }) {
  const { t } = useTranslation();
  const trace = useWorkbench((s) => s.host?.traces[side]);
  const { data, error } = useSideData(side, !!trace);
  const [collapsed, setCollapsed] = useState<Set<ProcessInfo>>(new Set());
  const otherNames = useMemo(
    () => new Set((other?.processes ?? []).map((p) => p.name.toLowerCase())),
    [other],
  );
  const roots = useMemo(
    () => (data ? buildProcessTree(data.processes, data.stats, otherNames) : []),
    [data, otherNames],
  );
  if (!trace) return <p className="td-panel__empty">{t('process.noCapture')}</p>;
  if (error) return <p className="td-error-text td-panel__empty">{error}</p>;
  if (!data) return <p className="td-panel__empty">{t('common.loading')}</p>;
  if (roots.length === 0) return <p className="td-panel__empty">{t('process.none')}</p>;
  const rows = visibleRows(roots, collapsed);
  const flat = data.processes.every((p) => p.parentPid < 0);
  return (
    <>
      {flat && <p className="td-muted td-small td-ptree__note">{t('process.flat')}</p>}
      <table className="td-ptree" data-testid={`process-tree-${side}`}>
        <thead>
          <tr>
            <th scope="col">{t('process.name')}</th>
            <th scope="col">PID</th>
            <th scope="col">{t('process.eventsColumn')}</th>
            <th scope="col">{t('process.failuresColumn')}</th>
            <th scope="col">{t('detail.process.user')}</th>
            <th scope="col">{t('detail.process.integrity')}</th>
            <th scope="col">{t('detail.process.commandLine')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((node) => (
            <TreeRow
              key={`${node.info.index}:${node.info.pid}`}
              node={node}
              open={!collapsed.has(node.info)}
              onToggle={() =>
                setCollapsed((c) => {
                  const next = new Set(c);
                  if (next.has(node.info)) next.delete(node.info);
                  else next.add(node.info);
                  return next;
                })
              }
            />
          ))}
        </tbody>
      </table>
    </>
  );
}

export function ProcessPanel() {
  const { t } = useTranslation();
  const traces = useWorkbench((s) => s.host?.traces);
  const [side, setSide] = useState<Side>('problem');
  const insights = useInsights();
  const other: Side = side === 'problem' ? 'baseline' : 'problem';
  const otherData = useSideData(other, !!traces?.[other]).data;
  return (
    <section className="td-panel td-processes" data-testid="process-panel" aria-label={t('process.title')}>
      <div className="td-panel__head">
        <span className="td-panel__title">{t('process.title')}</span>
        <span className="td-spacer" />
        <div className="td-segmented td-segmented--small" role="group" aria-label={t('process.side')}>
          {(['problem', 'baseline'] as const).map((s) => (
            <button
              key={s}
              type="button"
              aria-pressed={side === s}
              disabled={!traces?.[s]}
              onClick={() => setSide(s)}
              data-testid={`process-side-${s}`}
            >
              {t(`sides.${s}`)}
            </button>
          ))}
        </div>
      </div>
      <div className="td-processes__body">
        <EnvironmentDelta state={insights} />
        {insights.insights && <AclEvidence insights={insights.insights} />}
        <h3 className="td-env__title">{t('process.tree', { side: t(`sides.${side}`) })}</h3>
        <ProcessTree side={side} other={otherData} />
      </div>
    </section>
  );
}
