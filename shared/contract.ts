/**
 * The one API between the renderer and a host (contract). The Electron preload and the browser-mode
 * HTTP client both implement `TraceDiffApi` (`satisfies` it), so they cannot drift; the tests use the
 * same type. Everything that crosses is JSON-safe: plain objects, arrays, strings, numbers, booleans
 * and null. Request shapes are validated on the host side by the schemas in `contract-schema.ts`.
 */
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

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobProgress {
  jobId: string;
  /** What the job does, for the progress line ("Reading managed.CSV", "Comparing"). */
  label: string;
  file: string;
  bytesRead: number;
  bytesTotal: number;
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

/** Request/response pairs, one per operation. */
export interface ContractMethods {
  getState: { req: Record<string, never>; res: WorkbenchState };
  openDemo: { req: Record<string, never>; res: WorkbenchState };
  openInputs: { req: { inputs: InputRequest[] }; res: { jobIds: string[] } };
  cancelJob: { req: { jobId: string }; res: { cancelled: boolean } };
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
  queryLogs: { req: LogQuery; res: { entries: LogEntry[]; total: number } };
  explainCodes: { req: { codes: string[] }; res: { explanations: CodeExplanation[] } };
  getRules: { req: Record<string, never>; res: { rules: NormalizationRule[] } };
  setRules: { req: { rules: NormalizationRule[] }; res: WorkbenchState };
  listProcesses: { req: { side: Side }; res: { processes: ProcessInfo[] } };
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
];
