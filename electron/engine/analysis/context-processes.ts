/**
 * Context for the findings: processes only one machine ran. Those only on the problem machine are
 * often the agent that changed it (ARCHITECTURE.md §3): they are listed beside each finding when
 * they were active around its failure (with what they touched), and reported as findings of their
 * own below the real differences, as are processes only the baseline ran.
 */
import type { ContextProcess } from '../../../shared/model/finding';
import { classOf, keep, newCandidate, type AnalysisInput, type Candidate } from './findings';
import type { SideInstances } from './instances';

/** Seconds around a failure in which problem-only processes count as context. */
export const CONTEXT_WINDOW_SEC = 2;

/** Seqs of the problem trace's events made by processes only the problem machine runs, ascending. */
export function problemOnlySeqs(input: AnalysisInput): Int32Array {
  const { pInst } = input;
  let n = 0;
  for (const info of pInst.list) if (input.problemOnlyNames.has(info.name)) n += info.events;
  const out = new Int32Array(n);
  let w = 0;
  for (const info of pInst.list) {
    if (!input.problemOnlyNames.has(info.name)) continue;
    for (let t = pInst.start[info.index]; t < pInst.start[info.index + 1]; t++) out[w++] = pInst.seqs[t];
  }
  return out.sort();
}

/**
 * Problem-only processes active within the window around a candidate's first problem event.
 * `ctxSeqs` are their events (problemOnlySeqs); the window is walked outward from the failure's
 * position, as Procmon writes events in time order.
 */
export function contextProcesses(
  input: AnalysisInput,
  c: Candidate,
  ctxSeqs: Int32Array,
  windowSec = CONTEXT_WINDOW_SEC,
): ContextProcess[] {
  const { keyed, pInst } = input;
  const store = keyed.problem.store;
  const seq0 = c.problemSeqs[0];
  if (seq0 === undefined || ctxSeqs.length === 0) return [];
  const t0 = store.timeValue(seq0);
  const name = store.path(seq0).toLowerCase();
  const file = name.slice(name.lastIndexOf('\\') + 1);
  const per = new Map<number, { events: number; paths: Map<string, number>; same: boolean }>();
  const visit = (s: number): void => {
    const inst = pInst.of[s];
    let e = per.get(inst);
    if (!e) per.set(inst, (e = { events: 0, paths: new Map(), same: false }));
    e.events++;
    const p = store.path(s);
    if (p) {
      e.paths.set(p, (e.paths.get(p) ?? 0) + 1);
      if (file.length > 2 && p.toLowerCase().endsWith(file)) e.same = true;
    }
  };
  let lo = 0;
  let hi = ctxSeqs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ctxSeqs[mid] < seq0) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo - 1; k >= 0 && Math.abs(store.timeValue(ctxSeqs[k]) - t0) <= windowSec; k--)
    visit(ctxSeqs[k]);
  for (let k = lo; k < ctxSeqs.length && Math.abs(store.timeValue(ctxSeqs[k]) - t0) <= windowSec; k++)
    visit(ctxSeqs[k]);
  const out: ContextProcess[] = [];
  for (const [inst, e] of per) {
    const paths = [...e.paths.entries()]
      .sort(
        (x, y) =>
          Number(y[0].toLowerCase().endsWith(file)) - Number(x[0].toLowerCase().endsWith(file)) ||
          y[1] - x[1],
      )
      .slice(0, 3)
      .map(([p]) => p);
    const info = pInst.list[inst];
    out.push({
      process: store.processName(info.firstSeq),
      pid: info.pid,
      events: e.events,
      paths,
      sameFile: e.same,
    });
  }
  out.sort((x, y) => Number(y.sameFile) - Number(x.sameFile) || y.events - x.events);
  return out.slice(0, 5);
}

/** Process-level candidates: processes only one machine ran. */
export function processCandidates(input: AnalysisInput): Candidate[] {
  const out: Candidate[] = [];
  const add = (side: 'baseline' | 'problem', inst: SideInstances, names: Set<number>): void => {
    const agg = new Map<number, Candidate>();
    const store = side === 'baseline' ? input.keyed.baseline.store : input.keyed.problem.store;
    const cls = store.cols.resultClass;
    for (const info of inst.list) {
      if (!names.has(info.name)) continue;
      let c = agg.get(info.name);
      if (!c) {
        const kind = side === 'baseline' ? 'baseline-only-work' : 'context-process';
        c = newCandidate(
          kind,
          -1,
          -1,
          side === 'baseline'
            ? input.rows.rowOfBaseline[info.firstSeq]
            : input.rows.rowOfProblem[info.firstSeq],
        );
        c.processName = store.processName(info.firstSeq);
        c.processEvents = 0;
        agg.set(info.name, c);
      }
      c.processEvents! += info.events;
      c.occurrences++;
      keep(side === 'baseline' ? c.baselineSeqs : c.problemSeqs, info.firstSeq);
      for (let t = inst.start[info.index]; t < inst.start[info.index + 1]; t++) {
        const s = inst.seqs[t];
        if (classOf(cls[s]) === 'failure') {
          c.problemClass = 'failure';
          break;
        }
      }
    }
    out.push(...agg.values());
  };
  add('problem', input.pInst, input.problemOnlyNames);
  add('baseline', input.bInst, input.baselineOnlyNames);
  return out;
}
