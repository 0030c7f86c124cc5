/**
 * The ingest benchmark: a generated 1M-event Procmon CSV (~190 MB, bench/out/, reused when present)
 * read three ways in one run, alternating the order round by round and keeping the best of each so
 * machine noise hits all alike (the load average is printed with the figures): (1) a bare papaparse pass (the documented streaming use: Papa.parse over a Node read stream,
 * rows dropped), (2) the same papaparse core driven by our chunk reader with rows dropped, (3) the
 * full ingest into the columnar store. Reports the ratio of (3) to the faster bare pass, events/s,
 * peak RSS while ingesting, and resident bytes per event: heap + external growth after a forced GC
 * while the store is held, with the unique strings' share estimated and shown apart.
 */
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadavg } from 'node:os';
import Papa from 'papaparse';
import { streamCsv } from '../electron/engine/ingest/csv-chunks';
import { encodingFromLabel, readTextChunks } from '../electron/engine/ingest/decode';
import { ingestTrace } from '../electron/engine/ingest/ingest';
import type { TraceStore } from '../electron/engine/store/trace-store';
import { defaultIngestWorkerPath, ingestInWorker } from '../electron/engine/workers/run-in-worker';
import type { BenchResult } from './bench-result';
import { writeProcmonCsv } from './generate-trace';

const EVENTS = 1_000_000;
const ROUNDS = Number(process.env.INGEST_BENCH_ROUNDS ?? 4);

/** bench/out, found from the source tree or from the bundle in dist/bench. */
export function benchOutDir(): string {
  const here = typeof __dirname !== 'undefined' ? __dirname : process.cwd();
  const root =
    path.basename(here) === 'bench' && path.basename(path.dirname(here)) === 'dist'
      ? path.resolve(here, '../..')
      : path.resolve(here, '..');
  return path.join(root, 'bench', 'out');
}

/** A callable gc(): the --expose-gc flag set at run time, taken from a fresh context. */
export function getGc(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

async function barePapaStream(file: string): Promise<number> {
  let rows = 0;
  await new Promise<void>((resolve, reject) => {
    Papa.parse(createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }), {
      chunk: (r: Papa.ParseResult<string[]>) => {
        rows += r.data.length;
      },
      complete: () => resolve(),
      error: (e: Error) => reject(e),
    });
  });
  return rows;
}

async function barePapaChunks(file: string): Promise<number> {
  let rows = 0;
  await streamCsv(readTextChunks(file, { encoding: encodingFromLabel('UTF-8 with BOM') }), (c) => {
    rows += c.rows.length;
  });
  return rows;
}

/** Wall and CPU (user + system, all threads of the process) milliseconds of one run. */
async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { ms, cpuMs: (c.user + c.system) / 1000, value };
}

/** Rough bytes held by the store's distinct strings: V8 string header + chars + the array slot. */
function uniqueStringBytes(store: TraceStore): number {
  let bytes = 0;
  for (const s of store.strings.values) {
    let wide = false;
    for (let i = 0; i < s.length && !wide; i++) wide = s.charCodeAt(i) > 0xff;
    bytes += 16 + Math.ceil((s.length * (wide ? 2 : 1)) / 8) * 8 + 8;
  }
  return bytes;
}

function columnBytes(store: TraceStore): number {
  let bytes = 0;
  for (const buf of store.transferables()) bytes += buf.byteLength;
  return bytes;
}

