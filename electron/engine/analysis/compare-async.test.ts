import { describe, expect, it } from 'vitest';
import { compareTraces, COMPARE_PHASES } from './compare';
import { compareTracesAsync, type CompareProgress } from './compare-async';
import { makeTrace, type TestEvent } from './test-trace';

/** Enough events that keying, aligning and collecting each take several steps. */
function bigPair(): { b: TestEvent[]; p: TestEvent[] } {
  const b: TestEvent[] = [];
  const p: TestEvent[] = [];
  for (let i = 0; i < 40_000; i++) {
    const e: TestEvent = {
      process: i % 2 ? 'TiWorker.exe' : 'svchost.exe',
      pid: i % 2 ? 3032 : 800,
      op: 'ReadFile',
      path: `C:\\Windows\\servicing\\Packages\\pkg${i % 5000}.mum`,
    };
    b.push(e);
    p.push(i === 30_001 ? { ...e, result: 'ACCESS DENIED' } : e);
  }
  return { b, p };
}

/** Counts turns of the event loop until stopped. */
function turns(): { stop(): number } {
  let n = 0;
  let on = true;
  const tick = (): void => {
    n++;
    if (on) setImmediate(tick);
  };
  setImmediate(tick);
  return {
    stop: () => {
      on = false;
      return n;
    },
  };
}

describe('compareTracesAsync', () => {
  it('gives the synchronous result, phase by phase, letting the event loop run', async () => {
    const { b, p } = bigPair();
    const sync = compareTraces(makeTrace('b.CSV', b), makeTrace('p.CSV', p), []);
    const phases: CompareProgress[] = [];
    const loop = turns();
    const r = await compareTracesAsync(makeTrace('b.CSV', b), makeTrace('p.CSV', p), [], {
      sliceMs: 0,
      onProgress: (x) => phases.push(x),
    });
    expect(loop.stop()).toBeGreaterThan(20);
    expect(phases.map((x) => x.phase)).toEqual([...COMPARE_PHASES]);
    expect(phases.map((x) => x.done)).toEqual([0, 1, 2, 3, 4]);
    expect(r.findings).toEqual(sync.findings);
    expect(r.summary).toEqual({ ...sync.summary, elapsedMs: r.summary.elapsedMs });
    expect(r.findings[0]).toMatchObject({ problemResult: 'ACCESS DENIED', baselineResult: 'SUCCESS' });
  });

  it('stops soon after its signal aborts', async () => {
    const { b, p } = bigPair();
    const ac = new AbortController();
    const phases: string[] = [];
    const run = compareTracesAsync(makeTrace('b.CSV', b), makeTrace('p.CSV', p), [], {
      sliceMs: 0,
      signal: ac.signal,
      onProgress: (x) => {
        phases.push(x.phase);
        if (x.phase === 'align') ac.abort();
      },
    });
    await expect(run).rejects.toThrow('comparison cancelled');
    expect(phases).toEqual(['normalize', 'instances', 'align']);
  });
});
