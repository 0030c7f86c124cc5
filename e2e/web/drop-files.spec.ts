/**
 * Loading by drag and drop in browser mode: the demo files are read from fixtures/demo in the test
 * and dropped on the window as a browser would (a drop event whose DataTransfer holds the files).
 * Its own host: the drop replaces the loaded case.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { AppPage } from '../support/app-page';
import { dropFiles, type DroppedFile } from '../support/drop';
import { startWebHost, type RunningHost } from '../support/web-host';

const DEMO = path.join(process.cwd(), 'fixtures', 'demo');
let tmp: string;
let host: RunningHost;

test.beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'tracediff-e2e-drop-'));
  host = await startWebHost(['--port', '0'], { TMPDIR: tmp });
});

test.afterAll(async () => {
  await host?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

function demoFile(rel: string): DroppedFile {
  return { name: path.basename(rel), bytes: readFileSync(path.join(DEMO, rel)) };
}

test('a log dropped on the demo case is added and the case keeps its title', async ({ page }) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.waitLoaded();
  const title = page.getByTestId('case-title');
  await expect(title).toContainText('KB4561621');
  const before = await title.textContent();
  await dropFiles(page, [demoFile('logs/dism.log')]);
  await expect(page.getByTestId('logs-panel')).toContainText('6');
  await app.waitLoaded();
  await expect(title).toHaveText(before ?? '');
});

test('dropping the two captures and the logs loads them, sorted to their sides by content and name', async ({
  page,
}) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.waitLoaded();
  const logs = readdirSync(path.join(DEMO, 'logs'))
    .filter((n) => !n.startsWith('.'))
    .map((n) => demoFile(`logs/${n}`));
  // Problem first: the order of a drop must not decide the sides.
  await dropFiles(page, [
    demoFile('problem-managed-image.CSV'),
    demoFile('baseline-clean-image.CSV'),
    ...logs,
  ]);
  await expect(page.getByTestId('badge-baseline')).toContainText('baseline-clean-image.CSV');
  await expect(page.getByTestId('badge-problem')).toContainText('problem-managed-image.CSV');
  await app.waitLoaded();
  await expect(app.findings.first()).toContainText(/wpdmtp\.dll/i);
  await expect(app.findings.first()).toContainText('ACCESS DENIED');
  // The logs come along (added to those already open: a drop adds logs, it never closes any).
  await expect(page.getByTestId('logs-panel')).toContainText(/\d+ logs/);
  await expect(page.getByTestId('case-title')).not.toContainText('KB4561621');
});
