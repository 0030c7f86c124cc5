/**
 * The side-by-side excerpt of a finding: aligned rows of the finding's process around its first
 * divergence (about 6 before, 10 after). The aligned view interleaves all processes, so rows of other
 * processes are skipped while scanning outwards; the scan is bounded so a finding in a huge, busy
 * trace still costs only a few thousand row look-ups.
 */
import type {
  AlignedRowRef,
  CompareSummary,
  Finding,
  NormalizationRule,
} from '../../../shared/model/finding';
import type { Side } from '../../../shared/model/trace';
import type { TraceStore } from '../store/trace-store';

/** What the report needs from a finished comparison (analysis/compare.ts CompareResult has it). */
export interface ReportCompareSource {
  summary: CompareSummary;
  findings: readonly Finding[];
  rules: readonly NormalizationRule[];
  alignedPage(offset: number, limit: number, expandAll: boolean): AlignedRowRef[];
  /** Row index of an event (in the expanded view when `expandAll`), -1 when unknown. */
  alignedIndexOf?(side: Side, seq: number, expandAll?: boolean): number;
}

export interface ExcerptRowRef extends AlignedRowRef {
  focus: boolean;
}

export interface ExcerptOptions {
  before?: number;
  after?: number;
  /** Rows looked at in each direction before giving up. */
  scanLimit?: number;
}

const CHUNK = 256;

interface Identity {
  name: string;
  pid: number | null;
}

function identityOf(store: TraceStore, seq: number | undefined): Identity | null {
  if (seq === undefined || seq < 0 || seq >= store.length) return null;
  return { name: store.processName(seq).toLowerCase(), pid: store.cols.pid[seq] };
}

function matches(store: TraceStore, seq: number, id: Identity | null, fallbackName: string): boolean {
  if (seq < 0 || seq >= store.length) return false;
  if (id) return store.cols.pid[seq] === id.pid && store.processName(seq).toLowerCase() === id.name;
  return store.processName(seq).toLowerCase() === fallbackName;
}

function focusOf(result: ReportCompareSource, finding: Finding): number {
  if (result.alignedIndexOf) {
    const p = finding.problemEvents[0];
    const b = finding.baselineEvents[0];
    if (p !== undefined) {
      const i = result.alignedIndexOf('problem', p, true);
      if (i >= 0) return i;
    }
    if (b !== undefined) {
      const i = result.alignedIndexOf('baseline', b, true);
      if (i >= 0) return i;
    }
  }
  return finding.alignedRow;
}

export function buildExcerpt(
  result: ReportCompareSource,
  baseline: TraceStore,
  problem: TraceStore,
  finding: Finding,
  opts: ExcerptOptions = {},
): ExcerptRowRef[] {
  const before = opts.before ?? 6;
  const after = opts.after ?? 10;
  const scanLimit = opts.scanLimit ?? 20_000;
  const focus = focusOf(result, finding);
  if (!(focus >= 0)) return fallbackExcerpt(finding);
  const [focusRow] = result.alignedPage(focus, 1, true);
  if (!focusRow) return fallbackExcerpt(finding);

  const bId = identityOf(
    baseline,
    finding.baselineEvents[0] ?? (focusRow.baseline >= 0 ? focusRow.baseline : undefined),
  );
  const pId = identityOf(
    problem,
    finding.problemEvents[0] ?? (focusRow.problem >= 0 ? focusRow.problem : undefined),
  );
  const name = finding.process.toLowerCase();
  const belongs = (r: AlignedRowRef): boolean =>
    r.kind !== 'collapsed' &&
    ((r.baseline >= 0 && matches(baseline, r.baseline, bId, name)) ||
      (r.problem >= 0 && matches(problem, r.problem, pId, name)));

  const earlier: AlignedRowRef[] = [];
  for (let end = focus, scanned = 0; end > 0 && earlier.length < before && scanned < scanLimit;) {
    const start = Math.max(0, end - CHUNK);
    const page = result.alignedPage(start, end - start, true);
    for (let k = page.length - 1; k >= 0 && earlier.length < before; k--)
      if (belongs(page[k])) earlier.push(page[k]);
    scanned += end - start;
    end = start;
  }
  const later: AlignedRowRef[] = [];
  for (let start = focus + 1, scanned = 0; later.length < after && scanned < scanLimit;) {
    const page = result.alignedPage(start, CHUNK, true);
    if (page.length === 0) break;
    for (const r of page) {
      if (later.length >= after) break;
      if (belongs(r)) later.push(r);
    }
    scanned += page.length;
    start += page.length;
  }
  return [
    ...earlier.reverse().map((r) => ({ ...r, focus: false })),
    { ...focusRow, focus: true },
    ...later.map((r) => ({ ...r, focus: false })),
  ];
}

/** Without alignment data the finding's own events still make one row. */
function fallbackExcerpt(finding: Finding): ExcerptRowRef[] {
  const b = finding.baselineEvents[0] ?? -1;
  const p = finding.problemEvents[0] ?? -1;
  if (b < 0 && p < 0) return [];
  const kind = b >= 0 && p >= 0 ? 'changed' : b >= 0 ? 'baseline-only' : 'problem-only';
  return [{ kind, baseline: b, problem: p, focus: true }];
}
