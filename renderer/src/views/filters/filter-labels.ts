/** Display names of filter columns and relations (Procmon's words, translated). */
import type { TFunction } from 'i18next';
import { TRACE_COLUMNS, type FilterRelation, type FilterRule } from '../../../../shared/model/trace';

export type FilterColumn = FilterRule['column'];

export const FILTER_COLUMNS: readonly FilterColumn[] = [...TRACE_COLUMNS, 'Result Class'];

export const FILTER_RELATIONS: readonly FilterRelation[] = [
  'is',
  'is not',
  'contains',
  'excludes',
  'begins with',
  'ends with',
  'less than',
  'more than',
];

const COLUMN_KEYS: Record<FilterColumn, string> = {
  Sequence: 'sequence',
  'Time of Day': 'timeOfDay',
  'Process Name': 'processName',
  PID: 'pid',
  TID: 'tid',
  Operation: 'operation',
  Path: 'path',
  Result: 'result',
  Detail: 'detail',
  Duration: 'duration',
  'Event Class': 'eventClass',
  'Result Class': 'resultClass',
};

const RELATION_KEYS: Record<FilterRelation, string> = {
  is: 'is',
  'is not': 'isNot',
  contains: 'contains',
  excludes: 'excludes',
  'begins with': 'beginsWith',
  'ends with': 'endsWith',
  'less than': 'lessThan',
  'more than': 'moreThan',
};

export function columnLabel(t: TFunction, column: FilterColumn): string {
  return t(`filter.columns.${COLUMN_KEYS[column]}`);
}

export function relationLabel(t: TFunction, relation: FilterRelation): string {
  return t(`filter.relations.${RELATION_KEYS[relation]}`);
}

/** "Process Name is TiWorker.exe → Exclude", for lists and tooltips. */
export function ruleText(t: TFunction, r: FilterRule): string {
  return `${columnLabel(t, r.column)} ${relationLabel(t, r.relation)} ${r.value} → ${t(`filter.${r.action}`)}`;
}

/** Values the Result Class column takes (shared/model/result-class.ts). */
export const RESULT_CLASSES = ['success', 'failure', 'context', 'benign', 'pending', 'other'] as const;
