/**
 * Accessibility scan (axe) of the main window with the demo case in both themes, and screenshots in
 * both languages and both themes (e2e/artifacts/workbench-<lang>-<theme>.png) for people to look at.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { AppPage, hostUrl } from '../support/app-page';

const ARTIFACTS = path.join(process.cwd(), 'e2e', 'artifacts');

function withParams(lang: string, theme: string): string {
  const url = new URL(hostUrl());
  url.searchParams.set('lang', lang);
  url.searchParams.set('theme', theme);
  return url.toString();
}

for (const theme of ['light', 'dark'] as const) {
  test(`no serious or critical accessibility violations in the ${theme} theme`, async ({ page }) => {
    // axe walks every node of two grids and the panels: slow on a small machine.
    test.setTimeout(240_000);
    const app = new AppPage(page);
    await page.goto(withParams('en', theme));
    await app.waitLoaded();
    await expect(app.alignedRows.first()).toBeVisible();
    await expect(page.locator('[data-testid="grid-logs"] .ag-row').first()).toBeVisible();
    const result = await new AxeBuilder({ page }).analyze();
    const bad = result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
      }));
    expect(bad, JSON.stringify(bad, null, 2)).toEqual([]);
  });
}

test.describe('screenshots', () => {
  test.use({ viewport: { width: 1600, height: 900 } });
  for (const lang of ['en', 'zh-CN'] as const) {
    for (const theme of ['light', 'dark'] as const) {
      test(`workbench in ${lang}, ${theme} theme`, async ({ page }) => {
        const app = new AppPage(page);
        await page.goto(withParams(lang, theme));
        await app.waitLoaded();
        await expect(
          page.locator('[data-testid="grid-aligned"] [data-finding-rank="1"]').first(),
        ).toBeVisible();
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        await expect(page.locator('html')).toHaveAttribute('lang', lang);
        mkdirSync(ARTIFACTS, { recursive: true });
        await page.screenshot({ path: path.join(ARTIFACTS, `workbench-${lang}-${theme}.png`) });
        // The other panels too: processes with the environment delta, and the charts.
        await page.getByTestId('panel-tab-processes').click();
        await expect(page.getByTestId('env-item').first()).toBeVisible();
        await page.screenshot({ path: path.join(ARTIFACTS, `workbench-${lang}-${theme}-processes.png`) });
        await page.getByTestId('panel-tab-charts').click();
        await expect(page.getByTestId('process-chart-row').first()).toBeVisible();
        await page.screenshot({ path: path.join(ARTIFACTS, `workbench-${lang}-${theme}-charts.png`) });
        await page.getByTestId('panel-tab-logs').click();
      });
    }
  }
});
