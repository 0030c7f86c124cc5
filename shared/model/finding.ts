import type { CodeExplanation } from './log';
import type { ResultClass } from './result-class';
import type { Side } from './trace';

/** A log line that corroborates a finding. */
export interface LogEvidence {
  file: string;
  line: number;
  text: string;
  time?: string;
  codes?: string[];
  /** How it matched: same path, same file name, same code, near in time. */
  reason?: 'path' | 'file-name' | 'code' | 'time';
  /** The error codes of the line explained from the code table. */
  explanations?: CodeExplanation[];
}

/** A process seen only on the problem machine, active near a finding's failure. */
export interface ContextProcess {
  process: string;
  pid: number;
  /** Its events within the time window around the failure. */
  events: number;
  /** What it touched in that window (most frequent first, a few). */
  paths: string[];
  /** True when it touched the finding's file or key. */
  sameFile: boolean;
}

/** A ranked root-cause candidate (the CLI's JSON shape is a subset of this; see ARCHITECTURE.md §4). */
export interface Finding {
  rank: number;
  id: string;
  process: string;
  operation: string;
  /** The problem trace's real path (not the normalized key). */
  path: string;
  baselineResult: string;
  problemResult: string;
  problemResultClass: ResultClass;
  score: number;
  why: string;
  whyZh: string;
  /** Sequence numbers of the events in each trace. */
  baselineEvents: number[];
  problemEvents: number[];
  /** Index of the aligned row of the bifurcation point. */
  alignedRow: number;
  /** Baseline-only events of the same process that follow (the consequence). */
  consequence: number;
  kind: 'result-changed' | 'problem-only-failure' | 'baseline-only-work' | 'context-process';
  logEvidence: LogEvidence[];
  /** Problem-only processes active near the failure (often the agent). */
  contextProcesses: string[];
  /** The same, with what each touched near the failure. */
  contextDetails?: ContextProcess[];
  /** The normalized key both sides were matched by. */
  key?: string;
  /** The baseline trace's real path when the finding has a baseline event. */
  baselinePath?: string;
  /** How many times the same difference occurs (grouped into this finding). */
  occurrences?: number;
  /** True when the baseline gets the same result for this key elsewhere (then it is no real difference). */
  alsoOnBaseline?: boolean;
  /** Error codes of the log evidence, explained once per code. */
  codes?: CodeExplanation[];
}

export type AlignedKind = 'same' | 'changed' | 'baseline-only' | 'problem-only' | 'collapsed';

/** One row of the aligned (side-by-side) view. */
export interface AlignedRowRef {
  kind: AlignedKind;
  /** Event seq on each side; -1 for a gap. */
  baseline: number;
  problem: number;
  /** For 'collapsed': how many identical rows are folded here. */
  count?: number;
  /** Rank of the finding whose bifurcation point this row is. */
  findingRank?: number;
}

export interface NormalizationRule {
  id: string;
  label: string;
  /** JavaScript regular expression source applied to paths (case-insensitive). */
  pattern: string;
  replacement: string;
  enabled: boolean;
  builtin: boolean;
  /** Events whose key this rule changed in the last comparison. */
  touched?: number;
}

export interface CompareSummary {
  baselineId: string;
  problemId: string;
  alignedRows: number;
  same: number;
  changed: number;
  baselineOnly: number;
  problemOnly: number;
  findings: number;
  processesOnlyInProblem: string[];
  processesOnlyInBaseline: string[];
  elapsedMs: number;
  /** How log times were compared with the trace (or why they could not be). */
  clockNote?: string;
}

export type { Side };
