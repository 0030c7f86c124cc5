/**
 * Binds the workbench service to the real engine: the sniffer, the trace readers (in worker threads),
 * the log readers, the queries and the comparison.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { compareTracesAsync } from '../analysis/compare-async';
import { explainCode } from '../analysis/codes/explain';
import { defaultRules } from '../analysis/default-rules';
import { validateRules } from '../analysis/normalize';
import { sniffInput } from '../ingest/ingest';
import { ingestLog } from '../ingest/logs/ingest-log';
import { ingestInWorker } from '../workers/run-in-worker';
import { computeInsights } from '../insight/insight';
import { assignToolSides } from '../report/cli-insights';
import { listFailures, TraceView } from '../store/query';
import type { EngineDeps } from './engine-deps';

/**
 * In the packaged app the bundles sit in app.asar, but a worker thread is started from a real file:
 * electron-builder.yml unpacks dist/workers to app.asar.unpacked, which is used when it is there.
 */
function unpackedPath(file: string): string {
  const marker = `${path.sep}app.asar${path.sep}`;
  if (!file.includes(marker)) return file;
  const unpacked = file.replace(marker, `${path.sep}app.asar.unpacked${path.sep}`);
  return existsSync(unpacked) ? unpacked : file;
}

/**
 * `bundleDir` is the folder of the running bundle (dist/web or dist/electron); the trace readers run
 * in dist/workers/ingest-worker.cjs beside it (inline when that bundle is absent, as in unit tests)
 * and key each trace for the comparison there, beside the reading of the other one.
 */
export function createEngineDeps(bundleDir: string): EngineDeps {
  const workerPath = unpackedPath(path.join(bundleDir, '..', 'workers', 'ingest-worker.cjs'));
  return {
    sniff: (file, displayName) => sniffInput(file, displayName),
    loadTrace: (file, opts) => ingestInWorker(file, { ...opts, workerPath }),
    loadLog: (file, opts) => ingestLog(file, opts),
    compare: (baseline, problem, logs, rules, ids, run) =>
      compareTracesAsync(baseline, problem, logs, {
        rules: [...rules],
        baselineId: ids.baseline,
        problemId: ids.problem,
        signal: run.signal,
        onProgress: run.onProgress,
      }),
    defaultRules,
    validateRules,
    explainCode,
    createView: (store) => new TraceView(store),
    listFailures,
    // ACL and fltmc outputs name their machine only in the file name; the same assignment as the CLI's.
    insights: async (input) => {
      await assignToolSides(input.logs);
      return computeInsights({
        baseline: input.baseline,
        problem: input.problem,
        logs: input.logs,
        result: { findings: input.findings },
      });
    },
  };
}
