import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeProcmonCsv } from '../../../bench/generate-trace';
import { defaultIngestWorkerPath, ingestInWorker, type IngestRunProgress } from './run-in-worker';

const SAMPLES = path.resolve(process.cwd(), '../shared/samples/procmon');
const tmp = mkdtempSync(path.join(tmpdir(), 'ingest-worker-test-'));
const workerPath = path.join(tmp, 'ingest-worker.cjs');
const bigCsv = path.join(tmp, 'big.csv');

beforeAll(async () => {
  // The real worker bundle, built the way scripts/build-node.mjs builds it.
  await build({
    entryPoints: [path.resolve(process.cwd(), 'electron/engine/workers/ingest-worker.ts')],
    outfile: workerPath,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
  });
  await writeProcmonCsv(bigCsv, { events: 150_000, seed: 7 });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('ingestInWorker', () => {
  it('falls back to inline reading when the worker bundle is absent', async () => {
    expect(defaultIngestWorkerPath()).toMatch(/workers[\\/]ingest-worker\.cjs$/);
    const run = ingestInWorker(path.join(SAMPLES, 'feijing2132-monitorAPIs_Logfile.CSV'), {
      workerPath: path.join(tmp, 'absent.cjs'),
    });
    expect((await run.promise).length).toBe(52);
  });

  it('reads two files in parallel in worker threads, with progress and transferred columns', async () => {
    const progress: IngestRunProgress[] = [];
    const a = ingestInWorker(bigCsv, { workerPath, onProgress: (p) => progress.push(p) });
    const b = ingestInWorker(path.join(SAMPLES, 'procmon-parser_UTC64Process.CSV'), { workerPath });
    const [sa, sb] = await Promise.all([a.promise, b.promise]);
    expect(sa.length).toBe(150_000);
    expect(sb.length).toBe(3400);
    expect(sb.meta.timeIsAbsolute).toBe(true);
    expect(sb.processes.length).toBeGreaterThan(0);
    expect(sa.cols.path).toBeInstanceOf(Uint32Array);
    expect(sa.processName(0)).not.toBe('');
    expect(progress.length).toBeGreaterThan(0);
    const last = progress[progress.length - 1];
    expect(last.bytesRead).toBe(last.bytesTotal);
    expect(last.rate).toBeGreaterThan(0);
  });

  it('cancels by terminating the worker', async () => {
    const run = ingestInWorker(bigCsv, { workerPath });
    setTimeout(() => run.cancel(), 20);
    await expect(run.promise).rejects.toThrow(/cancelled/);
  });

  it('cancels inline reading too', async () => {
    const run = ingestInWorker(bigCsv, { inline: true });
    setTimeout(() => run.cancel(), 20);
    await expect(run.promise).rejects.toThrow(/cancelled/);
  });

  it('passes reader errors through with their message', async () => {
    const run = ingestInWorker(path.join(SAMPLES, 'README.md'), { workerPath });
    await expect(run.promise).rejects.toThrow(/README\.md is not a ProcMon export/);
  });
});
