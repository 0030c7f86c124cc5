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
import { IntTupleMap } from './int-tuple-map';

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
      c.re.lastIndex = 0;
      if (!c.re.test(s)) continue;
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

/** Strings interned into dense ids shared by both traces. Id 0 is ''. */
export class Interner {
  private readonly ids = new Map<string, number>([['', 0]]);
  readonly values: string[] = [''];

  intern(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }

  find(value: string): number {
    return this.ids.get(value) ?? -1;
  }
}

/**
 * Normalized paths by content hash: two independent 32-bit FNV-1a-style hashes of the
 * (case-folded) text identify it (a collision among a few million paths has odds near 1e-6), so
 * equal paths of both traces meet without a string map over hundreds of thousands of fresh strings.
 */
export class PathTable {
  readonly values: string[] = [];
  private slots = new Int32Array(1 << 17).fill(-1);
  private mask = (1 << 16) - 1;
  private readonly h2: number[] = [];
  private readonly h1: number[] = [];

  intern(h1: number, h2: number, text: () => string): number {
    let i = (h1 ^ Math.imul(h2, 0x9e3779b1)) & this.mask;
    for (;;) {
      const id = this.slots[i * 2 + 1];
      if (id < 0) break;
      if (this.slots[i * 2] === h1 && this.h2[id] === h2) return id;
      i = (i + 1) & this.mask;
    }
    const id = this.values.length;
    this.values.push(text());
    this.h1.push(h1);
    this.h2.push(h2);
    this.slots[i * 2] = h1;
    this.slots[i * 2 + 1] = id;
    if (this.values.length * 2 > this.mask) this.rehash();
    return id;
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    this.mask = size - 1;
    this.slots = new Int32Array(size * 2).fill(-1);
    for (let id = 0; id < this.values.length; id++) {
      let i = (this.h1[id] ^ Math.imul(this.h2[id], 0x9e3779b1)) & this.mask;
      while (this.slots[i * 2 + 1] >= 0) i = (i + 1) & this.mask;
      this.slots[i * 2] = this.h1[id];
      this.slots[i * 2 + 1] = id;
    }
  }
}

/** Hash state of hashPath: [h1, h2, 1 when an upper-case letter was folded]. */
const hashOut = new Int32Array(3);

/**
 * Hashes `s`, lower-casing ASCII letters on the fly when `fold`; null when `fold` meets a non-ASCII
 * character (the caller then folds with toLowerCase, which knows every script).
 */
function hashPath(s: string, fold: boolean): Int32Array | null {
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x01000193 ^ s.length;
  let upper = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (fold) {
      if (c >= 65 && c <= 90) {
        c += 32;
        upper = 1;
      } else if (c >= 128) return null;
    }
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
  }
  hashOut[0] = h1;
  hashOut[1] = h2;
  hashOut[2] = upper;
  return hashOut;
}

/**
 * The key vocabulary of one comparison. A key is (process, operation, path, detail) of shared ids,
 * stored as a "head" (process, operation, detail: a few hundred distinct) and a path. (head, path)
 * pairs are found in an open-addressing table whose slots hold head, path and key side by side, so
 * a look-up touches one cache line: the look-up runs for millions of events against hundreds of
 * thousands of keys, where scattered arrays cost a cache miss per field.
 */
export class KeySpace {
  readonly processes = new Interner();
  readonly operations = new Interner();
  readonly paths = new PathTable();
  readonly details = new Interner();
  readonly results = new Interner();
  private readonly heads = new IntTupleMap(1024);
  /** Slots of [head, path, key]; key -1 = empty. */
  private slots: Int32Array<ArrayBuffer>;
  private mask: number;
  private headOfKey: Int32Array<ArrayBuffer>;
  private pathOfKey: Int32Array<ArrayBuffer>;
  private count = 0;

  /** `expectedKeys` sizes the tables up front (growing a table of millions of slots costs a rehash). */
  constructor(expectedKeys = 1 << 15) {
    let size = 1 << 16;
    while (size < expectedKeys * 2 && size < 1 << 23) size *= 2;
    this.slots = new Int32Array(size * 3).fill(-1);
    this.mask = size - 1;
    this.headOfKey = new Int32Array(size >> 1);
    this.pathOfKey = new Int32Array(size >> 1);
  }

  get size(): number {
    return this.count;
  }

