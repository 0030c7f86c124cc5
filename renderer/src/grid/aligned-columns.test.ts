import type { ColDef, ColGroupDef } from 'ag-grid-community';
import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import type { AlignedRow } from '../../../shared/contract';
import { ALIGNED_WIDTHS, alignedColumnDefs } from './aligned-columns';
import { showTimeColumns } from './aligned-layout';

const t = ((key: string) => key) as unknown as TFunction;

function sides(defs: ReturnType<typeof alignedColumnDefs>): ColDef<AlignedRow>[][] {
  return defs
    .filter((d): d is ColGroupDef<AlignedRow> => 'children' in d)
    .map((g) => g.children as ColDef<AlignedRow>[]);
}

const gapRow = { index: 3, kind: 'baseline-only', baseline: null, problem: null } as unknown as AlignedRow;

describe('aligned columns', () => {
  it('give the spare width to Path only; the other columns keep fixed widths', () => {
    for (const cols of sides(alignedColumnDefs(t, 'en'))) {
      const flexing = cols.filter((c) => c.flex);
      expect(flexing.map((c) => c.colId?.slice(2))).toEqual(['path']);
      expect(cols.filter((c) => !c.flex).every((c) => typeof c.width === 'number')).toBe(true);
    }
  });

  it('use the widths the user dragged, and stop a dragged Path from flexing', () => {
    const [baseline, problem] = sides(
      alignedColumnDefs(t, 'en', { time: true, widths: { 'b.path': 333, 'p.process': 150 } }),
    );
    const bPath = baseline.find((c) => c.colId === 'b.path');
    expect(bPath?.width).toBe(333);
    expect(bPath?.flex).toBeUndefined();
    expect(problem.find((c) => c.colId === 'p.process')?.width).toBe(150);
    expect(problem.find((c) => c.colId === 'p.path')?.flex).toBe(1);
  });

  it('without Time columns, the spanning cell of a gap starts at Process and covers the side', () => {
    const [baseline] = sides(alignedColumnDefs(t, 'en', { time: false, widths: {} }));
    expect(baseline.map((c) => c.colId)).toEqual(['b.process', 'b.operation', 'b.path', 'b.result']);
    const span = baseline[0].colSpan as (p: { data: AlignedRow }) => number;
    expect(span({ data: gapRow })).toBe(4);
    expect(baseline[1].colSpan).toBeUndefined();
  });
});

describe('time columns', () => {
  const W = ALIGNED_WIDTHS;
  const roomy = 2 * (W.time + W.process + W.operation + W.result + 220) + 100;
  it('show when both paths keep their room, give way below it, and follow the user when set', () => {
    expect(showTimeColumns(roomy, 'auto')).toBe(true);
    expect(showTimeColumns(roomy - 1, 'auto')).toBe(false);
    expect(showTimeColumns(600, 'show')).toBe(true);
    expect(showTimeColumns(4000, 'hide')).toBe(false);
  });
});
