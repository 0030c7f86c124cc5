/**
 * Turns the insights (insight/insight.ts) into report model parts: per finding the known signatures
 * that name it, the third-party code on its stack, the agents active near it, the ACL differences of
 * its file (or the commands that collect them); for the case the best signature, the signatures that
 * name no finding shown, the environment delta (问题机独有 first, non-Microsoft first) and fltmc.
 * Everything is chosen and localised here; the renderer only lays it out.
 */
import type { ReportLanguage } from '../../../shared/model/case';
import type { Finding } from '../../../shared/model/finding';
import type {
  AclDiff,
  EnvironmentItem,
  FltmcReport,
  InsightResult,
  LocalizedText,
  SignatureMatch,
} from '../../../shared/model/insight';
import { icaclsCommandsFor } from '../ingest/acl/acl-commands';
import { baseName, clip } from './report-annotations';
import { fill } from './report-strings';
import { insightStrings, type InsightStrings } from './report-insight-strings';
import type {
  ReportAclDiff,
  ReportAgentLink,
  ReportAttribution,
  ReportEnvItem,
  ReportFltmcRow,
  ReportInsights,
  ReportSignature,
  ReportFinding,
} from './report-types';

/** The tables are for reading, not an inventory: the JSON export has everything. */
const MAX_PROBLEM_ITEMS = 40;
const MAX_BASELINE_ITEMS = 15;
const MAX_EVIDENCE = 6;
const MAX_AGENTS = 6;
const MAX_TOUCHED = 4;
const MAX_ACL_PATHS = 4;

export type FindingInsights = Pick<
  ReportFinding,
  'signatures' | 'attribution' | 'agents' | 'acl' | 'aclCommands'
>;

export const NO_FINDING_INSIGHTS: FindingInsights = {
  signatures: [],
  attribution: null,
  agents: [],
  acl: [],
  aclCommands: [],
};

const fmt = (n: number): string => n.toLocaleString('en-US');

/** `2020-07-31T10:20:09.3310826` → `2020-07-31 10:20:09`; other forms as they are. */
function shortStamp(t: string): string {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)/.exec(t);
  return m ? `${m[1]} ${m[2]}` : t;
}

function namesDirectly(sig: SignatureMatch, f: Finding): boolean {
  return sig.findingIds.includes(f.id) || sig.evidence.some((e) => e.findingId === f.id);
}

/** ACL evidence of a signature reads `<path>: <principal>: …` (signature-engine.ts). */
const citesAcl = (sig: SignatureMatch, d: AclDiff): boolean =>
  sig.evidence.some((e) => e.kind === 'acl' && e.text.toLowerCase().startsWith(`${d.path.toLowerCase()}:`));

/** The ACL output is of the finding's file: the same path, or another copy of the same file name. */
function sameFile(d: AclDiff, f: Finding): boolean {
  if (!f.path) return false;
  const fp = f.path.toLowerCase();
  const dp = d.path.toLowerCase();
  return fp === dp || baseName(fp) === baseName(dp);
}

/** A signature goes with a finding it names, or whose file's ACL difference it cites. */
function signatureNames(sig: SignatureMatch, f: Finding, diffs: readonly AclDiff[]): boolean {
  return namesDirectly(sig, f) || diffs.some((d) => sameFile(d, f) && citesAcl(sig, d));
}

/** An ACL difference goes with a finding of the same file, or one whose own signature cites it. */
function aclBelongs(d: AclDiff, f: Finding, sigs: readonly SignatureMatch[]): boolean {
  return sameFile(d, f) || sigs.some((sig) => namesDirectly(sig, f) && citesAcl(sig, d));
}

function toSignature(
  sig: SignatureMatch,
  lang: ReportLanguage,
  shown: readonly Finding[],
  diffs: readonly AclDiff[],
): ReportSignature {
  return {
    ruleId: sig.ruleId,
    title: sig.title[lang] || sig.title.en,
    cause: sig.cause[lang] || sig.cause.en,
    remediation: sig.remediation[lang] || sig.remediation.en,
    score: sig.score,
    findingRanks: shown.filter((f) => signatureNames(sig, f, diffs)).map((f) => f.rank),
    evidence: sig.evidence
      .slice(0, MAX_EVIDENCE)
      .map((e) => clip(e.file ? `${baseName(e.file)}:${e.line ?? ''} ${e.text}` : e.text, 300)),
  };
}

const text = (t: LocalizedText, lang: ReportLanguage): string => t[lang] || t.en;