  /** The head id of (process, operation, detail). */
  head(process: number, operation: number, detail: number): number {
    return this.heads.intern(process, operation, detail, 0);
  }

  private static slotOf(head: number, path: number, mask: number): number {
    let h = Math.imul(path ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(head + 0x7f4a7c15, 0xc2b2ae35);
    h ^= h >>> 15;
    h = Math.imul(h, 0x27d4eb2f);
    return ((h ^ (h >>> 13)) >>> 0) & mask;
  }

  /** The key id of (head, path), adding it when new. */
  key(head: number, path: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let i = KeySpace.slotOf(head, path, mask);
    for (;;) {
      const at = i * 3;
      const k = slots[at + 2];
      if (k < 0) break;
      if (slots[at] === head && slots[at + 1] === path) return k;
      i = (i + 1) & mask;
    }
    const k = this.count++;
    if (k >= this.headOfKey.length) {
      this.headOfKey = grow(this.headOfKey, k + 1);
      this.pathOfKey = grow(this.pathOfKey, k + 1);
    }
    this.headOfKey[k] = head;
    this.pathOfKey[k] = path;
    const at = i * 3;
    slots[at] = head;
    slots[at + 1] = path;
    slots[at + 2] = k;
    if (this.count * 2 > mask) this.rehash();
    return k;
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    const mask = size - 1;
    const slots = new Int32Array(size * 3).fill(-1);
    for (let k = 0; k < this.count; k++) {
      const head = this.headOfKey[k];
      const path = this.pathOfKey[k];
      let i = KeySpace.slotOf(head, path, mask);
      while (slots[i * 3 + 2] >= 0) i = (i + 1) & mask;
      slots[i * 3] = head;
      slots[i * 3 + 1] = path;
      slots[i * 3 + 2] = k;
    }
    this.slots = slots;
    this.mask = mask;
  }

  processOf(key: number): number {
    return this.heads.part(this.headOfKey[key], 0);
  }
  operationOf(key: number): number {
    return this.heads.part(this.headOfKey[key], 1);
  }
  pathOf(key: number): number {
    return this.pathOfKey[key];
  }
  detailOf(key: number): number {
    return this.heads.part(this.headOfKey[key], 2);
  }
  /** The key as the engineer reads it: `process | operation | path | detail`. */
  text(key: number): string {
    if (key < 0 || key >= this.count) return '';
    const parts = [
      this.processes.values[this.processOf(key)],
      this.operations.values[this.operationOf(key)],
      this.paths.values[this.pathOf(key)],
    ];
    const d = this.details.values[this.detailOf(key)];
    if (d) parts.push(d);
    return parts.join(' | ');
  }
}

function grow(a: Int32Array<ArrayBuffer>, min: number): Int32Array<ArrayBuffer> {
  let n = a.length * 2;
  while (n < min) n *= 2;
  const out = new Int32Array(n);
  out.set(a);
  return out;
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

/** Throws when the signal says the work was cancelled. */
export function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new Error('comparison cancelled');
}

/** Computes the keys of both traces with one rule list. */
export function buildKeys(
  baseline: TraceStore,
  problem: TraceStore,
  rules: readonly NormalizationRule[],
  signal?: AbortSignal,
): KeyedPair {
  const normalizer = new PathNormalizer(rules);
  const space = new KeySpace((baseline.length + problem.length) >> 1);
  const touched = new Float64Array(rules.length);
  const b = keySide('baseline', baseline, space, normalizer, touched, signal);
  const p = keySide('problem', problem, space, normalizer, touched, signal);
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

function keySide(
  side: Side,
  store: TraceStore,
  space: KeySpace,
  normalizer: PathNormalizer,
  touched: Float64Array,
  signal: AbortSignal | undefined,
): KeyedSide {
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

  for (let i = 0; i < n; i++) {
    if ((i & 0xffff) === 0) checkAborted(signal);
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
      let text = normalizer.normalizeKeepCase(strings[pa], changed);
      let h = hashPath(text, fold >= 0);
      if (h === null) {
        const lower = text.toLowerCase();
        h = hashPath(lower, false)!;
        h[2] = lower === text ? 0 : 1;
        text = lower;
      }
      if (h[2] === 1) changed.push(fold);
      const folded = text;
      pn = pathInfo[at] = space.paths.intern(h[0], h[1], () => (fold >= 0 ? folded.toLowerCase() : folded));
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
  return { side, store, key, result, process };
}
