import { describe, expect, it } from 'vitest';
import { rulesFromFilterModel } from './column-filters';

describe('rulesFromFilterModel', () => {
  it('maps text filter conditions of trace and aligned columns to host rules', () => {
    expect(
      rulesFromFilterModel({
        process: { filterType: 'text', type: 'equals', filter: 'TiWorker.exe' },
        'p.path': { filterType: 'text', type: 'notContains', filter: 'WinSxS' },
        result: { filterType: 'text', type: 'startsWith', filter: 'ACCESS' },
      }),
    ).toEqual([
      { column: 'Process Name', relation: 'is', value: 'TiWorker.exe', action: 'include' },
      { column: 'Path', relation: 'excludes', value: 'WinSxS', action: 'include' },
      { column: 'Result', relation: 'begins with', value: 'ACCESS', action: 'include' },
    ]);
  });

  it('ignores empty values, unknown columns and unknown condition types', () => {
    expect(
      rulesFromFilterModel({
        path: { filterType: 'text', type: 'contains', filter: '' },
        seq: { filterType: 'number', type: 'equals', filter: 3 },
        detail: { filterType: 'text', type: 'blank' },
      }),
    ).toEqual([]);
    expect(rulesFromFilterModel(null)).toEqual([]);
  });
});
