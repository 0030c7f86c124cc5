/**
 * Keys computed ahead, in the reader's worker thread: normalizing the hundreds of thousands of
 * distinct paths of a big capture is most of the work of keying it, and in the worker it runs beside
 * the reading of the other capture instead of after both (issue #6: the compare benchmark). The
 * worker keys its trace against a key space of its own (`keyTraceAhead`); the comparison then maps
 * those local ids onto the shared key space (`aheadKeyer`), a pass over the distinct keys and one
 * gather over the events. Local ids are assigned in order of first occurrence, as keySide assigns
 * shared ones, and are mapped in that order, so the shared ids — and so every tie-break after them —
 * are exactly those keySide computes. Keys made with other rules than the comparison's are ignored.
 */
import type { NormalizationRule } from '../../../shared/model/finding';
import type { Side } from '../../../shared/model/trace';
import type { TraceStore } from '../store/trace-store';
import { KeySpace } from './key-space';
import {
  keySide,
  rulesSignature,
  runSteps,
  sliced,
  PathNormalizer,
  type KeyedSide,
  type SideKeyer,
  type Steps,
} from './normalize';

/** One trace's keys in a key space of its own; every array is transferable. */
export interface AheadKeys {
  /** rulesSignature of the rules used. */
  signature: string;
  events: number;
  /** Per event: local key, local result and local process ids. */
  key: Int32Array;
  result: Int32Array;
  process: Int32Array;
  processes: string[];
  operations: string[];
  details: string[];
  results: string[];
  /** Per local path: its hashes and the store string that first produced it. */
  pathH1: Int32Array;
  pathH2: Int32Array;
  pathString: Int32Array;
  /** Per local key: its head and path; per local head: process, operation, detail. */
  headOfKey: Int32Array;
  pathOfKey: Int32Array;
  heads: Int32Array;
  /** Per rule: events whose path it changed. */
  touched: Float64Array;
}

/** Keys one trace with a rule list, on its own (run in the reader's worker). */
export function keyTraceAhead(store: TraceStore, rules: readonly NormalizationRule[]): AheadKeys {
  const normalizer = new PathNormalizer(rules);
  const space = new KeySpace(store.length);
  const touched = new Float64Array(rules.length);
  const side = runSteps(keySide('baseline', 0, store, space, normalizer, touched, undefined));
  const paths = space.paths.export();
  const keys = space.exportKeys();
  return {
    signature: rulesSignature(rules),
    events: store.length,
    key: side.key,
    result: side.result,
    process: side.process,
    processes: space.processes.values,
    operations: space.operations.values,
    details: space.details.values,
    results: space.results.values,
    pathH1: paths.h1,
    pathH2: paths.h2,
    pathString: paths.stringId,
    headOfKey: keys.headOfKey,
    pathOfKey: keys.pathOfKey,
    heads: keys.heads,
    touched,
  };
}

/** The buffers of keys computed ahead, for postMessage's transfer list. */
export function aheadKeysTransferables(k: AheadKeys): ArrayBuffer[] {
  const arrays = [k.key, k.result, k.process, k.pathH1, k.pathH2, k.pathString, k.headOfKey, k.pathOfKey];
  return [...new Set([...arrays.map((a) => a.buffer), k.heads.buffer, k.touched.buffer])] as ArrayBuffer[];
}

const ahead = new WeakMap<TraceStore, AheadKeys>();

/** Remembers keys computed ahead for a store (kept as long as the store lives). */
export function attachAheadKeys(store: TraceStore, keys: AheadKeys): void {
  if (keys.events === store.length) ahead.set(store, keys);
}

/** Keys a store from its keys computed ahead when their rules match, else from its strings. */
export const aheadKeyer: SideKeyer = (side, source, store, space, normalizer, touched, signal) => {
  const pre = ahead.get(store);
  if (pre && pre.events === store.length && pre.signature === rulesSignature(normalizer.rules))
    return mergeAhead(side, source, store, space, pre, touched, signal);
  return keySide(side, source, store, space, normalizer, touched, signal);
};

function* mergeAhead(
  side: Side,
  source: number,
  store: TraceStore,
  space: KeySpace,
  pre: AheadKeys,
  touched: Float64Array,
  signal: AbortSignal | undefined,
): Steps<KeyedSide> {
  const procMap = Int32Array.from(pre.processes, (v) => space.processes.intern(v));
  const opMap = Int32Array.from(pre.operations, (v) => space.operations.intern(v));
  const detailMap = Int32Array.from(pre.details, (v) => space.details.intern(v));
  const resMap = Int32Array.from(pre.results, (v) => space.results.intern(v));
  const headMap = new Int32Array(pre.heads.length / 3).fill(-1);
  const pathMap = new Int32Array(pre.pathH1.length).fill(-1);
  const nk = pre.headOfKey.length;
  const keyMap = new Int32Array(nk);
  const { heads, headOfKey, pathOfKey, pathH1, pathH2, pathString } = pre;
  yield* sliced(nk, signal, (from, to) => {
    for (let k = from; k < to; k++) {
      const lh = headOfKey[k];
      let h = headMap[lh];
      if (h < 0)
        h = headMap[lh] = space.head(
          procMap[heads[lh * 3]],
          opMap[heads[lh * 3 + 1]],
          detailMap[heads[lh * 3 + 2]],
        );
      const lp = pathOfKey[k];
      let p = pathMap[lp];
      if (p < 0) p = pathMap[lp] = space.paths.intern(pathH1[lp], pathH2[lp], source, pathString[lp]);
      keyMap[k] = space.key(h, p);
    }
  });
  for (let r = 0; r < touched.length && r < pre.touched.length; r++) touched[r] += pre.touched[r];
  // The first trace keyed into a fresh space gets its local ids unchanged: its columns serve as
  // they are (they are only read).
  const n = pre.events;
  const same = (m: Int32Array): boolean => m.every((v, i) => v === i);
  const key = same(keyMap) ? pre.key : new Int32Array(n);
  const result = same(resMap) ? pre.result : new Int32Array(n);
  const process = same(procMap) ? pre.process : new Int32Array(n);
  if (key === pre.key && result === pre.result && process === pre.process)
    return { side, store, key, result, process };
  const lk = pre.key;
  const lr = pre.result;
  const lpr = pre.process;
  yield* sliced(n, signal, (from, to) => {
    if (key !== lk) for (let i = from; i < to; i++) key[i] = keyMap[lk[i]];
    if (result !== lr) for (let i = from; i < to; i++) result[i] = resMap[lr[i]];
    if (process !== lpr) for (let i = from; i < to; i++) process[i] = procMap[lpr[i]];
  });
  return { side, store, key, result, process };
}
