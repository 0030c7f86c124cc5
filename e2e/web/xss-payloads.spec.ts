/**
 * Trace text is data (issue 9, item 5). fixtures/xss (built by fixtures/build/xss.mjs) carries
 * HTML/JS payloads that set window.__xss when they run, a right-to-left override, every C0 control
 * but tab, and CJK text, in paths, process names, details, command lines, a CBS log, a Panther log
 * and an Event Viewer XML export. The workbench must show all of it as literal text in the findings,
 * the failures list, the aligned grid, the per-trace grids, the detail pane, tooltips and the logs,
 * and the exported report HTML must show it as text too.
 *
 * Deliberate behaviour for invisible characters: the renderer shows bidi overrides and C0/C1
 * controls as `[U+XXXX]` (shared/visible-text.ts), exactly as the report does, so the grid cannot be
 * made to read `invoiceexe.jpg` for `invoice<U+202E>gpj.exe` and a control cannot hide in a path.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { AppPage } from '../support/app-page';
import { startWebHost, type RunningHost } from '../support/web-host';

const XSS = path.join(process.cwd(), 'fixtures', 'xss');
const ARTIFACTS = path.join(process.cwd(), 'e2e', 'artifacts');

const IMG = '<img src=x onerror="window.__xss=1">';
const SCRIPT = '</script><script>window.__xss=2</script>';
const SVG = '"><svg onload=window.__xss=3>';
const KEY_PATH = `C:\\Windows\\System32\\${IMG}\\wpdmtp.dll`;
const KEY_DETAIL = `Desired Access: Generic Write, 说明: ${SVG} ${SCRIPT}`;
const SVG_PROCESS = `${SVG}.exe`;
const RLO_SHOWN = 'invoice[U+202E]gpj.exe';
const label = (code: number) => `[U+${code.toString(16).toUpperCase().padStart(4, '0')}]`;
/** What the fixture's control-character path looks like on screen: every C0 but tab, CR, LF labelled. */
const CONTROL_PATH_SHOWN = `C:\\Windows\\Temp\\ctl${Array.from({ length: 32 }, (_, i) => i)
  .filter((c) => c !== 9 && c !== 10 && c !== 13)
  .map(label)
  .join('')}end.txt`;
// Characters that must never reach the screen raw: controls but tab/LF/CR, DEL, C1, bidi marks.
const RAW_INVISIBLE =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

let tmp: string;
let host: RunningHost;

test.beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'tracediff-e2e-xss-'));
  host = await startWebHost(
    [
      '--port',
      '0',
      '--baseline',
      path.join(XSS, 'baseline-xss.CSV'),
      '--problem',
      path.join(XSS, 'problem-xss.CSV'),
      '--log',
      path.join(XSS, 'logs', 'CBS.log'),
      '--log',
      path.join(XSS, 'logs', 'setupact.log'),
      '--log',
      path.join(XSS, 'logs', 'Application-xss.xml'),
    ],
    { TMPDIR: tmp, TRACEDIFF_DATA_DIR: path.join(tmp, 'data') },
  );
});

test.afterAll(async () => {
  await host?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

interface Probe {
  handlers: string[];
  violations: string[];
}

// Before any page script: record every element that ever carries an on* attribute (React never sets
// one, so any is markup that came from data) and every CSP violation (an injected script or handler
// the policy blocked is still an injection).
test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const probe: Probe = { handlers: [], violations: [] };
    (window as unknown as { __xssProbe: Probe }).__xssProbe = probe;
    document.addEventListener('securitypolicyviolation', (e) =>
      probe.violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
    new MutationObserver((records) => {
      for (const r of records)
        for (const n of r.addedNodes) {
          if (!(n instanceof Element)) continue;
          for (const el of [n, ...n.querySelectorAll('*')])
            for (const a of el.attributes)
              if (/^on/i.test(a.name)) probe.handlers.push(`<${el.tagName.toLowerCase()} ${a.name}>`);
        }
    }).observe(document, { childList: true, subtree: true });
  });
});

/** Nothing ran, nothing was injected, nothing was blocked. */
async function expectNoInjection(page: Page): Promise<void> {
  const state = await page.evaluate(() => ({
    xss: (window as unknown as { __xss?: unknown }).__xss,
    probe: (window as unknown as { __xssProbe: Probe }).__xssProbe,
    injected: document.querySelectorAll('img[src="x"], svg[onload], [onerror], [onload], script:not([src])')
      .length,
  }));
  expect(state.xss).toBeUndefined();
  expect(state.probe.handlers).toEqual([]);
  expect(state.probe.violations).toEqual([]);
  expect(state.injected).toBe(0);
}

