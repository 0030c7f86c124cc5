/**
 * The report model: everything a report shows, already chosen, localised and (when asked) redacted,
 * as plain data. The HTML renderer, the exports and tests read it; nothing here knows about HTML.
 */
import type { CaseMetadata, ReportLanguage } from '../../../shared/model/case';
import type { AlignedKind, Finding, LogEvidence, NormalizationRule } from '../../../shared/model/finding';
import type { ResultClass } from '../../../shared/model/result-class';
import type { RedactionKind } from './redact';

export interface ReportEvent {
  seq: number;
  time: string;
  process: string;
  pid: number;
  operation: string;
  path: string;
  result: string;
  resultClass: ResultClass;
  detail: string;
}

export interface ReportExcerptRow {
  kind: AlignedKind;
  /** The finding's own row (the first divergence). */
  focus: boolean;
  /** An annotation marks this row or one of its events. */
  marked: boolean;
  /** For 'collapsed' rows. */
  count?: number;
  baseline: ReportEvent | null;
  problem: ReportEvent | null;
}

export interface ReportLogLine {
  file: string;
  line: number;
  time: string;
  text: string;
  codes: string[];
  reason?: LogEvidence['reason'];
  marked: boolean;
}

export interface ReportCode {
  value: string;
  name: string;
  /** In the report's language. */
  meaning: string;
}

export interface ReportAnnotation {
  /** What it is attached to, for people ("Problem #790", "CBS.log:1234"). */
  targetLabel: string;
  /** Display labels (built-in tags translated). */
  tags: string[];
  rootCause: boolean;
  note: string;
  updated: string;
  /** For event and log targets shown outside a finding. */
  event?: { side: 'baseline' | 'problem'; event: ReportEvent };
  log?: ReportLogLine;
}

export interface ReportFinding {
  rank: number;
  id: string;
  kind: Finding['kind'];
  kindLabel: string;
  process: string;
  operation: string;
  path: string;
  baselineResult: string;
  problemResult: string;
  problemResultClass: ResultClass;
  score: number;
  why: string;
  consequence: number;
  contextProcesses: string[];
  excerpt: ReportExcerptRow[];
  logEvidence: ReportLogLine[];
  codes: ReportCode[];
  annotations: ReportAnnotation[];
  tags: string[];
  /** Known signatures that name this finding, best first (empty without insights). */
  signatures: ReportSignature[];
  /** Third-party code on the failing event's stack. */
  attribution: ReportAttribution | null;
  /** Agent processes active near the failure on the problem machine. */
  agents: ReportAgentLink[];
  /** ACL differences of this finding's file (same path or file name). */
  acl: ReportAclDiff[];
  /** Commands that collect the ACL of the finding's path, when no ACL output was compared. */
  aclCommands: ReportAclCommand[];
}

export interface ReportSignature {
  ruleId: string;
  title: string;
  cause: string;
  remediation: string;
  score: number;
  /** Ranks of the shown findings it names. */
  findingRanks: number[];
  /** Why it matched, one line each ("CBS.log:50 …", "vEdsmService.exe (process, …)"). */
  evidence: string[];
}

export interface ReportStackModule {
  module: string;
  path: string;
  company: string;
  kernel: boolean;
  /** "368420 (FSFilter Activity Monitor)" when fltmc named it; '' otherwise. */
  altitude: string;
}

export interface ReportAttribution {
  sentence: string;
  seq: number;
  result: string;
  modules: ReportStackModule[];
}

export interface ReportAgentLink {
  process: string;
  pid: number;
  product: string;
  events: number;
  /** "0.8 ms after the failure", in the report's language. */
  when: string;
  sameFile: boolean;
  touched: { path: string; operations: string; results: string; count: number }[];
}

export interface ReportAclRow {
  principal: string;
  baseline: string;
  problem: string;
  sentence: string;
  servicingAccount: boolean;
}

export interface ReportAclDiff {
  path: string;
  /** One sentence for the whole object ("2 principals differ …"). */
  summary: string;
  same: boolean;
  owner: { baseline: string; problem: string } | null;
  rows: ReportAclRow[];
}

export interface ReportAclCommand {
  path: string;
  /** The file the command writes (on the desktop). */
  outputName: string;
  cmd: string;
  powershell: string;
}

export interface ReportEnvItem {
  kind: string;
  kindLabel: string;
  name: string;
  path: string;
  /** Company and description as the capture gives them, else the publisher in words. */
  publisher: string;
  description: string;
  thirdParty: boolean;
  problemEvents: number;
  baselineEvents: number;
  firstTime: string;
  product: string;
  altitude: string;
  evidence: string[];
}

export interface ReportEnvProduct {
  vendor: string;
  folder: string;
  processes: string[];
  items: number;
  problemEvents: number;
}

export interface ReportFltmcRow {
  name: string;
  altitude: string;
  group: string;
  publisher: string;
  /** On each side, in words: the altitude and instance count, "not loaded", or "no fltmc output". */
  baseline: string;
  problem: string;
  problemOnly: boolean;
}

/** What the report shows beyond the event-by-event diff (insight/insight.ts). */
export interface ReportInsights {
  /** The best signature, for the summary page, with the finding it explains. */
  top: ReportSignature | null;
  /** Signatures that name no finding shown in this report (log- or environment-only matches). */
  otherSignatures: ReportSignature[];
  environment: {
    /** 问题机独有: only on the problem machine, third-party first. */
    problemOnly: ReportEnvItem[];
    baselineOnly: ReportEnvItem[];
    /** Items left out of the tables above (the tables are capped). */
    moreProblemOnly: number;
    moreBaselineOnly: number;
    products: ReportEnvProduct[];
  };
  /** ACL differences not shown with a finding. */
  acl: ReportAclDiff[];
  /** Whether ACL output of both machines was compared (else the findings carry collection commands). */
  aclCompared: boolean;
  fltmc: { rows: ReportFltmcRow[]; baselineFile: string; problemFile: string } | null;
  warnings: string[];
}

export interface ReportMachine {
  name: string;
  os: string;
  file: string;
  kind: string;
  events: number;
}

export interface ReportInputRow {
  file: string;
  path: string;
  side: 'baseline' | 'problem' | 'log';
  kind: string;
  encoding: string;
  size: number;
  sha256: string;
}

export interface ReportModel {
  language: ReportLanguage;
  title: string;
  /** ISO-8601 and as shown (local time, minutes). */
  generatedAt: string;
  dateText: string;
  toolVersion: string;
  metadata: CaseMetadata;
  machines: { baseline: ReportMachine; problem: ReportMachine };
  conclusion: string;
  stats: {
    alignedRows: number;
    same: number;
    changed: number;
    baselineOnly: number;
    problemOnly: number;
    findings: number;
  };
  scope: { kind: 'marked' | 'top'; shown: number; total: number };
  findings: ReportFinding[];
  otherEvidence: ReportAnnotation[];
  inputs: ReportInputRow[];
  rules: NormalizationRule[];
  /** Null when the host computed no insights. */
  insights: ReportInsights | null;
  redaction: { applied: boolean; counts: Record<RedactionKind, number> };
}
