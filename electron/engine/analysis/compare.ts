/**
 * The comparison (ARCHITECTURE.md §3): normalize both traces into keys, align them per process,
 * collect and rank root-cause candidates, tie them to the logs. Runs on typed arrays on the caller's
 * thread, as steps (`compareSteps`): `compareTraces` runs them at once, compare-async.ts runs them in
 * slices so a host's event loop stays responsive and a comparison can be cancelled. There is no
 * compare worker: moving two stores (their string tables are copied, not transferred) to a worker and
 * the rows back would cost about as much as the comparison itself. The costly part of keying, the
 * normalization of every distinct path, is done ahead in the readers' workers (side-keys.ts).
 */
import type {
  AlignedRowRef,
  CompareSummary,
  Finding,
  NormalizationRule,
} from '../../../shared/model/finding';
import type { CodeExplanation } from '../../../shared/model/log';
import type { Side } from '../../../shared/model/trace';
import type { TraceStore } from '../store/trace-store';
import { explainCode } from './codes/explain';
import type { AlignOptions, AlignStats } from './align';
import { alignRowSteps, AlignedView } from './aligned-rows';
import {
  isNamingHit,
  LogCorrelator,
  summarizeHits,
  type ExplainFn,
  type LogHit,
  type LogSource,
} from './correlate';
import { defaultRules } from './default-rules';
import { contextProcesses, processCandidates, problemOnlySeqs } from './context-processes';
import { collectCandidateSteps, type AnalysisInput, type Candidate } from './findings';
import { matchInstances, splitInstanceSteps } from './instances';
import { buildKeySteps, RuleError, validateRules } from './normalize';
import { checkAborted, runSteps, type Steps } from './steps';
import { adoptAheadSpace, aheadKeyer } from './side-keys';
import { explain, scoreCandidate } from './rank';

export interface CompareOptions {
  rules?: NormalizationRule[];
  /** Runs of identical rows longer than this fold into one row in the collapsed view (default 20). */
  collapseThreshold?: number;
  signal?: AbortSignal;
  /** Ids the summary names the traces by (default: their file names). */
  baselineId?: string;
  problemId?: string;
  /** Most findings returned (default 100). */
  maxFindings?: number;
  align?: AlignOptions;
  /** Error-code explanations (default: the code table). */
  explain?: ExplainFn;
  /** Told when each phase starts. */
  onPhase?: (phase: ComparePhase) => void;
}

/** The phases of a comparison, in order (CompareResult.timings has one entry per phase). */
export const COMPARE_PHASES = ['normalize', 'instances', 'align', 'candidates', 'rank'] as const;
export type ComparePhase = (typeof COMPARE_PHASES)[number];

export interface CompareResult {
  summary: CompareSummary;
  findings: Finding[];
  /** The rules used, with `touched` counts. */
  rules: NormalizationRule[];
  /** One line per log on how its times were compared with the trace. */
  clockNotes: string[];
  alignStats: AlignStats;
  /** Milliseconds per phase. */
  timings: Record<string, number>;
  alignedCount(expandAll: boolean): number;
  alignedPage(offset: number, limit: number, expandAll: boolean): AlignedRowRef[];
  /** The aligned row (in the collapsed view unless expandAll) that shows an event; -1 when none. */
  alignedIndexOf(side: Side, seq: number, expandAll?: boolean): number;
  /** The normalized key an event was matched by. */
  keyOf(side: Side, seq: number): string;
}

/** Candidates that get the costlier evidence (context processes, logs) before the final ranking. */
const DEEP_CANDIDATES = 60;

export function compareTraces(
  baseline: TraceStore,
  problem: TraceStore,
  logs: readonly LogSource[],
  opts: CompareOptions = {},
): CompareResult {
  return runSteps(compareSteps(baseline, problem, logs, opts));
}

/**
 * The comparison as steps: each `yield` is a point where the caller may pause (a few milliseconds
 * of work apart). Phase times in `timings` are wall-clock, pauses included.
 */
