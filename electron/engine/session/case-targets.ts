/**
 * Annotation targets between the two forms they take: the renderer names what it sees (a side and a
 * sequence number, a log by its session id and line), the case file stores what survives a reopen
 * (the input's SHA-256 instead of the session's ids). Also what each annotation points at now, for
 * the Evidence panel: a short summary, and where the row is in the grids.
 */
import type { AnnotationTargetRef, AnnotationView } from '../../../shared/contract';
import type { Annotation, AnnotationTarget } from '../../../shared/model/case';
import type { Side } from '../../../shared/model/trace';
import type { TraceStore } from '../store/trace-store';
import { ContractFailure } from './contract-failure';
import type { ComparisonLike, LogStoreLike } from './engine-deps';

/** What the session has loaded, with each input's hash. */
export interface TargetContext {
  traces: Partial<Record<Side, { store: TraceStore; sha256: string }>>;
  /** In the order the logs list shows them. */
  logs: readonly { store: LogStoreLike; sha256: string }[];
  comparison: ComparisonLike | null;
}

const MAX_SUMMARY = 400;

function clip(s: string): string {
  return s.length > MAX_SUMMARY ? `${s.slice(0, MAX_SUMMARY - 1)}…` : s;
}

/** Line number -> position in its log, built once per loaded log (logs can hold a million entries). */
const lineIndexes = new WeakMap<LogStoreLike, Map<number, number>>();

function positionOfLine(log: LogStoreLike, line: number): number {
  let index = lineIndexes.get(log);
  if (!index) {
    index = new Map();
    log.entries.forEach((e, i) => {
      if (!index!.has(e.line)) index!.set(e.line, i);
    });
    lineIndexes.set(log, index);
  }
  return index.get(line) ?? -1;
}

function checkSeq(store: TraceStore, side: Side, seq: number): void {
  if (seq >= store.length) {
    throw new ContractFailure(
      'not-found',
      `Event ${seq} is past the end of the ${side} capture (${store.length} events).`,
    );
  }
}

/** The stored target for what the renderer marked; refuses targets that are not loaded. */
export function toStoredTarget(ref: AnnotationTargetRef, ctx: TargetContext): AnnotationTarget {
  switch (ref.type) {
    case 'event': {
      const t = ctx.traces[ref.side];
      if (!t) throw new ContractFailure('not-found', `No ${ref.side} capture is loaded.`);
      checkSeq(t.store, ref.side, ref.seq);
      return { type: 'event', side: ref.side, seq: ref.seq, inputSha256: t.sha256 };
    }
    case 'aligned': {
      if (ref.baselineSeq < 0 && ref.problemSeq < 0)
        throw new ContractFailure('bad-request', 'An aligned row needs an event on at least one side.');
      for (const side of ['baseline', 'problem'] as const) {
        const seq = side === 'baseline' ? ref.baselineSeq : ref.problemSeq;
        if (seq < 0) continue;
        const t = ctx.traces[side];
        if (!t) throw new ContractFailure('not-found', `No ${side} capture is loaded.`);
        checkSeq(t.store, side, seq);
      }
      return { type: 'aligned', baselineSeq: ref.baselineSeq, problemSeq: ref.problemSeq };
    }
    case 'log': {
      const log = ctx.logs.find((l) => l.store.summary.id === ref.logId);
      if (!log) throw new ContractFailure('not-found', `No open log with id '${ref.logId}'.`);
      if (positionOfLine(log.store, ref.line) < 0) {
        throw new ContractFailure(
          'not-found',
          `${log.store.summary.fileName} has no entry at line ${ref.line}.`,
        );
      }
      return { type: 'log', logSha256: log.sha256, line: ref.line };
    }
    case 'finding': {
      const known = ctx.comparison?.findings.some((f) => f.id === ref.findingKey);
      if (!known) throw new ContractFailure('not-found', `No finding with id '${ref.findingKey}'.`);
      return { type: 'finding', findingKey: ref.findingKey };
    }
  }
}

