/** Per-process figures of both captures side by side, in the order the chart shows them. */
import type { ProcessStat } from '../../../../shared/contract';

export const RESULT_PARTS = ['success', 'benign', 'context', 'failure', 'other'] as const;

export interface ProcessPair {
  name: string;
  baseline?: ProcessStat;
  problem?: ProcessStat;
}

/**
 * One row per process name (case ignored, as Windows does): those failing on the problem machine
 * first (most failures first), then those that ran on one machine only, then the busiest.
 */
export function mergeProcessStats(
  baseline: readonly ProcessStat[],
  problem: readonly ProcessStat[],
): ProcessPair[] {
  const rows = new Map<string, ProcessPair>();
  for (const s of baseline) rows.set(s.name.toLowerCase(), { name: s.name, baseline: s });
  for (const s of problem) {
    const key = s.name.toLowerCase();
    rows.set(key, { ...(rows.get(key) ?? { name: s.name }), problem: s });
  }
  const oneSided = (r: ProcessPair) =>
    (!r.baseline || !r.problem) && baseline.length > 0 && problem.length > 0;
  return [...rows.values()].sort(
    (a, b) =>
      (b.problem?.failure ?? 0) - (a.problem?.failure ?? 0) ||
      Number(oneSided(b)) - Number(oneSided(a)) ||
      Math.max(b.baseline?.events ?? 0, b.problem?.events ?? 0) -
        Math.max(a.baseline?.events ?? 0, a.problem?.events ?? 0) ||
      a.name.localeCompare(b.name),
  );
}
