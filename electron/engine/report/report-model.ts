/**
 * Builds the report model from the case (metadata, conclusion, annotations), the two traces, the
 * logs and the comparison: the cover, the summary, one section per finding (side-by-side excerpt,
 * log evidence, code explanations, notes), other marked evidence and the appendix.
 */
import type { Annotation, CaseFile, ReportOptions } from '../../../shared/model/case';
import type { Finding, LogEvidence } from '../../../shared/model/finding';
import type { InsightResult } from '../../../shared/model/insight';
import type { CodeExplanation, LogEntry, LogSummary } from '../../../shared/model/log';
import type { Side } from '../../../shared/model/trace';
import { explainCode as defaultExplain } from '../analysis/codes/explain';
import type { TraceStore } from '../store/trace-store';
import { buildExcerpt, type ReportCompareSource } from './evidence-excerpt';
import {
  AnnotationIndex,
  alignedLabel,
  baseName,
  clip,
  eventOf,
  otherEvidence,
  toReportAnnotation,
} from './report-annotations';
import { forEachString, redactDeep, redactionOptionsOf, Redactor } from './redact';
import { aclAccounts, caseInsights, findingInsights, NO_FINDING_INSIGHTS } from './report-insights';
import { fill, reportStrings, type ReportStrings } from './report-strings';
import type {
  ReportAnnotation,
  ReportCode,
  ReportExcerptRow,
  ReportFinding,
  ReportInputRow,
  ReportLogLine,
  ReportModel,
} from './report-types';

export interface ReportLogSource {
  summary: LogSummary;
  entries: readonly LogEntry[];
}

export interface BuildReportInput {
  case: CaseFile;
  baseline: TraceStore;
  problem: TraceStore;
  logs: readonly ReportLogSource[];
  result: ReportCompareSource;
  options: ReportOptions;
  explainCode?: (code: string) => CodeExplanation | null;
  /** What the workbench learned beyond the diff (computeInsights); the report adds its sections. */
  insights?: InsightResult | null;
  toolVersion?: string;
  now?: Date;
}

const MAX_LOG_LINES = 8;
const MAX_CODES = 8;
const MAX_MARKED_FINDINGS = 200;

const pad2 = (n: number): string => String(n).padStart(2, '0');

