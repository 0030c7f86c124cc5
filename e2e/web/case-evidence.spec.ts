import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { AppPage } from '../support/app-page';
import { startWebHost, type RunningHost } from '../support/web-host';

const ARTIFACTS = path.join(process.cwd(), 'e2e', 'artifacts');
const TITLE = 'KB4561621 更新安装失败 0x8024200d';
const NOTE = 'TMS 策略导致 wpdmtp.dll 的 ACL 被修改，SYSTEM 无写属性权限';
const CONCLUSION_1 = '根因：终端管理代理的设备策略修改了 WpdMtp.dll 的 ACL';
const CONCLUSION_2 = '处理建议：移出 TMS 管理后重新安装 KB4561621';

// Its own host and data folder: the test saves cases and reads them back from that folder.
let tmp: string;
let host: RunningHost;

test.beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'tracediff-e2e-case-'));
  host = await startWebHost(['--port', '0'], { TMPDIR: tmp, TRACEDIFF_DATA_DIR: path.join(tmp, 'data') });
});

test.afterAll(async () => {
  await host?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

const finding1Row = (page: Page) =>
  page.getByTestId('grid-aligned').locator('.ag-row[data-kind="changed"][data-finding-rank="1"]').first();

async function showEvidence(page: Page) {
  await page.getByTestId('panel-tab-evidence').click();
  await expect(page.getByTestId('evidence-panel')).toBeVisible();
}

test('marks evidence, notes it in Chinese, saves, reopens the case and exports the PDF report', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.waitLoaded();

  // 1. The ACCESS DENIED row of finding 1 in the aligned view: select it, Space marks it, N notes it.
  const row = finding1Row(page);
  await expect(row).toBeVisible();
  await expect(row).toContainText('ACCESS DENIED');
  await row.locator('[col-id="p.path"]').click();
  await page.keyboard.press('Space');
  await expect(finding1Row(page)).toHaveClass(/td-marked/);
  await page.keyboard.press('n');
  const note = page.getByTestId('note-dialog');
  await expect(note).toBeVisible();
  await note.getByTestId('tag-root-cause').check();
  await note.getByTestId('note-text').fill(NOTE);
  mkdirSync(ARTIFACTS, { recursive: true });
  await note.screenshot({ path: path.join(ARTIFACTS, 'case-note-dialog.png') });
  await note.getByTestId('note-save').click();
  await expect(note).toBeHidden();

  // A finding is marked the same way (and Space again takes a mark without a note off).
  const finding = app.findings.first();
  await finding.focus();
  await page.keyboard.press('Space');
  await expect(finding.getByTestId('finding-marked')).toBeVisible();
  await page.keyboard.press('Space');
  await expect(finding.getByTestId('finding-marked')).toHaveCount(0);

  // 2. Its log evidence: the CBS.log line that says STATUS_ACCESS_DENIED on wpdmtp.dll.
  await page.getByTestId('panel-tab-logs').click();
  await page.getByTestId('logs-text').fill('wpdmtp');
  // The filter applies after a short pause; wait for the filtered list before choosing a row in it.
  await expect(page.getByTestId('grid-logs').locator('.ag-row').first()).toContainText(/wpdmtp/i);
  await expect(
    page
      .getByTestId('grid-logs')
      .locator('.ag-row')
      .filter({ hasNotText: /wpdmtp/i }),
  ).toHaveCount(0);
  const logRow = page
    .getByTestId('grid-logs')
    .locator('.ag-row')
    .filter({ hasText: 'CBS.log' })
    .filter({ hasText: 'STATUS_ACCESS_DENIED' })
    .first();
  await expect(logRow).toBeVisible();
  await logRow.locator('[col-id="message"]').click();
  await page.keyboard.press('Space');
  await expect(logRow).toHaveClass(/td-marked/);

  // 3. The case's details and the conclusion (two lines, Chinese).
  await page.getByTestId('case-details').click();
  const meta = page.getByTestId('case-meta-dialog');
  await meta.getByTestId('meta-title').fill(TITLE);
  await meta.getByTestId('meta-ticket').fill('120073124000123');
  await expect(meta.getByTestId('meta-problem-name')).not.toHaveValue('');
  await meta.getByTestId('meta-conclusion').fill(`${CONCLUSION_1}\n${CONCLUSION_2}`);
  await meta.getByTestId('meta-save').click();
  await expect(meta).toBeHidden();
  await expect(page.getByTestId('case-title')).toContainText(TITLE);

  // 4. Save (Ctrl+S): the case lands in the host's cases folder.
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('save-case')).toHaveAttribute('data-state', 'saved');
  const casesDir = path.join(tmp, 'data', 'cases');
  expect(readdirSync(casesDir)).toContain(`${TITLE}.tdcase`);

  await showEvidence(page);
  const items = page.getByTestId('evidence-item');
  await expect(items).toHaveCount(2);
  await expect(items.first()).toContainText(NOTE);
  await expect(items.first()).toContainText('ACCESS DENIED');
  await expect(items.nth(1)).toContainText('CBS.log');
  mkdirSync(ARTIFACTS, { recursive: true });
  await page
    .getByTestId('evidence-panel')
    .screenshot({ path: path.join(ARTIFACTS, 'case-evidence-panel.png') });
  await page.screenshot({ path: path.join(ARTIFACTS, 'case-marked.png') });

  // 5. Reload the page: the marks and the note are still there.
  await page.reload();
  await app.waitLoaded();
  await expect(finding1Row(page)).toHaveClass(/td-marked/);
  await showEvidence(page);
  await expect(page.getByTestId('evidence-item')).toHaveCount(2);
  await expect(page.getByTestId('evidence-note').first()).toHaveText(NOTE);

  // 6. Another case replaces it (the demo again, unmarked); Ctrl+O and the recent list bring it back.
  await page.getByTestId('demo-case').click();
  await app.waitLoaded();
  await expect(page.getByTestId('evidence-item')).toHaveCount(0);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+o');
  const open = page.getByTestId('open-case-dialog');
  await expect(open).toBeVisible();
  await open.getByTestId('recent-case').filter({ hasText: TITLE }).first().click();
  await app.waitLoaded();
  await expect(page.getByTestId('case-title')).toContainText(TITLE);
  await showEvidence(page);
  await expect(page.getByTestId('evidence-item')).toHaveCount(2);
  await expect(page.getByTestId('evidence-note').first()).toHaveText(NOTE);
  await expect(page.getByTestId('evidence-conclusion')).toContainText(CONCLUSION_2);
  await expect(finding1Row(page)).toHaveClass(/td-marked/);

  // 7. Export the PDF report (Ctrl+E), in Chinese, marked findings only; the browser downloads it.
  await page.keyboard.press('Control+e');
  const exp = page.getByTestId('export-dialog');
  await expect(exp).toBeVisible();
  await exp.getByTestId('export-format-pdf').check();
  await exp.getByTestId('export-language').selectOption('zh-CN');
  await exp.getByTestId('export-scope-marked').check();
  await exp.screenshot({ path: path.join(ARTIFACTS, 'case-export-dialog.png') });
  const downloading = page.waitForEvent('download', { timeout: 120_000 });
  await exp.getByTestId('export-run').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`${TITLE}.pdf`);
  const pdf = path.join(tmp, 'report.pdf');
  await download.saveAs(pdf);
  await expect(exp.getByTestId('export-done')).toBeVisible();
  expect(statSync(pdf).size).toBeGreaterThan(10_000);

  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  const flat = text.replace(/\s+/g, '');
  expect(flat).toContain(TITLE.replace(/\s+/g, ''));
  expect(flat).toContain(CONCLUSION_1.replace(/\s+/g, ''));
  expect(flat).toContain(CONCLUSION_2.replace(/\s+/g, ''));
  expect(text).toMatch(/wpdmtp\.dll/i);
  expect(text).toContain('ACCESS DENIED');
  expect(text).toContain('CBS.log');
  expect(text).toContain('STATUS_ACCESS_DENIED');
  expect(flat).toContain(NOTE.replace(/\s+/g, ''));

  // A page of the report as an image, for a person to look at.
  execFileSync('pdftoppm', ['-png', '-r', '70', pdf, path.join(ARTIFACTS, 'case-report')]);
});