function toAclDiff(d: AclDiff, lang: ReportLanguage, s: InsightStrings): ReportAclDiff {
  return {
    path: d.path,
    summary: text(d.summary, lang),
    same: d.same,
    owner: d.owner,
    rows: d.principals.map((p) => ({
      principal: p.account,
      baseline: p.baseline ? text(p.baseline.text, lang) : s.noAccess,
      problem: p.problem ? text(p.problem.text, lang) : s.noAccess,
      sentence: text(p.sentence, lang),
      servicingAccount: p.servicingAccount,
    })),
  };
}

function whenText(ms: number, s: InsightStrings): string {
  const abs = Math.abs(ms);
  const shown = abs < 10 ? abs.toFixed(1) : fmt(Math.round(abs));
  if (shown === '0.0') return s.msAt;
  return fill(ms < 0 ? s.msBefore : s.msAfter, { ms: shown });
}

function agentsOf(insights: InsightResult, f: Finding, s: InsightStrings): ReportAgentLink[] {
  return (insights.agentLinks[f.id] ?? []).slice(0, MAX_AGENTS).map((a) => ({
    process: a.process,
    pid: a.pid,
    product: a.product,
    events: a.events,
    when: whenText(a.nearestMs, s),
    sameFile: a.sameFile,
    touched: a.touched.slice(0, MAX_TOUCHED).map((t) => ({
      path: t.path,
      operations: t.operations.join(', '),
      results: t.results.join(', '),
      count: t.count,
    })),
  }));
}

function attributionOf(insights: InsightResult, f: Finding, lang: ReportLanguage): ReportAttribution | null {
  const a = insights.attributions[f.id];
  if (!a) return null;
  return {
    sentence: text(a.sentence, lang),
    seq: a.seq,
    result: a.result,
    modules: a.modules.map((m) => ({
      module: m.module,
      path: m.path,
      company: m.company,
      kernel: m.kernel,
      altitude: m.filter ? `${m.filter.altitude}${m.filter.group ? ` (${m.filter.group})` : ''}` : '',
    })),
  };
}

/** Access refusals are what an ACL explains; other failures get no collection commands. */
const ACL_RESULT = /ACCESS DENIED|拒绝访问/i;

/**
 * The finding's path, then the other copies of the same file that agents touched near the failure
 * (System32, DriverStore): a download or temp folder is often gone by the time anyone runs icacls.
 */
function aclPaths(insights: InsightResult, f: Finding): string[] {
  const name = baseName(f.path).toLowerCase();
  const copies = (insights.agentLinks[f.id] ?? [])
    .flatMap((a) => a.touched.map((t) => t.path))
    .filter((p) => baseName(p).toLowerCase() === name);
  return [f.path, ...copies].slice(0, MAX_ACL_PATHS);
}

export function findingInsights(
  insights: InsightResult,
  f: Finding,
  shown: readonly Finding[],
  lang: ReportLanguage,
): FindingInsights {
  const s = insightStrings(lang);
  const diffs = insights.aclDiffs;
  const sigs = insights.signatures.filter((sig) => signatureNames(sig, f, diffs));
  const acl = diffs.filter((d) => aclBelongs(d, f, sigs)).map((d) => toAclDiff(d, lang, s));
  const aclCommands =
    acl.length === 0 && ACL_RESULT.test(f.problemResult) && f.path
      ? icaclsCommandsFor(aclPaths(insights, f)).map((c) => ({
          path: c.path,
          outputName: c.outputName,
          cmd: c.cmd,
          powershell: c.powershell,
        }))
      : [];
  return {
    signatures: sigs.map((sig) => toSignature(sig, lang, shown, diffs)),
    attribution: attributionOf(insights, f, lang),
    agents: agentsOf(insights, f, s),
    acl,
    aclCommands,
  };
}

function envItem(it: EnvironmentItem, s: InsightStrings): ReportEnvItem {
  const company = it.company.trim();
  return {
    kind: it.kind,
    kindLabel: s.envKinds[it.kind] ?? it.kind,
    name: it.name,
    path: it.path && it.path !== it.name ? it.path : '',
    publisher: company || s.publishers[it.publisher],
    description: it.description.trim(),
    thirdParty: it.publisher !== 'microsoft',
    problemEvents: it.problemEvents,
    baselineEvents: it.baselineEvents,
    firstTime: shortStamp(it.firstTime),
    product: it.product ?? '',
    altitude: it.altitude ? `${it.altitude}${it.altitudeGroup ? ` (${it.altitudeGroup})` : ''}` : '',
    evidence: it.evidence.map((e) => {
      const where = e.line !== undefined ? `:${e.line}` : e.seq !== undefined ? ` #${e.seq}` : '';
      return clip(`${s.sources[e.source] ?? e.source} · ${e.file}${where}: ${e.detail}`, 240);
    }),
  };
}

