/**
 * PML reader speed: events/s and MB/s on the real samples and on a large generated capture (about
 * 1.2M events replicated from a real one, see pml-generate.ts), beside a plain chunked read of the
 * same bytes in the same run. Target: >= 1.8M events/s with Detail (20x procmon-parser's
 * 74k-150k events/s measured on this kind of machine, procmon.md §6).
 *
 * What a read does is what the app gets: every event's process, PID, TID, operation, path, result,
 * duration, time and Detail text (interned) in the store. Stacks are not decoded while reading: the
 * store keeps each event's record offset and frame count, and a stack is read back from the file and
 * resolved when asked for (store/file-stacks.ts); the read-back rate is measured below too.
 * CPU time (all threads) is given beside wall time: on a shared machine the wall time of two
 * threads says as much about the neighbours as about the reader.
 */
import { existsSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { readPml } from '../electron/engine/ingest/pml/read-pml';
import { TraceStoreBuilder, type TraceStore } from '../electron/engine/store/trace-store';
import type { BenchResult } from './bench-result';
import { generatePml } from './pml-generate';

const SAMPLES = path.resolve(process.cwd(), '../shared/samples/procmon');
const OUT = path.resolve(process.cwd(), 'bench/out');
const GENERATED_EVENTS = 1_200_000;
const GENERATED = path.join(OUT, `pml-bench-${GENERATED_EVENTS / 1000}k.PML`);
const GENERATED_SOURCE = 'prsp0007-samples_Logfile.PML';
const TARGET_EVENTS_PER_S = 1.8e6;
/** Lets the previous run's store be collected before the next run. */
const EMPTY = new TraceStoreBuilder({
  file: '',
  fileName: '',
  size: 0,
  kind: 'procmon-pml',
  encoding: 'UTF-16LE',
  timeIsAbsolute: true,
  columns: [],
  computerName: '',
  osVersion: '',
}).finish();

const SAMPLE_FILES = [
  'procmon-parser_UTC32Filesystem.PML',
  'procmon-parser_UTC64Process.PML',
  'zingus-crysis_Logfile.PML',
  'prsp0007-samples_Logfile.PML',
  'matefoxer-ron-crash-log_Logfile.PML',
];

/** Seconds to read the whole file in 8 MiB chunks (the floor any reader pays). */
async function plainRead(file: string): Promise<number> {
  const fh = await open(file, 'r');
  const buf = Buffer.allocUnsafe(8 * 1024 * 1024);
  const t0 = performance.now();
  try {
    let position = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
    }
  } finally {
    await fh.close();
  }
  return (performance.now() - t0) / 1000;
}

