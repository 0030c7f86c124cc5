import { describe, expect, it } from 'vitest';
import type { AlignedRow, AlignedStepQuery } from '../../../shared/contract';
import type { FilterRule } from '../../../shared/model/trace';
import { compareTraces } from '../analysis/compare';
import { makeTrace, type TestEvent } from '../analysis/test-trace';
import { TraceView } from '../store/query';
import { AlignedView } from './aligned-view';

/**
 * Two machines doing the same work in long identical stretches (which fold), with differences spread
 * through it: changed results, a one-sided failure, a failure both share, work only one side does.
 */
function pair(): { b: TestEvent[]; p: TestEvent[] } {
  const b: TestEvent[] = [];
  const p: TestEvent[] = [];
  const both = (e: TestEvent, pe: Partial<TestEvent> = {}): void => {
    b.push(e);
    p.push({ ...e, ...pe });
  };
  const stretch = (n: number, tag: string): void => {
    for (let i = 0; i < n; i++)
      both({ process: 'svchost.exe', pid: 800, op: 'RegQueryValue', path: `HKLM\\Software\\${tag}\\V${i}` });
  };
  stretch(30, 'A');
  both(
    { process: 'TiWorker.exe', pid: 300, op: 'CreateFile', path: 'C:\\W\\wpdmtp.dll' },
    { result: 'ACCESS DENIED' },
  );
  stretch(5, 'B');
  both({
    process: 'TiWorker.exe',
    pid: 300,
    op: 'CreateFile',
    path: 'C:\\W\\shared.lock',
    result: 'ACCESS DENIED',
  });
  both(
    { process: 'explorer.exe', pid: 1200, op: 'RegOpenKey', path: 'HKCU\\Theme' },
    { result: 'NAME NOT FOUND' },
  );
  stretch(40, 'C');
  b.push({ process: 'TiWorker.exe', pid: 300, op: 'WriteFile', path: 'C:\\W\\WinSxS\\x.manifest' });
  b.push({ process: 'TiWorker.exe', pid: 300, op: 'WriteFile', path: 'C:\\W\\WinSxS\\y.manifest' });
  stretch(25, 'D');
  p.push({
    process: 'vEdsmService.exe',
    pid: 4000,
    op: 'CreateFile',
    path: 'C:\\Agent\\hook.dll',
    result: 'ACCESS DENIED',
  });
  stretch(3, 'E');
  return { b, p };
}

function setup() {
  const { b, p } = pair();
  const baseline = makeTrace('clean.CSV', b);
  const problem = makeTrace('managed.CSV', p);
  const result = compareTraces(baseline, problem, [], { collapseThreshold: 10 });
  const views = { baseline: new TraceView(baseline), problem: new TraceView(problem) };
  return { view: new AlignedView(result, baseline, problem, views), result };
}

const isDifference = (r: AlignedRow): boolean =>
  r.kind === 'changed' || r.kind === 'baseline-only' || r.kind === 'problem-only';
const isFailure = (r: AlignedRow): boolean =>
  r.kind !== 'collapsed' &&
  (r.baseline?.resultClass === 'failure') !== (r.problem?.resultClass === 'failure');

/** The answer by reading every row of the list, as the renderer used to page through it. */
function scan(rows: AlignedRow[], q: AlignedStepQuery): number {
  const test = q.kind === 'difference' ? isDifference : isFailure;
  for (let i = q.from + q.direction; i >= 0 && i < rows.length; i += q.direction)
    if (i >= 0 && test(rows[i])) return i;
  return -1;
}

const TIWORKER: FilterRule[] = [
  { column: 'Process Name', relation: 'is', value: 'TiWorker.exe', action: 'include' },
];
const NO_REGISTRY: FilterRule[] = [
  { column: 'Operation', relation: 'begins with', value: 'Reg', action: 'exclude' },
];

