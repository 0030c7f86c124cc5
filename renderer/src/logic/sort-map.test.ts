import { describe, expect, it } from 'vitest';
import { toSortSpec } from './sort-map';

describe('grid sort to host sort', () => {
  it('maps the grid column to the host column name', () => {
    expect(toSortSpec([{ colId: 'result', sort: 'desc' }])).toEqual({ column: 'Result', direction: 'desc' });
    expect(toSortSpec([{ colId: 'time', sort: 'asc' }])).toEqual({ column: 'Time of Day', direction: 'asc' });
    expect(toSortSpec([{ colId: 'process', sort: 'asc' }])).toEqual({
      column: 'Process Name',
      direction: 'asc',
    });
  });

  it('means capture order when nothing (known) is sorted', () => {
    expect(toSortSpec([])).toBeUndefined();
    expect(toSortSpec([{ colId: 'unknown', sort: 'asc' }])).toBeUndefined();
    expect(toSortSpec([{ colId: 'path', sort: null }])).toBeUndefined();
  });
});