/** A pane shows no markup made from data and no raw invisible character. */
async function expectTextOnly(pane: Locator): Promise<void> {
  expect(await pane.locator('img, script, iframe, object, embed').count()).toBe(0);
  expect(await pane.locator('svg[onload], [onerror], [onload]').count()).toBe(0);
  const text = (await pane.textContent()) ?? '';
  expect(text, 'a raw control or bidi character on screen').not.toMatch(RAW_INVISIBLE);
}

const alignedRow = (page: Page, text: string) =>
  page.getByTestId('grid-aligned').locator('.ag-row').filter({ hasText: text }).first();

test('every payload shows as literal text in findings, grids, detail pane, tooltips and logs', async ({
  page,
}) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.waitLoaded();

  // Findings: the payload-named process and the payload path's file, as text.
  await expect(app.findings).toHaveCount(2);
  await expect(app.findings.first()).toContainText('wpdmtp.dll');
  await expect(app.findings.first()).toContainText('ACCESS DENIED');
  await expect(app.findings.nth(1)).toContainText(SVG_PROCESS);
  await expect(app.failuresList).toContainText(SVG_PROCESS);
  await expectTextOnly(page.getByTestId('findings'));
  await expectTextOnly(app.failuresList);
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'xss-workbench.png') });

  // Aligned grid: the finding's row holds the payload path, detail and process verbatim.
  const keyRow = page.getByTestId('grid-aligned').locator('.ag-row[data-finding-rank="1"]').first();
  await expect(keyRow.locator('[col-id="p.path"]')).toHaveText(KEY_PATH);
  await expect(keyRow.locator('[col-id="b.path"]')).toHaveText(KEY_PATH);
  await expect(
    page.getByTestId('grid-aligned').locator('.ag-row[data-finding-rank="2"] [col-id="p.process"]').first(),
  ).toHaveText(SVG_PROCESS);
  // The right-to-left override is shown, not obeyed.
  await expect(alignedRow(page, RLO_SHOWN).locator('[col-id="p.process"]')).toHaveText(RLO_SHOWN);
  // Controls: labelled, and the row keeps the grid's row height (nothing broke the line).
  const controlRow = alignedRow(page, 'WriteFile');
  await expect(controlRow.locator('[col-id="p.path"]')).toHaveText(CONTROL_PATH_SHOWN);
  const heights = await app.alignedRows.evaluateAll((rows) => [
    ...new Set(rows.map((r) => r.getBoundingClientRect().height)),
  ]);
  expect(heights).toHaveLength(1);
  await expectTextOnly(page.getByTestId('grid-aligned'));

  // A tooltip over the payload path is text too.
  await keyRow.locator('[col-id="p.path"]').hover();
  const tooltip = page.locator('.ag-tooltip, .ag-tooltip-custom').first();
  await expect(tooltip).toBeVisible();
  await expect(tooltip).toContainText(IMG);
  await expectTextOnly(tooltip);
  // ... and over the right-to-left override, labelled like the cell.
  await page.mouse.move(0, 0);
  await expect(tooltip).toBeHidden();
  await alignedRow(page, RLO_SHOWN).locator('[col-id="p.process"]').hover();
  await expect(tooltip).toContainText(RLO_SHOWN);
  await expectTextOnly(tooltip);

  // Detail pane of the payload row: every field verbatim, the command line on the process tab.
  await keyRow.locator('[col-id="p.path"]').click();
  const detail = page.getByTestId('detail-pane');
  await expect(detail).toContainText(KEY_PATH);
  await expect(detail).toContainText(KEY_DETAIL);
  await expect(detail).toContainText('ACCESS DENIED');
  await expectTextOnly(detail);
  await detail.screenshot({ path: path.join(ARTIFACTS, 'xss-detail-pane.png') });
  await page.getByTestId('detail-tab-process').click();
  await expect(detail).toContainText(`C:\\Windows\\WinSxS\\TiWorker.exe -Embedding ${SCRIPT}`);
  await expectTextOnly(detail);

  // Detail pane of the control-character row: labelled, one line per field.
  await page.getByTestId('detail-tab-fields').click();
  await controlRow.locator('[col-id="p.operation"]').click();
  await expect(detail).toContainText(CONTROL_PATH_SHOWN);
  await expect(detail).toContainText(`控制: ${label(0)}${label(1)}`);
  await expectTextOnly(detail);
  await detail.screenshot({ path: path.join(ARTIFACTS, 'xss-detail-controls.png') });

  // The per-trace grids (side by side).
  await app.showSideBySide();
  for (const side of ['baseline', 'problem'] as const) {
    const grid = app.grid(side);
    await expect(grid.locator('[col-id="process"]').filter({ hasText: SVG_PROCESS }).first()).toHaveText(
      SVG_PROCESS,
    );
    await expect(grid.locator('[col-id="path"]').filter({ hasText: 'wpdmtp.dll' }).first()).toHaveText(
      KEY_PATH,
    );
    await expect(grid.locator('[col-id="detail"]').filter({ hasText: '说明' }).first()).toHaveText(
      KEY_DETAIL,
    );
    await expect(grid.locator('[col-id="process"]').filter({ hasText: RLO_SHOWN }).first()).toBeVisible();
    await expectTextOnly(grid);
  }

  // Logs: the CBS, Panther and Event Viewer lines, payloads and all.
  await page.getByTestId('panel-tab-logs').click();
  const logs = page.getByTestId('grid-logs');
  await expect(logs.locator('.ag-row').filter({ hasText: 'setupact.log' }).first()).toBeVisible();
  await expect(logs).toContainText(`SetupHost: source ${IMG}`);
  await expect(logs).toContainText(`Exiting with ${SCRIPT}`);
  // Event 1000 is read from its data fields (the reader words its own message).
  await expect(logs).toContainText(`Application crash: ${SVG_PROCESS}`);
  await expect(logs).toContainText(`Application path: C:\\Program Files\\代理\\${SVG_PROCESS}`);
  await expect(logs).toContainText(`fault bucket ${SCRIPT}`);
  await expect(logs).toContainText(`RLO name ${RLO_SHOWN} seen`);
  await page.getByTestId('logs-text').fill('Control characters');
  await expect(logs.locator('.ag-row').first()).toContainText(`Control characters follow:${label(0)}`);
  await expectTextOnly(logs);
  await page.getByTestId('logs-panel').screenshot({ path: path.join(ARTIFACTS, 'xss-logs.png') });

  // The process tree: names and command lines as text, the override labelled.
  await page.getByTestId('panel-tab-processes').click();
  const processes = page.getByTestId('process-panel');
  await expect(processes).toContainText(SVG_PROCESS);
  await expect(processes).toContainText(RLO_SHOWN);
  await expect(processes).toContainText(`-Embedding ${SCRIPT}`);
  await expectTextOnly(processes);

  await expectNoInjection(page);
});

