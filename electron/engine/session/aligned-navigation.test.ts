import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilterRule } from '../../../shared/model/trace';
import { createEngineDeps } from './engine-wiring';
import { WorkbenchService } from './workbench-service';

// The demo case (fixtures/demo) through the service: the calls the window makes for F8 / Alt+Down
// and for the rows of every finding.
let s: WorkbenchService;

beforeAll(async () => {
  s = new WorkbenchService({
    host: 'web',
    appVersion: 'test',
    engine: createEngineDeps(path.resolve('dist/web')),
    fixturesDir: path.resolve('fixtures'),
    pathPolicy: 'any',
  });
  await s.handle('openDemo', {});
  await s.whenIdle();
}, 60_000);

afterAll(() => s.shutdown());

const TIWORKER: FilterRule[] = [
  { column: 'Process Name', relation: 'is', value: 'TiWorker.exe', action: 'include' },
];

describe('difference navigation through the workbench service', () => {
  it('answers the rows of all findings in one call, as one call per finding would', async () => {
    const { findings } = await s.handle('getFindings', {});
    expect(findings.length).toBeGreaterThan(1);
    for (const filters of [undefined, TIWORKER]) {
      for (const expandAll of [false, true]) {
        const events = findings.map((f) =>
          f.problemEvents.length > 0
            ? { side: 'problem' as const, seq: f.problemEvents[0] }
            : { side: 'baseline' as const, seq: f.baselineEvents[0] },
        );
        const { indices } = await s.handle('findAlignedIndices', { events, expandAll, filters });
        const one = await Promise.all(
          events.map((e) => s.handle('findAlignedIndex', { ...e, expandAll, filters })),
        );
        expect(indices).toEqual(one.map((r) => r.index));
        if (filters) expect(indices).toContain(-1);
      }
    }
  });

  it('steps to the next difference with its row, and says -1 past the last one', async () => {
    const all = await s.handle('queryAligned', { offset: 0, limit: 10_000 });
    const diffs = all.rows
      .filter((r) => r.kind === 'changed' || r.kind === 'baseline-only' || r.kind === 'problem-only')
      .map((r) => r.index);
    const from = diffs[diffs.length >> 1];
    const next = await s.handle('findNextAligned', { from, direction: 1, kind: 'difference' });
    expect(next.index).toBe(diffs.find((i) => i > from));
    expect(next.row?.index).toBe(next.index);
    expect(next.row).toEqual(all.rows[next.index]);
    const end = await s.handle('findNextAligned', {
      from: diffs[diffs.length - 1],
      direction: 1,
      kind: 'difference',
    });
    expect(end).toEqual({ index: -1, row: null });
  });

  it('refuses a step that is no direction', async () => {
    await expect(
      s.handle('findNextAligned', { from: 0, direction: 2, kind: 'difference' } as never),
    ).rejects.toMatchObject({ code: 'bad-request' });
  });
});
