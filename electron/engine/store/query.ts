/**
 * Filter, sort and page a TraceStore for the grids, Procmon style.
 *
 * API
 *   const view = new TraceView(store);
 *   view.seqs({ filters, sort })            -> Uint32Array of event seqs in view order (cached)
 *   view.page({ filters, sort, offset, limit }) -> { rows: TraceEventRow[], total }
 *   view.count(filters)                     -> number of events passing the filters
 *   view.findIndex(seq, { filters, sort })  -> position of the event in that view, or -1
 *   filterEvents(store, filters)            -> Uint32Array of passing seqs, ascending
 *   sortEvents(store, seqs, sort)           -> new Uint32Array in sort order (stable; ties by seq)
 *   listFailures(store, limit)              -> { items: FailureItem[], total } (resultClass 'failure')
 *
 * Filter rules (FilterRule in shared/model/trace.ts) follow Procmon: disabled rules are ignored;
 * include rules on the same column are OR-ed, include groups on different columns are AND-ed;
 * an event matching any exclude rule is dropped, whatever the includes say. Text comparisons ignore
 * case. String columns are interned, so a rule's predicate runs once per distinct string id (memoised),
 * not once per event; sorting ranks distinct values once and then counting-sorts the events.
 */
import type { FailureItem } from '../../../shared/contract';
import { RESULT_CLASS_BY_CODE, RESULT_CLASS_CODES } from '../../../shared/model/result-class';
import type { FilterRule, SortSpec, TraceColumn, TraceEventRow } from '../../../shared/model/trace';
import { TimeOfDayParser } from '../ingest/time-parse';
import type { TraceStore } from './trace-store';

export interface ViewSpec {
  filters?: FilterRule[];
  sort?: SortSpec;
}

export interface PageSpec extends ViewSpec {
  offset: number;
  limit: number;
}

type StringColumnKey = 'process' | 'operation' | 'path' | 'result' | 'detail' | 'eventClass';
type Predicate = (seq: number) => boolean;

const STRING_COLUMNS: Partial<Record<TraceColumn, StringColumnKey>> = {
  'Process Name': 'process',
  Operation: 'operation',
  Path: 'path',
  Result: 'result',
  Detail: 'detail',
  'Event Class': 'eventClass',
};

const NUMERIC = /^\s*-?\d+(?:\.\d+)?\s*$/;

/** A case-insensitive text test for one relation. */
function textTest(relation: FilterRule['relation'], value: string): (s: string) => boolean {
  const v = value.toLowerCase();
  const numeric = NUMERIC.test(value);
  const num = Number(value);
  switch (relation) {
    case 'is':
      return (s) => s.toLowerCase() === v;
    case 'is not':
      return (s) => s.toLowerCase() !== v;
    case 'contains':
      return (s) => s.toLowerCase().includes(v);
    case 'excludes':
      return (s) => !s.toLowerCase().includes(v);
    case 'begins with':
      return (s) => s.toLowerCase().startsWith(v);
    case 'ends with':
      return (s) => s.toLowerCase().endsWith(v);
    case 'less than':
      return (s) => (numeric && NUMERIC.test(s) ? Number(s) < num : s.toLowerCase() < v);
    case 'more than':
      return (s) => (numeric && NUMERIC.test(s) ? Number(s) > num : s.toLowerCase() > v);
    default:
      return () => false;
  }
}

/** A test on numbers; text relations compare the number's decimal text. */
function numberTest(relation: FilterRule['relation'], value: string): (x: number) => boolean {
  const num = Number(value.trim());
  switch (relation) {
    case 'is':
      return (x) => x === num;
    case 'is not':
      return (x) => x !== num;
    case 'less than':
      return (x) => x < num;
    case 'more than':
      return (x) => x > num;
    default: {
      const t = textTest(relation, value);
      return (x) => t(Number.isNaN(x) ? '' : String(x));
    }
  }
}

function memoised(ids: Uint32Array, size: number, test: (id: number) => boolean): Predicate {
  const memo = new Uint8Array(size);
  return (seq) => {
    const id = ids[seq];
    let m = memo[id];
    if (m === 0) {
      m = test(id) ? 2 : 1;
      memo[id] = m;
    }
    return m === 2;
  };
}

function secondsOfDay(store: TraceStore, seq: number): number {
  const s = store.cols.timeSec[seq];
  return (((s % 86400) + 86400) % 86400) + store.cols.timeFrac[seq] / 1e7;
}

