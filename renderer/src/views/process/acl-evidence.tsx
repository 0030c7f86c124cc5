/**
 * The permissions evidence under the environment delta: who lost or gained which rights on a file
 * between the two machines (from icacls / Get-Acl output the engineer loaded), or, before any is
 * loaded, the exact commands that collect it for the selected finding's path; then the file-system
 * filter drivers fltmc listed, with their altitudes.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AclDiff, AclRights, FltmcReport, InsightResult } from '../../../../shared/model/insight';
import type { Finding } from '../../../../shared/model/finding';
import { aclCollectCommands, aclPathsFor, localized, mergeFltmc } from '../../logic/insight-view';
import { useWorkbench } from '../../state/workbench-store';
import '../insight-evidence.css';

function Rights({ rights }: { rights: AclRights | null }) {
  const { t, i18n } = useTranslation();
  if (!rights) return <span className="td-muted">{t('insight.acl.noEntry')}</span>;
  return <>{localized(rights.text, i18n.language)}</>;
}

function DiffTable({ diff }: { diff: AclDiff }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <div className="td-acl__diff" data-testid="acl-diff" data-same={diff.same}>
      <p className="td-acl__path td-mono" title={diff.path}>
        {diff.path}
      </p>
      <p className="td-acl__summary">{localized(diff.summary, lang)}</p>
      {diff.owner && (
        <p className="td-muted">
          {t('insight.acl.owner', { baseline: diff.owner.baseline, problem: diff.owner.problem })}
        </p>
      )}
      {diff.principals.length > 0 && (
        <table className="td-acl__table" data-testid="acl-table">
          <thead>
            <tr>
              <th scope="col">{t('insight.acl.principal')}</th>
              <th scope="col">{t('sides.baselineLong')}</th>
              <th scope="col">{t('sides.problemLong')}</th>
              <th scope="col">{t('insight.acl.meaning')}</th>
            </tr>
          </thead>
          <tbody>
            {diff.principals.map((p) => (
              <tr
                key={p.sid || p.account}
                data-testid="acl-row"
                data-account={p.account}
                className={p.servicingAccount ? 'td-acl__row--servicing' : undefined}
              >
                <th scope="row" className="td-acl__principal" title={p.sid || undefined}>
                  {p.account}
                </th>
                <td data-side="baseline">
                  <Rights rights={p.baseline} />
                </td>
                <td data-side="problem">
                  <Rights rights={p.problem} />
                </td>
                <td className="td-acl__sentence">{localized(p.sentence, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** The commands for the selected finding's path (else the top finding with a path), with Copy. */
function CollectCommands({ insights }: { insights: InsightResult }) {
  const { t } = useTranslation();
  const findings = useWorkbench((s) => s.findings);
  const selected = useWorkbench((s) => s.selectedFinding);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const collectable = (f: Finding) => aclCollectCommands([f.path]).length > 0;
  const finding = findings.find((f) => f.rank === selected && collectable(f)) ?? findings.find(collectable);
  if (!finding) return <p className="td-muted">{t('insight.acl.noPath')}</p>;
  const commands = aclCollectCommands(aclPathsFor(finding.path, insights.agentLinks[finding.id]));
  const text = commands.map((c) => c.command).join('\n');
  const copy = () => {
    // The clipboard can refuse (no permission, window not focused): say so rather than fail silently.
    navigator.clipboard.writeText(text).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  };
  return (
    <div className="td-acl__collect" data-testid="acl-commands">
      <p>{t('insight.acl.collect', { rank: finding.rank })}</p>
      {(['baseline', 'problem'] as const).map((side) => (
        <div key={side} className="td-acl__cmd">
          <span className="td-muted">{t(`insight.acl.runOn.${side}`)}</span>
          {commands
            .filter((c) => c.side === side)
            .map((c) => (
              <code
                key={c.command}
                className="td-mono"
                data-testid="acl-command"
                data-side={side}
                title={c.shell === 'cmd' ? 'cmd.exe' : 'PowerShell'}
              >
                {c.command}
              </code>
            ))}
        </div>
      ))}
      <div className="td-acl__copy">
        <button type="button" className="td-btn td-btn--small" onClick={copy} data-testid="acl-copy">
          {t('insight.acl.copy')}
        </button>
        {copied && (
          <span className={copied === 'yes' ? 'td-muted' : 'td-error-text'} role="status">
            {t(copied === 'yes' ? 'insight.acl.copied' : 'insight.acl.copyFailed')}
          </span>
        )}
      </div>
      <p className="td-muted td-small">{t('insight.acl.thenDrop')}</p>
    </div>
  );
}

function FltmcTable({ baseline, problem }: { baseline?: FltmcReport; problem?: FltmcReport }) {
  const { t } = useTranslation();
  const rows = mergeFltmc(baseline, problem);
  if (rows.length === 0) return null;
  const cell = (v: string | null, loaded: boolean) =>
    !loaded ? <span className="td-muted">?</span> : v === null ? <span className="td-muted">—</span> : v;
  return (
    <>
      <h3 className="td-env__title">{t('insight.fltmc.title', { count: rows.length })}</h3>
      <table className="td-acl__table" data-testid="fltmc-table">
        <thead>
          <tr>
            <th scope="col">{t('insight.fltmc.filter')}</th>
            <th scope="col">{t('insight.fltmc.group')}</th>
            <th scope="col">{t('sides.baseline')}</th>
            <th scope="col">{t('sides.problem')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.name}
              data-testid="fltmc-row"
              className={
                r.problem !== null && r.baseline === null && baseline ? 'td-acl__row--only' : undefined
              }
            >
              <th scope="row" className="td-acl__principal">
                {r.name}
                {r.publisher !== 'microsoft' && (
                  <span className={`td-env__pub td-env__pub--${r.publisher}`}>
                    {' '}
                    {t(`process.publisher.${r.publisher}`)}
                  </span>
                )}
              </th>
              <td>{r.group}</td>
              <td className="td-num">{cell(r.baseline, !!baseline)}</td>
              <td className="td-num">{cell(r.problem, !!problem)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function AclEvidence({ insights }: { insights: InsightResult }) {
  const { t } = useTranslation();
  const diffs = insights.aclDiffs;
  const differing = diffs.filter((d) => !d.same);
  return (
    <div className="td-acl" data-testid="acl-section">
      <h3 className="td-env__title">
        {diffs.length === 0 ? t('insight.acl.heading') : t('insight.acl.title', { count: differing.length })}
      </h3>
      {diffs.length === 0 ? (
        <CollectCommands insights={insights} />
      ) : (
        <>
          {differing.map((d) => (
            <DiffTable key={d.path} diff={d} />
          ))}
          {diffs.length > differing.length && (
            <p className="td-muted">{t('insight.acl.same', { count: diffs.length - differing.length })}</p>
          )}
        </>
      )}
      <FltmcTable baseline={insights.fltmc.baseline} problem={insights.fltmc.problem} />
    </div>
  );
}