/** Process, operation and result first (what happened), then the path, which is often long. */
function eventSummary(store: TraceStore, seq: number): string {
  if (seq < 0 || seq >= store.length) return '';
  return clip(
    [store.processName(seq), store.operation(seq), store.result(seq), store.path(seq)]
      .filter(Boolean)
      .join('  '),
  );
}

function alignedIndexOf(
  ctx: TargetContext,
  side: Side,
  seq: number,
): { folded: number; expanded: number } | undefined {
  const c = ctx.comparison;
  if (!c || seq < 0) return undefined;
  return { folded: c.alignedIndexOf(side, seq, false), expanded: c.alignedIndexOf(side, seq, true) };
}

/** The annotation as this session sees it (see AnnotationView). */
export function viewOf(a: Annotation, ctx: TargetContext): AnnotationView {
  const t = a.target;
  switch (t.type) {
    case 'event': {
      const loaded = ctx.traces[t.side];
      if (!loaded || loaded.sha256 !== t.inputSha256 || t.seq >= loaded.store.length) {
        return { id: a.id, ref: null, detached: 'input-not-loaded', summary: '' };
      }
      return {
        id: a.id,
        ref: { type: 'event', side: t.side, seq: t.seq },
        summary: eventSummary(loaded.store, t.seq),
        alignedIndex: alignedIndexOf(ctx, t.side, t.seq),
      };
    }
    case 'aligned': {
      const b = ctx.traces.baseline;
      const p = ctx.traces.problem;
      const fits = (store: TraceStore | undefined, seq: number) =>
        seq < 0 || (store !== undefined && seq < store.length);
      if (!fits(b?.store, t.baselineSeq) || !fits(p?.store, t.problemSeq)) {
        return { id: a.id, ref: null, detached: 'input-not-loaded', summary: '' };
      }
      const summary =
        (p && t.problemSeq >= 0 ? eventSummary(p.store, t.problemSeq) : '') ||
        (b && t.baselineSeq >= 0 ? eventSummary(b.store, t.baselineSeq) : '');
      const index =
        t.problemSeq >= 0
          ? alignedIndexOf(ctx, 'problem', t.problemSeq)
          : alignedIndexOf(ctx, 'baseline', t.baselineSeq);
      return {
        id: a.id,
        ref: { type: 'aligned', baselineSeq: t.baselineSeq, problemSeq: t.problemSeq },
        summary,
        alignedIndex: index,
      };
    }
    case 'log': {
      const l = ctx.logs.find((x) => x.sha256 === t.logSha256);
      const pos = l ? positionOfLine(l.store, t.line) : -1;
      if (!l || pos < 0) return { id: a.id, ref: null, detached: 'input-not-loaded', summary: '' };
      const e = l.store.entries[pos];
      return {
        id: a.id,
        ref: { type: 'log', logId: l.store.summary.id, line: t.line },
        summary: clip(e.message || e.raw),
      };
    }
    case 'finding': {
      if (!ctx.comparison) return { id: a.id, ref: null, detached: 'no-comparison', summary: '' };
      const f = ctx.comparison.findings.find((x) => x.id === t.findingKey);
      if (!f) return { id: a.id, ref: null, detached: 'finding-gone', summary: '' };
      return {
        id: a.id,
        ref: { type: 'finding', findingKey: t.findingKey },
        summary: clip(
          [f.process, f.operation, f.path, `${f.baselineResult || '—'} → ${f.problemResult || '—'}`]
            .filter(Boolean)
            .join('  '),
        ),
        findingRank: f.rank,
      };
    }
  }
}

/**
 * The same annotations after the captures swapped sides: event targets follow their capture, aligned
 * targets swap their sequence numbers, so every mark still points at the event it was made on.
 */
export function swapTargetSides(annotations: readonly Annotation[]): Annotation[] {
  const other = (s: Side): Side => (s === 'baseline' ? 'problem' : 'baseline');
  return annotations.map((a) => {
    const t = a.target;
    if (t.type === 'event') return { ...a, target: { ...t, side: other(t.side) } };
    if (t.type === 'aligned')
      return { ...a, target: { type: 'aligned', baselineSeq: t.problemSeq, problemSeq: t.baselineSeq } };
    return a;
  });
}
