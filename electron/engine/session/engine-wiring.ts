/**
 * Binds the workbench service to the real engine: the sniffer, the trace readers (in worker threads),
 * the log readers, the queries and the comparison.
 */
import { compareTraces } from '../analysis/compare';
import { explainCode } from '../analysis/codes/explain';
import { defaultRules } from '../analysis/default-rules';
import { validateRules } from '../analysis/normalize';
import { ingestTrace, sniffInput } from '../ingest/ingest';
import { listFailures, TraceView } from '../store/query';
import type { EngineDeps } from './engine-deps';

/** `bundleDir` is the folder of the running bundle (dist/web or dist/electron): workers are found beside it. */
export function createEngineDeps(_bundleDir: string): EngineDeps {
  return {
    sniff: (path, displayName) => sniffInput(path, displayName),
    loadTrace(path, opts) {
      const abort = new AbortController();
      return {
        promise: ingestTrace(path, { ...opts, signal: abort.signal }),
        cancel: () => abort.abort(),
      };
    },
    loadLog: async () => {
      throw new Error('Reading Windows logs is not wired in yet.');
    },
    compare: (baseline, problem, logs, rules, ids) =>
      compareTraces(baseline, problem, logs, { rules: [...rules], baselineId: ids.baseline, problemId: ids.problem }),
    defaultRules,
    validateRules,
    explainCode,
    createView: (store) => new TraceView(store),
    listFailures,
  };
}
