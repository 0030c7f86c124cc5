import type { BenchResult } from './bench-result';

/** The logs benchmark suite (not written yet). */
export async function runLogsBench(): Promise<BenchResult[]> {
  return [];
}
