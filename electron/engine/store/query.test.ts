import { describe, expect, it } from 'vitest';
import type { FilterRule } from '../../../shared/model/trace';
import { filterEvents, listFailures, sortEvents, TraceView, viewKey } from './query';
import { TraceStoreBuilder, type TraceStore } from './trace-store';

function makeStore(
  events: {
    process: string;
    pid: number;
    operation: string;
    path: string;
    result: string;
    duration?: number;
  }[],
): TraceStore {
  const b = new TraceStoreBuilder({
    file: 'mem.csv',
    fileName: 'mem.csv',
    size: 0,
    kind: 'procmon-csv',
    encoding: 'UTF-8',
    timeIsAbsolute: false,
    columns: [],
    computerName: '',
    osVersion: '',
  });
  events.forEach((e, i) =>
    b.push({
      timeSec: 3600 + i,
      timeFrac: 0,
      process: e.process,
      pid: e.pid,
      tid: 1,
      operation: e.operation,
      path: e.path,
      result: e.result,
      detail: '',
      duration: e.duration ?? NaN,
      eventClass: e.operation.startsWith('Reg') ? 'Registry' : 'File System',
      processIndex: -1,
    }),
  );
  return b.finish();
}

const store = makeStore([
  {
    process: 'svchost.exe',
    pid: 10,
    operation: 'RegOpenKey',
    path: 'HKLM\\Software',
    result: 'SUCCESS',
    duration: 0.5,
  },
  {
    process: 'TiWorker.exe',
    pid: 20,
    operation: 'CreateFile',
    path: 'C:\\Windows\\a.dll',
    result: 'ACCESS DENIED',
    duration: 0.1,
  },
  {
    process: 'svchost.exe',
    pid: 10,
    operation: 'CreateFile',
    path: 'C:\\Temp\\b.txt',
    result: 'NAME NOT FOUND',
    duration: 0.2,
  },
  { process: 'Explorer.EXE', pid: 30, operation: 'ReadFile', path: 'C:\\Windows\\c.dll', result: 'SUCCESS' },
  {
    process: 'tiworker.exe',
    pid: 21,
    operation: 'CreateFile',
    path: 'C:\\Windows\\d.dll',
    result: 'SHARING VIOLATION',
    duration: 0.1,
  },
]);

const rule = (
  column: FilterRule['column'],
  relation: FilterRule['relation'],
  value: string,
  action: FilterRule['action'] = 'include',
): FilterRule => ({
  column,
  relation,
  value,
  action,
});

describe('filterEvents', () => {
  it('ORs includes on the same column and ANDs different columns, case-insensitively', () => {
    const seqs = filterEvents(store, [
      rule('Process Name', 'is', 'TIWORKER.EXE'),
      rule('Process Name', 'is', 'svchost.exe'),
      rule('Operation', 'is', 'CreateFile'),
    ]);
    expect([...seqs]).toEqual([1, 2, 4]);
  });

  it('lets excludes win over includes, and ignores disabled rules', () => {
    const seqs = filterEvents(store, [
      rule('Operation', 'is', 'CreateFile'),
      rule('Path', 'begins with', 'c:\\temp', 'exclude'),
      { ...rule('Process Name', 'is', 'nothing'), enabled: false },
    ]);
    expect([...seqs]).toEqual([1, 4]);
  });

  it('supports every relation', () => {
    const f = (r: FilterRule) => [...filterEvents(store, [r])];
    expect(f(rule('Path', 'contains', 'windows'))).toEqual([1, 3, 4]);
    expect(f(rule('Path', 'excludes', 'windows'))).toEqual([0, 2]);
    expect(f(rule('Path', 'ends with', '.DLL'))).toEqual([1, 3, 4]);
    expect(f(rule('Result', 'is not', 'SUCCESS'))).toEqual([1, 2, 4]);
    expect(f(rule('PID', 'less than', '20'))).toEqual([0, 2]);
    expect(f(rule('PID', 'more than', '20'))).toEqual([3, 4]);
    expect(f(rule('Duration', 'more than', '0.15'))).toEqual([0, 2]);
    expect(f(rule('Sequence', 'is', '3'))).toEqual([3]);
    expect(f(rule('Result Class', 'is', 'failure'))).toEqual([1, 4]);
    expect(f(rule('Event Class', 'is', 'Registry'))).toEqual([0]);
    expect(f(rule('Time of Day', 'more than', '1:00:02'))).toEqual([3, 4]);
  });
});

