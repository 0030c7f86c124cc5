/**
 * Work done in slices: the comparison is written as generators whose every `yield` is a point where
 * a host may let other work run (it runs on a host's main thread, compare-async.ts); `runSteps`
 * runs such work to the end without pausing.
 */

/** Throws when the signal says the work was cancelled. */
export function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new Error('comparison cancelled');
}

/** Work in slices: each `yield` is a point where the caller may pause. */
export type Steps<T> = Generator<void, T, undefined>;

export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Events between two yields of a per-event loop (a few milliseconds of work). */
export const SLICE = 1 << 14;

/**
 * Runs `chunk(from, to)` over 0..n a slice at a time, yielding before each. The loop itself stays
 * in a plain function: a long loop inside a generator body is not optimized while it runs (measured
 * here: keying a million events ran several times slower written that way).
 */
export function* sliced(
  n: number,
  signal: AbortSignal | undefined,
  chunk: (from: number, to: number) => void,
): Steps<void> {
  for (let from = 0; from < n; from += SLICE) {
    checkAborted(signal);
    yield;
    chunk(from, Math.min(n, from + SLICE));
  }
}
