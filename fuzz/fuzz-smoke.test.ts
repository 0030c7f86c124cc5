/**
 * A short fixed-seed fuzz run of every reader, part of `npm test`: a couple of hundred mutated
 * inputs each, read in a child process with the time and memory bounds of fuzz/child-pool.ts.
 * Findings already recorded as open regressions (readers still being finished) are tolerated and
 * counted; anything else fails the test with the finding's message. Long runs: `npm run fuzz`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleEntry } from './bundle';
import { FuzzChild } from './child-pool';
import { loadSeeds } from './corpus';
import { fuzzTarget } from './fuzz-loop';
import { listRegressions } from './regressions';
import { TARGETS } from './targets';

const EXECS = Number(process.env.TRACEDIFF_FUZZ_SMOKE_EXECS ?? 300);
/** Per-target time cap, so a loaded machine shortens the run instead of stretching `npm test`. */
const CAP_MS = Number(process.env.TRACEDIFF_FUZZ_SMOKE_MS ?? 3500);
/** Fewer reads than this within the cap means the harness, not the machine, is broken. */
const MIN_EXECS = 25;
let work: string;
let bundle: string;
let child: FuzzChild;
let openKeys: Set<string>;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'tracediff-fuzz-smoke-'));
  bundle = await bundleEntry('fuzz/fuzz-child.ts', work);
  child = new FuzzChild(bundle, work, 0);
  openKeys = new Set((await listRegressions()).filter((r) => r.status === 'open').map((r) => r.key));
});

afterAll(async () => {
  await child?.kill();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('fuzz smoke run (fixed seed)', () => {
  for (const target of TARGETS) {
    it(`${target.name}: up to ${EXECS} mutated inputs, no crash, hang, unclear error or memory blow-up`, async () => {
      const seeds = await loadSeeds(target);
      expect(seeds.length).toBeGreaterThan(0);
      const stats = await fuzzTarget({
        target,
        seeds,
        children: [child],
        rngSeed: 20240601,
        maxExecs: EXECS,
        durationMs: CAP_MS,
        seedCap: 48 * 1024,
        maxBytes: 1 << 20,
        known: openKeys,
      });
      console.info(`fuzz smoke ${target.name}: ${stats.execs} reads, ${JSON.stringify(stats.verdicts)}`);
      expect(stats.execs).toBeGreaterThanOrEqual(MIN_EXECS);
      expect(stats.findings.map((f) => `${f.kind}: ${f.message}\n${f.stack}`)).toEqual([]);
    });
  }
});
