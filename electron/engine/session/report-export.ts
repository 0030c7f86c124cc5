/**
 * One export of the open case: the PDF or HTML report, the JSON of the comparison, or the CSV tables
 * (report/exports.ts), as bytes with a file name and content type. The host decides where they go
 * (a file the user chose, or a download).
 */
import type { ExportRequest } from '../../../shared/contract';
import type { CaseFile, ReportOptions } from '../../../shared/model/case';
import type { Finding } from '../../../shared/model/finding';
import type { PdfPrinter } from '../report/pdf-printer';
import { AnnotationIndex } from '../report/report-annotations';
import { exportCaseJson, findingsCsv, markedEventsCsv, type ExportInput } from '../report/exports';
import { produceReport } from '../report/produce-report';
import { prepareRedactor } from '../report/report-model';
import { redactDeep } from '../report/redact';
import { safeCaseFileName } from './case-names';
import { CONTENT_TYPES } from './download-store';

export interface ProducedExport {
  fileName: string;
  contentType: string;
  data: Uint8Array;
}

const EXTENSIONS: Record<ExportRequest['format'], string> = {
  pdf: '.pdf',
  html: '.html',
  json: '.json',
  'csv-findings': '-findings.csv',
  'csv-marked': '-marked.csv',
};

/** File name offered for an export: the case title (any script) or the two captures' names. */
export function exportFileName(c: CaseFile, fallback: string, format: ExportRequest['format']): string {
  return `${safeCaseFileName(c.title.trim() || fallback, 'report')}${EXTENSIONS[format]}`;
}

function reportOptions(req: ExportRequest, findings: number): ReportOptions {
  return {
    language: req.language,
    scope: req.scope === 'marked' ? 'marked' : 'top',
    topN: req.scope === 'all' ? Math.max(findings, 1) : undefined,
    redact: req.redact,
  };
}

/** Findings the CSV lists: every one, or only those with marked evidence (as the report chooses them). */
function scopedFindings(input: ExportInput, scope: ExportRequest['scope']): Finding[] {
  const all = [...input.result.findings];
  if (scope === 'all') return all;
  const index = new AnnotationIndex(input.case);
  return all.filter((f) => index.linked(f).length > 0);
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

export async function produceExport(
  input: ExportInput,
  req: ExportRequest,
  opts: { fallbackName: string; toolVersion: string; printer?: () => PdfPrinter },
): Promise<ProducedExport> {
  const fileName = exportFileName(input.case, opts.fallbackName, req.format);
  const options = reportOptions(req, input.result.findings.length);
  switch (req.format) {
    case 'pdf':
    case 'html': {
      const printer = req.format === 'pdf' ? opts.printer?.() : undefined;
      if (req.format === 'pdf' && !printer) throw new Error('This host cannot print PDF reports.');
      const report = await produceReport({ ...input, options, toolVersion: opts.toolVersion }, printer);
      if (req.format === 'html')
        return { fileName, contentType: CONTENT_TYPES.html, data: text(report.html) };
      return { fileName, contentType: CONTENT_TYPES.pdf, data: report.pdf ?? new Uint8Array() };
    }
    case 'json': {
      const findings = scopedFindings(input, req.scope);
      const json = exportCaseJson(
        { ...input, result: { ...input.result, findings } },
        { redact: req.redact },
      );
      return { fileName, contentType: CONTENT_TYPES.json, data: text(json) };
    }
    case 'csv-findings': {
      let findings = scopedFindings(input, req.scope);
      const r = prepareRedactor(req.redact, input, findings);
      if (r) findings = redactDeep(findings, r);
      return {
        fileName,
        contentType: CONTENT_TYPES.csv,
        data: text(findingsCsv(findings, { language: req.language })),
      };
    }
    case 'csv-marked':
      return {
        fileName,
        contentType: CONTENT_TYPES.csv,
        data: text(markedEventsCsv(input, { redact: req.redact })),
      };
  }
}
