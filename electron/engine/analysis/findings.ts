/**
 * Root-cause candidates from the aligned rows (ARCHITECTURE.md §3 "Findings"). A candidate is a key
 * whose result differs between the machines (matched row, result changed), or a real failure that
 * only the problem machine has. Each gathers its evidence: all occurrences, the consequence (the
 * baseline-only work of the same process that follows: the bifurcation point), whether the baseline
 * gets the same result for the same key elsewhere (then it is no difference), and the processes that
 * exist only on the problem machine and were active around it. Scoring is in rank.ts.
 */
import type { ContextProcess, Finding, LogEvidence } from '../../../shared/model/finding';
import { RESULT_CLASS_BY_CODE, resultSeverity, type ResultClass } from '../../../shared/model/result-class';
import type { CodeExplanation } from '../../../shared/model/log';
import { AlignedRows, KIND_BASELINE_ONLY, KIND_CHANGED, KIND_PROBLEM_ONLY } from './aligned-rows';
import type { SideInstances } from './instances';
import type { KeyedPair } from './normalize';
import { checkAborted, runSteps, SLICE, sliced, type Steps } from './steps';

/** Occurrences kept per finding (the count is exact; the lists are capped). */
const MAX_EVENTS_KEPT = 50;
/** How far (in rows of the same process pair) the consequence of a difference is followed. */
const CONSEQUENCE_HORIZON = 20_000;
/** Matched rows after which the sides count as back in step (see measureConsequences). */
const MIN_RESYNC = 16;

export interface Candidate {
  kind: Finding['kind'];
  key: number;
  /** Process pair of the first occurrence (-1 for process-level findings). */
  pair: number;
  baselineResult: number;
  problemResult: number;
  problemClass: ResultClass;
  baselineClass: ResultClass | null;
  firstRow: number;
  baselineSeqs: number[];
  problemSeqs: number[];
  occurrences: number;
  /** Baseline-only operations after it in the same process that never happen on the problem machine. */
  consequence: number;
  /** Of those, how many name the same file (by its stem). */
  related: number;
  /** The folder most of the consequence happens in, e.g. C:\Windows\WinSxS. */
  consequenceWhere: string;
  consequenceShare: number;
  alsoOnBaseline: boolean;
  /** The baseline counterpart was found by process, operation and path with a different Detail. */
  looseMatch: boolean;
  context: ContextProcess[];
  logEvidence: LogEvidence[];
  codes: CodeExplanation[];
  logStrong: number;
  logWeak: number;
  /** For process-level findings: the process name and its event count. */
  processName?: string;
  processEvents?: number;
  score: number;
}

export interface AnalysisInput {
  keyed: KeyedPair;
  bInst: SideInstances;
  pInst: SideInstances;
  rows: AlignedRows;
  /** Shared process name ids that exist on one machine only. */
  problemOnlyNames: Set<number>;
  baselineOnlyNames: Set<number>;
}

export const classOf = (code: number): ResultClass => RESULT_CLASS_BY_CODE[code];

export function newCandidate(kind: Finding['kind'], key: number, pair: number, firstRow: number): Candidate {
  return {
    kind,
    key,
    pair,
    baselineResult: -1,
    problemResult: -1,
    problemClass: 'success',
    baselineClass: null,
    firstRow,
    baselineSeqs: [],
    problemSeqs: [],
    occurrences: 0,
    consequence: 0,
    related: 0,
    consequenceWhere: '',
    consequenceShare: 0,
    alsoOnBaseline: false,
    looseMatch: false,
    context: [],
    logEvidence: [],
    codes: [],
    logStrong: 0,
    logWeak: 0,
    score: 0,
  };
}

export const keep = (list: number[], seq: number): void => {
  if (list.length < MAX_EVENTS_KEPT) list.push(seq);
};

/** Collects and groups the candidate rows, then gathers their evidence. */
export function collectCandidates(input: AnalysisInput, signal?: AbortSignal): Candidate[] {
  return runSteps(collectCandidateSteps(input, signal));
}