export function* compareSteps(
  baseline: TraceStore,
  problem: TraceStore,
  logs: readonly LogSource[],
  opts: CompareOptions = {},
): Steps<CompareResult> {
  const started = performance.now();
  const timings: Record<string, number> = {};
  let mark = started;
  const lap = (name: ComparePhase): void => {
    const now = performance.now();
    timings[name] = Math.round(now - mark);
    mark = now;
    const next = COMPARE_PHASES[COMPARE_PHASES.indexOf(name) + 1];
    if (next) opts.onPhase?.(next);
  };
  const signal = opts.signal;
  const rulesIn = opts.rules ?? defaultRules();
  const problems = validateRules(rulesIn);
  if (problems.length > 0)
    throw new RuleError(
      rulesIn.find((r) => problems[0].includes(`'${r.id}'`))?.id ?? '?',
      problems.join('; '),
    );
  const explainFn: ExplainFn = opts.explain ?? explainCode;

  opts.onPhase?.('normalize');
  const keyed = yield* buildKeySteps(baseline, problem, rulesIn, signal, aheadKeyer, adoptAheadSpace);
  lap('normalize');
  const bInst = yield* splitInstanceSteps(keyed.baseline, signal);
  const pInst = yield* splitInstanceSteps(keyed.problem, signal);
  const pairs = matchInstances(
    { side: keyed.baseline, inst: bInst },
    { side: keyed.problem, inst: pInst },
    keyed.normalizer,
  );
  const bNames = new Set(bInst.list.map((i) => i.name));
  const pNames = new Set(pInst.list.map((i) => i.name));
  const problemOnlyNames = new Set([...pNames].filter((n) => !bNames.has(n)));
  const baselineOnlyNames = new Set([...bNames].filter((n) => !pNames.has(n)));
  lap('instances');
  yield;
  const rows = yield* alignRowSteps(
    { side: keyed.baseline, inst: bInst },
    { side: keyed.problem, inst: pInst },
    pairs,
    keyed.space.size,
    opts.align,
    signal,
  );
  lap('align');

  const input: AnalysisInput = { keyed, bInst, pInst, rows, problemOnlyNames, baselineOnlyNames };
  const cands = yield* collectCandidateSteps(input, signal);
  for (const c of cands) c.score = scoreCandidate(c);
  cands.sort(byScore);
  lap('candidates');

  const correlator = new LogCorrelator(logs, problem, explainFn);
  const space = keyed.space;
  const resultText = (id: number): string => (id >= 0 ? space.results.values[id] : '');
  const deep = cands.slice(0, DEEP_CANDIDATES);
  const ctxSeqs = problemOnlySeqs(input);
  const hitsOf = new Map<Candidate, LogHit[]>();
  for (const c of deep) {
    checkAborted(signal);
    yield;
    c.context = contextProcesses(input, c, ctxSeqs);
    const paths = [problem.path(c.problemSeqs[0])];
    if (c.baselineSeqs.length > 0) paths.push(baseline.path(c.baselineSeqs[0]));
    hitsOf.set(
      c,
      correlator.correlate({
        paths,
        result: resultText(c.problemResult),
        time: problem.timeValue(c.problemSeqs[0]),
        names: c.context.map((p) => p.process),
      }),
    );
  }
  // A log line that names one finding's file is explained by that finding: it is no evidence for
  // another finding that matched it only by error code or time. A line matched only by code or time
  // goes to the strongest finding that matched it, not to every finding near it.
  const explained = new Set<string>();
  for (const hits of hitsOf.values()) for (const h of hits) if (isNamingHit(h)) explained.add(h.entry);
  const claimed = new Set<string>();
  for (const [c, hits] of hitsOf) {
    const kept = hits.filter((h) => {
      if (isNamingHit(h)) return true;
      if (explained.has(h.entry) || claimed.has(h.entry)) return false;
      claimed.add(h.entry);
      return true;
    });
    applyCorrelation(c, summarizeHits(kept), explainFn);
    c.score = scoreCandidate(c);
  }
  const procs = processCandidates(input);
  for (const c of procs) {
    checkAborted(signal);
    yield;
    const seq = c.problemSeqs[0] ?? -1;
    const hits = correlator.correlate({
      paths: [],
      result: '',
      time: seq >= 0 ? problem.timeValue(seq) : NaN,
      names: [c.processName ?? ''],
    });
    // Only entries that name the process count for a process-level finding.
    const corr = summarizeHits(hits.filter((h) => h.evidence.reason === 'file-name'));
    applyCorrelation(c, { ...corr, strong: corr.strong + corr.weak, weak: 0 }, explainFn);
    c.score = scoreCandidate(c);
  }
  const all = [...cands, ...procs].sort(byScore).slice(0, opts.maxFindings ?? 100);
  lap('rank');

  const findings = all.map((c, i) => toFinding(c, i + 1, input, resultText));
  const rowRank = new Map<number, number>();
  for (const f of findings)
    if (f.alignedRow >= 0 && !rowRank.has(f.alignedRow)) rowRank.set(f.alignedRow, f.rank);

  const summary: CompareSummary = {
    baselineId: opts.baselineId ?? baseline.meta.fileName,
    problemId: opts.problemId ?? problem.meta.fileName,
    alignedRows: rows.length,
    same: rows.counts.same,
    changed: rows.counts.changed,
    baselineOnly: rows.counts.baselineOnly,
    problemOnly: rows.counts.problemOnly,
    findings: findings.length,
    processesOnlyInProblem: namesOf(problemOnlyNames, pInst.list, problem),
    processesOnlyInBaseline: namesOf(baselineOnlyNames, bInst.list, baseline),
    elapsedMs: Math.round(performance.now() - started),
  };
  if (correlator.clockNotes.length > 0) summary.clockNote = correlator.clockNotes.join('\n');

  const threshold = Math.max(1, opts.collapseThreshold ?? 20);
  let collapsed: AlignedView | null = null;
  const view = (): AlignedView => (collapsed ??= new AlignedView(rows, threshold));
  const withRank = (
    refs: AlignedRowRef[],
    rowsOf: (i: number) => number,
    offset: number,
  ): AlignedRowRef[] => {
    refs.forEach((r, i) => {
      const rank = rowRank.get(rowsOf(offset + i));
      if (rank !== undefined && r.kind !== 'collapsed') r.findingRank = rank;
    });
    return refs;
  };

  return {
    summary,
    findings,
    rules: keyed.rules,
    clockNotes: correlator.clockNotes,
    alignStats: rows.stats,
    timings,
    alignedCount: (expandAll) => (expandAll ? rows.length : view().length),
    alignedPage: (offset, limit, expandAll) => {
      if (!expandAll)
        return withRank(view().page(offset, limit), (i) => view().rowAt(i), Math.max(0, offset));
      const out: AlignedRowRef[] = [];
      const end = Math.min(rows.length, Math.max(0, offset) + Math.max(0, limit));
      for (let g = Math.max(0, offset); g < end; g++) {
        out.push({ kind: rows.kindName(g), baseline: rows.baseline[g], problem: rows.problem[g] });
      }
      return withRank(out, (i) => i, Math.max(0, offset));
    },
    alignedIndexOf: (side, seq, expandAll = false) => {
      const g = rows.rowOf(side, seq);
      if (g < 0) return -1;
      return expandAll ? g : view().indexOfRow(g);
    },
    keyOf: (side, seq) => {
      const k = side === 'baseline' ? keyed.baseline.key : keyed.problem.key;
      return seq >= 0 && seq < k.length ? space.text(k[seq]) : '';
    },
  };
}

