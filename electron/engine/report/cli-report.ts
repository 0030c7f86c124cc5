/**
 * What `tracediff compare --case/--pdf/--html` does after the comparison: a `--case` file that does
 * not exist yet is created from this run (inputs hashed, rules kept); an existing one is only read,
 * and supplies the title, conclusion, metadata and annotations of the report. Then the HTML and/or
 * PDF report is written.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { CaseFile, CaseInput, ReportLanguage, ReportOptions } from '../../../shared/model/case';
import type { InsightResult } from '../../../shared/model/insight';
import { fileExists, readCase, saveCase } from '../case/case-file';
import { createCase, describeInput } from '../case/case-edit';
import { hashFile } from '../case/hash-file';
import type { TraceStore } from '../store/trace-store';
import type { ReportCompareSource } from './evidence-excerpt';
import { ChromiumPdfPrinter, type PdfPrinter } from './pdf-printer';
import { produceReport } from './produce-report';
import type { ReportLogSource } from './report-model';

export interface CaseAndReportsInput {
  baselinePath: string;
  problemPath: string;
  logPaths: readonly string[];
  baseline: TraceStore;
  problem: TraceStore;
  logs: readonly ReportLogSource[];
  result: ReportCompareSource;
  /** Signatures, environment delta, agents and ACL evidence (compareInsights); the report adds them. */
  insights?: InsightResult | null;
  casePath?: string;
  pdfPath?: string;
  htmlPath?: string;
  language?: ReportLanguage;
  topN?: number;
  redact?: ReportOptions['redact'];
  toolVersion?: string;
  /** Injected by tests and by hosts that print another way. */
  printer?: PdfPrinter;
}

export interface CaseAndReportsOutcome {
  caseCreated: boolean;
  warnings: string[];
}

async function describeInputs(input: CaseAndReportsInput): Promise<CaseInput[]> {
  const out: CaseInput[] = [
    await describeInput(
      resolve(input.baselinePath),
      'baseline',
      input.baseline.meta.kind,
      input.baseline.meta.encoding,
    ),
    await describeInput(
      resolve(input.problemPath),
      'problem',
      input.problem.meta.kind,
      input.problem.meta.encoding,
    ),
  ];
  for (const p of input.logPaths) {
    const abs = resolve(p);
    const summary = input.logs.find((l) => resolve(l.summary.file) === abs)?.summary;
    out.push(
      await describeInput(
        abs,
        'log',
        (summary?.kind ?? 'text-log') as CaseInput['kind'],
        summary?.encoding ?? '',
      ),
    );
  }
  return out;
}

/**
 * An existing case made from other captures: warns, and returns the case as the report must see it
 * (the captures actually compared), so marks on the other captures' events stay out of the report.
 */
async function withActualInputs(
  c: CaseFile,
  input: CaseAndReportsInput,
  warnings: string[],
): Promise<CaseFile> {
  let inputs = c.inputs;
  for (const [side, path] of [
    ['baseline', input.baselinePath],
    ['problem', input.problemPath],
  ] as const) {
    const recorded = inputs.find((i) => i.side === side);
    if (!recorded) continue;
    const sha = await hashFile(path);
    if (sha !== recorded.sha256) {
      warnings.push(
        `${path} is not the ${side} capture the case was built from (${recorded.path}); marks on its events are left out of the report.`,
      );
      inputs = inputs.map((i) => (i === recorded ? { ...i, path: resolve(path), sha256: sha } : i));
    }
  }
  return inputs === c.inputs ? c : { ...c, inputs };
}

export async function writeCaseAndReports(input: CaseAndReportsInput): Promise<CaseAndReportsOutcome> {
  const warnings: string[] = [];
  const toolVersion = input.toolVersion ?? process.env.TRACEDIFF_VERSION ?? '0.1.0';
  let c: CaseFile;
  let caseCreated = false;
  if (input.casePath && (await fileExists(input.casePath))) {
    c = await withActualInputs(await readCase(input.casePath), input, warnings);
  } else {
    c = createCase({
      appVersion: toolVersion,
      title: `${input.baseline.meta.fileName} ↔ ${input.problem.meta.fileName}`,
      inputs: await describeInputs(input),
      rules: [...input.result.rules],
    });
    c.metadata.machines.baseline = {
      name: input.baseline.meta.computerName,
      os: input.baseline.meta.osVersion,
    };
    c.metadata.machines.problem = { name: input.problem.meta.computerName, os: input.problem.meta.osVersion };
    if (input.language) c.view.language = input.language;
    if (input.casePath) {
      await mkdir(dirname(resolve(input.casePath)), { recursive: true });
      await saveCase(input.casePath, c);
      caseCreated = true;
    }
  }
  if (!input.pdfPath && !input.htmlPath) return { caseCreated, warnings };

  const language = input.language ?? c.view.language ?? 'en';
  // Only a PDF needs a browser; find it before the work so a missing one fails fast and clearly.
  const printer = input.pdfPath ? (input.printer ?? new ChromiumPdfPrinter()) : undefined;
  try {
    const report = await produceReport(
      {
        case: c,
        baseline: input.baseline,
        problem: input.problem,
        logs: input.logs,
        result: input.result,
        insights: input.insights,
        options: { language, scope: 'top', topN: input.topN ?? 10, redact: input.redact },
        toolVersion,
      },
      printer,
    );
    if (input.htmlPath) await writeFile(input.htmlPath, report.html, 'utf8');
    if (input.pdfPath && report.pdf) await writeFile(input.pdfPath, report.pdf);
  } finally {
    if (printer && !input.printer) await printer.close?.();
  }
  return { caseCreated, warnings };
}
