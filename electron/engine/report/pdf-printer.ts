/**
 * Printing report HTML to PDF. `PdfPrinter` is the whole interface: the Electron app implements it
 * with webContents.printToPDF; the CLI, browser mode and tests use Chromium through playwright-core
 * (the same print engine, page.pdf = CDP Page.printToPDF). Never downloads a browser: it uses one
 * that is installed, or says clearly that none is.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { PAGE_MARGINS } from './report-css';

export interface PdfPrintOptions {
  /** Chromium header/footer templates (see renderPrintTemplates). */
  headerTemplate?: string;
  footerTemplate?: string;
}

export interface PdfPrinter {
  print(html: string, opts?: PdfPrintOptions): Promise<Uint8Array>;
  close?(): Promise<void>;
}

export class NoBrowserError extends Error {}

/** Where Chromium-family browsers live; TRACEDIFF_CHROMIUM overrides. */
export function chromiumCandidates(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string[] {
  const list: string[] = [];
  if (env.TRACEDIFF_CHROMIUM) list.push(env.TRACEDIFF_CHROMIUM);
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter(
      (r): r is string => !!r,
    );
    for (const root of roots) {
      list.push(join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'));
      list.push(join(root, 'Microsoft', 'Edge', 'Application', 'msedge.exe'));
    }
    list.push('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe');
    list.push('C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe');
  } else if (platform === 'darwin') {
    list.push('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
    list.push('/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge');
    list.push('/Applications/Chromium.app/Contents/MacOS/Chromium');
  } else {
    list.push(
      '/usr/bin/chromium',
      '/usr/bin/chromium-browser',
      '/usr/bin/google-chrome',
      '/usr/bin/google-chrome-stable',
    );
    list.push('/usr/bin/microsoft-edge');
  }
  return [...new Set(list)];
}

/** The first installed browser, or a NoBrowserError naming every place looked at. */
export function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
  exists: (path: string) => boolean = existsSync,
): string {
  const candidates = chromiumCandidates(env, platform);
  if (env.TRACEDIFF_CHROMIUM && !exists(env.TRACEDIFF_CHROMIUM)) {
    throw new NoBrowserError(`TRACEDIFF_CHROMIUM is set to ${env.TRACEDIFF_CHROMIUM}, but no file is there.`);
  }
  const found = candidates.find((p) => exists(p));
  if (!found) {
    throw new NoBrowserError(
      `No Chromium-based browser was found to print the PDF. Install Chromium, Google Chrome or Microsoft Edge, ` +
        `or set TRACEDIFF_CHROMIUM to its executable. Looked at: ${candidates.join(', ')}. ` +
        `The HTML report (--html) needs no browser.`,
    );
  }
  return found;
}

const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-extensions',
  '--disable-dev-shm-usage',
];

/** Prints with a headless Chromium found on this machine. One browser serves many prints until close(). */
export class ChromiumPdfPrinter implements PdfPrinter {
  private browser: Promise<Browser> | null = null;

  constructor(private readonly executablePath: string = findChromium()) {}

  private async launch(): Promise<Browser> {
    if (!this.browser) {
      const { chromium } = await import('playwright-core');
      this.browser = chromium.launch({
        executablePath: this.executablePath,
        headless: true,
        args: LAUNCH_ARGS,
      });
      this.browser.catch(() => {
        this.browser = null;
      });
    }
    return this.browser;
  }

  async print(html: string, opts: PdfPrintOptions = {}): Promise<Uint8Array> {
    const browser = await this.launch();
    // The report has no script and needs no network: both stay off so report text can never act.
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    try {
      const page = await context.newPage();
      await page.route('**/*', (route) => route.abort());
      await page.setContent(html, { waitUntil: 'load' });
      await page.emulateMedia({ media: 'print' });
      const headerFooter = opts.headerTemplate !== undefined || opts.footerTemplate !== undefined;
      const pdf = await page.pdf({
        format: 'A4',
        printBackground: true,
        displayHeaderFooter: headerFooter,
        headerTemplate: opts.headerTemplate ?? '<span></span>',
        footerTemplate: opts.footerTemplate ?? '<span></span>',
        margin: PAGE_MARGINS,
        outline: true,
        tagged: true,
      });
      return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
    } finally {
      await context.close();
    }
  }

  async close(): Promise<void> {
    const b = this.browser;
    this.browser = null;
    if (b) await (await b).close();
  }
}