export async function runIngestBench(): Promise<BenchResult[]> {
  const file = path.join(benchOutDir(), 'trace-1m.csv');
  if (!existsSync(file)) {
    process.stdout.write(`generating ${file} (${EVENTS.toLocaleString('en-US')} events) ...\n`);
    await writeProcmonCsv(file, { events: EVENTS, seed: 1 });
  }
  const gc = getGc();
  let stream = Infinity;
  let chunks = Infinity;
  let ingest = Infinity;
  let streamCpu = Infinity;
  let chunksCpu = Infinity;
  let ingestCpu = Infinity;
  let events = 0;
  let streamRows = 0;
  let chunkRows = 0;
  const passes = [
    async (): Promise<void> => {
      const a = await timed(() => barePapaStream(file));
      stream = Math.min(stream, a.ms);
      streamCpu = Math.min(streamCpu, a.cpuMs);
      streamRows = a.value;
    },
    async (): Promise<void> => {
      const b = await timed(() => barePapaChunks(file));
      chunks = Math.min(chunks, b.ms);
      chunksCpu = Math.min(chunksCpu, b.cpuMs);
      chunkRows = b.value;
    },
    async (): Promise<void> => {
      const c = await timed(() => ingestTrace(file));
      ingest = Math.min(ingest, c.ms);
      ingestCpu = Math.min(ingestCpu, c.cpuMs);
      events = c.value.length;
    },
  ];
  for (let round = 0; round < ROUNDS; round++) {
    for (const pass of round % 2 === 0 ? passes : [...passes].reverse()) {
      gc();
      await pass();
    }
    if (streamRows !== events + 1 || chunkRows !== events + 1)
      throw new Error(`row counts differ: ${streamRows} / ${chunkRows} / ${events}`);
    process.stdout.write(
      `round ${round + 1}: best so far papaparse ${(Math.min(stream, chunks) / 1000).toFixed(3)} s, ingest ${(ingest / 1000).toFixed(3)} s; ` +
        `load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}\n`,
    );
  }

  // Memory: one more ingest with the store held, RSS sampled while it runs.
  gc();
  gc();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 20);
  const store = await ingestTrace(file);
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  gc();
  gc();
  const after = process.memoryUsage();
  const resident = after.heapUsed + after.external - (before.heapUsed + before.external);
  const strings = uniqueStringBytes(store);
  const columns = columnBytes(store);

  const results: BenchResult[] = [
    { name: 'CSV events', value: store.length, unit: 'events', digits: 0 },
    { name: 'CSV distinct strings', value: store.strings.size, unit: 'strings', digits: 0 },
    { name: 'bare papaparse (Node stream) pass', value: stream / 1000, unit: 's', digits: 3 },
    { name: 'bare papaparse (our chunk reader) pass', value: chunks / 1000, unit: 's', digits: 3 },
    { name: 'CSV ingest into TraceStore', value: ingest / 1000, unit: 's', digits: 3 },
    {
      name: 'ingest / bare papaparse',
      value: ingest / Math.min(stream, chunks),
      unit: 'x',
      digits: 2,
      target: '<= 1.3',
    },
    {
      name: 'ingest / bare papaparse, CPU time',
      value: ingestCpu / Math.min(streamCpu, chunksCpu),
      unit: 'x',
      digits: 2,
    },
    { name: 'CSV ingest rate', value: events / (ingest / 1000), unit: 'events/s', digits: 0 },
    { name: 'peak RSS while ingesting', value: peakRss / 2 ** 20, unit: 'MiB', digits: 0 },
    { name: 'resident bytes/event (all)', value: resident / store.length, unit: 'B', digits: 1 },
    { name: '  of which typed-array columns', value: columns / store.length, unit: 'B', digits: 1 },
    { name: '  of which unique strings (estimate)', value: strings / store.length, unit: 'B', digits: 1 },
    {
      name: 'resident bytes/event without unique strings',
      value: (resident - strings) / store.length,
      unit: 'B',
      digits: 1,
      target: '<= 100',
    },
  ];

  results.push({ name: 'load average (1 min) at the end', value: loadavg()[0], unit: '' });
  if (existsSync(defaultIngestWorkerPath())) {
    const w = await timed(() => ingestInWorker(file).promise);
    results.push({
      name: 'CSV ingest in a worker (incl. transfer)',
      value: w.ms / 1000,
      unit: 's',
      digits: 3,
    });
    const par = await timed(() => Promise.all([ingestInWorker(file).promise, ingestInWorker(file).promise]));
    results.push({ name: 'two CSV ingests in parallel workers', value: par.ms / 1000, unit: 's', digits: 3 });
  }
  return results;
}
