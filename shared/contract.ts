/**
 * The one API between the renderer and a host (contract). The Electron preload and the browser-mode
 * HTTP client both implement `TraceDiffApi` (`satisfies` it), so they cannot drift; the tests use the
 * same type. Everything that crosses is JSON-safe: plain objects, arrays, strings, numbers, booleans
 * and null. Request shapes are validated on the host side by the schemas in `contract-schema.ts`.
 */
import type { Annotation, CaseFile, CaseInputSide, CaseView, ReportLanguage, Tag } from './model/case';
import type { InsightResult } from './model/insight';
import type { CodeExplanation, LogEntry, LogLevel, LogSummary } from './model/log';
import type { AlignedKind, CompareSummary, Finding, NormalizationRule } from './model/finding';
import type {
  FilterRule,
  InputKind,
  ProcessInfo,
  Side,
  SortSpec,
  StackFrame,
  TraceEventRow,
  TraceSummary,
} from './model/trace';

export const CONTRACT_VERSION = 1;

/** Where an input's bytes are: a path on the host's disk, or a file uploaded to the browser-mode host. */
export type InputRef = { path: string } | { uploadId: string };
export type InputRole = Side | 'log' | 'auto';

export interface InputRequest {
  ref: InputRef;
  role: InputRole;
  /** Display name (the upload's original file name). */
  name?: string;
}

/**
 * Where one opened file went, so the window can say so: a side, the logs, or skipped (with the
 * host's reason). Files from a zip bundle name the bundle; `name` is then the entry's name in it.
 */
export interface InputPlacement {
  name: string;
  bundle?: string;
  placed: Side | 'log' | 'skipped';
  reason?: string;
}

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobProgress {
  jobId: string;
  /** What the job does, for the progress line ("Reading managed.CSV", "Comparing"). */
  label: string;
  file: string;
  bytesRead: number;
  bytesTotal: number;
  /**
   * What `bytesRead`/`bytesTotal` count: bytes of a file (the default), or work units of a job that
   * reads no file (the comparison), shown as a percentage.
   */
  unit?: 'bytes' | 'work';
  events: number;
  /** Events per second over the job so far. */
  rate: number;
  state: JobState;
  error?: string;
}

export interface WorkbenchState {
  contractVersion: number;
  appVersion: string;
  /** Platform the host runs on: 'electron' or 'web'. */
  host: 'electron' | 'web';
  traces: Partial<Record<Side, TraceSummary>>;
  logs: LogSummary[];
  compare: CompareSummary | null;
  jobs: JobProgress[];
  /** True when the embedded demo case is what is loaded. */
  demo: boolean;
  caseTitle: string;
  /** Whether the open case's changes are on disk (the full case comes from `getCase`). */
  caseStatus?: CaseStatus;
}

export interface CaseStatus {
  dirty: boolean;
  savedAt: string | null;
  path: string | null;
  annotations: number;
  /** The last autosave failure, until a save succeeds. */
  error: string | null;
}

export interface FailureItem {
  seq: number;
  time: string;
  process: string;
  pid: number;
  operation: string;
  path: string;
  result: string;
}

export interface EventDetail {
  row: TraceEventRow;
  process: ProcessInfo | null;
  stack: StackFrame[];
  /** The normalized key the comparison matched this event by ('' before a comparison). */
  key: string;
}

export interface AlignedRow {
  index: number;
  kind: AlignedKind;
  baseline: TraceEventRow | null;
  problem: TraceEventRow | null;
  /** For collapsed runs of identical rows. */
  count?: number;
  /** Index into the findings when this row is a finding's bifurcation point. */
  findingRank?: number;
}

export interface EventQuery {
  side: Side;
  offset: number;
  limit: number;
  sort?: SortSpec;
  filters?: FilterRule[];
}

export interface AlignedQuery {
  offset: number;
  limit: number;
  filters?: FilterRule[];
  /** When false (default), runs of identical rows longer than a threshold come as one collapsed row. */
  expandAll?: boolean;
}

/**
 * `findNextAligned`: the next (direction 1) or previous (-1) row after `from` in the aligned list the
 * grid shows (same folding and filters) that is a difference (changed, baseline-only, problem-only) or
 * a failure (a real failure on one side only). `from` -1 starts before the first row.
 */
export interface AlignedStepQuery {
  from: number;
  direction: 1 | -1;
  kind: 'difference' | 'failure';
  expandAll?: boolean;
  filters?: FilterRule[];
}

