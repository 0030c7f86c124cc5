import type { ResultClass } from './result-class';

/** Which capture an input belongs to. Logs may belong to either machine or to none in particular. */
export type Side = 'baseline' | 'problem';
export const SIDES: readonly Side[] = ['baseline', 'problem'];

/** Every input kind the sniffer can name. */
export type InputKind =
  | 'procmon-csv'
  | 'procmon-csv-excel'
  | 'procmon-stack-csv'
  | 'procmon-xml'
  | 'procmon-pml'
  | 'evtx'
  | 'eventviewer-xml'
  | 'eventviewer-csv'
  | 'eventviewer-txt'
  | 'cbs-log'
  | 'dism-log'
  | 'panther-log'
  | 'windowsupdate-log'
  | 'setupdiag'
  | 'fltmc'
  | 'icacls'
  | 'text-log'
  | 'zip'
  | 'unknown';

/** A problem found while reading an input: always names the file and the place. */
export interface InputWarning {
  file: string;
  /** Human-readable place: "line 12", "offset 0x3A8", "record 5", "event 1,024". */
  place: string;
  message: string;
}

/** One event as the renderer sees it (a page row). Strings are plain text, never HTML. */
export interface TraceEventRow {
  /** 0-based position in the trace as captured (stable across sort and filter). */
  seq: number;
  /** Time as Procmon shows it: ISO-8601 when absolute, "HH:MM:SS.fffffff" when time-of-day only. */
  time: string;
  process: string;
  pid: number;
  tid: number;
  operation: string;
  path: string;
  result: string;
  resultClass: ResultClass;
  detail: string;
  /** Seconds; null when pending or unknown. */
  duration: number | null;
  eventClass: string;
  /** Optional columns by Procmon header name (User, Image Path, Command Line, Category, ...). */
  extra?: Record<string, string>;
}

export interface ProcessInfo {
  /** Index in the trace's process table. */
  index: number;
  pid: number;
  parentPid: number;
  name: string;
  imagePath: string;
  commandLine: string;
  user: string;
  integrity: string;
  company: string;
  description: string;
  version: string;
  /** ISO-8601 when known. */
  startTime: string;
  endTime: string;
  is64bit: boolean | null;
  modules: ModuleInfo[];
}

export interface ModuleInfo {
  path: string;
  base: string;
  size: number;
  company: string;
  description: string;
  version: string;
}

export interface StackFrame {
  depth: number;
  address: string;
  module: string;
  location: string;
  path: string;
  kernel: boolean;
}

/** What the host knows about one loaded trace. */
export interface TraceSummary {
  id: string;
  side: Side;
  file: string;
  fileName: string;
  size: number;
  kind: InputKind;
  encoding: string;
  events: number;
  processes: number;
  failures: number;
  /** ISO-8601 or time of day; '' when empty. */
  firstTime: string;
  lastTime: string;
  timeIsAbsolute: boolean;
  columns: string[];
  computerName: string;
  osVersion: string;
  warnings: InputWarning[];
  warningCount: number;
}

/** The columns a query may sort or filter by (Procmon's names). */
export type TraceColumn =
  | 'Sequence'
  | 'Time of Day'
  | 'Process Name'
  | 'PID'
  | 'TID'
  | 'Operation'
  | 'Path'
  | 'Result'
  | 'Detail'
  | 'Duration'
  | 'Event Class';

export const TRACE_COLUMNS: readonly TraceColumn[] = [
  'Sequence',
  'Time of Day',
  'Process Name',
  'PID',
  'TID',
  'Operation',
  'Path',
  'Result',
  'Detail',
  'Duration',
  'Event Class',
];

export type FilterRelation =
  'is' | 'is not' | 'contains' | 'excludes' | 'begins with' | 'ends with' | 'less than' | 'more than';

/** A Procmon-style filter rule. Include rules on the same column are OR-ed; excludes always win. */
export interface FilterRule {
  column: TraceColumn | 'Result Class';
  relation: FilterRelation;
  value: string;
  action: 'include' | 'exclude';
  enabled?: boolean;
}

export interface SortSpec {
  column: TraceColumn;
  direction: 'asc' | 'desc';
}
