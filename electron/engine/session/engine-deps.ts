/**
 * What the workbench service needs from the engine, as one interface. The service depends on this
 * rather than on the modules directly so that it stays host-agnostic and its tests can drive it with
 * small in-memory traces; `engine-wiring.ts` binds it to the real readers, queries and comparison.
 */
import type { FailureItem, SniffResult } from '../../../shared/contract';
import type {
  AlignedRowRef,
  CompareSummary,
  Finding,
  NormalizationRule,
} from '../../../shared/model/finding';
import type { InsightResult } from '../../../shared/model/insight';
import type { CodeExplanation, LogEntry, LogSummary } from '../../../shared/model/log';
import type { FilterRule, Side, SortSpec, TraceEventRow } from '../../../shared/model/trace';
import type { TraceStore } from '../store/trace-store';

export interface LoadProgress {
  bytesRead?: number;
  bytesTotal?: number;
  events?: number;
}

export interface TraceLoad {
  promise: Promise<TraceStore>;
  cancel(): void;
}

export interface LogStoreLike {
  summary: LogSummary;
  entries: LogEntry[];
}

/** A finished comparison of two traces (see analysis/compare.ts). */
export interface ComparisonLike {
  summary: CompareSummary;
  findings: Finding[];
  /** The rules as applied, with `touched` counts. */
  rules: NormalizationRule[];
  alignedCount(expandAll: boolean): number;
  alignedPage(offset: number, limit: number, expandAll: boolean): AlignedRowRef[];
  /** The row showing an event, in the folded list unless `expandAll`; -1 when none. */
  alignedIndexOf(side: Side, seq: number, expandAll?: boolean): number;
  keyOf(side: Side, seq: number): string;
}

/** Where a comparison is: `done` of `phases` phases finished, `phase` running. */
export interface CompareRunProgress {
  phase: string;
  done: number;
  phases: number;
}

export interface PageQuery {
  offset: number;
  limit: number;
  sort?: SortSpec;
  filters?: FilterRule[];
}

/** One trace's grid view: filter, sort and page, caching the last view (see store/query.ts). */
export interface TraceViewLike {
  page(spec: PageQuery): { rows: TraceEventRow[]; total: number };
  findIndex(seq: number, spec: { sort?: SortSpec; filters?: FilterRule[] }): number;
  /** Seqs that pass the filters, ascending. */
  filtered(filters?: FilterRule[]): Uint32Array;
}

export interface EngineDeps {
  sniff(path: string, displayName: string): Promise<SniffResult>;
  loadTrace(
    path: string,
    opts: {
      displayName: string;
      allEvents: boolean;
      onProgress: (p: LoadProgress) => void;
      /** Rules to key the trace with while it is read (a comparison with the same rules reuses the keys). */
      keyRules?: readonly NormalizationRule[];
    },
  ): TraceLoad;
  loadLog(
    path: string,
    opts: { id: string; displayName: string; signal: AbortSignal; onProgress: (p: LoadProgress) => void },
  ): Promise<LogStoreLike>;
  /**
   * Compares without blocking the host for long (it pauses every few tens of milliseconds); rejects
   * with "comparison cancelled" once `run.signal` aborts.
   */
  compare(
    baseline: TraceStore,
    problem: TraceStore,
    logs: readonly LogStoreLike[],
    rules: readonly NormalizationRule[],
    ids: { baseline: string; problem: string },
    run: { signal: AbortSignal; onProgress: (p: CompareRunProgress) => void },
  ): Promise<ComparisonLike>;
  defaultRules(): NormalizationRule[];
  /** Problems with a rule list (one message per bad rule); empty when it can be used. */
  validateRules(rules: readonly NormalizationRule[]): string[];
  explainCode(input: string): CodeExplanation | null;
  createView(store: TraceStore): TraceViewLike;
  listFailures(store: TraceStore, limit: number): { items: FailureItem[]; total: number };
  /** Environment delta, agent links, stack attribution and signatures of a compared pair. */
  insights?(input: {
    baseline: TraceStore;
    problem: TraceStore;
    logs: readonly LogStoreLike[];
    findings: readonly Finding[];
  }): Promise<InsightResult>;
}
