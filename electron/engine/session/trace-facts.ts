/**
 * Facts about a loaded trace that the renderer shows in the header and status bar, computed once
 * per load from the columnar store.
 */
import type { ProcessInfo, Side, TraceSummary } from '../../../shared/model/trace';
import { RESULT_CLASS_CODES } from '../../../shared/model/result-class';
import type { TraceStore } from '../store/trace-store';

const FAILURE_CODE = RESULT_CLASS_CODES.failure;

export function countFailures(store: TraceStore): number {
  const cls = store.cols.resultClass;
  let n = 0;
  for (let i = 0; i < store.length; i++) if (cls[i] === FAILURE_CODE) n++;
  return n;
}

export function summarizeTrace(
  store: TraceStore,
  id: string,
  side: Side,
  file: string,
  fileName: string,
  failures: number,
  processes: number,
): TraceSummary {
  const m = store.meta;
  const n = store.length;
  return {
    id,
    side,
    file,
    fileName,
    size: m.size,
    kind: m.kind,
    encoding: m.encoding,
    events: n,
    processes,
    failures,
    firstTime: n > 0 ? store.time(0) : '',
    lastTime: n > 0 ? store.time(n - 1) : '',
    timeIsAbsolute: m.timeIsAbsolute,
    columns: m.columns,
    computerName: m.computerName,
    osVersion: m.osVersion,
    warnings: store.warnings,
    warningCount: store.cols.warningCount,
  };
}

/**
 * The process list. PML captures carry a process table; CSV and XML exports do not, so the list is
 * rebuilt from the distinct (PID, process name) pairs with the times of their first and last events.
 */
export function listTraceProcesses(store: TraceStore): ProcessInfo[] {
  if (store.processes.length > 0) return store.processes;
  const seen = new Map<string, ProcessInfo>();
  const lastSeq = new Map<string, number>();
  const { pid, process } = store.cols;
  for (let i = 0; i < store.length; i++) {
    const key = `${pid[i]}\u0000${process[i]}`;
    if (seen.has(key)) {
      lastSeq.set(key, i);
      continue;
    }
    const time = store.time(i);
    lastSeq.set(key, i);
    seen.set(key, {
      index: seen.size,
      pid: pid[i],
      parentPid: -1,
      name: store.str(process[i]),
      imagePath: store.extra(i, 'Image Path'),
      commandLine: store.extra(i, 'Command Line'),
      user: store.extra(i, 'User'),
      integrity: store.extra(i, 'Integrity'),
      company: store.extra(i, 'Company'),
      description: store.extra(i, 'Description'),
      version: store.extra(i, 'Version'),
      startTime: time,
      endTime: time,
      is64bit: null,
      modules: [],
    });
  }
  for (const [key, info] of seen) info.endTime = store.time(lastSeq.get(key) ?? 0);
  return [...seen.values()];
}
