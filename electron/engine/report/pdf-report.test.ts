import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReportLanguage } from '../../../shared/model/case';
import { ChromiumPdfPrinter, chromiumCandidates, findChromium, NoBrowserError } from './pdf-printer';
import { buildReportModel } from './report-model';
import { renderPrintTemplates, renderReportHtml } from './render-html';
import {
  CONCLUSION_EN,
  CONCLUSION_ZH,
  makeCase,
  makeLogs,
  makeResult,
  makeTraces,
} from './report-test-fixture';

const hasBrowser = (() => {
  try {
    findChromium();
    return true;
  } catch {
    return false;
  }
})();

// Written where a person can look at them after the run (pdftoppm pages too).
const outDir = join(tmpdir(), 'tracediff-report-test');
mkdirSync(outDir, { recursive: true });

describe('findChromium', () => {
  it('says clearly when no browser exists, and honours TRACEDIFF_CHROMIUM', () => {
    expect(() => findChromium({ TRACEDIFF_CHROMIUM: '/nonexistent/chrome' }, 'linux')).toThrow(
      /TRACEDIFF_CHROMIUM is set to \/nonexistent\/chrome/,
    );
    expect(chromiumCandidates({ TRACEDIFF_CHROMIUM: '/x/chromium' }, 'linux')[0]).toBe('/x/chromium');
    const win = chromiumCandidates(
      { PROGRAMFILES: 'C:\\Program Files', LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' },
      'win32',
    );
    expect(win.some((p) => p.endsWith('msedge.exe'))).toBe(true);
    expect(win.some((p) => p.endsWith('chrome.exe'))).toBe(true);
    try {
      findChromium({}, 'linux', () => false);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(NoBrowserError);
      expect((e as Error).message).toMatch(/No Chromium-based browser was found/);
    }
  });
});

describe.skipIf(!hasBrowser)('PDF report through Chromium', () => {
  const printer = hasBrowser ? new ChromiumPdfPrinter() : null;
  afterAll(async () => {
    await printer?.close();
  });

  async function printReport(
    language: ReportLanguage,
  ): Promise<{ pdfPath: string; text: string; bytes: Uint8Array }> {
    const { baseline, problem } = makeTraces();
    const model = buildReportModel({
      case: makeCase(),
      baseline,
      problem,
      logs: makeLogs(),
      result: makeResult(),
      options: { language, scope: 'top' },
      toolVersion: '0.1.0-test',
    });
    const bytes = await printer!.print(renderReportHtml(model), renderPrintTemplates(model));
    const pdfPath = join(outDir, `report-${language}.pdf`);
    writeFileSync(pdfPath, bytes);
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    execFileSync('pdftoppm', ['-png', '-r', '60', pdfPath, join(outDir, `page-${language}`)]);
    return { pdfPath, text, bytes };
  }

  it('prints the English and the Chinese report with title, conclusion, top finding and log evidence', async () => {
    const en = await printReport('en');
    expect(Buffer.from(en.bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const flat = (t: string) => t.replace(/\s+/g, ' ');
    for (const needle of [
      'KB4561621 更新安装失败 0x8024200d',
      CONCLUSION_EN,
      'Finding 1 · TiWorker.exe · CreateFile',
      'ACCESS DENIED',
      'dism.log:88',
      'RestoreFileNodeList',
      'E_ACCESSDENIED',
      'Page 2 of',
    ]) {
      expect(flat(en.text), needle).toContain(needle);
    }
    // CJK text is real text in the PDF (fonts embedded), not boxes.
    expect(flat(en.text)).toContain('TMS 终端管理代理的便携设备策略修改了');
    // Bookmarks come from the headings.
    expect(Buffer.from(en.bytes).toString('latin1')).toContain('/Outlines');

    const zh = await printReport('zh-CN');
    for (const needle of [
      'KB4561621 更新安装失败 0x8024200d',
      '结论',
      '发现项 1 · TiWorker.exe · CreateFile',
      '问题机上未发生',
      '日志证据',
      '拒绝访问',
      '附录',
      '第 2 页，共',
    ]) {
      expect(flat(zh.text), needle).toContain(needle);
    }
    expect(flat(zh.text)).toContain(CONCLUSION_ZH.slice(0, 30));
    expect(
      existsSync(join(outDir, 'page-zh-CN-1.png')) || existsSync(join(outDir, 'page-zh-CN-01.png')),
    ).toBe(true);
  }, 60_000);
});
