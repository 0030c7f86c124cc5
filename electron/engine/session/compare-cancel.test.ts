import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HostEvent, JobProgress } from '../../../shared/contract';
import { compareTracesAsync } from '../analysis/compare-async';
import type { EngineDeps } from './engine-deps';
import { createEngineDeps } from './engine-wiring';
import { WorkbenchService } from './workbench-service';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tracediff-compare-cancel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = '"Time of Day","Process Name","PID","Operation","Path","Result","Detail"';
const DLL = 'C:\\Windows\\SoftwareDistribution\\Download\\ab12\\inst\\amd64_dual_wpdmtp.inf\\wpdmtp.dll';

function writeCsv(name: string, rows: [string, string, string][]): string {
  const lines = rows.map(
    ([op, p, result], i) =>
      `"9:16:03.${String(1000000 + i).slice(1)}0 AM","TiWorker.exe","3032","${op}","${p}","${result}",""`,
  );
  const file = path.join(dir, name);
  writeFileSync(file, [HEADER, ...lines, ''].join('\r\n'));
  return file;
}

const common: [string, string, string][] = Array.from({ length: 200 }, (_, i) => [
  'ReadFile',
  `C:\\Windows\\servicing\\Packages\\pkg${i}.mum`,
  'SUCCESS',
]);
const baselineFile = writeCsv('clean.CSV', [...common, ['CreateFile', DLL, 'SUCCESS']]);
const problemFile = writeCsv('managed.CSV', [...common, ['CreateFile', DLL, 'ACCESS DENIED']]);

/**
 * The real engine, with the comparison pausing at every step instead of every 30 ms: a small pair
 * then takes many turns of the event loop, as a million-event pair does with the default slice.
 */
function engine(): EngineDeps {
  const real = createEngineDeps(dir);
  return {
    ...real,
    compare: (b, p, logs, rules, ids, run) =>
      compareTracesAsync(b, p, logs, {
        rules: [...rules],
        baselineId: ids.baseline,
        problemId: ids.problem,
        signal: run.signal,
        onProgress: run.onProgress,
        sliceMs: 0,
      }),
  };
}

describe('cancelling a comparison', () => {
  it('stops it, leaves no comparison and says so, and Compare again runs it anew', async () => {
    const s = new WorkbenchService({
      host: 'web',
      appVersion: 'test',
      engine: engine(),
      fixturesDir: path.join(dir, 'no-fixtures'),
      pathPolicy: 'any',
    });
    const compareJobs: JobProgress[] = [];
    let cancelled: Promise<{ cancelled: boolean }> | null = null;
    s.onEvent((e: HostEvent) => {
      if (e.type !== 'progress' || e.job.label !== 'Comparing') return;
      compareJobs.push(e.job);
      // Asked from a later turn of the event loop, as a host's request arrives: the comparison
      // must have let it run.
      if (!cancelled && e.job.state === 'running') {
        const jobId = e.job.jobId;
        cancelled = new Promise((resolve, reject) =>
          setImmediate(() => s.handle('cancelJob', { jobId }).then(resolve, reject)),
        );
      }
    });
    await s.handle('openInputs', {
      inputs: [
        { ref: { path: baselineFile }, role: 'baseline' },
        { ref: { path: problemFile }, role: 'problem' },
      ],
    });
    await s.whenIdle();
    expect(cancelled).not.toBeNull();
    expect(await cancelled).toEqual({ cancelled: true });

    const state = await s.handle('getState', {});
    expect(state.compare).toBeNull();
    const job = state.jobs.find((j) => j.label === 'Comparing');
    expect(job).toMatchObject({ state: 'cancelled', error: 'comparison cancelled' });
    expect((await s.handle('getFindings', {})).findings).toEqual([]);
    // A finished job cannot be cancelled again.
    expect(await s.handle('cancelJob', { jobId: job!.jobId })).toEqual({ cancelled: false });

    // The job line shows work done, not bytes: the comparison reads no file.
    expect(job?.unit).toBe('work');

    // Re-run: the "Compare again" the job line offers after a cancel.
    await s.handle('compareAgain', {});
    await s.whenIdle();
    const after = await s.handle('getState', {});
    expect(after.compare).not.toBeNull();
    const last = after.jobs.filter((j) => j.label === 'Comparing').pop();
    expect(last?.state).toBe('done');
    const { findings } = await s.handle('getFindings', {});
    expect(findings[0]).toMatchObject({
      path: DLL,
      problemResult: 'ACCESS DENIED',
      baselineResult: 'SUCCESS',
    });
    s.dispose();
  });
});
