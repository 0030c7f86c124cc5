/**
 * The compare benchmark: a pair of generated Procmon CSVs of a million events each (~200 MB each,
 * bench/compare-generate.ts), read and compared end to end, against the time of a bare papaparse
 * pass over the same two files measured in the same run (target: ingest both + compare <= 1.5x that),
 * and the peak resident memory of the whole run (target <= 1 GB). The files are kept in bench/out/
 * and reused. COMPARE_BENCH_EVENTS sets another size.
 */
import { createReadStream, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import { compareTraces } from '../electron/engine/analysis/compare';
import { ingestTrace } from '../electron/engine/ingest/ingest';
import type { BenchResult } from './bench-result';
import { writeComparePair } from './compare-generate';

/** Rows of one file through papaparse's own Node stream reader, doing nothing with them. */
function papaparsePass(file: string): Promise<number> {
  return new Promise((res, rej) => {
    let rows = 0;
    Papa.parse(createReadStream(file, { encoding: 'utf8' }), {
      chunk: (r: Papa.ParseResult<unknown>) => {
        rows += r.data.length;
      },
      complete: () => res(rows),
      error: (e: Error) => rej(e),
    });
  });
}

/** Samples the resident set size until stopped; returns the peak in bytes. */
function rssSampler(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 25);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

export async function runCompareBench(): Promise<BenchResult[]> {
  const events = Number(process.env.COMPARE_BENCH_EVENTS ?? 1_000_000);
  const label = events % 1_000_000 === 0 ? `${events / 1_000_000}m` : String(events);
  const dir = resolve(process.cwd(), 'bench/out');
  const baselinePath = join(dir, `compare-baseline-${label}.csv`);
  const problemPath = join(dir, `compare-problem-${label}.csv`);
  if (!existsSync(baselinePath) || !existsSync(problemPath)) {
    process.stdout.write(`generating ${baselinePath} and ${problemPath} (${events} events each)...\n`);
    await writeComparePair(baselinePath, problemPath, events);
  }

  // The yardstick first: its garbage is one chunk at a time, so it does not inflate the peak below.
  let t = performance.now();
  const papaRows = (await Promise.all([papaparsePass(baselinePath), papaparsePass(problemPath)])).reduce(
    (a, b) => a + b,
    0,
  );
  const papaMs = performance.now() - t;

  const rss = rssSampler();
  t = performance.now();
  const [baseline, problem] = await Promise.all([ingestTrace(baselinePath), ingestTrace(problemPath)]);
  const ingestMs = performance.now() - t;
  t = performance.now();
  const result = compareTraces(baseline, problem, []);
  const compareMs = performance.now() - t;
  // Page through the aligned view once, as a host would on open.
  result.alignedPage(0, 200, false);
  const peak = rss.stop();
  const totalMs = ingestMs + compareMs;
  const top = result.findings[0];
  const found =
    top?.process === 'TiWorker.exe' &&
    top.problemResult === 'ACCESS DENIED' &&
    /wpdmtp\.dll$/i.test(top.path);
  const phases = Object.entries(result.timings)
    .map(([k, v]) => `${k} ${v} ms`)
    .join(', ');
  process.stdout.write(
    `compare: ${baseline.length} + ${problem.length} events (papaparse saw ${papaRows} rows); ${phases}; ` +
      `${result.summary.alignedRows} aligned rows; top finding: ${top ? `${top.process} ${top.operation} ${top.problemResult}` : 'none'}\n`,
  );
  return [
    { name: 'compare: papaparse pass over both files', value: papaMs / 1000, unit: 's' },
    { name: 'compare: ingest both files', value: ingestMs / 1000, unit: 's' },
    { name: 'compare: compare (normalize, align, rank)', value: compareMs / 1000, unit: 's' },
    { name: 'compare: ingest both + compare', value: totalMs / 1000, unit: 's' },
    {
      name: 'compare: (ingest both + compare) / papaparse',
      value: totalMs / papaMs,
      unit: 'x',
      target: '<= 1.5',
    },
    { name: 'compare: peak RSS', value: peak / 2 ** 20, unit: 'MB', digits: 0, target: '<= 1024' },
    {
      name: 'compare: injected root cause ranked first',
      value: found ? 1 : 0,
      unit: 'yes=1',
      digits: 0,
      target: '1',
    },
  ];
}