export interface LogQuery {
  offset: number;
  limit: number;
  logIds?: string[];
  levels?: LogLevel[];
  text?: string;
}

export interface SniffResult {
  kind: InputKind;
  encoding: string;
  /** For wrong inputs: what the file looks like. */
  looksLike?: string;
}

/**
 * What the renderer names when it marks something. The host turns it into the stored
 * `AnnotationTarget` (adding the hash of the input the event or line belongs to) and back.
 */
export type AnnotationTargetRef =
  | { type: 'event'; side: Side; seq: number }
  | { type: 'aligned'; baselineSeq: number; problemSeq: number }
  | { type: 'log'; logId: string; line: number }
  | { type: 'finding'; findingKey: string };

/** Why an annotation points at nothing in this session (its input is not loaded or has changed). */
export type DetachedReason = 'input-not-loaded' | 'no-comparison' | 'finding-gone';

/** One annotation as this session sees it (same order as `CaseFile.annotations`). */
export interface AnnotationView {
  id: string;
  /** Null when the target is not among what is loaded (see `detached`). */
  ref: AnnotationTargetRef | null;
  detached?: DetachedReason;
  /** What is there, in the data's own words: process, operation, path and result, or the log line. */
  summary: string;
  /** For event and aligned targets: the row in the aligned view (folded and fully expanded), -1 if none. */
  alignedIndex?: { folded: number; expanded: number };
  /** For finding targets: the finding's current rank. */
  findingRank?: number;
}

export type CaseInputStatus = 'ok' | 'changed' | 'missing' | 'relocated';

/** One input of the case and what was found when the case was opened (or 'ok' for files loaded since). */
export interface CaseInputState {
  side: CaseInputSide;
  path: string;
  fileName: string;
  sha256: string;
  size: number;
  status: CaseInputStatus;
  /** For people: what was found and what to do. */
  message: string;
}

export interface CaseState {
  case: CaseFile;
  /** Where the case is written: a file the user chose (desktop) or one in the host's cases folder. */
  path: string | null;
  /** 'user': chosen by the user; 'auto': the host's cases folder (browser mode, or before Save As). */
  location: 'user' | 'auto' | null;
  /** Changes not yet on disk. */
  dirty: boolean;
  savedAt: string | null;
  annotations: AnnotationView[];
  inputs: CaseInputState[];
  /** The last autosave failure, shown until a save succeeds. */
  autosaveError: string | null;
  /** Things the user should know about the open case (recovered from a backup, where it is saved). */
  notices: string[];
}

export interface CaseLoadFailure {
  kind: 'not-found' | 'unreadable' | 'newer-version' | 'json' | 'schema';
  file: string;
  message: string;
  line?: number;
  column?: number;
  field?: string;
}

export type OpenCaseResult =
  | { ok: true; case: CaseState }
  | {
      ok: false;
      error: CaseLoadFailure;
      /** A readable earlier version (the `.bak` kept by the last save), offered instead. */
      recovery: { path: string; title: string; updated: string; annotations: number } | null;
    };

export interface RecentCase {
  path: string;
  fileName: string;
  title: string;
  updated: string;
  annotations: number;
}

export interface CaseMetaChange {
  title?: string;
  conclusion?: string;
  metadata?: {
    ticket?: string;
    customer?: string;
    engineer?: string;
    machines?: Partial<Record<Side, { name?: string; os?: string }>>;
  };
  view?: CaseView;
}

export type ExportFormat = 'pdf' | 'html' | 'json' | 'csv-findings' | 'csv-marked';

export interface ExportRequest {
  format: ExportFormat;
  /** The report's language, independent of the UI language. */
  language: ReportLanguage;
  /** 'marked': findings with marked evidence only; 'all': every finding. */
  scope: 'marked' | 'all';
  redact: boolean;
  /** Where to write it (desktop: from the save dialog). Without it the host keeps it for download. */
  path?: string;
}

export interface ExportResult {
  fileName: string;
  size: number;
  /** Written here (desktop). */
  path?: string;
  /** Kept for `GET /api/download/<id>` (browser mode). */
  downloadId?: string;
  /** The user closed the save dialog. */
  cancelled?: boolean;
}

export interface SaveCaseResult {
  case: CaseState;
  /** Browser mode: the saved .tdcase, for `GET /api/download/<id>`. */
  downloadId?: string;
  fileName?: string;
  cancelled?: boolean;
}

