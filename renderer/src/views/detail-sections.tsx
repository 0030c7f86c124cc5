/** The tables of the detail pane: fields, process and stack, baseline beside problem. */
import { useTranslation } from 'react-i18next';
import type { EventDetail } from '../../../shared/contract';
import type { ProcessInfo, StackFrame } from '../../../shared/model/trace';
import { visibleText } from '../../../shared/visible-text';
import { isThirdPartyFrame } from '../logic/stack-frames';

interface Pair {
  baseline: EventDetail | null;
  problem: EventDetail | null;
}

interface CompareRow {
  label: string;
  b: string;
  p: string;
  tone?: string;
  /** Fields that differ on every pair of machines (sequence, time, ids) are not marked as differences. */
  incidental?: boolean;
}

function CompareTable({ rows }: { rows: CompareRow[] }) {
  const { t } = useTranslation();
  return (
    <table className="td-compare">
      <thead>
        <tr>
          <th />
          <th>{t('sides.baseline')}</th>
          <th>{t('sides.problem')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const differs = !r.incidental && r.b !== '' && r.p !== '' && r.b !== r.p;
          return (
            <tr key={r.label} className={differs ? 'td-compare__differs' : undefined}>
              <th scope="row">
                {visibleText(r.label)}
                {differs && (
                  <span className="td-compare__marker" aria-label="≠">
                    {' '}
                    ≠
                  </span>
                )}
              </th>
              <td>{visibleText(r.b)}</td>
              <td className={r.tone}>{visibleText(r.p)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function DetailFields({ baseline, problem }: Pair) {
  const { t } = useTranslation();
  const b = baseline?.row;
  const p = problem?.row;
  const num = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  // Procmon shows durations with 100 ns digits; more would only show float noise.
  const seconds = (v: number | null | undefined) => (v === null || v === undefined ? '' : v.toFixed(7));
  const rows: CompareRow[] = [
    { label: t('columns.sequence'), b: num(b?.seq), p: num(p?.seq), incidental: true },
    { label: t('columns.time'), b: b?.time ?? '', p: p?.time ?? '', incidental: true },
    { label: t('columns.process'), b: b?.process ?? '', p: p?.process ?? '' },
    { label: t('columns.pid'), b: num(b?.pid), p: num(p?.pid), incidental: true },
    { label: 'TID', b: num(b?.tid), p: num(p?.tid), incidental: true },
    { label: t('columns.operation'), b: b?.operation ?? '', p: p?.operation ?? '' },
    { label: t('columns.path'), b: b?.path ?? '', p: p?.path ?? '' },
    {
      label: t('columns.result'),
      b: b?.result ?? '',
      p: p?.result ?? '',
      tone:
        p?.resultClass === 'failure'
          ? 'td-fail-text'
          : p?.resultClass === 'context'
            ? 'td-context-text'
            : undefined,
    },
    { label: t('columns.detail'), b: b?.detail ?? '', p: p?.detail ?? '' },
    { label: t('detail.duration'), b: seconds(b?.duration), p: seconds(p?.duration), incidental: true },
    { label: t('detail.eventClass'), b: b?.eventClass ?? '', p: p?.eventClass ?? '' },
  ];
  const extraKeys = [...new Set([...Object.keys(b?.extra ?? {}), ...Object.keys(p?.extra ?? {})])];
  for (const k of extraKeys) rows.push({ label: k, b: b?.extra?.[k] ?? '', p: p?.extra?.[k] ?? '' });
  return <CompareTable rows={rows} />;
}

export function DetailProcess({ baseline, problem }: Pair) {
  const { t } = useTranslation();
  const b = baseline?.process;
  const p = problem?.process;
  if (!b && !p) return <p className="td-panel__empty">{t('detail.noProcess')}</p>;
  const field = (x: ProcessInfo | null | undefined, k: keyof ProcessInfo) => {
    const v = x?.[k];
    return v === null || v === undefined ? '' : String(v);
  };
  const keys: [keyof ProcessInfo, string][] = [
    ['name', t('detail.process.name')],
    ['pid', t('columns.pid')],
    ['imagePath', t('detail.process.image')],
    ['commandLine', t('detail.process.commandLine')],
    ['parentPid', t('detail.process.parent')],
    ['user', t('detail.process.user')],
    ['integrity', t('detail.process.integrity')],
    ['startTime', t('detail.process.start')],
    ['company', t('detail.process.company')],
    ['version', t('detail.process.version')],
  ];
  const incidental = new Set<keyof ProcessInfo>(['pid', 'parentPid', 'startTime']);
  return (
    <CompareTable
      rows={keys.map(([k, label]) => ({
        label,
        b: field(b, k),
        p: field(p, k),
        incidental: incidental.has(k),
      }))}
    />
  );
}

function StackList({ frames, process }: { frames: StackFrame[]; process: ProcessInfo | null }) {
  const { t } = useTranslation();
  if (frames.length === 0) return <p className="td-panel__empty">{t('detail.noStack')}</p>;
  const modules = process?.modules ?? [];
  return (
    <ol className="td-stack">
      {frames.map((f) => {
        const third = isThirdPartyFrame(f, modules);
        return (
          <li
            key={f.depth}
            className={third ? 'td-stack__frame td-stack__frame--third' : 'td-stack__frame'}
            title={f.path}
          >
            <span className="td-stack__depth">{f.depth}</span>
            <span className="td-stack__kind">{f.kernel ? 'K' : 'U'}</span>
            <span className="td-stack__module">{visibleText(f.module) || '?'}</span>
            <span className="td-stack__loc">{visibleText(f.location || f.address)}</span>
            {third && <span className="td-stack__flag">{t('detail.thirdParty')}</span>}
          </li>
        );
      })}
    </ol>
  );
}

export function DetailStack({ baseline, problem }: Pair) {
  const { t } = useTranslation();
  return (
    <div className="td-stack-pair">
      <div>
        <div className="td-stack-pair__head">{t('sides.baseline')}</div>
        <StackList frames={baseline?.stack ?? []} process={baseline?.process ?? null} />
      </div>
      <div>
        <div className="td-stack-pair__head">{t('sides.problem')}</div>
        <StackList frames={problem?.stack ?? []} process={problem?.process ?? null} />
      </div>
    </div>
  );
}