/** Compiles one rule into a per-event predicate. */
export function compileRule(store: TraceStore, rule: FilterRule): Predicate {
  const c = store.cols;
  const key = rule.column === 'Result Class' ? null : STRING_COLUMNS[rule.column];
  if (key) {
    const t = textTest(rule.relation, rule.value);
    const values = store.strings.values;
    return memoised(c[key], values.length, (id) => t(values[id]));
  }
  switch (rule.column) {
    case 'Result Class': {
      const t = textTest(rule.relation, rule.value);
      const byCode = RESULT_CLASS_BY_CODE.map((name) => t(name));
      return (seq) => byCode[c.resultClass[seq]];
    }
    case 'PID': {
      const t = numberTest(rule.relation, rule.value);
      return (seq) => t(c.pid[seq]);
    }
    case 'TID': {
      const t = numberTest(rule.relation, rule.value);
      return (seq) => t(c.tid[seq]);
    }
    case 'Sequence': {
      const t = numberTest(rule.relation, rule.value);
      return (seq) => t(seq);
    }
    case 'Duration': {
      const t = numberTest(rule.relation, rule.value.replace(',', '.'));
      return (seq) => t(c.duration[seq]);
    }
    case 'Time of Day': {
      const p = new TimeOfDayParser();
      if ((rule.relation === 'less than' || rule.relation === 'more than') && p.parse(rule.value.trim())) {
        const limit = p.seconds + p.frac / 1e7;
        return rule.relation === 'less than'
          ? (seq) => secondsOfDay(store, seq) < limit
          : (seq) => secondsOfDay(store, seq) > limit;
      }
      const t = textTest(rule.relation, rule.value);
      return (seq) => t(store.time(seq));
    }
    default:
      return () => false;
  }
}

function activeRules(filters: readonly FilterRule[] | undefined): FilterRule[] {
  return (filters ?? []).filter((r) => r.enabled !== false);
}

/** Seqs of the events passing the rules, ascending. */
export function filterEvents(store: TraceStore, filters: readonly FilterRule[] | undefined): Uint32Array {
  const n = store.length;
  const rules = activeRules(filters);
  if (rules.length === 0) {
    const all = new Uint32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    return all;
  }
  const excludes = rules.filter((r) => r.action === 'exclude').map((r) => compileRule(store, r));
  const groupsByColumn = new Map<string, Predicate[]>();
  for (const r of rules) {
    if (r.action !== 'include') continue;
    const list = groupsByColumn.get(r.column) ?? [];
    list.push(compileRule(store, r));
    groupsByColumn.set(r.column, list);
  }
  const groups = [...groupsByColumn.values()];
  const out = new Uint32Array(n);
  let m = 0;
  outer: for (let seq = 0; seq < n; seq++) {
    for (let k = 0; k < excludes.length; k++) if (excludes[k](seq)) continue outer;
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g];
      let any = false;
      for (let k = 0; k < group.length; k++) {
        if (group[k](seq)) {
          any = true;
          break;
        }
      }
      if (!any) continue outer;
    }
    out[m++] = seq;
  }
  return out.slice(0, m);
}

/** Stable counting sort of `seqs` by a dense rank per position (ranks[i] < k). */
function countingSort(seqs: Uint32Array, ranks: Uint32Array, k: number): Uint32Array {
  const counts = new Uint32Array(k + 1);
  for (let i = 0; i < ranks.length; i++) counts[ranks[i] + 1]++;
  for (let r = 1; r <= k; r++) counts[r] += counts[r - 1];
  const out = new Uint32Array(seqs.length);
  for (let i = 0; i < seqs.length; i++) out[counts[ranks[i]]++] = seqs[i];
  return out;
}

