/**
 * Normalization: each event becomes a key made of the process identity (image name, lower-cased;
 * never PID or TID), the operation, the normalized path and the parts of Detail that say what was
 * asked for (desired access, create disposition) — not offsets, lengths or times, which differ on
 * every run (ARCHITECTURE.md §3). Keys are dense integers shared by both traces, so the alignment
 * compares integers. Paths are normalized once per distinct string id of each store, not per event.
 */
import type { NormalizationRule } from '../../../shared/model/finding';
import type { Side } from '../../../shared/model/trace';
import type { TraceStore } from '../store/trace-store';
import { RULE_PREFILTERS } from './default-rules';
import { KeySpace } from './key-space';
import { hashPath } from './path-table';
import { runSteps, sliced, type Steps } from './steps';

/** A rule that cannot be used, with the rule named. */
export class RuleError extends Error {
  constructor(
    readonly ruleId: string,
    message: string,
  ) {
    super(`normalization rule '${ruleId}': ${message}`);
  }
}

interface CompiledRule {
  re: RegExp;
  replacement: string;
  lower: boolean;
  /** Whole-string lower-casing (the case-fold rule): done with toLowerCase, no regex. */
  foldAll: boolean;
  /** A cheap necessary condition for a default rule's pattern; null when the rule was edited. */
  mayMatch: ((s: string) => boolean) | null;
}

/** Applies the enabled rules of a list, in order, to one string. */
export class PathNormalizer {
  private readonly compiled: (CompiledRule | null)[];

  /** Index of the enabled whole-string case-fold rule, or -1. */
  readonly foldRule: number;

  constructor(readonly rules: readonly NormalizationRule[]) {
    this.compiled = rules.map((r) => (r.enabled ? compileRule(r) : null));
    this.foldRule = this.compiled.findIndex((c) => c !== null && c.foldAll);
  }

  /**
   * `normalize` without the case-fold rule, for callers that fold case themselves (keySide folds
   * while hashing, which spares a lower-cased copy of every path). The other rules match
   * case-insensitively, so the result differs from `normalize`'s only in letter case.
   */
  normalizeKeepCase(value: string, changed?: number[]): string {
    return this.apply(value, changed, true);
  }

  /**
   * Normalizes `value`; when `changed` is given, the indexes of the rules that changed the string are
   * pushed onto it (for the per-rule `touched` counts).
   */
  normalize(value: string, changed?: number[]): string {
    return this.apply(value, changed, false);
  }

  private apply(value: string, changed: number[] | undefined, keepCase: boolean): string {
    let s = value;
    for (let i = 0; i < this.compiled.length; i++) {
      const c = this.compiled[i];
      if (!c) continue;
      if (c.foldAll) {
        if (keepCase) continue;
        const next = s.toLowerCase();
        if (next !== s) {
          changed?.push(i);
          s = next;
        }
        continue;
      }
      if (c.mayMatch && !c.mayMatch(s)) continue;
      // No test() first: a replace that matches nothing returns the string itself.
      c.re.lastIndex = 0;
      const next = c.lower
        ? s.replace(c.re, (...m: unknown[]) => expandReplacement(c.replacement, m).toLowerCase())
        : s.replace(c.re, c.replacement);
      if (next !== s) {
        changed?.push(i);
        s = next;
      }
    }
    return s;
  }
}

