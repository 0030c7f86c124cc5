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
  redaction: { applied: boolean; counts: Record<RedactionKind, number> };
}
