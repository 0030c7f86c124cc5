import { describe, expect, it } from 'vitest';
import type { CompareSummary } from '../../../../shared/model/finding';
import { activeFilterCount, effectiveFilters, quickRules } from './filter-store';

const compare = {
  processesOnlyInProblem: ['vEdsmService.exe', 'vUserHci.exe'],
  processesOnlyInBaseline: ['OneDrive.exe'],
} as CompareSummary;

describe('filter rules', () => {
  it('turns the quick toggles into host rules', () => {
    expect(quickRules({ failuresOnly: true, hideBenign: true, hideOneSided: false }, compare)).toEqual([
      { column: 'Result Class', relation: 'is', value: 'failure', action: 'include' },
      { column: 'Result Class', relation: 'is', value: 'benign', action: 'exclude' },
    ]);
    const oneSided = quickRules({ failuresOnly: false, hideBenign: false, hideOneSided: true }, compare);
    expect(oneSided.map((r) => `${r.action} ${r.value}`)).toEqual([
      'exclude vEdsmService.exe',
      'exclude vUserHci.exe',
      'exclude OneDrive.exe',
    ]);
    // Without a comparison there is nothing to hide.
    expect(quickRules({ failuresOnly: false, hideBenign: false, hideOneSided: true }, null)).toEqual([]);
  });

  it('sends only enabled dialog rules, without the enabled flag, and counts what is on', () => {
    const rules = [
      { column: 'Path' as const, relation: 'contains' as const, value: 'wpdmtp', action: 'include' as const },
      {
        column: 'Operation' as const,
        relation: 'is' as const,
        value: 'ReadFile',
        action: 'exclude' as const,
        enabled: false,
      },
    ];
    const quick = { failuresOnly: true, hideBenign: false, hideOneSided: false };
    expect(effectiveFilters(rules, quick, compare)).toEqual([
      { column: 'Path', relation: 'contains', value: 'wpdmtp', action: 'include' },
      { column: 'Result Class', relation: 'is', value: 'failure', action: 'include' },
    ]);
    expect(activeFilterCount(rules, quick)).toBe(2);
  });
});
