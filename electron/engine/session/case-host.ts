/**
 * The workbench's side of the case (`CaseHost`), built from the service's state so the service stays
 * one place that owns what is loaded while the case logic lives in case-controller.ts.
 */
import path from 'node:path';
import type { InputRef, InputRequest } from '../../../shared/contract';
import type { NormalizationRule } from '../../../shared/model/finding';
import type { InputKind, Side } from '../../../shared/model/trace';
import type { TraceStore } from '../store/trace-store';
import type { CaseHost } from './case-controller';
import type { ComparisonLike, LogStoreLike } from './engine-deps';
import type { InputAccess } from './input-access';
import type { LoadedSource } from './input-hashes';

export interface CaseHostDeps {
  traces(): Partial<Record<Side, { path: string; store: TraceStore }>>;
  logs(): readonly LogStoreLike[];
  comparison(): ComparisonLike | null;
  rules(): NormalizationRule[];
  access: InputAccess;
  /** The demo's folder: its files are the host's own and may be reopened from a case. */
  fixturesDir: string;
  replaceAll(inputs: InputRequest[], rules: NormalizationRule[] | null): Promise<void>;
  openTrusted(input: InputRequest): Promise<void>;
  changed(): void;
}

export function caseHostOf(d: CaseHostDeps): CaseHost {
  return {
    traces: () => {
      const out: ReturnType<CaseHost['traces']> = {};
      const loaded = d.traces();
      for (const side of ['baseline', 'problem'] as const) {
        const t = loaded[side];
        if (!t) continue;
        const source: LoadedSource = {
          path: t.path,
          side,
          kind: t.store.meta.kind,
          encoding: t.store.meta.encoding,
        };
        out[side] = { store: t.store, source };
      }
      return out;
    },
    logs: () =>
      d.logs().map((store) => ({
        store,
        source: {
          path: store.summary.file,
          side: 'log' as const,
          kind: store.summary.kind as InputKind,
          encoding: store.summary.encoding,
        },
      })),
    comparison: d.comparison,
    rules: d.rules,
    loadCaseInputs: d.replaceAll,
    openInput: d.openTrusted,
    resolveUntrusted: (ref: InputRef, name?: string) => {
      const r = d.access.resolve({ ref, role: 'auto', name }, false);
      return { path: r.path, name: r.name || path.basename(r.path) };
    },
    permits: (file) => d.access.permits(file, [d.fixturesDir]),
    uploads: () => d.access.uploadedFiles(),
    changed: d.changed,
  };
}

/** The computer an event log was recorded on (EVTX and Event Viewer exports name it per event). */
export function computerNameOf(log: LogStoreLike): string {
  const limit = Math.min(log.entries.length, 200);
  for (let i = 0; i < limit; i++) {
    // EVTX and Event Viewer XML keep the System fields with an '@' prefix; exports as tables without.
    const d = log.entries[i].data;
    const c = d?.['@Computer'] ?? d?.Computer;
    if (c) return c;
  }
  return '';
}
