/**
 * Per-column header filters: text columns of the grids get ag-grid's text filter, and its model (which
 * the Infinite Row Model hands to the datasource) becomes host filter rules, so the host filters a
 * million events instead of the page filtering the rows it happens to hold.
 */
import type { ColDef } from 'ag-grid-community';
import type { FilterRelation, FilterRule, TraceColumn } from '../../../../shared/model/trace';

/** One condition per column: two on one column would be OR-ed by the host's include rules. */
export const TEXT_FILTER: Pick<ColDef, 'filter' | 'filterParams'> = {
  filter: 'agTextColumnFilter',
  filterParams: {
    filterOptions: ['contains', 'notContains', 'equals', 'notEqual', 'startsWith', 'endsWith'],
    maxNumConditions: 1,
    buttons: ['apply', 'reset'],
    closeOnApply: true,
    debounceMs: 400,
  },
};

const COLUMN_OF: Record<string, TraceColumn> = {
  process: 'Process Name',
  operation: 'Operation',
  path: 'Path',
  result: 'Result',
  detail: 'Detail',
};

const RELATION_OF: Record<string, FilterRelation> = {
  contains: 'contains',
  notContains: 'excludes',
  equals: 'is',
  notEqual: 'is not',
  startsWith: 'begins with',
  endsWith: 'ends with',
};

interface TextCondition {
  filterType?: string;
  type?: string;
  filter?: string | number | null;
}

/** Rules for an ag-grid filter model; aligned columns (`b.path`, `p.path`) name the column on both sides. */
export function rulesFromFilterModel(model: unknown): FilterRule[] {
  if (!model || typeof model !== 'object') return [];
  const out: FilterRule[] = [];
  for (const [colId, raw] of Object.entries(model as Record<string, unknown>)) {
    const column = COLUMN_OF[colId.replace(/^[bp]\./, '')];
    if (!column || !raw || typeof raw !== 'object') continue;
    const c = raw as TextCondition & { conditions?: TextCondition[] };
    for (const cond of c.conditions ?? [c]) {
      const relation = cond.type ? RELATION_OF[cond.type] : undefined;
      const value = cond.filter === null || cond.filter === undefined ? '' : String(cond.filter);
      if (relation && value !== '') out.push({ column, relation, value, action: 'include' });
    }
  }
  return out;
}
