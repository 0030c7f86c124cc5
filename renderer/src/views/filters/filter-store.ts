/**
 * The trace filters, Procmon style, shared by every grid: the rule list of the filter dialog, the
 * quick toggles of the toolbar, and saved presets. Rules and presets survive a restart
 * (localStorage). `effectiveFilters` is what the host receives in the `filters` field of each query,
 * so the per-trace grids and the aligned view always show the same subset of events.
 */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { CompareSummary } from '../../../../shared/model/finding';
import type { FilterRule } from '../../../../shared/model/trace';

export interface QuickToggles {
  failuresOnly: boolean;
  hideBenign: boolean;
  hideOneSided: boolean;
}

export interface FilterPreset {
  name: string;
  rules: FilterRule[];
}

interface FilterState {
  rules: FilterRule[];
  quick: QuickToggles;
  presets: FilterPreset[];
  dialogOpen: boolean;
  setRules(rules: FilterRule[]): void;
  addRule(rule: FilterRule): void;
  setQuick<K extends keyof QuickToggles>(key: K, value: boolean): void;
  savePreset(name: string, rules: FilterRule[]): void;
  deletePreset(name: string): void;
  setDialogOpen(open: boolean): void;
  reset(): void;
}

const NO_QUICK: QuickToggles = { failuresOnly: false, hideBenign: false, hideOneSided: false };

export const useFilters = create<FilterState>()(
  persist(
    (set) => ({
      rules: [],
      quick: NO_QUICK,
      presets: [],
      dialogOpen: false,
      setRules: (rules) => set({ rules }),
      addRule: (rule) =>
        set((s) => {
          const same = (r: FilterRule) =>
            r.column === rule.column && r.relation === rule.relation && r.value === rule.value;
          // The same rule again replaces the old one (its action may have flipped), enabled.
          return { rules: [...s.rules.filter((r) => !same(r)), { ...rule, enabled: true }] };
        }),
      setQuick: (key, value) => set((s) => ({ quick: { ...s.quick, [key]: value } })),
      savePreset: (name, rules) =>
        set((s) => ({
          presets: [...s.presets.filter((p) => p.name !== name), { name, rules }].sort((a, b) =>
            a.name.localeCompare(b.name),
          ),
        })),
      deletePreset: (name) => set((s) => ({ presets: s.presets.filter((p) => p.name !== name) })),
      setDialogOpen: (dialogOpen) => set({ dialogOpen }),
      reset: () => set({ rules: [], quick: NO_QUICK }),
    }),
    {
      name: 'tracediff.filters',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (s) => ({ rules: s.rules, quick: s.quick, presets: s.presets }),
    },
  ),
);

/** Rules the quick toggles stand for; one-sided processes come from the comparison's summary. */
export function quickRules(quick: QuickToggles, compare: CompareSummary | null | undefined): FilterRule[] {
  const out: FilterRule[] = [];
  if (quick.failuresOnly)
    out.push({ column: 'Result Class', relation: 'is', value: 'failure', action: 'include' });
  if (quick.hideBenign)
    out.push({ column: 'Result Class', relation: 'is', value: 'benign', action: 'exclude' });
  if (quick.hideOneSided && compare) {
    for (const name of [...compare.processesOnlyInProblem, ...compare.processesOnlyInBaseline])
      out.push({ column: 'Process Name', relation: 'is', value: name, action: 'exclude' });
  }
  return out;
}

/** Everything the host should apply: enabled dialog rules, then the quick toggles. */
export function effectiveFilters(
  rules: readonly FilterRule[],
  quick: QuickToggles,
  compare: CompareSummary | null | undefined,
): FilterRule[] {
  return [
    ...rules
      .filter((r) => r.enabled !== false)
      .map(({ column, relation, value, action }) => ({
        column,
        relation,
        value,
        action,
      })),
    ...quickRules(quick, compare),
  ];
}

/** How many filters are on, for the toolbar's "Filter (3)". */
export function activeFilterCount(rules: readonly FilterRule[], quick: QuickToggles): number {
  return (
    rules.filter((r) => r.enabled !== false).length +
    (quick.failuresOnly ? 1 : 0) +
    (quick.hideBenign ? 1 : 0) +
    (quick.hideOneSided ? 1 : 0)
  );
}
