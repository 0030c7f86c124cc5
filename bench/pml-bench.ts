import type { BenchResult } from './bench-result';

/** The pml benchmark suite (not written yet). */
export async function runPmlBench(): Promise<BenchResult[]> {
  return [];
}