/** Dense ranks of a numeric key per position: sorted distinct values, NaN last in both directions. */
function numericRanks(seqs: Uint32Array, keyOf: (seq: number) => number, desc: boolean) {
  const keys = new Float64Array(seqs.length);
  for (let i = 0; i < seqs.length; i++) keys[i] = keyOf(seqs[i]);
  const sorted = keys.slice().sort(); // typed-array sort is numeric and puts NaN last
  let k = 0;
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i];
    if (k === 0 || !(v === sorted[k - 1] || (Number.isNaN(v) && Number.isNaN(sorted[k - 1]))))
      sorted[k++] = v;
  }
  const distinct = sorted.subarray(0, k);
  const hasNaN = k > 0 && Number.isNaN(distinct[k - 1]);
  const finiteCount = hasNaN ? k - 1 : k;
  const ranks = new Uint32Array(seqs.length);
  for (let i = 0; i < keys.length; i++) {
    const v = keys[i];
    if (Number.isNaN(v)) {
      ranks[i] = k - 1;
      continue;
    }
    let lo = 0;
    let hi = finiteCount - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (distinct[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    ranks[i] = desc ? finiteCount - 1 - lo : lo;
  }
  return { ranks, k };
}

/** Sorts seqs by a column; ties keep seq order (stable), in both directions. */
export function sortEvents(store: TraceStore, seqs: Uint32Array, sort: SortSpec | undefined): Uint32Array {
  if (!sort || (sort.column === 'Sequence' && sort.direction === 'asc')) return seqs;
  const desc = sort.direction === 'desc';
  if (sort.column === 'Sequence') return seqs.slice().reverse();
  const c = store.cols;
  const key = STRING_COLUMNS[sort.column];
  if (key) {
    const ids = c[key];
    const values = store.strings.values;
    const seen = new Uint8Array(values.length);
    const distinct: number[] = [];
    for (let i = 0; i < seqs.length; i++) {
      const id = ids[seqs[i]];
      if (seen[id] === 0) {
        seen[id] = 1;
        distinct.push(id);
      }
    }
    const lower = new Map<number, string>();
    for (const id of distinct) lower.set(id, values[id].toLowerCase());
    distinct.sort((a, b) => {
      const x = lower.get(a)!;
      const y = lower.get(b)!;
      return x < y ? -1 : x > y ? 1 : a - b;
    });
    const rank = new Uint32Array(values.length);
    const k = distinct.length;
    distinct.forEach((id, r) => {
      rank[id] = desc ? k - 1 - r : r;
    });
    const ranks = new Uint32Array(seqs.length);
    for (let i = 0; i < seqs.length; i++) ranks[i] = rank[ids[seqs[i]]];
    return countingSort(seqs, ranks, k);
  }
  let keyOf: (seq: number) => number;
  switch (sort.column) {
    case 'PID':
      keyOf = (s) => c.pid[s];
      break;
    case 'TID':
      keyOf = (s) => c.tid[s];
      break;
    case 'Duration':
      keyOf = (s) => c.duration[s];
      break;
    case 'Time of Day': {
      const base = store.length > 0 ? c.timeSec[0] : 0;
      keyOf = (s) => (c.timeSec[s] - base) * 1e7 + c.timeFrac[s];
      break;
    }
    default:
      return seqs;
  }
  if (seqs.length === 0) return seqs;
  const { ranks, k } = numericRanks(seqs, keyOf, desc);
  return countingSort(seqs, ranks, k);
}

/** Events whose Result is a real failure (ACCESS DENIED, SHARING VIOLATION, ...), in capture order. */
export function listFailures(store: TraceStore, limit: number): { items: FailureItem[]; total: number } {
  const failure = RESULT_CLASS_CODES.failure;
  const cls = store.cols.resultClass;
  const items: FailureItem[] = [];
  let total = 0;
  for (let seq = 0; seq < store.length; seq++) {
    if (cls[seq] !== failure) continue;
    total++;
    if (items.length < limit) {
      items.push({
        seq,
        time: store.time(seq),
        process: store.processName(seq),
        pid: store.cols.pid[seq],
        operation: store.operation(seq),
        path: store.path(seq),
        result: store.result(seq),
      });
    }
  }
  return { items, total };
}

/** A stable cache key for a view: enabled rules in order, and the sort. */
export function viewKey(spec: ViewSpec): string {
  const rules = activeRules(spec.filters).map((r) => [r.column, r.relation, r.value, r.action]);
  return JSON.stringify({ rules, sort: spec.sort ? [spec.sort.column, spec.sort.direction] : null });
}

/** The grid's view of one store, caching the last filter and the last filter+sort result. */
export class TraceView {
  private lastFilterKey = '';
  private lastFiltered: Uint32Array | null = null;
  private lastViewKey = '';
  private lastView: Uint32Array | null = null;

  constructor(readonly store: TraceStore) {}

  /** Event seqs in view order. */
  seqs(spec: ViewSpec = {}): Uint32Array {
    const key = viewKey(spec);
    if (this.lastView && key === this.lastViewKey) return this.lastView;
    const view = sortEvents(this.store, this.filtered(spec.filters), spec.sort);
    this.lastViewKey = key;
    this.lastView = view;
    return view;
  }

  /** Seqs passing the filters, ascending (cached separately from the sorted view). */
  filtered(filters?: FilterRule[]): Uint32Array {
    const filterKey = viewKey({ filters });
    if (this.lastFiltered && this.lastFilterKey === filterKey) return this.lastFiltered;
    const filtered = filterEvents(this.store, filters);
    this.lastFilterKey = filterKey;
    this.lastFiltered = filtered;
    return filtered;
  }

  count(filters?: FilterRule[]): number {
    return this.filtered(filters).length;
  }

  page(spec: PageSpec): { rows: TraceEventRow[]; total: number } {
    const seqs = this.seqs(spec);
    const start = Math.max(0, Math.floor(spec.offset));
    const end = Math.min(seqs.length, start + Math.max(0, Math.floor(spec.limit)));
    const rows: TraceEventRow[] = [];
    for (let i = start; i < end; i++) rows.push(this.store.row(seqs[i]));
    return { rows, total: seqs.length };
  }

  findIndex(seq: number, spec: ViewSpec = {}): number {
    const seqs = this.seqs(spec);
    if (!spec.sort || (spec.sort.column === 'Sequence' && spec.sort.direction === 'asc')) {
      let lo = 0;
      let hi = seqs.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        if (seqs[mid] === seq) return mid;
        if (seqs[mid] < seq) lo = mid + 1;
        else hi = mid - 1;
      }
      return -1;
    }
    return seqs.indexOf(seq);
  }
}
