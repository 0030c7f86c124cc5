/**
 * The case file (.tdcase) and what the engineer adds to a comparison: annotations, tags, notes, a
 * conclusion and the case's metadata. Plain JSON-safe data: the host writes it to disk, the renderer
 * edits it through the contract, the report reads it. The schema that validates a file on load lives
 * in electron/engine/case/case-schema.ts and must follow these types.
 */
import type { FilterRule, InputKind, Side } from './trace';
import type { NormalizationRule } from './finding';

/** The case file format this build writes and reads. A file with a higher version is refused, not guessed at. */
export const CASE_FILE_VERSION = 1;

/** File name extension of case files (with the dot). */
export const CASE_FILE_EXTENSION = '.tdcase';

/** Which part of the case an input is: one of the two captures, or a log. */
export type CaseInputSide = Side | 'log';

/** One file the case was built from, identified by its content hash so moved or changed files are noticed. */
export interface CaseInput {
  /** Absolute path where the file was when it was added. */
  path: string;
  /** Size in bytes. */
  size: number;
  /** Lowercase hex SHA-256 of the whole file. */
  sha256: string;
  side: CaseInputSide;
  kind: InputKind;
  encoding: string;
}

/** The built-in tags; users may add any other non-empty string. */
export const BUILTIN_TAGS = ['root-cause', 'symptom', 'noise', 'to-check'] as const;
export type BuiltinTag = (typeof BUILTIN_TAGS)[number];
/** A built-in tag id or a user-defined label (stored as written). */
export type Tag = string;

export function isBuiltinTag(tag: string): tag is BuiltinTag {
  return (BUILTIN_TAGS as readonly string[]).includes(tag);
}

/** What an annotation is attached to. Events are keyed by the input's hash so a re-saved capture is not confused with it. */
export type AnnotationTarget =
  | { type: 'event'; side: Side; seq: number; inputSha256: string }
  | { type: 'aligned'; baselineSeq: number; problemSeq: number }
  | { type: 'log'; logSha256: string; line: number }
  | { type: 'finding'; findingKey: string };

/** Marked evidence with the engineer's tags and note. */
export interface Annotation {
  id: string;
  target: AnnotationTarget;
  tags: Tag[];
  /** Free text, any script (often Chinese). Plain text, never HTML. */
  note: string;
  /** ISO-8601 times. */
  created: string;
  updated: string;
}

export interface MachineInfo {
  name: string;
  os: string;
}

export interface CaseMetadata {
  ticket: string;
  customer: string;
  engineer: string;
  machines: Record<Side, MachineInfo>;
}

/**
 * Free-form view state restored when the case is reopened. Known fields are typed; anything else a
 * later UI stores is kept as it is.
 */
export interface CaseView {
  filters?: FilterRule[];
  selectedFinding?: string;
  paneSizes?: number[];
  language?: ReportLanguage;
  [key: string]: unknown;
}

export interface CaseFile {
  version: number;
  title: string;
  conclusion: string;
  /** ISO-8601: when the case was first saved and when last saved. */
  created: string;
  updated: string;
  /** Version of the tool that last wrote the file. */
  appVersion: string;
  metadata: CaseMetadata;
  inputs: CaseInput[];
  annotations: Annotation[];
  rules: NormalizationRule[];
  view: CaseView;
}

export type ReportLanguage = 'zh-CN' | 'en';

export interface RedactionOptions {
  /** `C:\Users\<name>`, `DOMAIN\user` and the users named in the traces. */
  users: boolean;
  /** Machine names from the metadata and the traces, and `\\HOST\` in UNC paths. */
  hosts: boolean;
  /** Domain SIDs (`S-1-5-21-…`). */
  sids: boolean;
  /** IPv4 addresses other than loopback and unspecified. */
  ips: boolean;
}

export interface ReportOptions {
  /** Independent of the UI language. */
  language: ReportLanguage;
  /** 'marked': only findings with marked evidence; 'top': the first `topN` findings. */
  scope: 'marked' | 'top';
  /** For scope 'top' (default 10). */
  topN?: number;
  /** true = every kind; false or absent = none. */
  redact?: boolean | RedactionOptions;
}
