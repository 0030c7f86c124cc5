import type { BenchResult } from './bench-result';

/** The compare benchmark suite (not written yet). */
export async function runCompareBench(): Promise<BenchResult[]> {
  return [];
}
