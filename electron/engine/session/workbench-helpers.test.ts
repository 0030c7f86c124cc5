import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEngineDeps } from './engine-wiring';
import { WorkbenchService } from './workbench-service';

// The demo case (fixtures/demo): two Procmon CSVs and five logs, UTC event log beside local text logs.
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

describe('workbench helpers on the demo case', () => {
  it('finds the folded and the expanded row of the top finding', async () => {
    const { findings } = await s.handle('getFindings', {});
    const top = findings[0];
    const seq = top.problemEvents[0];
    const full = await s.handle('findAlignedIndex', { side: 'problem', seq, expandAll: true });
    expect(full.index).toBe(top.alignedRow);
    const folded = await s.handle('findAlignedIndex', { side: 'problem', seq });
    expect(folded.index).toBeGreaterThanOrEqual(0);
    expect(folded.index).toBeLessThanOrEqual(full.index);
    const page = await s.handle('queryAligned', { offset: folded.index, limit: 1 });
    expect(page.rows[0].problem?.seq).toBe(seq);
    // Under a filter that keeps only TiWorker, the row moves up and is still that event.
    const filters = [
      {
        column: 'Process Name' as const,
        relation: 'is' as const,
        value: 'TiWorker.exe',
        action: 'include' as const,
      },
    ];
    const filtered = await s.handle('findAlignedIndex', { side: 'problem', seq, filters });
    const fpage = await s.handle('queryAligned', { offset: filtered.index, limit: 1, filters });
    expect(fpage.rows[0].problem?.seq).toBe(seq);
    // A filter that hides the event: no row.
    const hidden = await s.handle('findAlignedIndex', {
      side: 'problem',
      seq,
      filters: [{ column: 'Operation', relation: 'is', value: 'CreateFile', action: 'exclude' }],
    });
    expect(hidden.index).toBe(-1);
  });

  it('counts differences and one-sided failures per bucket, adding up to the comparison', async () => {
    const state = s.state();
    const cmp = state.compare!;
    const expanded = await s.handle('getOverview', { buckets: 50, expandAll: true });
    const diffs = expanded.buckets.reduce((n, b) => n + b.differences, 0);
    expect(expanded.total).toBe(cmp.alignedRows);
    expect(diffs).toBe(cmp.changed + cmp.baselineOnly + cmp.problemOnly);
    const folded = await s.handle('getOverview', { buckets: 50 });
    expect(folded.buckets.reduce((n, b) => n + b.differences, 0)).toBe(diffs);
    expect(folded.buckets.reduce((n, b) => n + b.failures, 0)).toBeGreaterThan(0);
  });

  it('searches both sides and, aligned, returns rows in order', async () => {
    const res = await s.handle('searchEvents', { text: 'WPDMTP.DLL' });
    expect(res.counts.problem).toBeGreaterThan(0);
    expect(res.counts.baseline).toBeGreaterThan(res.counts.problem);
    const aligned = await s.handle('searchEvents', { text: 'wpdmtp.dll', aligned: true, limit: 5000 });
    expect(aligned.total).toBeGreaterThan(0);
    const idx = aligned.hits.map((h) => h.index);
    expect([...idx].sort((a, b) => a - b)).toEqual(idx);
    const row = await s.handle('queryAligned', { offset: idx[0], limit: 1 });
    const ev = row.rows[0][aligned.hits[0].side];
    expect(`${ev?.path} ${ev?.detail}`.toLowerCase()).toContain('wpdmtp.dll');
    const none = await s.handle('searchEvents', { text: 'no-such-text-anywhere' });
    expect(none.total).toBe(0);
  });

  it('aggregates events per process by result class', async () => {
    const { processes, instances } = await s.handle('getProcessStats', { side: 'problem' });
    const state = s.state();
    const sum = processes.reduce((n, p) => n + p.events, 0);
    expect(sum).toBe(state.traces.problem!.events);
    const failures = processes.reduce((n, p) => n + p.failure, 0);
    expect(failures).toBe(state.traces.problem!.failures);
    const tiworker = processes.find((p) => p.name === 'TiWorker.exe')!;
    expect(tiworker.success + tiworker.benign + tiworker.context + tiworker.failure + tiworker.other).toBe(
      tiworker.events,
    );
    expect(instances.reduce((n, i) => n + i.events, 0)).toBe(sum);
  });

  it('orders logs on one clock and finds a finding evidence line in the list', async () => {
    const all = await s.handle('queryLogs', { offset: 0, limit: 10_000 });
    expect(all.clock?.mixed).toBe(true);
    const { findings } = await s.handle('getFindings', {});
    const ev = findings[0].logEvidence[0];
    const { index } = await s.handle('findLogIndex', { file: ev.file, line: ev.line });
    expect(index).toBeGreaterThanOrEqual(0);
    expect(all.entries[index].line).toBe(ev.line);
    expect(all.entries[index].source.toLowerCase()).toBe(path.basename(ev.file).toLowerCase());
    // With a level filter that hides it, it has no place.
    const hidden = await s.handle('findLogIndex', { file: ev.file, line: ev.line, levels: ['verbose'] });
    expect(hidden.index).toBe(-1);
  });

  it('computes insights once per comparison, the agent first among what only the problem machine runs', async () => {
    const { insights } = await s.handle('getInsights', {});
    expect(insights).not.toBeNull();
    const first = insights!.environment.items[0];
    expect(first.presence).toBe('problem-only');
    const names = insights!.environment.items
      .filter((i) => i.presence === 'problem-only' && i.kind === 'process')
      .map((i) => i.name.toLowerCase());
    expect(names).toContain('vedsmservice.exe');
    const again = await s.handle('getInsights', {});
    expect(again.insights).toBe(insights);
  });
});