function localDate(d: Date): string {
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

function logLine(l: LogEvidence, marked: boolean): ReportLogLine {
  return {
    file: baseName(l.file),
    line: l.line,
    time: l.time ?? '',
    text: clip(l.text),
    codes: l.codes ?? [],
    reason: l.reason,
    marked,
  };
}

function explainAll(
  f: Finding,
  explain: (code: string) => CodeExplanation | null,
  lang: ReportOptions['language'],
): ReportCode[] {
  const seen = new Set<string>();
  const out: ReportCode[] = [];
  const inputs = [f.problemResult, ...f.logEvidence.flatMap((l) => l.codes ?? [])];
  for (const code of inputs) {
    if (out.length >= MAX_CODES) break;
    if (!code || code === 'SUCCESS') continue;
    const e = explain(code);
    if (!e || seen.has(e.value)) continue;
    seen.add(e.value);
    out.push({ value: e.value, name: e.name, meaning: lang === 'zh-CN' ? e.zh || e.en : e.en });
  }
  return out;
}

function selectFindings(
  input: BuildReportInput,
  index: AnnotationIndex,
): { shown: Finding[]; total: number } {
  const all = [...input.result.findings].sort((a, b) => a.rank - b.rank);
  if (input.options.scope === 'top') {
    const n = Math.max(0, input.options.topN ?? 10);
    return { shown: all.slice(0, n), total: all.length };
  }
  const shown = all.filter((f) => {
    const linked = index.linked(f);
    if (linked.length === 0) return false;
    // A finding the engineer tagged as noise stays out of a marked-evidence report.
    const own = index.onFinding(f.id, false);
    const noise =
      own.some((a) => a.tags.includes('noise')) && !own.some((a) => a.tags.includes('root-cause'));
    return !noise;
  });
  return { shown: shown.slice(0, MAX_MARKED_FINDINGS), total: all.length };
}

function buildFinding(
  f: Finding,
  shownFindings: readonly Finding[],
  input: BuildReportInput,
  index: AnnotationIndex,
  s: ReportStrings,
  explain: (code: string) => CodeExplanation | null,
): ReportFinding {
  const { baseline, problem } = input;
  const annotations: ReportAnnotation[] = [];
  const shownIds = new Set<string>();
  const note = (a: Annotation, label: string): void => {
    if (shownIds.has(a.id)) return;
    shownIds.add(a.id);
    annotations.push(toReportAnnotation(a, label, s));
  };
  for (const a of index.onFinding(f.id)) note(a, `${s.finding} ${f.rank}`);
  const excerpt: ReportExcerptRow[] = buildExcerpt(input.result, baseline, problem, f).map((r) => {
    const marks: [Annotation, string][] = [
      ...(r.baseline >= 0 ? index.onEvent('baseline', r.baseline) : []).map((a): [Annotation, string] => [
        a,
        `${s.baselineShort} #${r.baseline}`,
      ]),
      ...(r.problem >= 0 ? index.onEvent('problem', r.problem) : []).map((a): [Annotation, string] => [
        a,
        `${s.problemShort} #${r.problem}`,
      ]),
      ...index
        .onAligned(r.baseline, r.problem)
        .map((a): [Annotation, string] => [a, alignedLabel(r.baseline, r.problem, s)]),
    ];
    for (const [a, label] of marks) note(a, label);
    return {
      kind: r.kind,
      focus: r.focus,
      marked: marks.length > 0,
      count: r.count,
      baseline: r.baseline >= 0 ? eventOf(baseline, r.baseline) : null,
      problem: r.problem >= 0 ? eventOf(problem, r.problem) : null,
    };
  });
  // Events of the finding that the excerpt did not show still carry their notes.
  for (const seq of f.baselineEvents)
    for (const a of index.onEvent('baseline', seq)) note(a, `${s.baselineShort} #${seq}`);
  for (const seq of f.problemEvents)
    for (const a of index.onEvent('problem', seq)) note(a, `${s.problemShort} #${seq}`);

  const logEvidence = f.logEvidence.slice(0, MAX_LOG_LINES).map((l) => {
    const marks = index.onLog(l.file, l.line);
    for (const a of marks) note(a, `${baseName(l.file)}:${l.line}`);
    return logLine(l, marks.length > 0);
  });
  const tags = [...new Set(annotations.flatMap((a) => a.tags))];
  return {
    rank: f.rank,
    id: f.id,
    kind: f.kind,
    kindLabel: s.findingKinds[f.kind] ?? f.kind,
    process: f.process,
    operation: f.operation,
    path: f.path,
    baselineResult: f.baselineResult,
    problemResult: f.problemResult,
    problemResultClass: f.problemResultClass,
    score: f.score,
    why: input.options.language === 'zh-CN' ? f.whyZh || f.why : f.why,
    consequence: f.consequence,
    contextProcesses: f.contextProcesses,
    excerpt,
    logEvidence,
    codes: explainAll(f, explain, input.options.language),
    annotations,
    tags,
    ...(input.insights
      ? findingInsights(input.insights, f, shownFindings, input.options.language)
      : NO_FINDING_INSIGHTS),
  };
}

function inputRows(input: BuildReportInput): ReportInputRow[] {
  if (input.case.inputs.length > 0) {
    return input.case.inputs.map((i) => ({
      file: baseName(i.path),
      path: i.path,
      side: i.side,
      kind: i.kind,
      encoding: i.encoding,
      size: i.size,
      sha256: i.sha256,
    }));
  }
  const rows: ReportInputRow[] = [];
  for (const [side, store] of [
    ['baseline', input.baseline],
    ['problem', input.problem],
  ] as const) {
    const m = store.meta;
    rows.push({
      file: m.fileName,
      path: m.file,
      side,
      kind: m.kind,
      encoding: m.encoding,
      size: m.size,
      sha256: '',
    });
  }
  for (const l of input.logs) {
    const m = l.summary;
    rows.push({
      file: m.fileName,
      path: m.file,
      side: 'log',
      kind: m.kind,
      encoding: m.encoding,
      size: m.size,
      sha256: '',
    });
  }
  return rows;
}

export function buildReportModel(input: BuildReportInput): ReportModel {
  const s = reportStrings(input.options.language);
  const explain = input.explainCode ?? defaultExplain;
  const now = input.now ?? new Date();
  const c = input.case;
  const index = new AnnotationIndex(c);
  const { shown, total } = selectFindings(input, index);
  const findings = shown.map((f) => buildFinding(f, shown, input, index, s, explain));
  const sum = input.result.summary;
  const machine = (side: Side, store: TraceStore) => ({
    name: c.metadata.machines[side].name || store.meta.computerName,
    os: c.metadata.machines[side].os || store.meta.osVersion,
    file: store.meta.fileName,
    kind: store.meta.kind,
    events: store.length,
  });
  let model: ReportModel = {
    language: input.options.language,
    title: c.title.trim() || `${input.baseline.meta.fileName} ↔ ${input.problem.meta.fileName}`,
    generatedAt: now.toISOString(),
    dateText: localDate(now),
    toolVersion: input.toolVersion ?? c.appVersion,
    metadata: c.metadata,
    machines: { baseline: machine('baseline', input.baseline), problem: machine('problem', input.problem) },
    conclusion: c.conclusion,
    stats: {
      alignedRows: sum.alignedRows,
      same: sum.same,
      changed: sum.changed,
      baselineOnly: sum.baselineOnly,
      problemOnly: sum.problemOnly,
      findings: input.result.findings.length,
    },
    scope: { kind: input.options.scope, shown: findings.length, total },
    findings,
    otherEvidence: otherEvidence(input, index, s),
    inputs: inputRows(input),
    rules: [...input.result.rules],
    insights: input.insights ? caseInsights(input.insights, shown, input.options.language) : null,
    redaction: { applied: false, counts: { user: 0, host: 0, domain: 0, sid: 0, ip: 0 } },
  };
  // Rule patterns are regular expressions (`\\users\\` would read as a UNC host): redacted, never learned from.
  const redactor = prepareRedactor(input.options.redact, input, { ...model, rules: [] });
  if (redactor) {
    for (const account of aclAccounts(input.insights ?? undefined)) redactor.learnAccount(account);
    model = redactDeep(model, redactor);
    model.redaction = { applied: true, counts: redactor.counts() };
  }
  return model;
}

/**
 * A redactor that knows the names in this case: metadata, the traces' computer names and process
 * users, event-log user and domain fields, and the profile/UNC names in `content`. Null when the
 * options ask for no redaction.
 */
export function prepareRedactor(
  redact: ReportOptions['redact'],
  input: Pick<BuildReportInput, 'case' | 'baseline' | 'problem' | 'logs'>,
  content: unknown,
): Redactor | null {
  const r = new Redactor(redactionOptionsOf(redact));
  if (!r.enabled) return null;
  learnNames(r, input, content);
  return r;
}

function learnNames(
  r: Redactor,
  input: Pick<BuildReportInput, 'case' | 'baseline' | 'problem' | 'logs'>,
  content: unknown,
): void {
  // Hosts first: a local account's domain is the computer name and should read HOST-n.
  for (const side of ['baseline', 'problem'] as const) r.learnHost(input.case.metadata.machines[side].name);
  r.learnHost(input.baseline.meta.computerName);
  r.learnHost(input.problem.meta.computerName);
  for (const store of [input.baseline, input.problem])
    for (const p of store.processes) if (p.user) r.learnAccount(p.user);
  for (const log of input.logs) {
    for (const e of log.entries) {
      const d = e.data;
      if (!d) continue;
      if (d.Computer) r.learnHost(d.Computer);
      for (const k of ['SubjectUserName', 'TargetUserName', 'UserName']) if (d[k]) r.learnUser(d[k]);
      for (const k of ['SubjectDomainName', 'TargetDomainName']) if (d[k]) r.learnDomain(d[k]);
    }
  }
  forEachString(content, (text) => r.learnFromText(text));
}

/** The scope sentence of the summary ("top 10 of 42"). */
export function scopeSentence(model: ReportModel): string {
  const s = reportStrings(model.language);
  return fill(model.scope.kind === 'marked' ? s.scopeMarked : s.scopeTop, {
    shown: model.scope.shown,
    total: model.scope.total,
  });
}
