/**
 * The logs benchmark: EVTX records/s on the samples and on a generated ~100 MB .evtx (bench/out,
 * reused when present) against evtxexport (libevtx, C) on the same file in the same run (target:
 * our time <= 1.5x evtxexport's), and text-log MB/s on a generated ~60 MB CBS.log. Each timing is
 * the best of a few rounds so machine noise hits both sides alike.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readEvtxRecords } from '../electron/engine/ingest/evtx/evtx-file';
import { ingestLog } from '../electron/engine/ingest/logs/ingest-log';
import type { BenchResult } from './bench-result';
import { sampleChunks, writeEvtx } from './evtx-generate';
import { benchOutDir } from './ingest-bench';

const SAMPLES = path.resolve(process.cwd(), '../shared/samples/winlogs');
const EVTXEXPORT = '/usr/bin/evtxexport';
const BIG_CHUNKS = 1600; // 1600 x 64 KiB + header = ~100 MB
const ROUNDS = 3;

async function parseEvtx(file: string): Promise<{ records: number; ms: number }> {
  const t0 = performance.now();
  let records = 0;
  let chars = 0;
  for await (const batch of readEvtxRecords(file, { warn: () => undefined })) {
    records += batch.length;
    for (const r of batch) chars += r.xml.length;
  }
  if (chars === 0 && records > 0) throw new Error('no XML rendered');
  return { records, ms: performance.now() - t0 };
}

function runEvtxexport(file: string): number {
  const t0 = performance.now();
  const r = spawnSync(EVTXEXPORT, ['-f', 'xml', file], { stdio: ['ignore', 'ignore', 'ignore'] });
  if (r.status !== 0) throw new Error(`evtxexport exited ${r.status}`);
  return performance.now() - t0;
}

async function bigCbsLog(outDir: string): Promise<string> {
  const file = path.join(outDir, 'CBS-60MB.log');
  if (existsSync(file)) return file;
  const src = readFileSync(path.join(SAMPLES, 'text/CBS_excerpt.log'));
  const body = src.subarray(3); // without the BOM
  const parts: Buffer[] = [src.subarray(0, 3)];
  let size = 3;
  while (size < 60 * 1024 * 1024) {
    parts.push(body);
    size += body.length;
  }
  writeFileSync(file, Buffer.concat(parts));
  return file;
}

export async function runLogsBench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const outDir = benchOutDir();
  mkdirSync(outDir, { recursive: true });
  const evtxDir = path.join(SAMPLES, 'evtx');
  const samples = readdirSync(evtxDir)
    .filter((f) => f.endsWith('.evtx'))
    .map((f) => path.join(evtxDir, f));

  // Samples: small files, so repeat to get a measurable time.
  let sampleRecords = 0;
  let sampleMs = Number.POSITIVE_INFINITY;
  for (let round = 0; round < ROUNDS; round++) {
    let recs = 0;
    const t0 = performance.now();
    for (let k = 0; k < 10; k++) for (const f of samples) recs += (await parseEvtx(f)).records;
    sampleMs = Math.min(sampleMs, performance.now() - t0);
    sampleRecords = recs;
  }
  results.push({
    name: 'evtx samples: records/s (5 files x10)',
    value: (sampleRecords / sampleMs) * 1000,
    unit: 'rec/s',
    digits: 0,
  });

  const big = path.join(outDir, 'generated-100MB.evtx');
  if (!existsSync(big) || statSync(big).size !== 4096 + BIG_CHUNKS * 65536) {
    await writeEvtx(big, await sampleChunks(samples), BIG_CHUNKS);
  }
  let ours = Number.POSITIVE_INFINITY;
  let theirs = Number.POSITIVE_INFINITY;
  let records = 0;
  const haveOracle = existsSync(EVTXEXPORT);
  for (let round = 0; round < ROUNDS; round++) {
    const r = await parseEvtx(big);
    records = r.records;
    ours = Math.min(ours, r.ms);
    if (haveOracle) theirs = Math.min(theirs, runEvtxexport(big));
  }
  const mb = statSync(big).size / 1e6;
  results.push({ name: `evtx ${mb.toFixed(0)} MB: records`, value: records, unit: 'records', digits: 0 });
  results.push({ name: `evtx ${mb.toFixed(0)} MB: ours`, value: ours / 1000, unit: 's', digits: 2 });
  results.push({
    name: `evtx ${mb.toFixed(0)} MB: ours records/s`,
    value: (records / ours) * 1000,
    unit: 'rec/s',
    digits: 0,
  });
  if (haveOracle) {
    results.push({
      name: `evtx ${mb.toFixed(0)} MB: evtxexport -f xml`,
      value: theirs / 1000,
      unit: 's',
      digits: 2,
    });
    results.push({
      name: 'evtx: ours / evtxexport time',
      value: ours / theirs,
      unit: 'x',
      digits: 2,
      target: '<= 1.5',
    });
  }

  const cbs = await bigCbsLog(outDir);
  let textMs = Number.POSITIVE_INFINITY;
  let entries = 0;
  for (let round = 0; round < 2; round++) {
    const t0 = performance.now();
    const s = await ingestLog(cbs);
    textMs = Math.min(textMs, performance.now() - t0);
    entries = s.entries.length;
  }
  const cbsMb = statSync(cbs).size / 1e6;
  results.push({
    name: `text CBS.log ${cbsMb.toFixed(0)} MB: entries`,
    value: entries,
    unit: 'entries',
    digits: 0,
  });
  results.push({ name: 'text CBS.log: throughput', value: cbsMb / (textMs / 1000), unit: 'MB/s', digits: 1 });
  return results;
}
