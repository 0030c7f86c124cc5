/**
 * The compare benchmark: a pair of generated Procmon CSVs of a million events each (~200 MB each,
 * bench/compare-generate.ts), read and compared end to end, against the time of a bare papaparse
 * pass over the same two files (one after the other) measured in the same run (target: read both +
 * compare <= 1.5x that), and the peak resident memory (target <= 1 GB) of a fresh process doing
 * the parallel read + compare once.
 *
 * "Read both + compare" is measured two ways: as the app and the CLI do it (both files read at once
 * in two ingest worker threads, the bundled dist/workers/ingest-worker.cjs, each also keying its
 * trace for the comparison with the default rules; then the comparison on the calling thread, in
 * slices as the host runs it (compare-async.ts); the primary figure) and one file after the other
 * on one thread, keyed in the comparison. The machine is shared, so every figure is the best of
 * ROUNDS rounds whose order alternates, and the load average is printed with them, as is each
 * round's own ratio (papaparse and the parallel run of one round see about the same load) and their
 * median; CPU times (all threads of the process) are given beside the wall-clock ratios, as they
 * vary far less with the machine's load. The files are kept in bench/out/ and reused.
 * COMPARE_BENCH_EVENTS sets another size, COMPARE_BENCH_ROUNDS another number of rounds.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import { compareTraces, type CompareResult } from '../electron/engine/analysis/compare';
import { compareTracesAsync } from '../electron/engine/analysis/compare-async';
import { defaultRules } from '../electron/engine/analysis/default-rules';
import { ingestTrace } from '../electron/engine/ingest/ingest';
import type { TraceStore } from '../electron/engine/store/trace-store';
import { defaultIngestWorkerPath, ingestInWorker } from '../electron/engine/workers/run-in-worker';
import type { BenchResult } from './bench-result';
import { writeComparePair } from './compare-generate';
import { getGc } from './ingest-bench';

/** Rows of one file through papaparse's own Node stream reader, doing nothing with them. */
function papaparsePass(file: string): Promise<number> {
  return new Promise((res, rej) => {
    let rows = 0;
    Papa.parse(createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }), {
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
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}

interface Run {
  readMs: number;
  compareMs: number;
  /** CPU time of the whole process (all threads, workers included) for read + compare. */
  cpuMs: number;
  peak: number;
  /** What the report prints of the comparison (the stores and result are dropped before the next run). */
  phases: string;
  alignedRows: number;
  top: string;
  found: boolean;
}

type Compare = (b: TraceStore, p: TraceStore) => Promise<CompareResult>;

/** As the app and CLI: both read at once in workers that key them too; the comparison in slices. */
const parallelRead = (baselinePath: string, problemPath: string) => (): Promise<[TraceStore, TraceStore]> =>
  Promise.all([
    ingestInWorker(baselinePath, { keyRules: defaultRules() }).promise,
    ingestInWorker(problemPath, { keyRules: defaultRules() }).promise,
  ]);
const sliced: Compare = (b, p) => compareTracesAsync(b, p, []);
const atOnce: Compare = (b, p) => Promise.resolve(compareTraces(b, p, []));

async function readAndCompare(read: () => Promise<[TraceStore, TraceStore]>, compare: Compare): Promise<Run> {
  const rss = rssSampler();
  const c0 = process.cpuUsage();
  let t = performance.now();
  const [baseline, problem] = await read();
  const readMs = performance.now() - t;
  t = performance.now();
  const result = await compare(baseline, problem);
  // Page through the aligned view once, as a host would on open.
  result.alignedPage(0, 200, false);
  const compareMs = performance.now() - t;
  const cpu = process.cpuUsage(c0);
  const peak = rss.stop();
  const top = result.findings[0];
  return {
    readMs,
    compareMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peak,
    phases: Object.entries(result.timings)
      .map(([k, v]) => `${k} ${v} ms`)
      .join(', '),
    alignedRows: result.summary.alignedRows,
    top: top ? `${top.process} ${top.operation} ${top.problemResult} ${top.path}` : 'none',
    found:
      top?.process === 'TiWorker.exe' &&
      top.problemResult === 'ACCESS DENIED' &&
      /wpdmtp\.dll$/i.test(top.path),
  };
}

const PEAK_CHILD = 'COMPARE_BENCH_PEAK_CHILD';
const PEAK_NAME = 'compare: peak RSS of a fresh process (parallel read + compare)';

/** In the child: one parallel read + compare, then the process's high-water RSS (ru_maxrss). */
async function peakChild(baselinePath: string, problemPath: string): Promise<BenchResult[]> {
  const r = await readAndCompare(parallelRead(baselinePath, problemPath), sliced);
  if (!r.found) throw new Error(`the injected root cause is not ranked first (top: ${r.top})`);
  return [{ name: PEAK_NAME, value: (process.resourceUsage().maxRSS * 1024) / 2 ** 20, unit: 'MB' }];
}

/**
 * Peak memory is measured in a fresh process: the kernel's high-water mark sees every moment of the
 * comparison (a timer samples only between its slices), and earlier rounds' freed pages don't count.
 */
function peakInChild(): number {
  const child = spawnSync(process.execPath, [process.argv[1], 'compare'], {
    env: { ...process.env, [PEAK_CHILD]: '1' },
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  const last = child.stdout.trim().split('\n').pop() ?? '';
  const found = (JSON.parse(last.startsWith('[') ? last : '[]') as BenchResult[]).find(
    (r) => r.name === PEAK_NAME,
  );
  if (child.status !== 0 || !found)
    throw new Error(`the peak-memory run failed (exit ${child.status}): ${child.stderr.slice(-2000)}`);
  return found.value;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0
    ? NaN
    : s.length % 2 === 1
      ? s[s.length >> 1]
      : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

export async function runCompareBench(): Promise<BenchResult[]> {
  const events = Number(process.env.COMPARE_BENCH_EVENTS ?? 1_000_000);
  const rounds = Number(process.env.COMPARE_BENCH_ROUNDS ?? 3);
  const label = events % 1_000_000 === 0 ? `${events / 1_000_000}m` : String(events);
  const dir = resolve(process.cwd(), 'bench/out');
  const baselinePath = join(dir, `compare-baseline-${label}.csv`);
  const problemPath = join(dir, `compare-problem-${label}.csv`);
  if (!existsSync(baselinePath) || !existsSync(problemPath)) {
    process.stdout.write(`generating ${baselinePath} and ${problemPath} (${events} events each)...\n`);
    await writeComparePair(baselinePath, problemPath, events);
  }
  const workerPath = defaultIngestWorkerPath();
  if (!existsSync(workerPath)) throw new Error(`${workerPath} is missing: run npm run build:node first`);
  if (process.env[PEAK_CHILD] === '1') return peakChild(baselinePath, problemPath);
  const peak = peakInChild();
  const gc = getGc();

  let papaMs = Infinity;
  let papaCpuMs = Infinity;
  // This round's times, for the ratio of each round (both sides under that round's load).
  let roundPapa = 0;
  let roundParallel = 0;
  const roundRatios: number[] = [];
  let papaRows = 0;
  const papa = async (): Promise<void> => {
    gc();
    const c0 = process.cpuUsage();
    const t = performance.now();
    papaRows = (await papaparsePass(baselinePath)) + (await papaparsePass(problemPath));
    roundPapa = performance.now() - t;
    papaMs = Math.min(papaMs, roundPapa);
    const c = process.cpuUsage(c0);
    papaCpuMs = Math.min(papaCpuMs, (c.user + c.system) / 1000);
  };
  let seqCpuMs = Infinity;
  let parCpuMs = Infinity;
  const best = { parallel: null as Run | null, sequential: null as Run | null };
  let parallelPeak = 0;
  let sequentialPeak = 0;
  const total = (r: Run | null): number => (r ? r.readMs + r.compareMs : Infinity);
  const parallel = async (): Promise<void> => {
    gc();
    const r = await readAndCompare(parallelRead(baselinePath, problemPath), sliced);
    parallelPeak = Math.max(parallelPeak, r.peak);
    roundParallel = total(r);
    parCpuMs = Math.min(parCpuMs, r.cpuMs);
    if (total(r) < total(best.parallel)) best.parallel = r;
  };
  const sequential = async (): Promise<void> => {
    gc();
    const r = await readAndCompare(
      async () => [await ingestTrace(baselinePath), await ingestTrace(problemPath)],
      atOnce,
    );
    sequentialPeak = Math.max(sequentialPeak, r.peak);
    seqCpuMs = Math.min(seqCpuMs, r.cpuMs);
    if (total(r) < total(best.sequential)) best.sequential = r;
  };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [papa, parallel, sequential] : [sequential, parallel, papa];
    for (const step of order) await step();
    roundRatios.push(roundParallel / roundPapa);
    process.stdout.write(
      `round ${round + 1}: papaparse ${(roundPapa / 1000).toFixed(2)} s, parallel ${(roundParallel / 1000).toFixed(2)} s ` +
        `(ratio ${(roundParallel / roundPapa).toFixed(2)}); best so far: papaparse ${(papaMs / 1000).toFixed(2)} s, ` +
        `parallel ${(total(best.parallel) / 1000).toFixed(2)} s, sequential ${(total(best.sequential) / 1000).toFixed(2)} s; ` +
        `load average ${load()}\n`,
    );
  }
  const par = best.parallel!;
  const seq = best.sequential!;
  process.stdout.write(
    `compare: ${papaRows - 2} events (papaparse rows less headers); fastest parallel run: read ${(par.readMs / 1000).toFixed(2)} s, ` +
      `${par.phases}; ${par.alignedRows} aligned rows; top finding: ${par.top}\n` +
      `fastest sequential run: read ${(seq.readMs / 1000).toFixed(2)} s, ${seq.phases}\n`,
  );
  return [
    { name: 'compare: papaparse pass over both files', value: papaMs / 1000, unit: 's' },
    { name: 'compare: read both in parallel workers', value: par.readMs / 1000, unit: 's' },
    { name: 'compare: compare (normalize, align, rank)', value: par.compareMs / 1000, unit: 's' },
    { name: 'compare: read both (parallel) + compare', value: total(par) / 1000, unit: 's' },
    {
      name: 'compare: (read both + compare) / papaparse',
      value: total(par) / papaMs,
      unit: 'x',
      target: '<= 1.5',
    },
    {
      name: "compare: median of the rounds' own ratios (parallel / papaparse)",
      value: median(roundRatios),
      unit: 'x',
    },
    { name: 'compare: read both one after the other', value: seq.readMs / 1000, unit: 's' },
    { name: 'compare: sequential (read + compare) / papaparse', value: total(seq) / papaMs, unit: 'x' },
    {
      name: 'compare: CPU time, sequential (read + compare) / papaparse',
      value: seqCpuMs / papaCpuMs,
      unit: 'x',
    },
    { name: 'compare: CPU time of papaparse over both files', value: papaCpuMs / 1000, unit: 's' },
    { name: 'compare: CPU time, sequential read + compare', value: seqCpuMs / 1000, unit: 's' },
    { name: 'compare: CPU time, parallel read + compare (all threads)', value: parCpuMs / 1000, unit: 's' },
    { name: PEAK_NAME, value: peak, unit: 'MB', digits: 0, target: '<= 1024' },
    {
      name: 'compare: RSS sampled in this process, parallel runs',
      value: parallelPeak / 2 ** 20,
      unit: 'MB',
      digits: 0,
    },
    {
      name: 'compare: RSS sampled in this process, sequential runs',
      value: sequentialPeak / 2 ** 20,
      unit: 'MB',
      digits: 0,
    },
    {
      name: 'compare: injected root cause ranked first',
      value: par.found && seq.found ? 1 : 0,
      unit: 'yes=1',
      digits: 0,
      target: '1',
    },
    { name: 'compare: load average (1 min) at the end', value: loadavg()[0], unit: '' },
  ];
}
