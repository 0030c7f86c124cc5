import { describe, expect, it } from 'vitest';
import { alignSequences, longestIncreasing, type AlignOptions } from './align';
import { alignRows, AlignedView } from './aligned-rows';
import { defaultRules } from './default-rules';
import { matchInstances, splitInstances } from './instances';
import { buildKeys } from './normalize';
import { makeTrace, type TestEvent } from './test-trace';

/** Every index of both sides appears exactly once, in order; matched pairs have equal keys. */
function checkValid(a: number[], b: number[], out: { a: number[]; b: number[] }): number {
  let nextA = 0;
  let nextB = 0;
  let matched = 0;
  for (let t = 0; t < out.a.length; t++) {
    const x = out.a[t];
    const y = out.b[t];
    expect(x >= 0 || y >= 0).toBe(true);
    if (x >= 0) expect(x).toBe(nextA++);
    if (y >= 0) expect(y).toBe(nextB++);
    if (x >= 0 && y >= 0) {
      expect(a[x]).toBe(b[y]);
      matched++;
    }
  }
  expect(nextA).toBe(a.length);
  expect(nextB).toBe(b.length);
  return matched;
}

/** Longest common subsequence length by dynamic programming (small inputs only). */
function lcs(a: number[], b: number[]): number {
  const prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = a[i - 1] === b[j - 1] ? diag + 1 : Math.max(prev[j], prev[j - 1]);
      diag = up;
    }
  }
  return prev[b.length];
}

const rows = (out: { a: number[]; b: number[] }): string[] =>
  out.a.map((x, t) => (x >= 0 && out.b[t] >= 0 ? '=' : x >= 0 ? '-' : '+'));

describe('alignSequences', () => {
  it('matches identical sequences entirely', () => {
    const a = [1, 2, 3, 2, 1];
    const out = alignSequences(a, a);
    expect(checkValid(a, a, out)).toBe(5);
  });

  it('finds an insertion and a deletion', () => {
    const a = [1, 2, 3, 4, 5, 6];
    const b = [1, 2, 9, 3, 4, 6];
    const out = alignSequences(a, b);
    expect(checkValid(a, b, out)).toBe(5);
    expect(rows(out).join('')).toBe('==+==-=');
  });

  it('keeps the baseline-only run after the point where the problem stops (bifurcation)', () => {
    const a = [10, 11, 12, 20, 21, 22, 23, 13, 14];
    const b = [10, 11, 12, 13, 14];
    const out = alignSequences(a, b);
    expect(checkValid(a, b, out)).toBe(5);
    expect(rows(out).join('')).toBe('===----==');
  });

  it('matches around a moved block, which shows once on each side', () => {
    const a = [1, 2, 3, 4, 5, 6, 7, 8];
    const b = [1, 5, 6, 2, 3, 4, 7, 8];
    const out = alignSequences(a, b);
    // The longest order-preserving match keeps 1 2 3 4 7 8; the moved 5 6 is one-sided on both sides.
    expect(checkValid(a, b, out)).toBe(6);
    expect(rows(out).filter((r) => r === '-')).toHaveLength(2);
    expect(rows(out).filter((r) => r === '+')).toHaveLength(2);
  });

  it('aligns repeated keys with no unique anchor optimally (Myers)', () => {
    const a = [1, 1, 2, 1, 2, 2, 1, 1];
    const b = [1, 2, 1, 1, 2, 2, 1];
    const out = alignSequences(a, b);
    expect(checkValid(a, b, out)).toBe(lcs(a, b));
    expect(out.stats.myersRuns).toBeGreaterThan(0);
  });

  it('falls back to the greedy matcher past the edit-distance cap and stays valid', () => {
    const a = Array.from({ length: 400 }, (_, i) => (i * 7) % 5);
    const b = Array.from({ length: 400 }, (_, i) => (i * 3) % 5);
    const opts: AlignOptions = { maxMyersD: 4, maxPatienceDepth: 0 };
    const out = alignSequences(a, b, opts);
    expect(out.stats.greedyRuns).toBe(1);
    expect(checkValid(a, b, out)).toBeGreaterThan(100);
  });

  it('is valid and near the LCS on random edits', () => {
    let seed = 12345;
    const rnd = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    for (let round = 0; round < 60; round++) {
      const a = Array.from({ length: 20 + rnd(120) }, () => rnd(round % 2 === 0 ? 8 : 400));
      const b: number[] = [];
      for (const x of a) {
        const r = rnd(10);
        if (r === 0) continue;
        if (r === 1) b.push(rnd(400));
        b.push(x);
      }
      const out = alignSequences(a, b);
      const m = checkValid(a, b, out);
      expect(m).toBeGreaterThanOrEqual(Math.floor(lcs(a, b) * 0.9));
    }
  });

  it('handles empty sides', () => {
    expect(rows(alignSequences([], [1, 2])).join('')).toBe('++');
    expect(rows(alignSequences([1, 2], [])).join('')).toBe('--');
    expect(alignSequences([], []).a).toEqual([]);
  });
});

describe('longestIncreasing', () => {
  it('returns the indexes of one longest strictly increasing run', () => {
    const xs = [3, 1, 4, 1, 5, 9, 2, 6];
    const idx = longestIncreasing(xs);
    expect(idx).toHaveLength(4);
    for (let t = 1; t < idx.length; t++) expect(xs[idx[t]]).toBeGreaterThan(xs[idx[t - 1]]);
    expect(longestIncreasing([])).toEqual([]);
  });
});

