/**
 * Which side a capture belongs to when the user did not say. Engineers name captures after the
 * machine ("clean.pml", "managed-image.CSV", "正常.CSV"), so a name that points one way only decides;
 * otherwise captures fill the empty sides, baseline first.
 */
import type { InputKind, Side } from '../../../shared/model/trace';
import { isLogKind, TRACE_KINDS } from '../ingest/sniff';

/** Captures go to a side; everything the log readers take goes to the logs (kinds as sniff.ts names them). */
export function isTraceKind(kind: InputKind): boolean {
  return TRACE_KINDS.has(kind);
}

export { isLogKind };

const BASELINE_WORDS = new Set([
  'clean',
  'baseline',
  'base',
  'good',
  'working',
  'works',
  'ok',
  'reference',
  'golden',
  'healthy',
  'normal',
  'pass',
  'passed',
  'success',
]);
const PROBLEM_WORDS = new Set([
  'managed',
  'problem',
  'bad',
  'fail',
  'failed',
  'failing',
  'failure',
  'broken',
  'error',
  'issue',
  'repro',
  'faulty',
]);
const BASELINE_CJK = ['正常', '干净', '基线', '成功'];
const PROBLEM_CJK = ['问题', '失败', '故障', '异常', '报错'];

/** The side a file name points to, or null when it points nowhere or both ways. */
export function sideHintFromName(fileName: string): Side | null {
  const stem = fileName.replace(/\.[^.]*$/, '').toLowerCase();
  const words = stem.split(/[^a-z0-9]+/).filter(Boolean);
  const baseline = words.some((w) => BASELINE_WORDS.has(w)) || BASELINE_CJK.some((w) => stem.includes(w));
  const problem = words.some((w) => PROBLEM_WORDS.has(w)) || PROBLEM_CJK.some((w) => stem.includes(w));
  if (baseline === problem) return null;
  return baseline ? 'baseline' : 'problem';
}

export interface TraceCandidate {
  name: string;
  /** 'auto' or the side the user chose. */
  role: Side | 'auto';
}

/**
 * Assigns sides to the captures of one batch. Explicit roles win, then name hints, then the
 * sides still free in this batch, preferring sides with nothing loaded. Returns null for a capture
 * that has no side left (more than two captures in one batch).
 */
export function assignSides(
  candidates: readonly TraceCandidate[],
  loaded: ReadonlySet<Side>,
): (Side | null)[] {
  const out: (Side | null)[] = candidates.map(() => null);
  const claimed = new Set<Side>();
  candidates.forEach((c, i) => {
    if (c.role !== 'auto' && !claimed.has(c.role)) {
      out[i] = c.role;
      claimed.add(c.role);
    }
  });
  candidates.forEach((c, i) => {
    if (c.role !== 'auto') return;
    const hint = sideHintFromName(c.name);
    if (hint && !claimed.has(hint)) {
      out[i] = hint;
      claimed.add(hint);
    }
  });
  candidates.forEach((c, i) => {
    if (c.role !== 'auto' || out[i] !== null) return;
    const free = (['baseline', 'problem'] as const)
      .filter((s) => !claimed.has(s))
      .sort((a, b) => Number(loaded.has(a)) - Number(loaded.has(b)));
    if (free.length > 0) {
      out[i] = free[0];
      claimed.add(free[0]);
    }
  });
  return out;
}