/** `collectCandidates` in slices. */
export function* collectCandidateSteps(input: AnalysisInput, signal?: AbortSignal): Steps<Candidate[]> {
  const { keyed, rows } = input;
  const bSide = keyed.baseline;
  const pSide = keyed.problem;
  const bCls = bSide.store.cols.resultClass;
  const pCls = pSide.store.cols.resultClass;
  const changed = new Map<string, Candidate>();
  const problemOnly = new Map<string, Candidate>();
  const n = rows.length;
  yield* sliced(n, signal, (from, to) => {
    for (let g = from; g < to; g++) {
      const kind = rows.kind[g];
      if (kind === KIND_CHANGED) {
        const sb = rows.baseline[g];
        const sp = rows.problem[g];
        const cb = classOf(bCls[sb]);
        const cp = classOf(pCls[sp]);
        if (resultSeverity(cb) === 0 && resultSeverity(cp) === 0) continue;
        const key = pSide.key[sp];
        const id = `${key}:${bSide.result[sb]}:${pSide.result[sp]}`;
        let c = changed.get(id);
        if (!c) {
          c = newCandidate('result-changed', key, rows.pairOf(g), g);
          c.baselineResult = bSide.result[sb];
          c.problemResult = pSide.result[sp];
          c.baselineClass = cb;
          c.problemClass = cp;
          changed.set(id, c);
        }
        c.occurrences++;
        keep(c.baselineSeqs, sb);
        keep(c.problemSeqs, sp);
      } else if (kind === KIND_PROBLEM_ONLY) {
        const sp = rows.problem[g];
        const cp = classOf(pCls[sp]);
        if (resultSeverity(cp) < 2) continue;
        // Whatever a process that only the problem machine runs does is context, not a candidate.
        if (input.problemOnlyNames.has(pSide.process[sp])) continue;
        const key = pSide.key[sp];
        const id = `${key}:${pSide.result[sp]}`;
        let c = problemOnly.get(id);
        if (!c) {
          c = newCandidate('problem-only-failure', key, rows.pairOf(g), g);
          c.problemResult = pSide.result[sp];
          c.problemClass = cp;
          problemOnly.set(id, c);
        }
        c.occurrences++;
        keep(c.problemSeqs, sp);
      }
    }
  });

  // Extra occurrences of a key that also has a changed row (retries) belong to that finding.
  const changedByKeyResult = new Map<string, Candidate>();
  for (const c of changed.values()) {
    const id = `${c.key}:${c.problemResult}`;
    const prev = changedByKeyResult.get(id);
    if (!prev || prev.occurrences < c.occurrences) changedByKeyResult.set(id, c);
  }
  const result: Candidate[] = [...changed.values()];
  const orphans: Candidate[] = [];
  for (const [id, c] of problemOnly) {
    const host = changedByKeyResult.get(id);
    if (host) {
      host.occurrences += c.occurrences;
      for (const s of c.problemSeqs) keep(host.problemSeqs, s);
      host.problemSeqs.sort((x, y) => x - y);
      host.firstRow = Math.min(host.firstRow, c.firstRow);
    } else orphans.push(c);
  }
  checkAborted(signal);
  yield* findBaselineCounterparts(input, result, orphans, signal);
  // A problem-only context result (NAME NOT FOUND and the like) is ordinary probing unless the
  // baseline did the same thing and succeeded. Extra occurrences of a failure the baseline has for
  // the very same key are a count, not a difference.
  for (const c of orphans) {
    if (c.alsoOnBaseline && !c.looseMatch) continue;
    if (c.problemClass === 'failure' || (c.baselineClass !== null && resultSeverity(c.baselineClass) === 0)) {
      result.push(c);
    }
  }
  checkAborted(signal);
  yield* measureConsequences(input, result, signal);
  return result;
}

/**
 * One pass over the baseline: (a) does the baseline get a candidate's problem result for the same
 * key anywhere (then the failure is no difference); (b) for problem-only candidates, the baseline
 * event with the same key, or else the same process, operation and path (a different Detail), that
 * shows what the clean machine got — success preferred.
 */
function* findBaselineCounterparts(
  input: AnalysisInput,
  changed: Candidate[],
  orphans: Candidate[],
  signal: AbortSignal | undefined,
): Steps<void> {
  const { keyed } = input;
  const space = keyed.space;
  const b = keyed.baseline;
  const byKey = new Map<number, Candidate[]>();
  const byLoose = new Map<string, Candidate[]>();
  const add = <K>(m: Map<K, Candidate[]>, k: K, c: Candidate): void => {
    const l = m.get(k);
    if (l) l.push(c);
    else m.set(k, [c]);
  };
  const candidatePaths = new Set<number>();
  const looseOf = (key: number): string =>
    `${space.processOf(key)}:${space.operationOf(key)}:${space.pathOf(key)}`;
  for (const c of changed) add(byKey, c.key, c);
  for (const c of orphans) {
    add(byKey, c.key, c);
    add(byLoose, looseOf(c.key), c);
    candidatePaths.add(space.pathOf(c.key));
  }
  // Per key id: 0 unknown, 1 nothing to do, 2 has candidates by key, 4 has candidates by loose key.
  const flag = new Uint8Array(space.size);
  const rank = new Map<Candidate, number>();
  const bCls = b.store.cols.resultClass;
  yield* sliced(b.store.length, signal, (from, to) => {
    for (let s = from; s < to; s++) {
      const key = b.key[s];
      let f = flag[key];
      if (f === 0) {
        // The path test first: it rules out nearly every key without building a string.
        const loose = candidatePaths.has(space.pathOf(key)) && byLoose.has(looseOf(key));
        f = 1 | (byKey.has(key) ? 2 : 0) | (loose ? 4 : 0);
        flag[key] = f;
      }
      if (f === 1) continue;
      const res = b.result[s];
      const cls = classOf(bCls[s]);
      if (f & 2) {
        for (const c of byKey.get(key)!) {
          if (res === c.problemResult) c.alsoOnBaseline = true;
          if (c.kind === 'problem-only-failure') offer(c, s, res, cls, key === c.key ? 2 : 1, rank);
        }
      }
      if (f & 4) {
        for (const c of byLoose.get(looseOf(key))!) if (key !== c.key) offer(c, s, res, cls, 1, rank);
      }
    }
  });
}

