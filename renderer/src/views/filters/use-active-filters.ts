/** The filters every grid query carries, as one stable array per change (a grid reloads when it changes). */
import { useMemo } from 'react';
import type { FilterRule } from '../../../../shared/model/trace';
import { getGrid, type GridName } from '../../grid/grid-registry';
import { useWorkbench } from '../../state/workbench-store';
import { rulesFromFilterModel } from './column-filters';
import { effectiveFilters, useFilters } from './filter-store';

export function useActiveFilters(): FilterRule[] {
  const rules = useFilters((s) => s.rules);
  const quick = useFilters((s) => s.quick);
  const compare = useWorkbench((s) => s.host?.compare);
  // Keyed by content: the host state (and with it `compare`) is a new object on every push.
  const key = JSON.stringify(effectiveFilters(rules, quick, compare));
  return useMemo(() => JSON.parse(key) as FilterRule[], [key]);
}

/** The same, read once outside React (navigation commands, search). */
export function currentFilters(): FilterRule[] {
  const f = useFilters.getState();
  return effectiveFilters(f.rules, f.quick, useWorkbench.getState().host?.compare);
}

/** What a grid shows under: the shared filters plus that grid's own header filters. */
export function gridFilters(name: GridName): FilterRule[] {
  return [...currentFilters(), ...rulesFromFilterModel(getGrid(name)?.getFilterModel())];
}