/** `getOverview`: differences and real failures per slice of the aligned list, for the overview bar. */
export interface OverviewQuery {
  buckets: number;
  expandAll?: boolean;
  filters?: FilterRule[];
}

export interface OverviewResult {
  /** Rows of the aligned list the buckets divide (after filters). */
  total: number;
  buckets: { differences: number; failures: number }[];
}

/**
 * `searchEvents`: events whose Process, Operation, Path, Result or Detail contain the text (case
 * ignored). With `aligned`, hits are aligned rows (one per row where either side matches) in row
 * order, carrying their row index; otherwise events of the side(s) in sequence order.
 */
export interface SearchQuery {
  text: string;
  side?: Side;
  /** Most hits returned (the counts are always complete). */
  limit?: number;
  aligned?: boolean;
  expandAll?: boolean;
  filters?: FilterRule[];
}

export interface SearchHit {
  side: Side;
  seq: number;
  /** Aligned row index (aligned searches), else the event's position in its side's filtered view. */
  index: number;
}

export interface SearchResult {
  /** Matching events per side (aligned: matching rows in `total`). */
  counts: Record<Side, number>;
  total: number;
  hits: SearchHit[];
  truncated: boolean;
}

/** Events of one process name by result class, for the per-process bars. */
export interface ProcessStat {
  name: string;
  events: number;
  success: number;
  benign: number;
  context: number;
  failure: number;
  other: number;
}

/** Events and real failures of one process instance (PID and name), for the process tree. */
export interface ProcessInstanceStat {
  pid: number;
  name: string;
  events: number;
  failures: number;
}

/** Real failures along a capture in equal slices of its events (the failure timeline). */
export interface FailureTimeline {
  /** Events in the capture. */
  events: number;
  /** Failures per slice. */
  counts: number[];
  /** First failing event of each slice; -1 where there is none. */
  firstSeq: number[];
  /** Time of the first event of each slice, as the capture shows it. */
  times: string[];
}

/** `findLogIndex`: where a log line sits in the logs list as the panel filters it now. */
export interface LogLocator {
  /** The log's id, or its file name (a finding's evidence names the file). */
  logId?: string;
  file?: string;
  line: number;
  logIds?: string[];
  levels?: LogLevel[];
  text?: string;
}

/** How the logs list orders entries whose clocks differ (UTC event logs, local text logs). */
export interface LogClockInfo {
  /** True when UTC and local-time entries are both loaded. */
  mixed: boolean;
  /** True when every entry could be put on the problem capture's clock; else some sort as written. */
  aligned: boolean;
  /** One line per log on what was assumed (the engine's words). */
  notes: string[];
}

