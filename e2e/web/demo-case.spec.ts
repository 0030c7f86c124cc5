import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { AppPage, hostUrl } from '../support/app-page';

const ARTIFACTS = path.join(process.cwd(), 'e2e', 'artifacts');

test.describe('demo case in browser mode', () => {
  test('opens aligned, with the wpdmtp.dll ACCESS DENIED ranked first and marked as a failure', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await page.goto(hostUrl());
    await app.waitLoaded();

    // The aligned view: the row where the two machines part is a changed row carrying finding #1.
    await expect(app.alignedRows.first()).toBeVisible();
    await expect(
      page.getByTestId('grid-aligned').locator('[data-kind="changed"][data-finding-rank="1"]').first(),
    ).toBeVisible();

    const first = app.findings.first();
    await expect(first).toContainText(/wpdmtp\.dll/i);
    await expect(first).toContainText('ACCESS DENIED');

    const failure = app.failuresList
      .getByTestId('failure-item')
      .filter({ hasText: /wpdmtp\.dll/i })
      .first();
    await expect(failure).toContainText('ACCESS DENIED');

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'demo-case.png') });
    // The README's screenshot is refreshed on request only, so ordinary runs leave the tree clean.
    if (process.env.TRACEDIFF_UPDATE_SCREENSHOT === '1') {
      mkdirSync(path.join(process.cwd(), 'docs'), { recursive: true });
      await page.screenshot({ path: path.join(process.cwd(), 'docs', 'screenshot.png') });
    }
  });

  test('shows both captures side by side, the failing row marked as a failure', async ({ page }) => {
    const app = new AppPage(page);
    await page.goto(hostUrl());
    await app.waitLoaded();
    await app.showSideBySide();

    await expect(app.gridRows('baseline').first()).toBeVisible();
    await expect(app.gridRows('problem').first()).toBeVisible();

    // Jumping from the failures list brings the row into view in the problem grid.
    await app.failuresList
      .getByTestId('failure-item')
      .filter({ hasText: /wpdmtp\.dll/i })
      .first()
      .click();
    const failingRow = app
      .grid('problem')
      .locator('[data-result-class="failure"]')
      .filter({ hasText: /wpdmtp\.dll/i })
      .first();
    await expect(failingRow).toBeVisible();
    await expect(failingRow).toContainText('ACCESS DENIED');
    await page.screenshot({ path: path.join(ARTIFACTS, 'demo-side-by-side.png') });
  });
});
