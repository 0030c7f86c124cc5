/**
 * Ties a finding to the agents around it: which non-Microsoft processes of the environment delta
 * were active on the problem machine within a few seconds of the failing event, and what they
 * touched then (same file first). An agent that looked at the very file TiWorker was refused a
 * millisecond earlier is the strongest lead a trace can give.
 */
import type { AgentLink, AgentTouch, EnvironmentDelta } from '../../../shared/model/insight';
import type { Finding } from '../../../shared/model/finding';
import type { TraceStore } from '../store/trace-store';
import { baseName, productFolderOf } from './publisher';

export interface LinkOptions {
  /** Seconds either side of the failure (default 2, as the comparison's context window). */
  windowSec?: number;
  /** Paths listed per agent (default 8). */
  maxTouched?: number;
}

interface Acc {
  process: string;
  pid: number;
  imagePath: string;
  events: number;
  first: number;
  last: number;
  nearest: number;
  sameFile: boolean;
  touched: Map<string, { ops: Set<string>; results: Set<string>; count: number }>;
}

/** Agent processes active near a finding's first problem event, nearest and same-file first. */
export function linkAgents(
  finding: Finding,
  problem: TraceStore,
  delta: EnvironmentDelta,
  opts: LinkOptions = {},
): AgentLink[] {
  const seq0 = finding.problemEvents[0];
  if (seq0 === undefined || seq0 < 0 || seq0 >= problem.length) return [];
  const windowSec = opts.windowSec ?? 2;
  const maxTouched = opts.maxTouched ?? 8;
  const agents = new Map<string, { publisher: AgentLink['publisher']; product: string }>();
  for (const it of delta.items) {
    if (it.kind !== 'process' || it.publisher === 'microsoft') continue;
    if (it.presence !== 'problem-only' && it.presence !== 'problem') continue;
    agents.set(it.name.toLowerCase(), { publisher: it.publisher, product: it.product ?? '' });
  }
  // Processes of a third-party product count too, even when the baseline also runs them.
  for (const prod of delta.products)
    for (const name of prod.processes)
      if (!agents.has(name.toLowerCase()))
        agents.set(name.toLowerCase(), { publisher: 'third-party', product: prod.folder });
  if (agents.size === 0) return [];

  const t0 = problem.timeValue(seq0);
  const target = baseName(finding.path).toLowerCase();
  const c = problem.cols;
  // Events are in capture order, which is nearly time order: widen by a second for stragglers.
  let lo = seq0;
  while (lo > 0 && problem.timeValue(lo - 1) >= t0 - windowSec - 1) lo--;
  let hi = seq0;
  while (hi < problem.length - 1 && problem.timeValue(hi + 1) <= t0 + windowSec + 1) hi++;
  const isAgent = new Map<number, boolean>();
  const accs = new Map<string, Acc>();
  for (let i = lo; i <= hi; i++) {
    const nameId = c.process[i];
    let agent = isAgent.get(nameId);
    if (agent === undefined) {
      agent = agents.has(problem.str(nameId).toLowerCase());
      isAgent.set(nameId, agent);
    }
    if (!agent) continue;
    const t = problem.timeValue(i);
    if (Math.abs(t - t0) > windowSec) continue;
    const pid = c.pid[i];
    const key = `${nameId}:${pid}`;
    let acc = accs.get(key);
    if (!acc) {
      const info = c.processIndex[i] >= 0 ? problem.processes[c.processIndex[i]] : undefined;
      acc = {
        process: problem.str(nameId),
        pid,
        imagePath: info?.imagePath ?? '',
        events: 0,
        first: i,
        last: i,
        nearest: t - t0,
        sameFile: false,
        touched: new Map(),
      };
      accs.set(key, acc);
    }
    acc.events++;
    acc.last = i;
    if (Math.abs(t - t0) < Math.abs(acc.nearest)) acc.nearest = t - t0;
    const path = problem.str(c.path[i]);
    if (!path) continue;
    if (target && baseName(path).toLowerCase() === target) acc.sameFile = true;
    let touch = acc.touched.get(path);
    if (!touch) {
      touch = { ops: new Set(), results: new Set(), count: 0 };
      acc.touched.set(path, touch);
    }
    touch.count++;
    touch.ops.add(problem.str(c.operation[i]));
    touch.results.add(problem.str(c.result[i]));
  }
  const links: AgentLink[] = [];
  for (const acc of accs.values()) {
    const info = agents.get(acc.process.toLowerCase());
    const touched: AgentTouch[] = [...acc.touched]
      .map(([path, t]) => ({ path, operations: [...t.ops], results: [...t.results], count: t.count }))
      .sort(
        (a, b) =>
          Number(baseName(b.path).toLowerCase() === target) -
            Number(baseName(a.path).toLowerCase() === target) || b.count - a.count,
      )
      .slice(0, maxTouched);
    links.push({
      process: acc.process,
      pid: acc.pid,
      imagePath: acc.imagePath,
      product: info?.product || (acc.imagePath ? (productFolderOf(acc.imagePath)?.folder ?? '') : ''),
      publisher: info?.publisher ?? 'unknown',
      events: acc.events,
      firstTime: problem.time(acc.first),
      lastTime: problem.time(acc.last),
      nearestMs: Math.round(acc.nearest * 1e6) / 1e3,
      sameFile: acc.sameFile,
      touched,
    });
  }
  return links.sort(
    (a, b) =>
      Number(b.sameFile) - Number(a.sameFile) ||
      Math.abs(a.nearestMs) - Math.abs(b.nearestMs) ||
      b.events - a.events,
  );
}
