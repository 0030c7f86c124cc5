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
    throw new RuleError(r.id, `invalid pattern /${r.pattern}/: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (re.test('')) {
    // A pattern matching the empty string would insert its replacement between every character.
    re.lastIndex = 0;
    if (!/^\^.*\$$/.test(r.pattern)) throw new RuleError(r.id, `pattern /${r.pattern}/ matches an empty string`);
  }
  const lower = r.replacement.startsWith('\\L');
  const replacement = lower ? r.replacement.slice(2) : r.replacement;
  const foldAll = lower && replacement === '$&' && /^\^(?:\[\^\]|\.|\[\\s\\S\])\*\$$/.test(r.pattern);
  return { re, replacement, lower, foldAll };
}

/** Expands $&, $1..$9 and $<name> of a replacement template from the arguments of a replace callback. */
function expandReplacement(template: string, args: unknown[]): string {
  const last = args[args.length - 1];
  const groups = typeof last === 'object' && last !== null ? (last as Record<string, string | undefined>) : undefined;
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
 * The part of a Detail string that belongs in the key. Registry dispositions (REG_CREATED_NEW_KEY,
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
 * stored as a "head" (process, operation, detail: a few hundred distinct) and a path. Keys of one
 * path are chained from the path, so finding a key is a walk of a short chain through dense arrays
 * rather than a probe of a large hash table (millions of events, hundreds of thousands of keys).
 */
export class KeySpace {
  readonly processes = new Interner();
  readonly operations = new Interner();
  readonly paths = new Interner();
  readonly details = new Interner();
  readonly results = new Interner();
  private readonly heads = new IntTupleMap(1024);
  private firstOfPath = new Int32Array(1 << 16).fill(-1);
  private nextOfKey = new Int32Array(1 << 16);
  private headOfKey = new Int32Array(1 << 16);
  private pathOfKey = new Int32Array(1 << 16);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The head id of (process, operation, detail). */
  head(process: number, operation: number, detail: number): number {
    return this.heads.intern(process, operation, detail, 0);
  }

  /** The key id of (head, path), adding it when new. */
  key(head: number, path: number): number {
    if (path >= this.firstOfPath.length) this.firstOfPath = grow(this.firstOfPath, path + 1, -1);
    let k = this.firstOfPath[path];
    while (k >= 0) {
      if (this.headOfKey[k] === head) return k;
      k = this.nextOfKey[k];
    }
    k = this.count++;
    if (k >= this.headOfKey.length) {
      this.headOfKey = grow(this.headOfKey, k + 1, 0);
      this.pathOfKey = grow(this.pathOfKey, k + 1, 0);
      this.nextOfKey = grow(this.nextOfKey, k + 1, 0);
    }
    this.headOfKey[k] = head;
    this.pathOfKey[k] = path;
    this.nextOfKey[k] = this.firstOfPath[path];
    this.firstOfPath[path] = k;
    return k;
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

function grow(a: Int32Array<ArrayBuffer>, min: number, fill: number): Int32Array<ArrayBuffer> {
  let n = a.length * 2;
  while (n < min) n *= 2;
  const out = new Int32Array(n);
  out.set(a);
  if (fill !== 0) out.fill(fill, a.length);
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
  const pathMap = new Int32Array(nStrings).fill(-1);
  const detailMap = new Int32Array(nStrings).fill(-1);
  const resMap = new Int32Array(nStrings).fill(-1);
  const pathCount = new Uint32Array(nStrings);
  // Per store path id: bit r set when rule r changed that path (rules from index 32 on are kept
  // in `overflow`).
  const pathRuleBits = new Uint32Array(nStrings);
  const overflow = new Map<number, number[]>();
  const opNeedsDetail = new Uint8Array(nStrings);
  const key = new Int32Array(n);
  const result = new Int32Array(n);
  const process = new Int32Array(n);
  const changed: number[] = [];
  const headOfPath = new Int32Array(nStrings).fill(-1);
  const keyOfPath = new Int32Array(nStrings);
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
    let pn = pathMap[pa];
    if (pn < 0) {
      changed.length = 0;
      pn = pathMap[pa] = space.paths.intern(normalizer.normalize(strings[pa], changed));
      for (const r of changed) {
        if (r < 32) pathRuleBits[pa] |= 1 << r;
        else overflow.set(pa, [...(overflow.get(pa) ?? []), r]);
      }
    }
    pathCount[pa]++;
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
    if (headOfPath[pa] === lastHead) {
      key[i] = keyOfPath[pa];
    } else {
      const k = space.key(lastHead, pn);
      headOfPath[pa] = lastHead;
      keyOfPath[pa] = k;
      key[i] = k;
    }
    result[i] = re;
    process[i] = pr;
  }
  for (let pa = 0; pa < nStrings; pa++) {
    let bits = pathRuleBits[pa];
    while (bits !== 0) {
      const r = 31 - Math.clz32(bits);
      touched[r] += pathCount[pa];
      bits &= ~(1 << r);
    }
  }
  for (const [pa, list] of overflow) for (const r of list) touched[r] += pathCount[pa];
  return { side, store, key, result, process };
}
