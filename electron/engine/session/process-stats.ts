/**
 * Per-process figures for the process tree and the result-class bars: events of each process name by
 * result class, and events and real failures of each process instance (PID and name). One pass over
 * the store's columns, kept per store.
 */
import type { FailureTimeline, ProcessInstanceStat, ProcessStat } from '../../../shared/contract';
import { RESULT_CLASS_CODES } from '../../../shared/model/result-class';
import type { TraceStore } from '../store/trace-store';

const CLASS_OF_CODE: (keyof Omit<ProcessStat, 'name' | 'events'>)[] = [];
CLASS_OF_CODE[RESULT_CLASS_CODES.success] = 'success';
CLASS_OF_CODE[RESULT_CLASS_CODES.benign] = 'benign';
CLASS_OF_CODE[RESULT_CLASS_CODES.context] = 'context';
CLASS_OF_CODE[RESULT_CLASS_CODES.failure] = 'failure';

/** Slices of the failure timeline. */
export const TIMELINE_SLICES = 200;

export interface ProcessStats {
  processes: ProcessStat[];
  instances: ProcessInstanceStat[];
  timeline: FailureTimeline;
}

const cache = new WeakMap<TraceStore, ProcessStats>();

export function processStats(store: TraceStore): ProcessStats {
  const hit = cache.get(store);
  if (hit) return hit;
  const { process, pid, resultClass } = store.cols;
  const byName = new Map<number, ProcessStat>();
  const byInstance = new Map<string, ProcessInstanceStat>();
  const failure = RESULT_CLASS_CODES.failure;
  const slices = store.length > 0 ? TIMELINE_SLICES : 0;
  const counts = new Array<number>(slices).fill(0);
  const firstSeq = new Array<number>(slices).fill(-1);
  for (let seq = 0; seq < store.length; seq++) {
    const id = process[seq];
    let stat = byName.get(id);
    if (!stat) {
      stat = { name: store.str(id), events: 0, success: 0, benign: 0, context: 0, failure: 0, other: 0 };
      byName.set(id, stat);
    }
    stat.events++;
    stat[CLASS_OF_CODE[resultClass[seq]] ?? 'other']++;
    const key = `${pid[seq]}\u0000${id}`;
    let inst = byInstance.get(key);
    if (!inst) {
      inst = { pid: pid[seq], name: stat.name, events: 0, failures: 0 };
      byInstance.set(key, inst);
    }
    inst.events++;
    if (resultClass[seq] === failure) {
      inst.failures++;
      const slice = Math.min(slices - 1, Math.floor((seq / store.length) * slices));
      counts[slice]++;
      if (firstSeq[slice] < 0) firstSeq[slice] = seq;
    }
  }
  const times = counts.map((_, i) =>
    store.time(Math.min(store.length - 1, Math.ceil((i / slices) * store.length))),
  );
  const result: ProcessStats = {
    processes: [...byName.values()].sort((a, b) => b.events - a.events || a.name.localeCompare(b.name)),
    instances: [...byInstance.values()],
    timeline: { events: store.length, counts, firstSeq, times },
  };
  cache.set(store, result);
  return result;
}
