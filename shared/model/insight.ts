/**
 * What the workbench learns beyond the event-by-event diff: which software only the problem machine
 * runs (environment delta), which third-party kernel modules sat on a failing call's stack, known
 * failure signatures, ACL differences and the file system filter list. Platform-neutral and
 * JSON-safe, so the host can hand it to the renderer and the report as it is.
 */
import type { InputWarning, Side } from './trace';

/** Text in both languages of the UI. */
export interface LocalizedText {
  en: string;
  'zh-CN': string;
}

/** Who made a piece of software, as far as the evidence tells. */
export type Publisher = 'microsoft' | 'third-party' | 'unknown';

export type EnvironmentKind =
  'process' | 'service' | 'driver' | 'filter-driver' | 'module' | 'program-folder' | 'security-product';

export type EnvironmentSource =
  | 'process-table'
  | 'module-list'
  | 'load-image'
  | 'trace-path'
  | 'services-key'
  | 'setupdiag'
  | 'event-log'
  | 'fltmc';

/**
 * Where an item was seen. `problem-only` / `baseline-only` / `both` compare the two traces;
 * `problem` and `baseline` mean the item comes from a source only one machine supplied (a log,
 * fltmc output), so nothing can be said about the other machine.
 */
export type Presence = 'problem-only' | 'baseline-only' | 'both' | 'problem' | 'baseline';

export interface EnvironmentEvidence {
  source: EnvironmentSource;
  side: Side;
  /** Trace or log file name. */
  file: string;
  /** What was seen, in words ("1,174 events", "RegisteredAV = ...", "crashed in vEdsmFileMon.dll"). */
  detail: string;
  count: number;
  /** First time seen as the source shows it; '' when unknown. */
  firstTime: string;
  /** First event (trace sequence number). */
  seq?: number;
  /** Log line or record. */
  line?: number;
}

export interface EnvironmentItem {
  /** `kind:name` lower-cased: stable across runs. */
  id: string;
  kind: EnvironmentKind;
  name: string;
  /** Image, driver or folder path when known. */
  path: string;
  company: string;
  description: string;
  publisher: Publisher;
  presence: Presence;
  problemEvents: number;
  baselineEvents: number;
  /** First time seen on the problem machine (else the baseline); '' when unknown. */
  firstTime: string;
  /** The product folder the item belongs to (`C:\Program Files (x86)\Vendor\Product`). */
  product?: string;
  /** For filter drivers: altitude and its load order group (Microsoft's allocation table). */
  altitude?: string;
  altitudeGroup?: string;
  /** Process ids seen (processes only). */
  pids?: number[];
  evidence: EnvironmentEvidence[];
}

/** Third-party items grouped by the product folder they live in: usually one agent. */
export interface AgentProduct {
  /** `C:\Program Files (x86)\DSPClient\CEMS` */
  folder: string;
  vendor: string;
  presence: Presence;
  /** Ids of the items in this product, processes first. */
  items: string[];
  processes: string[];
  problemEvents: number;
}

export interface EnvironmentDelta {
  /** Problem-only first; within that third-party, then unknown, then Microsoft; then by events. */
  items: EnvironmentItem[];
  products: AgentProduct[];
}

/** What an agent process did to one path near a finding. */
export interface AgentTouch {
  path: string;
  operations: string[];
  results: string[];
  count: number;
}

/** An agent process active near a finding's failure on the problem machine. */
export interface AgentLink {
  process: string;
  pid: number;
  imagePath: string;
  /** Product folder when the process belongs to one. */
  product: string;
  publisher: Publisher;
  /** Events within the window. */
  events: number;
  firstTime: string;
  lastTime: string;
  /** Milliseconds from the failure to this process's nearest event (negative: before it). */
  nearestMs: number;
  /** True when it touched the finding's file (same file name) within the window. */
  sameFile: boolean;
  touched: AgentTouch[];
}

/** A module on the stack of a failing event. */
export interface StackModuleRef {
  module: string;
  path: string;
  depth: number;
  location: string;
  kernel: boolean;
  publisher: Publisher;
  company: string;
  /** The fltmc filter of the same name, when fltmc output was supplied. */
  filter?: FltmcFilter;
}

/** Third-party code on the stack of a finding's failing event. */
export interface FilterAttribution {
  findingId: string;
  rank: number;
  /** The problem event whose stack was read. */
  seq: number;
  result: string;
  /** Non-Microsoft modules, kernel ones first, innermost first. */
  modules: StackModuleRef[];
  /** True when a third-party kernel module sits above FltMgr.sys (a minifilter callback). */
  underFltMgr: boolean;
  sentence: LocalizedText;
}