function alignTraces(bEvents: TestEvent[], pEvents: TestEvent[]) {
  const keyed = buildKeys(makeTrace('b.CSV', bEvents), makeTrace('p.CSV', pEvents), defaultRules());
  const bInst = splitInstances(keyed.baseline);
  const pInst = splitInstances(keyed.problem);
  const pairs = matchInstances(
    { side: keyed.baseline, inst: bInst },
    { side: keyed.problem, inst: pInst },
    keyed.normalizer,
  );
  const rows = alignRows(
    { side: keyed.baseline, inst: bInst },
    { side: keyed.problem, inst: pInst },
    pairs,
    keyed.space.size,
  );
  return { keyed, bInst, pInst, pairs, rows };
}

describe('aligned rows over process instances', () => {
  it('aligns per process regardless of PID and interleaving, and classifies rows', () => {
    const b: TestEvent[] = [
      { process: 'a.exe', pid: 10, path: 'C:\\a1' },
      { process: 'b.exe', pid: 20, path: 'C:\\b1' },
      { process: 'a.exe', pid: 10, path: 'C:\\a2' },
      { process: 'b.exe', pid: 20, path: 'C:\\b2' },
      { process: 'a.exe', pid: 10, path: 'C:\\a3' },
    ];
    const p: TestEvent[] = [
      { process: 'b.exe', pid: 77, path: 'C:\\b1' },
      { process: 'a.exe', pid: 88, path: 'C:\\a1' },
      { process: 'b.exe', pid: 77, path: 'C:\\b2', result: 'ACCESS DENIED' },
      { process: 'a.exe', pid: 88, path: 'C:\\a3' },
      { process: 'a.exe', pid: 88, path: 'C:\\a4' },
    ];
    const { rows } = alignTraces(b, p);
    expect(rows.counts).toEqual({ same: 3, changed: 1, baselineOnly: 1, problemOnly: 1 });
    for (let g = 0; g < rows.length; g++) {
      if (rows.baseline[g] >= 0) expect(rows.rowOfBaseline[rows.baseline[g]]).toBe(g);
      if (rows.problem[g] >= 0) expect(rows.rowOfProblem[rows.problem[g]]).toBe(g);
    }
    const changed = [...rows.kind].indexOf(1);
    expect(rows.baseline[changed]).toBe(3);
    expect(rows.problem[changed]).toBe(2);
    // Within one process the rows keep alignment order on both sides.
    const aRows = [...rows.kind.keys()].filter(
      (g) => rows.baseline[g] === 0 || rows.baseline[g] === 2 || rows.baseline[g] === 4,
    );
    expect(aRows).toEqual([...aRows].sort((x, y) => x - y));
  });

  it('pairs several instances of one image by the keys they share, and splits on PID reuse', () => {
    const b: TestEvent[] = [
      { process: 'svchost.exe', pid: 1, path: 'C:\\net\\x' },
      { process: 'svchost.exe', pid: 2, path: 'C:\\audio\\y' },
      { process: 'svchost.exe', pid: 1, path: 'C:\\net\\x2' },
      { process: 'svchost.exe', pid: 2, path: 'C:\\audio\\y2' },
    ];
    const p: TestEvent[] = [
      { process: 'svchost.exe', pid: 9, path: 'C:\\audio\\y' },
      { process: 'svchost.exe', pid: 8, path: 'C:\\net\\x' },
      { process: 'svchost.exe', pid: 9, path: 'C:\\audio\\y2' },
      { process: 'svchost.exe', pid: 8, path: 'C:\\net\\x2' },
      { process: 'other.exe', pid: 8, op: 'Process Start', path: '' },
    ];
    const { rows, pInst, pairs } = alignTraces(b, p);
    expect(rows.counts.same).toBe(4);
    expect(pInst.list).toHaveLength(3);
    expect(pairs.filter((x) => x.baseline >= 0 && x.problem >= 0)).toHaveLength(2);
  });

  it('collapses long runs of same rows and maps events to view rows', () => {
    const common = Array.from({ length: 30 }, (_, i) => ({ process: 'a.exe', path: `C:\\f${i}` }));
    const b: TestEvent[] = [
      ...common,
      { process: 'a.exe', path: 'C:\\only-b' },
      ...common.map((e) => ({ ...e, path: `${e.path}x` })),
    ];
    const p: TestEvent[] = [...common, ...common.map((e) => ({ ...e, path: `${e.path}x` }))];
    const { rows } = alignTraces(b, p);
    expect(rows.length).toBe(61);
    const view = new AlignedView(rows, 20);
    expect(view.length).toBe(3);
    const page = view.page(0, 10);
    expect(page.map((r) => r.kind)).toEqual(['collapsed', 'baseline-only', 'collapsed']);
    expect(page[0].count).toBe(30);
    expect(page[1].baseline).toBe(30);
    expect(view.indexOfRow(rows.rowOf('baseline', 45))).toBe(2);
    expect(view.indexOfRow(rows.rowOf('baseline', 30))).toBe(1);
    expect(new AlignedView(rows, 100).length).toBe(61);
    expect(view.page(2, 5)).toHaveLength(1);
  });
});
