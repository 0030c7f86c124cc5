/**
 * Builds small TraceStores and LogStore-shaped objects for the analysis tests, so they state the
 * events they need in one line each instead of going through a parser.
 */
import type { LogEntry, LogLevel, LogSummary } from '../../../shared/model/log';
import type { InputKind } from '../../../shared/model/trace';
import { TraceStoreBuilder, type TraceStore } from '../store/trace-store';
import type { LogSource } from './correlate';

export interface TestEvent {
  process: string;
  pid?: number;
  op?: string;
  path?: string;
  result?: string;
  detail?: string;
  /** Seconds (time of day unless the trace is absolute); defaults to 10:00:00 + 1 ms per event. */
  t?: number;
}

export function makeTrace(
  fileName: string,
  events: readonly TestEvent[],
  opts: { absolute?: boolean; kind?: InputKind; utcOffsetMinutes?: number } = {},
): TraceStore {
  const b = new TraceStoreBuilder({
    file: `/test/${fileName}`,
    fileName,
    size: 0,
    kind: opts.kind ?? 'procmon-csv',
    encoding: 'utf-8',
    timeIsAbsolute: opts.absolute ?? false,
    columns: ['Time of Day', 'Process Name', 'PID', 'Operation', 'Path', 'Result', 'Detail'],
    computerName: '',
    osVersion: '',
    utcOffsetMinutes: opts.utcOffsetMinutes,
  });
  events.forEach((e, i) => {
    const t = e.t ?? 36000 + i / 1000;
    const sec = Math.floor(t);
    b.push({
      timeSec: sec,
      timeFrac: Math.round((t - sec) * 1e7),
      process: e.process,
      pid: e.pid ?? 100,
      tid: 1,
      operation: e.op ?? 'CreateFile',
      path: e.path ?? '',
      result: e.result ?? 'SUCCESS',
      detail: e.detail ?? '',
      duration: 0,
      eventClass: 'File System',
      processIndex: -1,
    });
  });
  return b.finish();
}

export interface TestLogLine {
  line: number;
  message: string;
  level?: LogLevel;
  time?: string;
  codes?: string[];
  paths?: string[];
  data?: Record<string, string>;
}

export function makeLog(
  fileName: string,
  lines: readonly TestLogLine[],
  side: LogSummary['side'] = 'problem',
): LogSource {
  const entries: LogEntry[] = lines.map((l, i) => ({
    index: i,
    logId: fileName,
    source: fileName,
    line: l.line,
    time: l.time ?? '',
    level: l.level ?? 'info',
    component: '',
    message: l.message,
    codes: l.codes ?? [],
    paths: l.paths ?? [],
    data: l.data,
    raw: l.message,
  }));
  return {
    summary: {
      id: fileName,
      file: `/test/${fileName}`,
      fileName,
      size: 0,
      kind: 'text-log',
      encoding: 'utf-8',
      entries: entries.length,
      errors: entries.filter((e) => e.level === 'error').length,
      warnings: entries.filter((e) => e.level === 'warning').length,
      firstTime: entries[0]?.time ?? '',
      lastTime: entries[entries.length - 1]?.time ?? '',
      side,
      inputWarnings: [],
    },
    entries,
  };
}
