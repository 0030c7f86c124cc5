/**
 * The comparison without blocking the thread it runs on: the steps of compare.ts run in slices of
 * about SLICE_MS, and between slices the event loop serves requests, progress events and
 * cancellation. A comparison of a million events per side takes a second or two of CPU; run at once
 * on a host's main thread it froze the browser host and could not be cancelled (issue #6).
 */
import type { TraceStore } from '../store/trace-store';
import type { LogSource } from './correlate';
import {
  COMPARE_PHASES,
  compareSteps,
  type CompareOptions,
  type ComparePhase,
  type CompareResult,
} from './compare';
import { checkAborted } from './steps';

/** Longest stretch of work between two pauses, in milliseconds. */
const SLICE_MS = 30;

export interface CompareProgress {
  phase: ComparePhase;
  /** Phases finished before this one, of `phases`. */
  done: number;
  phases: number;
}

export interface AsyncCompareOptions extends CompareOptions {
  onProgress?: (p: CompareProgress) => void;
  /** Longest stretch of work between pauses (default 30 ms). */
  sliceMs?: number;
}

/** setImmediate, not a microtask or a timer: lets I/O run and does not wait a timer's minimum delay. */
const pause = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Compares like compareTraces, pausing every `sliceMs`; rejects with "comparison cancelled" soon
 * after `signal` aborts. The stores must not change while it runs (they never do: a store is
 * immutable once read).
 */
export async function compareTracesAsync(
  baseline: TraceStore,
  problem: TraceStore,
  logs: readonly LogSource[],
  opts: AsyncCompareOptions = {},
): Promise<CompareResult> {
  const slice = opts.sliceMs ?? SLICE_MS;
  const onProgress = opts.onProgress;
  const steps = compareSteps(baseline, problem, logs, {
    ...opts,
    onPhase: (phase) => {
      opts.onPhase?.(phase);
      onProgress?.({ phase, done: COMPARE_PHASES.indexOf(phase), phases: COMPARE_PHASES.length });
    },
  });
  let since = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    const now = performance.now();
    if (now - since >= slice) {
      await pause();
      checkAborted(opts.signal);
      since = performance.now();
    }
  }
}