/** Keeps the best baseline counterpart: exact key over loose, success over anything else, earliest. */
function offer(
  c: Candidate,
  seq: number,
  res: number,
  cls: ResultClass,
  exact: number,
  rank: Map<Candidate, number>,
): void {
  const score = exact * 2 + (cls === 'success' ? 1 : 0);
  const prev = rank.get(c) ?? -1;
  if (score <= prev) return;
  rank.set(c, score);
  c.baselineResult = res;
  c.baselineClass = cls;
  c.baselineSeqs = [seq];
  c.looseMatch = exact === 1;
}

/** Shared folder prefix used to say where the consequence happens (first three components). */
function folderOf(path: string): string {
  const parts = path.split('\\').filter((x) => x !== '');
  if (parts.length <= 1) return path;
  return parts.slice(0, Math.min(3, parts.length - 1)).join('\\');
}

/** Lower-case stem of the last path component, when long enough to say something. */
export function fileStem(path: string): string {
  const name = path.slice(path.lastIndexOf('\\') + 1).toLowerCase();
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  return stem.length >= 4 ? stem : '';
}

function* measureConsequences(
  input: AnalysisInput,
  cands: Candidate[],
  signal: AbortSignal | undefined,
): Steps<void> {
  const { keyed, rows, pInst } = input;
  const space = keyed.space;
  const bKey = keyed.baseline.key;
  const pKey = keyed.problem.key;
  const bStore = keyed.baseline.store;
  // Severity + 1 of the candidate on each row, to stop following a consequence at the next
  // difference at least as severe (that one explains what follows better).
  const rowSev = new Map<number, number>();
  for (const c of cands) {
    const sev = resultSeverity(c.problemClass) + 1;
    for (const s of c.problemSeqs) {
      const g = rows.rowOfProblem[s];
      rowSev.set(g, Math.max(rowSev.get(g) ?? 0, sev));
    }
  }
  const stamp = new Int32Array(space.size).fill(-1);
  const byPair = [...cands].sort((x, y) => x.pair - y.pair);
  let stamped = -1;
  // Rows looked at since the last yield (a candidate follows up to CONSEQUENCE_HORIZON of them).
  let looked = 0;
  // One candidate's consequence; returns the rows it looked at. A plain function (see `sliced`).
  const measure = (c: Candidate): number => {
    const k = c.pair;
    const pi = rows.pairs[k].problem;
    if (pi < 0) return 0;
    let seen = 0;
    if (stamped !== k) {
      for (let t = pInst.start[pi]; t < pInst.start[pi + 1]; t++) stamp[pKey[pInst.seqs[t]]] = k;
      stamped = k;
      seen += pInst.start[pi + 1] - pInst.start[pi];
    }
    const sev = resultSeverity(c.problemClass) + 1;
    const stem = fileStem(space.paths.text(space.pathOf(c.key)));
    const t0 = rows.pairPos[c.firstRow];
    const end = Math.min(rows.pairStart[k + 1], t0 + CONSEQUENCE_HORIZON);
    const folders = new Map<string, number>();
    // The divergence region ends once the two sides have matched for a while again: more matched
    // rows since the last baseline-only one than max(MIN_RESYNC, the consequence so far).
    let gap = 0;
    let t = t0 + 1;
    for (; t < end && gap <= Math.max(MIN_RESYNC, c.consequence); t++) {
      const g = rows.pairOrder[t];
      const kind = rows.kind[g];
      if (kind === KIND_BASELINE_ONLY) {
        const sb = rows.baseline[g];
        if (stamp[bKey[sb]] === k) {
          gap++;
          continue;
        }
        gap = 0;
        c.consequence++;
        const path = bStore.path(sb);
        if (stem && path.toLowerCase().includes(stem)) c.related++;
        const f = folderOf(path);
        if (f) folders.set(f, (folders.get(f) ?? 0) + 1);
      } else if (kind !== KIND_PROBLEM_ONLY) {
        if ((rowSev.get(g) ?? 0) >= sev && pKey[rows.problem[g]] !== c.key) break;
        gap++;
      }
    }
    seen += t - t0;
    let best = '';
    let bestN = 0;
    for (const [f, cnt] of folders) {
      if (cnt > bestN) {
        best = f;
        bestN = cnt;
      }
    }
    c.consequenceWhere = best;
    c.consequenceShare = c.consequence > 0 ? bestN / c.consequence : 0;
    return seen;
  };
  for (const c of byPair) {
    if (looked >= SLICE) {
      looked = 0;
      checkAborted(signal);
      yield;
    }
    looked += measure(c);
  }
}