describe('AlignedView.findNext', () => {
  it('walks the differences of the folded list and steps over folded runs of identical rows', () => {
    const { view } = setup();
    const { rows } = view.query({ offset: 0, limit: 1000 });
    expect(rows.some((r) => r.kind === 'collapsed')).toBe(true);
    const found: string[] = [];
    for (let i = view.findNext({ from: -1, direction: 1, kind: 'difference' }); i >= 0;) {
      const r = rows[i];
      found.push(`${r.kind}:${(r.baseline ?? r.problem)?.path}`);
      i = view.findNext({ from: i, direction: 1, kind: 'difference' });
    }
    expect(found).toEqual([
      'changed:C:\\W\\wpdmtp.dll',
      'changed:HKCU\\Theme',
      'baseline-only:C:\\W\\WinSxS\\x.manifest',
      'baseline-only:C:\\W\\WinSxS\\y.manifest',
      'problem-only:C:\\Agent\\hook.dll',
    ]);
    // Backwards from the end comes back the same way; past the first there is none.
    const last = view.findNext({ from: rows.length, direction: -1, kind: 'difference' });
    expect(rows[last].problem?.path).toBe('C:\\Agent\\hook.dll');
    const first = view.findNext({ from: -1, direction: 1, kind: 'difference' });
    expect(view.findNext({ from: first, direction: -1, kind: 'difference' })).toBe(-1);
  });

  it('finds one-sided failures, not the failure both machines share', () => {
    const { view } = setup();
    const { rows } = view.query({ offset: 0, limit: 1000, expandAll: true });
    const paths: string[] = [];
    for (let i = -1; ;) {
      i = view.findNext({ from: i, direction: 1, kind: 'failure', expandAll: true });
      if (i < 0) break;
      paths.push((rows[i].problem ?? rows[i].baseline)!.path);
    }
    expect(paths).toEqual(['C:\\W\\wpdmtp.dll', 'C:\\Agent\\hook.dll']);
  });

  it('agrees with a row-by-row scan from every row, both ways, folded or not, filtered or not', () => {
    const { view } = setup();
    for (const expandAll of [false, true]) {
      for (const filters of [undefined, TIWORKER, NO_REGISTRY]) {
        const { rows, total } = view.query({ offset: 0, limit: 1000, expandAll, filters });
        expect(rows.length).toBe(total);
        rows.forEach((r, i) => expect(r.index).toBe(i));
        for (const kind of ['difference', 'failure'] as const) {
          for (const direction of [1, -1] as const) {
            for (let from = -1; from <= total; from++) {
              const q = { from, direction, kind, expandAll, filters };
              expect(view.findNext(q), JSON.stringify({ ...q, filters: !!filters })).toBe(scan(rows, q));
            }
          }
        }
      }
    }
  });

  it('counts in the overview bar what navigation visits', () => {
    const { view } = setup();
    for (const expandAll of [false, true]) {
      const { rows } = view.query({ offset: 0, limit: 1000, expandAll });
      const o = view.overview(7, expandAll);
      expect(o.total).toBe(rows.length);
      expect(o.buckets.reduce((n, b) => n + b.differences, 0)).toBe(rows.filter(isDifference).length);
      expect(o.buckets.reduce((n, b) => n + b.failures, 0)).toBe(rows.filter(isFailure).length);
    }
  });
});

describe('AlignedView filtered lists', () => {
  it('numbers filtered rows by their place in the filtered list, which indexOf returns', () => {
    const { view, result } = setup();
    const page = view.query({ offset: 0, limit: 100, filters: TIWORKER });
    expect(page.rows.map((r) => (r.problem ?? r.baseline)!.process)).toEqual(
      Array(page.total).fill('TiWorker.exe'),
    );
    for (const r of page.rows) {
      const side = r.problem ? 'problem' : 'baseline';
      const seq = (r.problem ?? r.baseline)!.seq;
      expect(view.indexOf(side, seq, false, TIWORKER)).toBe(r.index);
    }
    // An event the filter hides has no row; without the filter it has its unfiltered one.
    const svchost = result.alignedPage(0, 1, true)[0];
    expect(view.indexOf('baseline', svchost.baseline, true, TIWORKER)).toBe(-1);
    expect(view.indexOf('baseline', svchost.baseline, true)).toBe(0);
  });

  it('keeps answers right when several filtered lists are in use in turn', () => {
    const { view } = setup();
    const a1 = view.query({ offset: 0, limit: 1000, filters: TIWORKER });
    const b1 = view.query({ offset: 0, limit: 1000, filters: NO_REGISTRY, expandAll: true });
    const a2 = view.query({ offset: 0, limit: 1000, filters: TIWORKER });
    const b2 = view.query({ offset: 0, limit: 1000, filters: NO_REGISTRY, expandAll: true });
    expect(a2).toEqual(a1);
    expect(b2).toEqual(b1);
    expect(a1.total).not.toBe(b1.total);
  });
});