describe('sortEvents', () => {
  const all = filterEvents(store, []);
  it('sorts strings case-insensitively and stably (ties by seq) in both directions', () => {
    expect([...sortEvents(store, all, { column: 'Process Name', direction: 'asc' })]).toEqual([
      3, 0, 2, 1, 4,
    ]);
    expect([...sortEvents(store, all, { column: 'Process Name', direction: 'desc' })]).toEqual([
      4, 1, 0, 2, 3,
    ]);
  });
  it('sorts numbers with pending durations last', () => {
    expect([...sortEvents(store, all, { column: 'Duration', direction: 'asc' })]).toEqual([1, 4, 2, 0, 3]);
    expect([...sortEvents(store, all, { column: 'Duration', direction: 'desc' })]).toEqual([0, 2, 1, 4, 3]);
    expect([...sortEvents(store, all, { column: 'PID', direction: 'desc' })]).toEqual([3, 4, 1, 0, 2]);
    expect([...sortEvents(store, all, { column: 'Sequence', direction: 'desc' })]).toEqual([4, 3, 2, 1, 0]);
  });
});

describe('TraceView', () => {
  it('pages, counts, finds an event and caches the view', () => {
    const view = new TraceView(store);
    const spec = {
      filters: [rule('Operation', 'is', 'CreateFile')],
      sort: { column: 'Path' as const, direction: 'desc' as const },
    };
    const page = view.page({ ...spec, offset: 1, limit: 5 });
    expect(page.total).toBe(3);
    expect(page.rows.map((r) => r.seq)).toEqual([1, 2]);
    expect(view.findIndex(2, spec)).toBe(2);
    expect(view.findIndex(0, spec)).toBe(-1);
    expect(view.findIndex(4, { filters: spec.filters })).toBe(2);
    expect(view.seqs(spec)).toBe(view.seqs({ ...spec, filters: [...spec.filters] }));
    expect(view.count(spec.filters)).toBe(3);
    expect(viewKey({ filters: [{ ...spec.filters[0], enabled: true }] })).toBe(
      viewKey({ filters: spec.filters }),
    );
  });

  it('lists failures', () => {
    const { items, total } = listFailures(store, 1);
    expect(total).toBe(2);
    expect(items).toEqual([
      expect.objectContaining({
        seq: 1,
        process: 'TiWorker.exe',
        result: 'ACCESS DENIED',
        path: 'C:\\Windows\\a.dll',
      }),
    ]);
  });

  it('filters and sorts a million events quickly', () => {
    const b = new TraceStoreBuilder({ ...store.meta });
    const procs = ['svchost.exe', 'MsMpEng.exe', 'TiWorker.exe', 'explorer.exe'];
    const results = ['SUCCESS', 'NAME NOT FOUND', 'ACCESS DENIED', 'BUFFER OVERFLOW'];
    for (let i = 0; i < 1_000_000; i++) {
      b.push({
        timeSec: i >> 10,
        timeFrac: i & 1023,
        process: procs[i & 3],
        pid: 100 + (i & 3),
        tid: 1,
        operation: i % 3 === 0 ? 'RegOpenKey' : 'CreateFile',
        path: `C:\\Windows\\System32\\file${i % 50_000}.dll`,
        result: results[(i >> 2) & 3],
        detail: '',
        duration: (i % 1000) / 1e6,
        eventClass: '',
        processIndex: -1,
      });
    }
    const big = b.finish();
    const t0 = performance.now();
    const seqs = filterEvents(big, [
      rule('Path', 'contains', 'file1'),
      rule('Result', 'is', 'SUCCESS', 'exclude'),
    ]);
    const t1 = performance.now();
    const sorted = sortEvents(big, seqs, { column: 'Path', direction: 'asc' });
    const t2 = performance.now();
    expect(seqs.length).toBeGreaterThan(100_000);
    expect(sorted.length).toBe(seqs.length);
    expect(t1 - t0).toBeLessThan(500);
    expect(t2 - t1).toBeLessThan(1500);
  });
});