/** Frees the previous run's store first, so a run does not pay for collecting it (`--expose-gc`). */
function collect(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

interface TimedRead {
  /** Best wall time, and the CPU time (all threads) of the run with the least. */
  seconds: number;
  cpuSeconds: number;
  events: number;
  store: TraceStore;
}

async function timedRead(
  file: string,
  allEvents: boolean,
  runs: number,
  parallel?: boolean,
): Promise<TimedRead> {
  let best = Infinity;
  let cpuBest = Infinity;
  // Held in an object so the previous run's store can be dropped before the next run.
  const held = { store: EMPTY };
  for (let i = 0; i < runs; i++) {
    held.store = EMPTY;
    collect();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    held.store = await readPml(file, { allEvents, parallel });
    best = Math.min(best, (performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpuBest = Math.min(cpuBest, (c.user + c.system) / 1e6);
  }
  // Every run gives the same store: the last one is kept (for reading stacks back).
  return { seconds: best, cpuSeconds: cpuBest, events: held.store.length, store: held.store };
}

/** Stacks per second read back from the file and resolved: `count` events spread over the store, then `count` in a row. */
function stackReadBack(store: TraceStore, count: number): { spread: number; inRow: number; frames: number } {
  let frames = 0;
  const n = Math.min(count, store.length);
  let t0 = performance.now();
  for (let k = 0; k < n; k++) frames += store.stack(Math.floor((k * store.length) / n)).length;
  const spread = n / ((performance.now() - t0) / 1000);
  t0 = performance.now();
  for (let k = 0; k < n; k++) frames += store.stack(k).length;
  const inRow = n / ((performance.now() - t0) / 1000);
  return { spread, inRow, frames };
}

export async function runPmlBench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const name of SAMPLE_FILES) {
    const file = path.join(SAMPLES, name);
    if (!existsSync(file)) continue;
    const { size } = await stat(file);
    const short = name.replace(/\.PML$/i, '');
    for (const allEvents of [true, false]) {
      // Small files: best of several runs, so the figure is the reader's and not the compiler's warm-up.
      const r = await timedRead(file, allEvents, 6);
      const mode = allEvents ? 'all events' : 'default filter';
      results.push(
        { name: `${short}: events (${mode})`, value: r.events, unit: 'events', digits: 0 },
        { name: `${short}: read, ${mode}`, value: r.events / r.seconds / 1e6, unit: 'M events/s', digits: 3 },
        { name: `${short}: read, ${mode}`, value: size / r.seconds / 1e6, unit: 'MB/s', digits: 1 },
      );
    }
  }

  if (!existsSync(GENERATED)) {
    const source = path.join(SAMPLES, GENERATED_SOURCE);
    process.stdout.write(`generating ${GENERATED} from ${GENERATED_SOURCE} ...\n`);
    await generatePml({ source, target: GENERATED, events: GENERATED_EVENTS });
  }
  const { size } = await stat(GENERATED);
  const plain = Math.min(await plainRead(GENERATED), await plainRead(GENERATED));
  // The reader's default (one thread), then two threads for comparison.
  const filtered = await timedRead(GENERATED, false, 2);
  filtered.store = EMPTY;
  const all = await timedRead(GENERATED, true, 3);
  const stacks = stackReadBack(all.store, 20_000);
  all.store = EMPTY;
  const single = await timedRead(GENERATED, true, 3, true);
  single.store = EMPTY;
  results.push(
    { name: 'generated: size', value: size / 1e6, unit: 'MB', digits: 0 },
    { name: 'generated: events', value: all.events, unit: 'events', digits: 0 },
    { name: 'generated: plain chunked read', value: size / plain / 1e6, unit: 'MB/s', digits: 0 },
    {
      name: 'generated: readPml, default filter',
      value: filtered.events / filtered.seconds / 1e6,
      unit: 'M events/s',
      digits: 3,
      target: `>= ${TARGET_EVENTS_PER_S / 1e6}`,
    },
    {
      name: 'generated: readPml, default filter',
      value: size / filtered.seconds / 1e6,
      unit: 'MB/s',
      digits: 0,
    },
    {
      name: 'generated: readPml, all events',
      value: all.events / all.seconds / 1e6,
      unit: 'M events/s',
      digits: 3,
      target: `>= ${TARGET_EVENTS_PER_S / 1e6}`,
    },
    { name: 'generated: readPml, all events', value: size / all.seconds / 1e6, unit: 'MB/s', digits: 0 },
    {
      name: 'generated: readPml, all events, CPU',
      value: all.cpuSeconds,
      unit: 's',
      digits: 2,
    },
    {
      name: 'generated: readPml, all events, per CPU second',
      value: all.events / all.cpuSeconds / 1e6,
      unit: 'M events/s',
      digits: 3,
    },
    {
      name: 'generated: readPml, all events, two threads',
      value: single.events / single.seconds / 1e6,
      unit: 'M events/s',
      digits: 3,
    },
    {
      name: 'generated: readPml, all events, two threads',
      value: size / single.seconds / 1e6,
      unit: 'MB/s',
      digits: 0,
    },
    {
      name: 'generated: readPml, all events, two threads, CPU (all threads)',
      value: single.cpuSeconds,
      unit: 's',
      digits: 2,
    },
    { name: 'generated: stacks read back, spread', value: stacks.spread, unit: 'stacks/s', digits: 0 },
    { name: 'generated: stacks read back, in a row', value: stacks.inRow, unit: 'stacks/s', digits: 0 },
    { name: 'generated: stack frames read back', value: stacks.frames, unit: 'frames', digits: 0 },
    { name: 'generated: readPml time / plain read time', value: all.seconds / plain, unit: 'x', digits: 1 },
  );
  return results;
}
