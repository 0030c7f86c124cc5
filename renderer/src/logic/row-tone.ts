/**
 * How loudly a row or a cell is shown, following the visual language table in UI.md. The tone is
 * always paired with text (the Result column, a kind marker, the hatch label) so that meaning never
 * rests on colour alone.
 */
import type { AlignedKind } from '../../../shared/model/finding';
import type { ResultClass } from '../../../shared/model/result-class';
import type { Side, TraceEventRow } from '../../../shared/model/trace';

/** Tone of a row in a per-trace grid: failures red, context-dependent amber, the rest plain. */
export type TraceTone = 'failure' | 'context' | 'plain';

export function traceTone(resultClass: ResultClass | undefined): TraceTone {
  if (resultClass === 'failure') return 'failure';
  if (resultClass === 'context') return 'context';
  return 'plain';
}

/**
 * Tone of one side of an aligned row.
 * - `fail`: a real failure on this side that the other side does not have (red, red bar);
 * - `context`: a context-dependent result that differs between the sides (amber);
 * - `both-fail`: the same failure on both machines, not a difference (muted red);
 * - `baseline-only`: work only the baseline did (light green);
 * - `never`: the hatched cell on the problem side for baseline-only work;
 * - `problem-only`: an event only the problem machine has (light blue);
 * - `gap`: nothing on this side (for problem-only rows, the baseline side);
 * - `plain`: identical rows and collapsed runs.
 */
export type AlignedTone =
  'fail' | 'context' | 'both-fail' | 'baseline-only' | 'never' | 'problem-only' | 'gap' | 'plain';

export interface AlignedRowLike {
  kind: AlignedKind;
  baseline: Pick<TraceEventRow, 'resultClass' | 'result'> | null;
  problem: Pick<TraceEventRow, 'resultClass' | 'result'> | null;
}

export function alignedTone(row: AlignedRowLike, side: Side): AlignedTone {
  const mine = side === 'baseline' ? row.baseline : row.problem;
  const other = side === 'baseline' ? row.problem : row.baseline;
  switch (row.kind) {
    case 'collapsed':
      return 'plain';
    case 'baseline-only':
      if (side === 'problem') return 'never';
      return mine?.resultClass === 'failure' ? 'fail' : 'baseline-only';
    case 'problem-only':
      if (side === 'baseline') return 'gap';
      return mine?.resultClass === 'failure' ? 'fail' : 'problem-only';
    case 'same':
    case 'changed': {
      if (!mine) return 'gap';
      const mineFails = mine.resultClass === 'failure';
      const otherFails = other?.resultClass === 'failure';
      if (mineFails && otherFails) return 'both-fail';
      if (mineFails) return 'fail';
      if (row.kind === 'changed' && mine.resultClass === 'context' && mine.result !== other?.result)
        return 'context';
      return 'plain';
    }
  }
}

/** True when the row differs between the machines (what F8 walks through). */
export function isDifference(kind: AlignedKind): boolean {
  return kind === 'changed' || kind === 'baseline-only' || kind === 'problem-only';
}

/** True when either side has a real failure that the other side does not share (Alt+Down). */
export function isFailureRow(row: AlignedRowLike): boolean {
  return alignedTone(row, 'baseline') === 'fail' || alignedTone(row, 'problem') === 'fail';
}

/** Short, colour-independent marker for the kind column. */
export function kindMarker(kind: AlignedKind): string {
  switch (kind) {
    case 'changed':
      return '≠';
    case 'baseline-only':
      return '−';
    case 'problem-only':
      return '+';
    case 'collapsed':
      return '⋯';
    default:
      return '';
  }
}
