import { describe, expect, it } from 'vitest';
import { resolvePage, spanOf, type FoldedRowLike } from './aligned-index';

// Folded list: [same] [collapsed x5] [changed] [collapsed x3] [baseline-only]
// Full list positions: 0 | 1..5 | 6 | 7..9 | 10
const folded: FoldedRowLike[] = [
  { kind: 'same' },
  { kind: 'collapsed', count: 5 },
  { kind: 'changed' },
  { kind: 'collapsed', count: 3 },
  { kind: 'baseline-only' },
];

describe('folded and full aligned positions', () => {
  it('counts a collapsed row as its run length', () => {
    expect(spanOf({ kind: 'collapsed', count: 1204 })).toBe(1204);
    expect(spanOf({ kind: 'same' })).toBe(1);
  });

  it('finds the folded row of full-list positions in one pass', () => {
    const out = new Map<number, number>();
    const cursor = resolvePage(folded, { folded: 0, full: 0 }, [0, 3, 6, 10], out);
    expect(out.get(0)).toBe(0);
    expect(out.get(3)).toBe(1);
    expect(out.get(6)).toBe(2);
    expect(out.get(10)).toBe(4);
    expect(cursor).toEqual({ folded: 5, full: 11 });
  });

  it('continues across pages', () => {
    const out = new Map<number, number>();
    const after = resolvePage(folded.slice(0, 2), { folded: 0, full: 0 }, [6, 10], out);
    expect(out.size).toBe(0);
    resolvePage(folded.slice(2), after, [6, 10], out);
    expect(out.get(6)).toBe(2);
    expect(out.get(10)).toBe(4);
  });
});
