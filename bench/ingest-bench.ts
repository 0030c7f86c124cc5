import type { BenchResult } from './bench-result';

/** The ingest benchmark suite (not written yet). */
export async function runIngestBench(): Promise<BenchResult[]> {
  return [];
}
