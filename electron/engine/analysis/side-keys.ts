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
import { KeySpace, snapshotBuffers, type KeySpaceSnapshot } from './key-space';
import {
  keySide,
  rulesSignature,
  PathNormalizer,
  type KeyedSide,
  type SideKeyer,
  type SpaceAdopter,
} from './normalize';
import { runSteps, sliced, type Steps } from './steps';

/** One trace's keys in a key space of its own; every array is transferable. */
export interface AheadKeys {
  /** rulesSignature of the rules used. */
  signature: string;
  events: number;
  /** Per event: local key, local result and local process ids. */
  key: Int32Array;
  result: Int32Array;
  process: Int32Array;
  /** The local key space (source 0: this trace's strings). */
  space: KeySpaceSnapshot;
  /** Per rule: events whose path it changed. */
  touched: Float64Array<ArrayBuffer>;
}

/** Keys one trace with a rule list, on its own (run in the reader's worker). */
export function keyTraceAhead(store: TraceStore, rules: readonly NormalizationRule[]): AheadKeys {
  const normalizer = new PathNormalizer(rules);
  const space = new KeySpace(store.length);
  const touched = new Float64Array(rules.length);
  const side = runSteps(keySide('baseline', 0, store, space, normalizer, touched, undefined));
  return {
    signature: rulesSignature(rules),
    events: store.length,
    key: side.key,
    result: side.result,
    process: side.process,
    space: space.snapshot(),
    touched,
  };
}

/** The buffers of keys computed ahead, for postMessage's transfer list. */
export function aheadKeysTransferables(k: AheadKeys): ArrayBuffer[] {
  // Made by keySide with plain `new Int32Array`: never shared memory.
  const own = [k.key.buffer, k.result.buffer, k.process.buffer, k.touched.buffer] as ArrayBuffer[];
  return [...new Set([...own, ...snapshotBuffers(k.space)])];
}

const ahead = new WeakMap<TraceStore, AheadKeys>();

/** Remembers keys computed ahead for a store (kept as long as the store lives). */
export function attachAheadKeys(store: TraceStore, keys: AheadKeys): void {
  if (keys.events === store.length) ahead.set(store, keys);
}

function matching(store: TraceStore, normalizer: PathNormalizer): AheadKeys | null {
  const pre = ahead.get(store);
  return pre && pre.events === store.length && pre.signature === rulesSignature(normalizer.rules)
    ? pre
    : null;
}

/**
 * The first trace's own key space as the comparison's (its ids are what keySide would assign in a
 * fresh space), when its keys were computed ahead with the comparison's rules. The space is copied:
 * the comparison adds the other trace's keys to it, and the store may be compared again.
 */
export const adoptAheadSpace: SpaceAdopter = (store, normalizer, touched) => {
  const pre = matching(store, normalizer);
  if (!pre) return null;
  const s = pre.space;
  const copy = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => a.slice();
  const p = s.paths;
  const h = s.heads;
  const space = KeySpace.restore({
    ...s,
    paths: {
      ...p,
      slots: copy(p.slots),
      h1: copy(p.h1),
      h2: copy(p.h2),
      source: copy(p.source),
      stringId: copy(p.stringId),
    },
    heads: { ...h, slots: copy(h.slots), a: copy(h.a), b: copy(h.b), c: copy(h.c), d: copy(h.d) },
    byPath: copy(s.byPath),
    slots: copy(s.slots),
    headOfKey: copy(s.headOfKey),
    pathOfKey: copy(s.pathOfKey),
  });
  for (let r = 0; r < touched.length && r < pre.touched.length; r++) touched[r] += pre.touched[r];
  return { space, key: pre.key, result: pre.result, process: pre.process };
};

/** Keys a store from its keys computed ahead when their rules match, else from its strings. */
export const aheadKeyer: SideKeyer = (side, source, store, space, normalizer, touched, signal) => {
  const pre = matching(store, normalizer);
  if (pre) return mergeAhead(side, source, store, space, pre, touched, signal);
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
  const s = pre.space;
  const procMap = Int32Array.from(s.processes, (v) => space.processes.intern(v));
  const opMap = Int32Array.from(s.operations, (v) => space.operations.intern(v));
  const detailMap = Int32Array.from(s.details, (v) => space.details.intern(v));
  const resMap = Int32Array.from(s.results, (v) => space.results.intern(v));
  const headMap = new Int32Array(s.heads.size).fill(-1);
  const pathMap = new Int32Array(s.paths.count).fill(-1);
  const nk = s.count;
  const keyMap = new Int32Array(nk);
  const { headOfKey, pathOfKey } = s;
  const { a: hp, b: ho, c: hd } = s.heads;
  const { h1, h2, stringId } = s.paths;
  yield* sliced(nk, signal, (from, to) => {
    for (let k = from; k < to; k++) {
      const lh = headOfKey[k];
      let h = headMap[lh];
      if (h < 0) h = headMap[lh] = space.head(procMap[hp[lh]], opMap[ho[lh]], detailMap[hd[lh]]);
      const lp = pathOfKey[k];
      let p = pathMap[lp];
      if (p < 0) p = pathMap[lp] = space.paths.intern(h1[lp], h2[lp], source, stringId[lp]);
      keyMap[k] = space.key(h, p);
    }
  });
  for (let r = 0; r < touched.length && r < pre.touched.length; r++) touched[r] += pre.touched[r];
  const n = pre.events;
  const key = new Int32Array(n);
  const result = new Int32Array(n);
  const process = new Int32Array(n);
  const lk = pre.key;
  const lr = pre.result;
  const lpr = pre.process;
  yield* sliced(n, signal, (from, to) => {
    for (let i = from; i < to; i++) {
      key[i] = keyMap[lk[i]];
      result[i] = resMap[lr[i]];
      process[i] = procMap[lpr[i]];
    }
  });
  return { side, store, key, result, process };
}
