/**
 * Process instances: the alignment works per process, and a process is known by its image name, not
 * its PID (PIDs differ between machines). When one image ran several times (svchost.exe, a setup
 * child started twice), the instances of each side are paired by command line and by how many keys
 * they share, the best pairs first; what is left unpaired is work only one machine did.
 */
import type { KeyedSide, PathNormalizer } from './normalize';
import { runSteps, sliced, type Steps } from './steps';

export interface ProcessInstance {
  index: number;
  /** Shared (lower-cased) process name id. */
  name: number;
  pid: number;
  firstSeq: number;
  events: number;
  commandLine: string;
}

export interface SideInstances {
  list: ProcessInstance[];
  /** Instance index per event. */
  of: Int32Array;
  /** Event seqs grouped by instance, in capture order: instance i owns seqs[start[i] .. start[i+1]). */
  start: Int32Array;
  seqs: Int32Array;
}

const COMMAND_LINE_IN_DETAIL = /(?:^|, )Command line: (.*?)(?:, Current directory: |$)/;

/** Splits one trace into process instances: a new instance when a PID changes image or starts again. */
export function splitInstances(side: KeyedSide): SideInstances {
  return runSteps(splitInstanceSteps(side));
}

/** `splitInstances` in slices. */
export function* splitInstanceSteps(side: KeyedSide, signal?: AbortSignal): Steps<SideInstances> {
  const store = side.store;
  const n = store.length;
  const { pid: pidCol, processIndex, detail } = store.cols;
  const opCol = store.cols.operation;
  const strings = store.strings.values;
  // Per store string id of an operation: 1 when it is Process Start, 0 not, -1 not known yet.
  const isStart = new Int8Array(strings.length).fill(-1);
  const cmdCol = store.cols.extra['Command Line'];
  const list: ProcessInstance[] = [];
  const current = new Map<number, number>();
  const of = new Int32Array(n);
  let counts = new Int32Array(64);
  let lastPid = -1;
  let lastInst = -1;
  yield* sliced(n, signal, (from, to) => {
    for (let i = from; i < to; i++) {
      const pid = pidCol[i];
      const name = side.process[i];
      // Events of one process come in runs: the map is asked only when the PID changes.
      let inst = pid === lastPid ? lastInst : (current.get(pid) ?? -1);
      const os = opCol[i];
      let st = isStart[os];
      if (st < 0) st = isStart[os] = strings[os] === 'Process Start' ? 1 : 0;
      const starts = st === 1;
      if (inst < 0 || list[inst].name !== name || (starts && counts[inst] > 0)) {
        inst = list.length;
        let commandLine = '';
        const pi = processIndex[i];
        if (pi >= 0 && pi < store.processes.length) commandLine = store.processes[pi].commandLine;
        else if (cmdCol) commandLine = store.str(cmdCol[i]);
        if (!commandLine && starts)
          commandLine = COMMAND_LINE_IN_DETAIL.exec(store.str(detail[i]))?.[1] ?? '';
        list.push({ index: inst, name, pid, firstSeq: i, events: 0, commandLine });
        current.set(pid, inst);
        if (inst >= counts.length) {
          const grown = new Int32Array(counts.length * 2);
          grown.set(counts);
          counts = grown;
        }
      }
      lastPid = pid;
      lastInst = inst;
      counts[inst]++;
      of[i] = inst;
    }
  });
  for (const x of list) x.events = counts[x.index];
  const start = new Int32Array(list.length + 1);
  for (let k = 0; k < list.length; k++) start[k + 1] = start[k] + list[k].events;
  const fill = start.slice(0, list.length);
  const seqs = new Int32Array(n);
  yield* sliced(n, signal, (from, to) => {
    for (let i = from; i < to; i++) seqs[fill[of[i]]++] = i;
  });
  return { list, of, start, seqs };
}

/** The keys of one instance's events, in order. */
export function instanceKeys(side: KeyedSide, inst: SideInstances, index: number): Int32Array {
  const from = inst.start[index];
  const to = inst.start[index + 1];
  const out = new Int32Array(to - from);
  for (let t = from; t < to; t++) out[t - from] = side.key[inst.seqs[t]];
  return out;
}

/** A pair of instances; -1 when the instance has no counterpart on the other machine. */
export interface InstancePair {
  baseline: number;
  problem: number;
}