/** A load order group of Microsoft's minifilter altitude allocation. */
export interface AltitudeGroup {
  name: string;
  low: number;
  high: number;
  description: LocalizedText;
}

export interface FltmcFilter {
  name: string;
  /** null when the column is blank (legacy filters). */
  instances: number | null;
  altitude: string;
  frame: string;
  legacy: boolean;
  group: string;
  publisher: Publisher;
  line: number;
}

export interface FltmcInstance {
  filter: string;
  volume: string;
  altitude: string;
  instance: string;
  frame: string;
  features: string;
  volumeStatus: string;
  line: number;
}

export interface FltmcReport {
  file: string;
  encoding: string;
  filters: FltmcFilter[];
  instances: FltmcInstance[];
  warnings: InputWarning[];
}

export type AclSource = 'icacls' | 'get-acl' | 'sddl';

/** One access control entry, decoded. */
export interface AclAce {
  /** As written in the source (localized names kept). */
  principal: string;
  /** The SID when the principal is well known or written as a SID; '' otherwise. */
  sid: string;
  /** The English account name when known (`NT AUTHORITY\SYSTEM`), else the principal. */
  account: string;
  type: 'allow' | 'deny' | 'audit' | 'other';
  /** File access mask with generic rights mapped (FILE_GENERIC_*). */
  mask: number;
  /** The rights as written: `F`, `RX`, `FullControl`, `0x1200a9`, `FA`. */
  rights: string[];
  inherited: boolean;
  objectInherit: boolean;
  containerInherit: boolean;
  inheritOnly: boolean;
  noPropagate: boolean;
  raw: string;
}

/** The ACL of one object as one tool printed it. */
export interface AclListing {
  path: string;
  source: AclSource;
  owner: string;
  group: string;
  sddl: string;
  aces: AclAce[];
  /** 1-based line where the listing starts. */
  line: number;
}

export interface AclDocument {
  file: string;
  encoding: string;
  kind: AclSource;
  listings: AclListing[];
  /** Objects the tool could not read ("Access is denied", "The system cannot find the file"). */
  failures: { path: string; message: string; line: number }[];
  warnings: InputWarning[];
}

/** One side's rights of a principal on an object. */
export interface AclRights {
  allow: number;
  deny: number;
  /** allow minus deny. */
  effective: number;
  text: LocalizedText;
}

export interface AclPrincipalDiff {
  account: string;
  sid: string;
  baseline: AclRights | null;
  problem: AclRights | null;
  /** Rights the principal has on the baseline but not on the problem machine (mask). */
  lost: number;
  gained: number;
  lostText: LocalizedText;
  /** True for SYSTEM and TrustedInstaller: the accounts servicing runs as. */
  servicingAccount: boolean;
  sentence: LocalizedText;
}

export interface AclDiff {
  path: string;
  baselinePath: string;
  problemPath: string;
  /** Principals whose rights differ, servicing accounts first. */
  principals: AclPrincipalDiff[];
  owner: { baseline: string; problem: string } | null;
  same: boolean;
  summary: LocalizedText;
}

export type SignatureEvidenceKind = 'finding' | 'log' | 'code' | 'environment' | 'acl';

/** Why a signature matched: one finding, log line, code, environment item or ACL difference. */
export interface SignatureEvidence {
  kind: SignatureEvidenceKind;
  text: string;
  findingId?: string;
  rank?: number;
  file?: string;
  line?: number;
  code?: string;
  itemId?: string;
}

export interface SignatureMatch {
  ruleId: string;
  title: LocalizedText;
  cause: LocalizedText;
  remediation: LocalizedText;
  codes: string[];
  confidence: number;
  /** confidence weighed by how high the matched finding ranks (see signature-engine.ts). */
  score: number;
  /** Rule file the rule came from (`built-in:<name>.json` or a path). */
  source: string;
  evidence: SignatureEvidence[];
  /** Findings that took part, best rank first. */
  findingIds: string[];
}

/** Everything `computeInsights` returns (electron/engine/insight/insight.ts). */
export interface InsightResult {
  environment: EnvironmentDelta;
  /** Agent processes near each of the top findings, by finding id. */
  agentLinks: Record<string, AgentLink[]>;
  /** By finding id; only findings whose failing event carries third-party code on its stack. */
  attributions: Record<string, FilterAttribution>;
  signatures: SignatureMatch[];
  aclDiffs: AclDiff[];
  fltmc: { baseline?: FltmcReport; problem?: FltmcReport };
  /** Rule-file problems and unreadable extra inputs, each naming the file. */
  warnings: string[];
  elapsedMs: number;
}
