import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { AppPage, hostUrl } from '../support/app-page';

const ARTIFACTS = path.join(process.cwd(), 'e2e', 'artifacts');

test.describe('demo case in browser mode', () => {
  test('opens with both captures side by side and the wpdmtp.dll ACCESS DENIED marked as a failure', async ({ page }) => {
    const app = new AppPage(page);
    await page.goto(hostUrl());
    await app.waitLoaded();

    await expect(app.gridRows('baseline').first()).toBeVisible();
    await expect(app.gridRows('problem').first()).toBeVisible();

    const failure = app.failuresList.getByText(/wpdmtp\.dll/i).first();
    await expect(failure).toBeVisible();
    await expect(app.failuresList).toContainText('ACCESS DENIED');

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'demo-case.png') });
    // The README's screenshot is refreshed on request only, so ordinary runs leave the tree clean.
    if (process.env.TRACEDIFF_UPDATE_SCREENSHOT === '1') {
      mkdirSync(path.join(process.cwd(), 'docs'), { recursive: true });
      await page.screenshot({ path: path.join(process.cwd(), 'docs', 'screenshot.png') });
    }
  });
});