/** Above this many instances of one image on a side, pairing falls back to capture order. */
const MAX_SIMILARITY_INSTANCES = 200;

export function matchInstances(
  b: { side: KeyedSide; inst: SideInstances },
  p: { side: KeyedSide; inst: SideInstances },
  normalizer: PathNormalizer,
): InstancePair[] {
  const byName = new Map<number, { b: number[]; p: number[] }>();
  const slot = (name: number): { b: number[]; p: number[] } => {
    let s = byName.get(name);
    if (!s) byName.set(name, (s = { b: [], p: [] }));
    return s;
  };
  for (const x of b.inst.list) slot(x.name).b.push(x.index);
  for (const x of p.inst.list) slot(x.name).p.push(x.index);

  const pairs: InstancePair[] = [];
  for (const { b: bs, p: ps } of byName.values()) {
    if (bs.length === 0 || ps.length === 0) {
      for (const i of bs) pairs.push({ baseline: i, problem: -1 });
      for (const j of ps) pairs.push({ baseline: -1, problem: j });
      continue;
    }
    if (bs.length === 1 && ps.length === 1) {
      pairs.push({ baseline: bs[0], problem: ps[0] });
      continue;
    }
    if (bs.length > MAX_SIMILARITY_INSTANCES || ps.length > MAX_SIMILARITY_INSTANCES) {
      const n = Math.min(bs.length, ps.length);
      for (let t = 0; t < n; t++) pairs.push({ baseline: bs[t], problem: ps[t] });
      for (let t = n; t < bs.length; t++) pairs.push({ baseline: bs[t], problem: -1 });
      for (let t = n; t < ps.length; t++) pairs.push({ baseline: -1, problem: ps[t] });
      continue;
    }
    pairs.push(...pairBySimilarity(b, bs, p, ps, normalizer));
  }
  return pairs;
}

function pairBySimilarity(
  b: { side: KeyedSide; inst: SideInstances },
  bs: number[],
  p: { side: KeyedSide; inst: SideInstances },
  ps: number[],
  normalizer: PathNormalizer,
): InstancePair[] {
  const bKeys = bs.map((i) => distinctSorted(instanceKeys(b.side, b.inst, i)));
  const pKeys = ps.map((j) => distinctSorted(instanceKeys(p.side, p.inst, j)));
  const bCmd = bs.map((i) => normalizer.normalize(b.inst.list[i].commandLine));
  const pCmd = ps.map((j) => normalizer.normalize(p.inst.list[j].commandLine));
  const scored: { s: number; x: number; y: number }[] = [];
  for (let x = 0; x < bs.length; x++) {
    for (let y = 0; y < ps.length; y++) {
      let s = jaccard(bKeys[x], pKeys[y]);
      if (bCmd[x] !== '' && bCmd[x] === pCmd[y]) s += 1;
      // Among equals, prefer the pair closest in capture order.
      if (s > 0) scored.push({ s: s - Math.abs(x / bs.length - y / ps.length) * 1e-3, x, y });
    }
  }
  scored.sort((u, v) => v.s - u.s);
  const usedB = new Uint8Array(bs.length);
  const usedP = new Uint8Array(ps.length);
  const pairs: InstancePair[] = [];
  for (const { x, y } of scored) {
    if (usedB[x] || usedP[y]) continue;
    usedB[x] = usedP[y] = 1;
    pairs.push({ baseline: bs[x], problem: ps[y] });
  }
  for (let x = 0; x < bs.length; x++) if (!usedB[x]) pairs.push({ baseline: bs[x], problem: -1 });
  for (let y = 0; y < ps.length; y++) if (!usedP[y]) pairs.push({ baseline: -1, problem: ps[y] });
  return pairs;
}

function distinctSorted(keys: Int32Array): Int32Array {
  const s = keys.slice().sort();
  let w = 0;
  for (let i = 0; i < s.length; i++) if (i === 0 || s[i] !== s[i - 1]) s[w++] = s[i];
  return s.subarray(0, w);
}

function jaccard(x: Int32Array, y: Int32Array): number {
  let i = 0;
  let j = 0;
  let both = 0;
  while (i < x.length && j < y.length) {
    if (x[i] === y[j]) {
      both++;
      i++;
      j++;
    } else if (x[i] < y[j]) i++;
    else j++;
  }
  const union = x.length + y.length - both;
  return union === 0 ? 0 : both / union;
}
