/**
 * PML reader speed: events/s and MB/s on the real samples and on a large generated capture (about
 * 1.2M events replicated from a real one, see pml-generate.ts), beside a plain chunked read of the
 * same bytes in the same run. Target: >= 1.8M events/s with Detail (20x procmon-parser's
 * 74k-150k events/s measured on this kind of machine, procmon.md §6).
 */
import { existsSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { readPml } from '../electron/engine/ingest/pml/read-pml';
import type { BenchResult } from './bench-result';
import { generatePml } from './pml-generate';

const SAMPLES = path.resolve(process.cwd(), '../shared/samples/procmon');
const OUT = path.resolve(process.cwd(), 'bench/out');
const GENERATED_EVENTS = 1_200_000;
const GENERATED = path.join(OUT, `pml-bench-${GENERATED_EVENTS / 1000}k.PML`);
const GENERATED_SOURCE = 'prsp0007-samples_Logfile.PML';
const TARGET_EVENTS_PER_S = 1.8e6;

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

async function timedRead(
  file: string,
  allEvents: boolean,
  runs: number,
  parallel = true,
): Promise<{ seconds: number; events: number }> {
  let best = Infinity;
  let events = 0;
  for (let i = 0; i < runs; i++) {
    collect();
    const t0 = performance.now();
    const store = await readPml(file, { allEvents, parallel });
    const s = (performance.now() - t0) / 1000;
    events = store.length;
    if (s < best) best = s;
  }
  return { seconds: best, events };
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
  const filtered = await timedRead(GENERATED, false, 2);
  const all = await timedRead(GENERATED, true, 2);
  const single = await timedRead(GENERATED, true, 2, false);
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
      name: 'generated: readPml, all events, one thread',
      value: single.events / single.seconds / 1e6,
      unit: 'M events/s',
      digits: 3,
    },
    {
      name: 'generated: readPml, all events, one thread',
      value: size / single.seconds / 1e6,
      unit: 'MB/s',
      digits: 0,
    },
    { name: 'generated: readPml time / plain read time', value: all.seconds / plain, unit: 'x', digits: 1 },
  );
  return results;
}