/** Exports the report in one format through the export dialog (Ctrl+E) and saves the download. */
async function exportReport(page: Page, format: 'html' | 'pdf'): Promise<string> {
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.waitLoaded();
  await page.keyboard.press('Control+e');
  const exp = page.getByTestId('export-dialog');
  await expect(exp).toBeVisible();
  await exp.getByTestId(`export-format-${format}`).check();
  await exp.getByTestId('export-language').selectOption('en');
  await exp.getByTestId('export-scope-all').check();
  const downloading = page.waitForEvent('download', { timeout: 120_000 });
  await exp.getByTestId('export-run').click();
  const file = path.join(tmp, `report.${format}`);
  await (await downloading).saveAs(file);
  await expect(exp.getByTestId('export-done')).toBeVisible();
  await expectNoInjection(page);
  return file;
}

test('the exported report HTML shows the payloads as text and runs none of them', async ({ page }) => {
  const file = await exportReport(page, 'html');

  const html = readFileSync(file, 'utf8');
  expect(html).not.toContain(IMG);
  expect(html).not.toContain('<svg onload');
  expect(html).not.toContain('<script>window.__xss');
  expect(html).toContain('&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;');
  expect(html).not.toMatch(RAW_INVISIBLE);

  // Opened as a page of its own, scripts allowed: still nothing runs and the text reads literally.
  const report = await page.context().newPage();
  await report.setContent(html, { waitUntil: 'load' });
  await report.waitForTimeout(300); // an <img onerror> fires after its failed load
  expect(await report.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(await report.locator('img[src="x"], svg[onload], [onerror], [onload]').count()).toBe(0);
  const text = (await report.locator('body').textContent()) ?? '';
  expect(text).toContain('wpdmtp.dll');
  expect(text).toContain(SVG_PROCESS);
  await report.close();
});

test('the exported PDF report prints the payloads as text', async ({ page }) => {
  test.setTimeout(180_000);
  const file = await exportReport(page, 'pdf');
  // Without -layout: long paths wrap in the PDF, and the check joins the lines back.
  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s*\n\s*/g, '');
  expect(text).toContain(KEY_PATH);
  expect(text).toContain(`Finding 2 · ${SVG_PROCESS}`);
  expect(text).toContain(`Exiting with ${SCRIPT}`);
  expect(text).toContain(RLO_SHOWN);
  expect(text).toContain(`ctl${label(0)}${label(1)}`);
  expect(text).not.toMatch(RAW_INVISIBLE);
});
