/**
 * The fuzz harness's oracle, checked against readers that misbehave on purpose (target-run.ts
 * `selftest-*`): each kind of finding must be caught, and a clear error naming the file must not be.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleEntry } from './bundle';
import { FuzzChild, findingKey, HARD_GRACE_MS } from './child-pool';
import { WALL_FACTOR } from './child-protocol';

let work: string;
let child: FuzzChild;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'tracediff-fuzz-oracle-'));
  child = new FuzzChild(await bundleEntry('fuzz/fuzz-child.ts', work), work, 0, () => 400);
});

afterAll(async () => {
  await child?.kill();
  if (work) await rm(work, { recursive: true, force: true });
});

const input = new TextEncoder().encode('x');

describe('fuzz oracle', () => {
  it('accepts an error whose message names the file', async () => {
    const out = await child.run('selftest-named', input, '.log');
    expect(out.verdict).toBe('clear-error');
  });

  it('flags an error from deep inside that does not name the file', async () => {
    const out = await child.run('selftest-unclear', input, '.log');
    expect(out.verdict).toBe('unclear-error');
    expect(out.message).toMatch(/^TypeError: /);
    expect(findingKey('selftest-unclear', out, out.file)).toMatch(/target-run\.ts/);
  });

  it('flags an exception that escapes after the read', async () => {
    const out = await child.run('selftest-stray', input, '.log');
    expect(out.verdict).toBe('uncaught');
    expect(out.message).toMatch(/late failure/);
  });

  it('kills a read that ignores its AbortSignal and reports a hang', async () => {
    const started = Date.now();
    const out = await child.run('selftest-spin', input, '.log');
    expect(out.verdict).toBe('hang');
    // Judged on CPU time (the machine is shared), with the clock as the last resort.
    expect(out.message).toMatch(/of CPU time .* s CPU, .* s on the clock; killed/);
    expect(out.cpuMs).toBeGreaterThanOrEqual(400 + HARD_GRACE_MS);
    expect(out.cpuMs).toBeLessThan(400 + HARD_GRACE_MS + 1000);
    expect(Date.now() - started).toBeLessThan((400 + HARD_GRACE_MS) * WALL_FACTOR + 2000);
    // The next read gets a fresh child.
    expect((await child.run('selftest-named', input, '.log')).verdict).toBe('clear-error');
  });

  it('flags peak memory far beyond the input size', async () => {
    const out = await child.run('selftest-memory', input, '.log');
    expect(out.verdict).toBe('memory');
    expect(out.growth).toBeGreaterThan(256 << 20);
  });
});
