/**
 * Whether the aligned view has room for its Time columns. Ten columns share one grid; below a
 * comfortable width the paths (what tells two rows apart) would be squeezed to a few characters,
 * so the Time columns give way first: the time stays in the tooltip and the detail pane. The user
 * can override it either way; the choice is remembered (prefs-store.ts).
 */
import { ALIGNED_WIDTHS as W } from './aligned-columns';

export type TimeColumns = 'auto' | 'show' | 'hide';

/** Finding gutter, kind marker, a vertical scrollbar and the overview bar beside the grid. */
const FIXED = 34 + 30 + 16 + 20;
/** The width each Path should keep before the Time columns are dropped. */
const PATH_COMFORT = 220;

export function showTimeColumns(gridWidth: number, pref: TimeColumns): boolean {
  if (pref !== 'auto') return pref === 'show';
  const withTime = FIXED + 2 * (W.time + W.process + W.operation + W.result + PATH_COMFORT);
  return gridWidth >= withTime;
}