function byScore(x: Candidate, y: Candidate): number {
  return y.score - x.score || x.firstRow - y.firstRow;
}

function applyCorrelation(
  c: Candidate,
  corr: { evidence: Candidate['logEvidence']; strong: number; weak: number },
  explainFn: ExplainFn,
): void {
  c.logEvidence = corr.evidence;
  c.logStrong = corr.strong;
  c.logWeak = corr.weak;
  const seen = new Map<string, CodeExplanation>();
  for (const e of corr.evidence) {
    for (const code of e.codes ?? []) {
      if (seen.has(code)) continue;
      const ex = e.explanations?.find((x) => x.input === code) ?? explainFn(code);
      if (ex) seen.set(code, ex);
    }
  }
  c.codes = [...seen.values()];
}

function namesOf(ids: Set<number>, list: { name: number; firstSeq: number }[], store: TraceStore): string[] {
  const out = new Map<number, string>();
  for (const i of list)
    if (ids.has(i.name) && !out.has(i.name)) out.set(i.name, store.processName(i.firstSeq));
  return [...out.values()].sort((a, b) => a.localeCompare(b));
}

/** A short stable id: FNV-1a of the finding's identity, so annotations survive a re-run. */
function stableId(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

function toFinding(
  c: Candidate,
  rank: number,
  input: AnalysisInput,
  resultText: (id: number) => string,
): Finding {
  const b = input.keyed.baseline.store;
  const p = input.keyed.problem.store;
  const pSeq = c.problemSeqs[0] ?? -1;
  const bSeq = c.baselineSeqs[0] ?? -1;
  const store = pSeq >= 0 ? p : b;
  const seq = pSeq >= 0 ? pSeq : bSeq;
  const processLevel = c.kind === 'context-process' || c.kind === 'baseline-only-work';
  const process = c.processName ?? store.processName(seq);
  const operation = processLevel ? '' : store.operation(seq);
  const path = processLevel ? '' : store.path(seq);
  const baselineResult = processLevel ? '' : resultText(c.baselineResult);
  const problemResult = processLevel ? '' : resultText(c.problemResult);
  const key = processLevel ? `process:${process.toLowerCase()}` : input.keyed.space.text(c.key);
  const target = path ? path.slice(path.lastIndexOf('\\') + 1) || path : process;
  const words = explain(c, { process, operation, target, baselineResult, problemResult });
  const f: Finding = {
    rank,
    id: stableId(`${c.kind}\n${key}\n${baselineResult}\n${problemResult}`),
    process,
    operation,
    path,
    baselineResult,
    problemResult,
    problemResultClass: processLevel ? (c.problemClass === 'failure' ? 'failure' : 'other') : c.problemClass,
    score: c.score,
    why: words.why,
    whyZh: words.whyZh,
    baselineEvents: c.baselineSeqs,
    problemEvents: c.problemSeqs,
    alignedRow: c.firstRow,
    consequence: c.consequence,
    kind: c.kind,
    logEvidence: c.logEvidence,
    contextProcesses: [...new Set(c.context.map((x) => x.process))],
    key,
    occurrences: c.occurrences,
  };
  if (c.context.length > 0) f.contextDetails = c.context;
  if (bSeq >= 0 && !processLevel) f.baselinePath = b.path(bSeq);
  if (c.alsoOnBaseline) f.alsoOnBaseline = true;
  if (c.codes.length > 0) f.codes = c.codes;
  return f;
}