function compileRule(r: NormalizationRule): CompiledRule {
  let re: RegExp;
  try {
    re = new RegExp(r.pattern, 'gi');
  } catch (e) {
    throw new RuleError(
      r.id,
      `invalid pattern /${r.pattern}/: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  if (re.test('')) {
    // A pattern matching the empty string would insert its replacement between every character.
    re.lastIndex = 0;
    if (!/^\^.*\$$/.test(r.pattern))
      throw new RuleError(r.id, `pattern /${r.pattern}/ matches an empty string`);
  }
  const lower = r.replacement.startsWith('\\L');
  const replacement = lower ? r.replacement.slice(2) : r.replacement;
  const foldAll = lower && replacement === '$&' && /^\^(?:\[\^\]|\.|\[\\s\\S\])\*\$$/.test(r.pattern);
  const pre = RULE_PREFILTERS[r.id];
  return {
    re,
    replacement,
    lower,
    foldAll,
    mayMatch: pre && pre.pattern === r.pattern ? pre.mayMatch : null,
  };
}

/** Expands $&, $1..$9 and $<name> of a replacement template from the arguments of a replace callback. */
function expandReplacement(template: string, args: unknown[]): string {
  const last = args[args.length - 1];
  const groups =
    typeof last === 'object' && last !== null ? (last as Record<string, string | undefined>) : undefined;
  return template.replace(/\$(&|\d|<([^>]+)>|\$)/g, (_m, what: string, name: string | undefined) => {
    if (what === '$') return '$';
    if (what === '&') return String(args[0]);
    if (name !== undefined) return groups?.[name] ?? '';
    const v = args[Number(what)];
    return typeof v === 'string' ? v : '';
  });
}

/** Checks a rule list; returns one message per unusable rule (empty when all can be used). */
export function validateRules(rules: readonly NormalizationRule[]): string[] {
  const problems: string[] = [];
  for (const r of rules) {
    try {
      if (r.enabled) compileRule(r);
    } catch (e) {
      problems.push(e instanceof Error ? e.message : String(e));
    }
  }
  return problems;
}

/** Operations whose Detail says what was asked for; for the others Detail is per-run data. */
const DETAIL_OPS = new Set(['CreateFile', 'RegOpenKey', 'RegCreateKey', 'CreatePipe', 'CreateMailSlot']);

const DETAIL_FIELD_END = '(?=, [A-Z][A-Za-z ]*: |$)';
const DESIRED_ACCESS = new RegExp(`(?:^|, )Desired Access: (.*?)${DETAIL_FIELD_END}`);
const DISPOSITION = new RegExp(`(?:^|, )Disposition: (.*?)${DETAIL_FIELD_END}`);

/**
 * The part of a Detail string that belongs in the key. (A registry value's name needs no Detail:
 * Procmon shows it as the last component of the path.) Registry dispositions (REG_CREATED_NEW_KEY,
 * REG_OPENED_EXISTING_KEY) are outcomes, not requests, so only file create dispositions are kept.
 */
export function detailKey(detail: string): string {
  if (detail === '') return '';
  const parts: string[] = [];
  const access = DESIRED_ACCESS.exec(detail);
  if (access) parts.push(`Desired Access: ${access[1]}`);
  const disp = DISPOSITION.exec(detail);
  if (disp && !disp[1].startsWith('REG_')) parts.push(`Disposition: ${disp[1]}`);
  return parts.join(', ');
}

/** One trace seen through the key space. */
export interface KeyedSide {
  side: Side;
  store: TraceStore;
  /** Key id per event. */
  key: Int32Array;
  /** Shared result id per event. */
  result: Int32Array;
  /** Shared (lower-cased) process name id per event. */
  process: Int32Array;
}

export interface KeyedPair {
  space: KeySpace;
  baseline: KeyedSide;
  problem: KeyedSide;
  /** The rules as given, with `touched` filled in (events of both traces whose key the rule changed). */
  rules: NormalizationRule[];
  normalizer: PathNormalizer;
}

/** What identifies a rule list's effect on keys: keys computed ahead with an equal one are reused. */
export function rulesSignature(rules: readonly NormalizationRule[]): string {
  return JSON.stringify(rules.map((r) => [r.id, r.pattern, r.replacement, r.enabled]));
}

/** A normalized path's text as keys compare it (case-folded when the rules fold case). */
export function normalizedPathText(normalizer: PathNormalizer, value: string): string {
  const text = normalizer.normalizeKeepCase(value);
  return normalizer.foldRule >= 0 ? text.toLowerCase() : text;
}

/**
 * Keys of one trace; `source` is its index among the key space's sources (0 baseline, 1 problem),
 * whose strings give a path its text when asked for.
 */
export type SideKeyer = (
  side: Side,
  source: number,
  store: TraceStore,
  space: KeySpace,
  normalizer: PathNormalizer,
  touched: Float64Array,
  signal: AbortSignal | undefined,
) => Steps<KeyedSide>;

/**
 * The first trace's own key space, already holding its keys, for a comparison to start from (its
 * ids must be those keySide would assign in a fresh space); null when there is none.
 */
export type SpaceAdopter = (
  store: TraceStore,
  normalizer: PathNormalizer,
  touched: Float64Array,
) => { space: KeySpace; key: Int32Array; result: Int32Array; process: Int32Array } | null;

/** Computes the keys of both traces with one rule list. */
export function buildKeys(
  baseline: TraceStore,
  problem: TraceStore,
  rules: readonly NormalizationRule[],
  signal?: AbortSignal,
): KeyedPair {
  return runSteps(buildKeySteps(baseline, problem, rules, signal, keySide));
}

/**
 * `buildKeys` in slices; `keyer` and `adopt` may take keys computed ahead (side-keys.ts): `adopt`
 * the baseline's own key space, `keyer` the keys of a trace that are mapped into the shared space.
 */
export function* buildKeySteps(
  baseline: TraceStore,
  problem: TraceStore,
  rules: readonly NormalizationRule[],
  signal: AbortSignal | undefined,
  keyer: SideKeyer,
  adopt?: SpaceAdopter,
): Steps<KeyedPair> {
  const normalizer = new PathNormalizer(rules);
  const touched = new Float64Array(rules.length);
  const adopted = adopt?.(baseline, normalizer, touched) ?? null;
  const space = adopted?.space ?? new KeySpace((baseline.length + problem.length) >> 1);
  const stores = [baseline, problem];
  space.paths.resolve = (source, id) => normalizedPathText(normalizer, stores[source].strings.values[id]);
  const b: KeyedSide = adopted
    ? {
        side: 'baseline',
        store: baseline,
        key: adopted.key,
        result: adopted.result,
        process: adopted.process,
      }
    : yield* keyer('baseline', 0, baseline, space, normalizer, touched, signal);
  const p = yield* keyer('problem', 1, problem, space, normalizer, touched, signal);
  return {
    space,
    baseline: b,
    problem: p,
    rules: rules.map((r, i) => ({ ...r, touched: touched[i] })),
    normalizer,
  };
}

/** Ints per store path id in keySide's table: path id, events, rule bits, unused, 4 x (head, key). */
const PATH_INFO = 12;
const MEMO_WAYS = 4;

/** Keys of one trace, computed here from its strings (see SideKeyer). */
export function* keySide(
  side: Side,
  source: number,
  store: TraceStore,
  space: KeySpace,
  normalizer: PathNormalizer,
  touched: Float64Array,
  signal: AbortSignal | undefined,
): Steps<KeyedSide> {
  const n = store.length;
  const strings = store.strings.values;
  const nStrings = strings.length;
  const { process: procCol, operation: opCol, path: pathCol, detail: detailCol, result: resCol } = store.cols;
  // Per store string id: the shared id it maps to (-1 = not computed yet).
  const procMap = new Int32Array(nStrings).fill(-1);
  const opMap = new Int32Array(nStrings).fill(-1);
  const detailMap = new Int32Array(nStrings).fill(-1);
  const resMap = new Int32Array(nStrings).fill(-1);
  // Per store path id, side by side so an event touches one or two cache lines: [shared normalized
  // path id (-1 = not computed yet), events using it, bits of the rules that changed it (rules
  // from index 32 on are kept in `overflow`), unused, then a small memo of (head, key) pairs seen
  // on this path, one way per head's low bits].
  const pathInfo = new Int32Array(nStrings * PATH_INFO).fill(-1);
  const overflow = new Map<number, number[]>();
  const changed: number[] = [];
  const fold = normalizer.foldRule;
  const opNeedsDetail = new Uint8Array(nStrings);
  const key = new Int32Array(n);
  const result = new Int32Array(n);
  const process = new Int32Array(n);
  let lastPr = -1;
  let lastOp = -1;
  let lastDe = -1;
  let lastHead = -1;

  yield* sliced(n, signal, (from, to) => {
    for (let i = from; i < to; i++) {
      const ps = procCol[i];
      let pr = procMap[ps];
      if (pr < 0) pr = procMap[ps] = space.processes.intern(strings[ps].toLowerCase());
      const os = opCol[i];
      let op = opMap[os];
      if (op < 0) {
        op = opMap[os] = space.operations.intern(strings[os]);
        opNeedsDetail[os] = DETAIL_OPS.has(strings[os]) ? 1 : 0;
      }
      const pa = pathCol[i];
      const at = pa * PATH_INFO;
      let pn = pathInfo[at];
      if (pn < 0) {
        changed.length = 0;
        const text = normalizer.normalizeKeepCase(strings[pa], changed);
        let h = hashPath(text, fold >= 0);
        if (h === null) {
          const lower = text.toLowerCase();
          h = hashPath(lower, false)!;
          h[2] = lower === text ? 0 : 1;
        }
        if (h[2] === 1) changed.push(fold);
        pn = pathInfo[at] = space.paths.intern(h[0], h[1], source, pa);
        let bits = 0;
        for (const r of changed) {
          if (r < 32) bits |= 1 << r;
          else overflow.set(pa, [...(overflow.get(pa) ?? []), r]);
        }
        pathInfo[at + 1] = 0;
        pathInfo[at + 2] = bits;
      }
      pathInfo[at + 1]++;
      let de = 0;
      if (opNeedsDetail[os] === 1) {
        const ds = detailCol[i];
        de = detailMap[ds];
        if (de < 0) de = detailMap[ds] = space.details.intern(detailKey(strings[ds]));
      }
      const rs = resCol[i];
      let re = resMap[rs];
      if (re < 0) re = resMap[rs] = space.results.intern(strings[rs]);
      // Consecutive events of one process and operation share a head: skip the look-up then.
      if (pr !== lastPr || op !== lastOp || de !== lastDe) {
        lastHead = space.head(pr, op, de);
        lastPr = pr;
        lastOp = op;
        lastDe = de;
      }
      // A path sees few heads (open, query, read, close by a process or two): remember them.
      const way = at + 4 + (lastHead & (MEMO_WAYS - 1)) * 2;
      if (pathInfo[way] === lastHead) {
        key[i] = pathInfo[way + 1];
      } else {
        const k = space.key(lastHead, pn);
        pathInfo[way] = lastHead;
        pathInfo[way + 1] = k;
        key[i] = k;
      }
      result[i] = re;
      process[i] = pr;
    }
  });
  countTouched(pathInfo, nStrings, overflow, touched);
  return { side, store, key, result, process };
}

/** Adds each path's event count to the rules that changed it (a plain function: see `sliced`). */
function countTouched(
  pathInfo: Int32Array,
  nStrings: number,
  overflow: Map<number, number[]>,
  touched: Float64Array,
): void {
  for (let pa = 0; pa < nStrings; pa++) {
    const at = pa * PATH_INFO;
    if (pathInfo[at] < 0) continue;
    const count = pathInfo[at + 1];
    let bits = pathInfo[at + 2];
    while (bits !== 0) {
      const r = 31 - Math.clz32(bits);
      touched[r] += count;
      bits &= ~(1 << r);
    }
    for (const r of overflow.get(pa) ?? []) touched[r] += count;
  }
}