/** Request/response pairs, one per operation. */
export interface ContractMethods {
  getState: { req: Record<string, never>; res: WorkbenchState };
  openDemo: { req: Record<string, never>; res: WorkbenchState };
  openInputs: { req: { inputs: InputRequest[] }; res: { jobIds: string[]; placements?: InputPlacement[] } };
  cancelJob: { req: { jobId: string }; res: { cancelled: boolean } };
  /** Runs the comparison again (after a cancelled or failed one); no-op while one runs. */
  compareAgain: { req: Record<string, never>; res: WorkbenchState };
  closeInput: { req: { id: string }; res: WorkbenchState };
  swapSides: { req: Record<string, never>; res: WorkbenchState };
  queryEvents: { req: EventQuery; res: { rows: TraceEventRow[]; total: number } };
  findEventIndex: {
    req: { side: Side; seq: number; sort?: SortSpec; filters?: FilterRule[] };
    res: { index: number };
  };
  getEvent: { req: { side: Side; seq: number }; res: EventDetail };
  listFailures: { req: { side: Side; limit: number }; res: { items: FailureItem[]; total: number } };
  getFindings: { req: Record<string, never>; res: { findings: Finding[] } };
  queryAligned: { req: AlignedQuery; res: { rows: AlignedRow[]; total: number } };
  queryLogs: { req: LogQuery; res: { entries: LogEntry[]; total: number; clock?: LogClockInfo } };
  explainCodes: { req: { codes: string[] }; res: { explanations: CodeExplanation[] } };
  getRules: { req: Record<string, never>; res: { rules: NormalizationRule[] } };
  setRules: { req: { rules: NormalizationRule[] }; res: WorkbenchState };
  listProcesses: { req: { side: Side }; res: { processes: ProcessInfo[] } };
  findAlignedIndex: {
    req: { side: Side; seq: number; expandAll?: boolean; filters?: FilterRule[] };
    res: { index: number };
  };
  getOverview: { req: OverviewQuery; res: OverviewResult };
  /** Rows of several events at once (one call for all findings); -1 for an event a filter hides. */
  findAlignedIndices: {
    req: { events: { side: Side; seq: number }[]; expandAll?: boolean; filters?: FilterRule[] };
    res: { indices: number[] };
  };
  /** The row found, with its data so the window can select it at once; index -1 and null at the end. */
  findNextAligned: { req: AlignedStepQuery; res: { index: number; row: AlignedRow | null } };
  findLogIndex: { req: LogLocator; res: { index: number } };
  searchEvents: { req: SearchQuery; res: SearchResult };
  getProcessStats: {
    req: { side: Side };
    res: { processes: ProcessStat[]; instances: ProcessInstanceStat[]; timeline: FailureTimeline };
  };
  /**
   * What the insight engine learns from the loaded pair (environment delta first); null while no
   * comparison exists. Computed once per comparison.
   */
  getInsights: { req: Record<string, never>; res: { insights: InsightResult | null } };
  getCase: { req: Record<string, never>; res: CaseState };
  updateCaseMeta: { req: CaseMetaChange; res: CaseState };
  addAnnotation: {
    req: { target: AnnotationTargetRef; tags?: Tag[]; note?: string };
    res: { annotation: Annotation; case: CaseState };
  };
  updateAnnotation: { req: { id: string; tags?: Tag[]; note?: string }; res: CaseState };
  removeAnnotation: { req: { id: string }; res: CaseState };
  saveCase: { req: { path?: string; view?: CaseView }; res: SaveCaseResult };
  openCase: {
    req: ({ path: string; recover?: boolean } | { uploadId: string }) & { name?: string };
    res: OpenCaseResult;
  };
  listRecentCases: { req: Record<string, never>; res: { cases: RecentCase[] } };
  locateInput: { req: { sha256: string; ref: InputRef }; res: CaseState };
  exportReport: { req: ExportRequest; res: ExportResult };
}

export type ContractMethod = keyof ContractMethods;
export type ContractRequest<M extends ContractMethod> = ContractMethods[M]['req'];
export type ContractResponse<M extends ContractMethod> = ContractMethods[M]['res'];

/** Pushed from host to renderer (IPC event in Electron, server-sent event in browser mode). */
export type HostEvent = { type: 'progress'; job: JobProgress } | { type: 'state'; state: WorkbenchState };

/** What the renderer sees as `window.tracediff` (Electron) or the HTTP client (browser mode). */
export type TraceDiffApi = {
  [M in ContractMethod]: (req: ContractRequest<M>) => Promise<ContractResponse<M>>;
} & {
  /** Subscribes to host events; returns the unsubscribe function. */
  onEvent(listener: (event: HostEvent) => void): () => void;
  /** Lets the user choose files: a native dialog in Electron, an upload in browser mode. */
  pickFiles?(role: InputRole): Promise<InputRequest[]>;
  /** Lets the user choose a .tdcase file (null when cancelled). */
  pickCaseFile?(): Promise<InputRef | null>;
  /** Browser mode: saves a file the host keeps for download (an export, the case file). */
  download?(downloadId: string, fileName: string): Promise<void>;
};

/** Errors cross the boundary as this shape; the message is for people, the code for programs. */
export interface ContractError {
  code: 'bad-request' | 'not-found' | 'unreadable' | 'cancelled' | 'internal' | 'unauthorized';
  message: string;
}

export const CONTRACT_METHODS: readonly ContractMethod[] = [
  'getState',
  'openDemo',
  'openInputs',
  'cancelJob',
  'closeInput',
  'swapSides',
  'queryEvents',
  'findEventIndex',
  'getEvent',
  'listFailures',
  'getFindings',
  'queryAligned',
  'queryLogs',
  'explainCodes',
  'getRules',
  'setRules',
  'listProcesses',
  'findAlignedIndex',
  'getOverview',
  'findAlignedIndices',
  'findNextAligned',
  'compareAgain',
  'findLogIndex',
  'searchEvents',
  'getProcessStats',
  'getInsights',
  'getCase',
  'updateCaseMeta',
  'addAnnotation',
  'updateAnnotation',
  'removeAnnotation',
  'saveCase',
  'openCase',
  'listRecentCases',
  'locateInput',
  'exportReport',
];
