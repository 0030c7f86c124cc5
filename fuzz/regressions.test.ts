/**
 * Replays every input kept under fuzz/regressions/ through its reader in a fuzz child. A `fixed`
 * one must now read cleanly or fail with a clear message; an `open` one (a reader still being
 * finished by its owner) is expected to still fail, so the test turns red the day it is fixed and
 * the status must be changed to `fixed` in its .json.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleEntry } from './bundle';
import { FuzzChild } from './child-pool';
import { listRegressions, type Regression } from './regressions';
import { targetNamed } from './targets';

const regressions: Regression[] = await listRegressions();
let work: string;
let child: FuzzChild;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'tracediff-fuzz-regress-'));
  child = new FuzzChild(await bundleEntry('fuzz/fuzz-child.ts', work), work, 0);
});

afterAll(async () => {
  await child?.kill();
  if (work) await rm(work, { recursive: true, force: true });
});

async function replay(r: Regression): Promise<void> {
  const target = targetNamed(r.target);
  const out = await child.run(r.target, await readFile(r.file), target.ext);
  console.info(
    `${r.target}/${r.id}: ${out.verdict} in ${out.cpuMs.toFixed(0)} ms CPU (${out.ms.toFixed(0)} ms on the clock), peak RSS growth ${(out.growth / 1048576).toFixed(0)} MiB ${out.message.slice(0, 120)}`,
  );
  expect(`${out.verdict}: ${out.message}`).toMatch(/^(ok|clear-error): /);
  // CPU time: on a loaded machine the clock also counts other processes' turns.
  if (r.maxMs !== undefined) expect(out.cpuMs).toBeLessThanOrEqual(r.maxMs);
  if (r.maxGrowthMiB !== undefined) expect(out.growth / 1048576).toBeLessThanOrEqual(r.maxGrowthMiB);
}

describe('fuzz regressions', () => {
  it('every kept input has its metadata and names a known reader', () => {
    for (const r of regressions) {
      expect(targetNamed(r.target).name).toBe(r.target);
      expect(r.note.length).toBeGreaterThan(20);
      expect(['open', 'fixed']).toContain(r.status);
    }
  });
  for (const r of regressions) {
    const name = `${r.target}/${r.id} (${r.kind}, ${r.status})`;
    if (r.status === 'fixed') it(name, () => replay(r));
    else it.fails(name, () => replay(r));
  }
});