function fltmcRows(fltmc: InsightResult['fltmc'], s: InsightStrings): ReportFltmcRow[] {
  const find = (r: FltmcReport | undefined, key: string) =>
    r?.filters.find((x) => x.name.toLowerCase() === key);
  const sideText = (r: FltmcReport | undefined, key: string, altitude: string): string => {
    if (!r) return s.noFltmc;
    const f = find(r, key);
    if (!f) return s.notLoaded;
    const own = f.instances === null ? '' : fill(s.instances, { n: f.instances });
    // The altitude column shows one side's; a side that loads the filter elsewhere says so.
    return f.altitude === altitude ? own || f.altitude : [f.altitude, own].filter(Boolean).join(' · ');
  };
  const rows = new Map<string, ReportFltmcRow & { sort: number }>();
  for (const r of [fltmc.problem, fltmc.baseline]) {
    for (const f of r?.filters ?? []) {
      const key = f.name.toLowerCase();
      if (rows.has(key)) continue;
      rows.set(key, {
        name: f.name,
        altitude: f.altitude,
        group: f.group,
        publisher: s.publishers[f.publisher],
        baseline: sideText(fltmc.baseline, key, f.altitude),
        problem: sideText(fltmc.problem, key, f.altitude),
        problemOnly: !!fltmc.baseline && !!find(fltmc.problem, key) && !find(fltmc.baseline, key),
        sort: Number.parseFloat(f.altitude) || 0,
      });
    }
  }
  return [...rows.values()].sort((a, b) => b.sort - a.sort).map(({ sort: _sort, ...row }) => row);
}

export function caseInsights(
  insights: InsightResult,
  shown: readonly Finding[],
  lang: ReportLanguage,
): ReportInsights {
  const s = insightStrings(lang);
  const items = insights.environment.items;
  const problemItems = items.filter((i) => i.presence === 'problem-only' || i.presence === 'problem');
  const baselineItems = items.filter((i) => i.presence === 'baseline-only' || i.presence === 'baseline');
  const diffs = insights.aclDiffs;
  const onShown = (sig: SignatureMatch): boolean => shown.some((f) => signatureNames(sig, f, diffs));
  const withFinding = (d: AclDiff): boolean => shown.some((f) => aclBelongs(d, f, insights.signatures));
  const top = insights.signatures[0];
  const hasFltmc = !!insights.fltmc.baseline || !!insights.fltmc.problem;
  return {
    top: top ? toSignature(top, lang, shown, diffs) : null,
    otherSignatures: insights.signatures
      .filter((sig) => !onShown(sig))
      .map((sig) => toSignature(sig, lang, shown, diffs)),
    environment: {
      problemOnly: problemItems.slice(0, MAX_PROBLEM_ITEMS).map((i) => envItem(i, s)),
      baselineOnly: baselineItems.slice(0, MAX_BASELINE_ITEMS).map((i) => envItem(i, s)),
      moreProblemOnly: Math.max(0, problemItems.length - MAX_PROBLEM_ITEMS),
      moreBaselineOnly: Math.max(0, baselineItems.length - MAX_BASELINE_ITEMS),
      products: insights.environment.products
        .filter((p) => p.presence === 'problem-only' || p.presence === 'problem')
        .map((p) => ({
          vendor: p.vendor,
          folder: p.folder,
          processes: p.processes,
          items: p.items.length,
          problemEvents: p.problemEvents,
        })),
    },
    acl: diffs.filter((d) => !withFinding(d)).map((d) => toAclDiff(d, lang, s)),
    aclCompared: insights.aclDiffs.length > 0,
    fltmc: hasFltmc
      ? {
          rows: fltmcRows(insights.fltmc, s),
          baselineFile: insights.fltmc.baseline?.file ?? '',
          problemFile: insights.fltmc.problem?.file ?? '',
        }
      : null,
    warnings: insights.warnings,
  };
}

/** Accounts named in ACL output that are not Windows' own: the redactor must know them. */
export function aclAccounts(insights: InsightResult | undefined): string[] {
  if (!insights) return [];
  const out = new Set<string>();
  for (const d of insights.aclDiffs) {
    for (const p of d.principals) {
      // A well-known SID means a Windows account or group (SYSTEM, Administrators, app packages).
      const local = p.sid === '' || /^S-1-5-21-/i.test(p.sid);
      if (local && p.account.includes('\\')) out.add(p.account);
    }
    if (d.owner) for (const o of [d.owner.baseline, d.owner.problem]) if (o.includes('\\')) out.add(o);
  }
  return [...out];
}
