/**
 * Prints report HTML to PDF in the app itself: a hidden window in a session of its own loads the
 * report from a temporary file and `webContents.printToPDF` prints it (the same Chromium print engine
 * the CLI and browser mode drive through playwright-core). The report has no script and loads
 * nothing: JavaScript is off and every request but the report file itself is cancelled.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, session, type Session } from 'electron';
import type { PdfPrinter, PdfPrintOptions } from '../engine/report/pdf-printer';
import { PAGE_MARGINS } from '../engine/report/report-css';

const PARTITION = 'tracediff-print';

/** '20mm' -> inches, the unit printToPDF takes. */
function inches(css: string): number {
  const m = /^([\d.]+)mm$/.exec(css);
  return m ? Number(m[1]) / 25.4 : 0.75;
}

export class ElectronPdfPrinter implements PdfPrinter {
  private readonly allowed = new Set<string>();
  private ses: Session | null = null;

  private printSession(): Session {
    if (this.ses) return this.ses;
    const ses = session.fromPartition(PARTITION);
    ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    ses.setPermissionCheckHandler(() => false);
    ses.webRequest.onBeforeRequest((details, callback) =>
      callback({ cancel: !this.allowed.has(details.url) }),
    );
    this.ses = ses;
    return ses;
  }

  async print(html: string, opts: PdfPrintOptions = {}): Promise<Uint8Array> {
    const dir = await mkdtemp(path.join(app.getPath('temp'), 'tracediff-print-'));
    const file = path.join(dir, 'report.html');
    const url = pathToFileURL(file).href;
    let win: BrowserWindow | null = null;
    try {
      await writeFile(file, html, 'utf8');
      this.allowed.add(url);
      win = new BrowserWindow({
        show: false,
        webPreferences: {
          session: this.printSession(),
          javascript: false,
          sandbox: true,
          contextIsolation: true,
          nodeIntegration: false,
          webSecurity: true,
          spellcheck: false,
        },
      });
      await win.loadURL(url);
      const headerFooter = opts.headerTemplate !== undefined || opts.footerTemplate !== undefined;
      const pdf = await win.webContents.printToPDF({
        pageSize: 'A4',
        printBackground: true,
        displayHeaderFooter: headerFooter,
        headerTemplate: opts.headerTemplate ?? '<span></span>',
        footerTemplate: opts.footerTemplate ?? '<span></span>',
        margins: {
          top: inches(PAGE_MARGINS.top),
          bottom: inches(PAGE_MARGINS.bottom),
          left: inches(PAGE_MARGINS.left),
          right: inches(PAGE_MARGINS.right),
        },
        generateDocumentOutline: true,
        generateTaggedPDF: true,
      });
      return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
    } finally {
      this.allowed.delete(url);
      if (win && !win.isDestroyed()) win.destroy();
      await rm(dir, { recursive: true, force: true });
    }
  }
}
