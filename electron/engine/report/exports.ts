/**
 * Exports besides the PDF: the JSON of a comparison (the CLI contract's `compare --json` shape,
 * ARCHITECTURE.md §4, plus the case's metadata and annotations), and CSV tables of the findings and
 * of the marked events for spreadsheets. CSV is UTF-8 with a BOM so Excel on a Chinese Windows reads
 * the CJK text, and cells that start like a formula are defused (papaparse escapeFormulae).
 */
import Papa from 'papaparse';
import type { Annotation, CaseFile, ReportOptions } from '../../../shared/model/case';
import type { Finding } from '../../../shared/model/finding';
import type { InsightResult } from '../../../shared/model/insight';
import type { Side } from '../../../shared/model/trace';
import type { TraceStore } from '../store/trace-store';
import type { ReportCompareSource } from './evidence-excerpt';
import { redactDeep } from './redact';
import { prepareRedactor, type ReportLogSource } from './report-model';

export interface ExportInput {
  case: CaseFile;
  baseline: TraceStore;
  problem: TraceStore;
  logs: readonly ReportLogSource[];
  result: ReportCompareSource;
  /** For the PDF/HTML report: known signatures, environment delta, agents, ACL evidence. */
  insights?: InsightResult | null;
}

export interface CompareJsonFinding {
  rank: number;
  process: string;
  operation: string;
  path: string;
  baselineResult: string;
  problemResult: string;
  score: number;
  why: string;
  whyZh: string;
  kind: Finding['kind'];
  baselineEvents: number[];
  problemEvents: number[];
  logEvidence: { file: string; line: number; text: string }[];
}

export interface CaseJsonExport {
  baseline: { file: string; kind: string; events: number };
  problem: { file: string; kind: string; events: number };
  findings: CompareJsonFinding[];
  case: Pick<CaseFile, 'title' | 'conclusion' | 'metadata' | 'inputs'>;
  annotations: Annotation[];
}

export function buildCaseJson(
  input: ExportInput,
  opts: { topN?: number; redact?: ReportOptions['redact'] } = {},
): CaseJsonExport {
  const findings = [...input.result.findings].sort((a, b) => a.rank - b.rank).slice(0, opts.topN ?? Infinity);
  const out: CaseJsonExport = {
    baseline: {
      file: input.baseline.meta.file,
      kind: input.baseline.meta.kind,
      events: input.baseline.length,
    },
    problem: { file: input.problem.meta.file, kind: input.problem.meta.kind, events: input.problem.length },
    findings: findings.map((f) => ({
      rank: f.rank,
      process: f.process,
      operation: f.operation,
      path: f.path,
      baselineResult: f.baselineResult,
      problemResult: f.problemResult,
      score: f.score,
      why: f.why,
      whyZh: f.whyZh,
      kind: f.kind,
      baselineEvents: f.baselineEvents,
      problemEvents: f.problemEvents,
      logEvidence: f.logEvidence.map((l) => ({ file: l.file, line: l.line, text: l.text })),
    })),
    case: {
      title: input.case.title,
      conclusion: input.case.conclusion,
      metadata: input.case.metadata,
      inputs: input.case.inputs,
    },
    annotations: input.case.annotations,
  };
  const r = prepareRedactor(opts.redact, input, out);
  return r ? redactDeep(out, r) : out;
}

export function exportCaseJson(
  input: ExportInput,
  opts: { topN?: number; redact?: ReportOptions['redact'] } = {},
): string {
  return `${JSON.stringify(buildCaseJson(input, opts), null, 2)}\n`;
}

function toCsv(fields: string[], rows: (string | number)[][]): string {
  return `\ufeff${Papa.unparse({ fields, data: rows }, { escapeFormulae: true, newline: '\r\n' })}\r\n`;
}

export function findingsCsv(
  findings: readonly Finding[],
  opts: { language?: ReportOptions['language'] } = {},
): string {
  const zh = opts.language === 'zh-CN';
  const rows = [...findings]
    .sort((a, b) => a.rank - b.rank)
    .map((f) => [
      f.rank,
      f.kind,
      f.process,
      f.operation,
      f.path,
      f.baselineResult,
      f.problemResult,
      f.score.toFixed(3),
      zh ? f.whyZh || f.why : f.why,
      f.consequence,
      f.baselineEvents.join(' '),
      f.problemEvents.join(' '),
      f.logEvidence.map((l) => `${l.file}:${l.line}`).join(' '),
    ]);
  return toCsv(
    [
      'Rank',
      'Kind',
      'Process Name',
      'Operation',
      'Path',
      'Baseline Result',
      'Problem Result',
      'Score',
      'Why',
      'Consequence',
      'Baseline Events',
      'Problem Events',
      'Log Evidence',
    ],
    rows,
  );
}

/** One row per marked event or log line (an aligned-row mark gives a row per side present). */
export function markedEventsCsv(input: ExportInput, opts: { redact?: ReportOptions['redact'] } = {}): string {
  const rows: (string | number)[][] = [];
  const sha: Record<Side, string | undefined> = {
    baseline: input.case.inputs.find((i) => i.side === 'baseline')?.sha256,
    problem: input.case.inputs.find((i) => i.side === 'problem')?.sha256,
  };
  const eventRow = (a: Annotation, side: Side, seq: number): void => {
    const store = side === 'baseline' ? input.baseline : input.problem;
    const ok = seq >= 0 && seq < store.length;
    rows.push([
      side,
      seq,
      ok ? store.time(seq) : '',
      ok ? store.processName(seq) : '',
      ok ? store.cols.pid[seq] : '',
      ok ? store.operation(seq) : '',
      ok ? store.path(seq) : '',
      ok ? store.result(seq) : '',
      ok ? store.detail(seq) : '',
      a.tags.join(' '),
      a.note,
    ]);
  };
  for (const a of input.case.annotations) {
    const t = a.target;
    if (t.type === 'event') {
      if (sha[t.side] === undefined || sha[t.side] === t.inputSha256) eventRow(a, t.side, t.seq);
    } else if (t.type === 'aligned') {
      if (t.baselineSeq >= 0) eventRow(a, 'baseline', t.baselineSeq);
      if (t.problemSeq >= 0) eventRow(a, 'problem', t.problemSeq);
    } else if (t.type === 'log') {
      const input0 = input.case.inputs.find((i) => i.sha256 === t.logSha256);
      const name = input0 ? input0.path.replace(/\\/g, '/').split('/').pop()!.toLowerCase() : '';
      const log = input.logs.find((l) => l.summary.fileName.toLowerCase() === name);
      const entry = log?.entries.find((e) => e.line === t.line);
      rows.push([
        'log',
        t.line,
        entry?.time ?? '',
        log?.summary.fileName ?? name,
        '',
        entry?.component ?? '',
        '',
        entry?.level ?? '',
        entry ? entry.message || entry.raw : '',
        a.tags.join(' '),
        a.note,
      ]);
    }
  }
  const fields = [
    'Side',
    'Sequence',
    'Time of Day',
    'Process Name',
    'PID',
    'Operation',
    'Path',
    'Result',
    'Detail',
    'Tags',
    'Note',
  ];
  const r = prepareRedactor(opts.redact, input, rows);
  return toCsv(fields, r ? redactDeep(rows, r) : rows);
}
