/**
 * One call for hosts (the app, browser mode, the CLI): report model -> HTML -> optional PDF through
 * the given printer, with the running header and footer.
 */
import type { PdfPrinter } from './pdf-printer';
import { buildReportModel, type BuildReportInput } from './report-model';
import type { ReportModel } from './report-types';
import { renderPrintTemplates, renderReportHtml } from './render-html';

export interface ProducedReport {
  model: ReportModel;
  html: string;
  /** Null when no printer was given (HTML export only). */
  pdf: Uint8Array | null;
}

export async function produceReport(input: BuildReportInput, printer?: PdfPrinter): Promise<ProducedReport> {
  const model = buildReportModel(input);
  const html = renderReportHtml(model);
  const pdf = printer ? await printer.print(html, renderPrintTemplates(model)) : null;
  return { model, html, pdf };
}
