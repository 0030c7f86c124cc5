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

  constructor(readonly rules: readonly NormalizationRule[]) {
    this.compiled = rules.map((r) => (r.enabled ? compileRule(r) : null));
  }

  /**
   * Normalizes `value`; when `changed` is given, the indexes of the rules that changed the string are
   * pushed onto it (for the per-rule `touched` counts).
   */
  normalize(value: string, changed?: number[]): string {
    let s = value;
    for (let i = 0; i < this.compiled.length; i++) {
      const c = this.compiled[i];
      if (!c) continue;
      if (c.foldAll) {
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
 * The key vocabulary of one comparison. A key is (process, operation, path, detail) of shared ids,
 * stored as a "head" (process, operation, detail: a few hundred distinct) and a path. (head, path)
 * pairs are found in an open-addressing table whose slots hold head, path and key side by side, so
 * a look-up touches one cache line: the look-up runs for millions of events against hundreds of
 * thousands of keys, where scattered arrays cost a cache miss per field.
 */
export class KeySpace {
  readonly processes = new Interner();
  readonly operations = new Interner();
  readonly paths = new Interner();
  readonly details = new Interner();
  readonly results = new Interner();
  private readonly heads = new IntTupleMap(1024);
  /** Slots of [head, path, key]; key -1 = empty. */
  private slots = new Int32Array(3 << 16).fill(-1);
  private mask = (1 << 16) - 1;
  private headOfKey = new Int32Array(1 << 15);
  private pathOfKey = new Int32Array(1 << 15);
  private count = 0;

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
  const space = new KeySpace();
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
  // Per store path id, side by side so one event touches one cache line: [shared normalized path
  // id (-1 = not computed yet), events using it, head and key of its last event].
  const PATH_INFO = 4;
  const pathInfo = new Int32Array(nStrings * PATH_INFO);
  for (let x = 0; x < pathInfo.length; x += PATH_INFO) {
    pathInfo[x] = -1;
    pathInfo[x + 2] = -1;
  }
  // Per store path id: bit r set when rule r changed that path (rules from index 32 on are kept
  // in `overflow`).
  const pathRuleBits = new Uint32Array(nStrings);
  const overflow = new Map<number, number[]>();
  const opNeedsDetail = new Uint8Array(nStrings);
  const key = new Int32Array(n);
  const result = new Int32Array(n);
  const process = new Int32Array(n);
  const changed: number[] = [];
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
      pn = pathInfo[at] = space.paths.intern(normalizer.normalize(strings[pa], changed));
      for (const r of changed) {
        if (r < 32) pathRuleBits[pa] |= 1 << r;
        else overflow.set(pa, [...(overflow.get(pa) ?? []), r]);
      }
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
    // Bursts on one file (open, query, read, read, close) mostly repeat the previous key of the path.
    if (pathInfo[at + 2] === lastHead) {
      key[i] = pathInfo[at + 3];
    } else {
      const k = space.key(lastHead, pn);
      pathInfo[at + 2] = lastHead;
      pathInfo[at + 3] = k;
      key[i] = k;
    }
    result[i] = re;
    process[i] = pr;
  }
  for (let pa = 0; pa < nStrings; pa++) {
    let bits = pathRuleBits[pa];
    while (bits !== 0) {
      const r = 31 - Math.clz32(bits);
      touched[r] += pathInfo[pa * PATH_INFO + 1];
      bits &= ~(1 << r);
    }
  }
  for (const [pa, list] of overflow) for (const r of list) touched[r] += pathInfo[pa * PATH_INFO + 1];
  return { side, store, key, result, process };
}
