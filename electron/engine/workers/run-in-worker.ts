/**
 * Runs `ingestTrace` in a worker thread (the bundled `dist/workers/ingest-worker.cjs`) so a big trace
 * never blocks the host, several files load in parallel, and cancelling terminates the thread and
 * frees everything it held. The typed-array columns come back transferred, not copied. When the
 * bundle is absent (tests run from source) it runs inline on the same promise-based API.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { NormalizationRule } from '../../../shared/model/finding';
import { attachAheadKeys, type AheadKeys } from '../analysis/side-keys';
import { ingestTrace } from '../ingest/ingest';
import type { IngestProgress } from '../ingest/ingest-options';
import { TraceStore, type TraceStoreTransfer } from '../store/trace-store';

export interface WorkerIngestRequest {
  path: string;
  allEvents: boolean;
  displayName?: string;
  /** Rules to key the trace with before handing it over (side-keys.ts); none: no keys. */
  keyRules?: NormalizationRule[];
}

export type WorkerIngestMessage =
  | ({ type: 'progress' } & IngestProgress)
  | { type: 'done'; store: TraceStoreTransfer; keys?: AheadKeys }
  | { type: 'error'; name: string; message: string };

export interface IngestRunProgress extends IngestProgress {
  /** Events per second since the start. */
  rate: number;
}

export interface IngestRunOptions {
  allEvents?: boolean;
  displayName?: string;
  onProgress?(p: IngestRunProgress): void;
  /** Explicit worker bundle; default `<dir of the running bundle>/../workers/ingest-worker.cjs`. */
  workerPath?: string;
  /** Force inline (same thread) reading. */
  inline?: boolean;
  /**
   * Key the trace for a comparison with these rules in the worker, beside the reading of the other
   * trace (side-keys.ts); the comparison uses the keys when it runs with the same rules.
   */
  keyRules?: readonly NormalizationRule[];
}

export interface IngestRun {
  promise: Promise<TraceStore>;
  cancel(): void;
}

/** Where the bundled worker sits relative to a bundle in dist/web, dist/electron or dist/cli. */
export function defaultIngestWorkerPath(): string {
  const here = typeof __dirname !== 'undefined' ? __dirname : process.cwd();
  return path.join(here, '..', 'workers', 'ingest-worker.cjs');
}

function cancelledError(): Error {
  const e = new Error('Reading was cancelled');
  e.name = 'AbortError';
  return e;
}

function withRate(onProgress: IngestRunOptions['onProgress']): ((p: IngestProgress) => void) | undefined {
  if (!onProgress) return undefined;
  const start = performance.now();
  return (p) => {
    const seconds = (performance.now() - start) / 1000;
    onProgress({ ...p, rate: seconds > 0 ? p.events / seconds : 0 });
  };
}

/** Reads a trace off the calling thread when the worker bundle exists, else inline. */
export function ingestInWorker(file: string, opts: IngestRunOptions = {}): IngestRun {
  const workerPath = opts.workerPath ?? defaultIngestWorkerPath();
  const progress = withRate(opts.onProgress);
  if (opts.inline || !existsSync(workerPath)) {
    const abort = new AbortController();
    return {
      promise: ingestTrace(file, {
        allEvents: opts.allEvents,
        displayName: opts.displayName,
        signal: abort.signal,
        onProgress: progress,
      }),
      cancel: () => abort.abort(),
    };
  }
  // A larger young generation: readers allocate millions of short-lived row arrays and strings.
  const worker = new Worker(workerPath, { resourceLimits: { maxYoungGenerationSizeMb: 64 } });
  let settled = false;
  let rejectRun: (e: Error) => void = () => {};
  const promise = new Promise<TraceStore>((resolve, reject) => {
    rejectRun = reject;
    worker.on('message', (msg: WorkerIngestMessage) => {
      if (settled) return;
      if (msg.type === 'progress') {
        progress?.(msg);
      } else if (msg.type === 'done') {
        settled = true;
        const store = new TraceStore(msg.store);
        if (msg.keys) attachAheadKeys(store, msg.keys);
        resolve(store);
        void worker.terminate();
      } else {
        settled = true;
        const e = new Error(msg.message);
        e.name = msg.name;
        reject(e);
        void worker.terminate();
      }
    });
    worker.on('error', (e) => {
      if (settled) return;
      settled = true;
      reject(e);
    });
    worker.on('exit', (code) => {
      if (settled) return;
      settled = true;
      reject(
        new Error(
          `${opts.displayName ?? path.basename(file)}: the reader stopped unexpectedly (exit code ${code})`,
        ),
      );
    });
  });
  const request: WorkerIngestRequest = {
    path: file,
    allEvents: opts.allEvents ?? false,
    displayName: opts.displayName,
  };
  if (opts.keyRules) request.keyRules = opts.keyRules.map((r) => ({ ...r }));
  worker.postMessage(request);
  return {
    promise,
    cancel: () => {
      if (settled) return;
      settled = true;
      rejectRun(cancelledError());
      void worker.terminate();
    },
  };
}
