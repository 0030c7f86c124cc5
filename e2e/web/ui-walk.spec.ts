/**
 * A walk through every screen of issue #7 for people to look at: the empty state, the demo case's
 * aligned view with its findings, each trace alone, the filter dialog, search, the detail pane's
 * stack, processes and the environment delta, the logs with an error code explained, the charts,
 * the help panel, the export dialog and the report it makes. Screenshots go to
 * e2e/artifacts/walk/<size>-<lang>-<theme>-<screen>.png.
 *
 * By default one combination runs (1440x900, en, light) with the layout checks below;
 * TRACEDIFF_UI_WALK=all runs both sizes (1440x900, 1280x720) in en and zh-CN, light and dark.
 * Its own host: the walk closes the captures to show the empty state.
 */
import { mkdirSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { AppPage } from '../support/app-page';
import { startWebHost, type RunningHost } from '../support/web-host';

const OUT = path.join(process.cwd(), 'e2e', 'artifacts', 'walk');
const ALL = process.env.TRACEDIFF_UI_WALK === 'all';
const SIZES = ALL
  ? [
      { width: 1440, height: 900 },
      { width: 1280, height: 720 },
    ]
  : [{ width: 1440, height: 900 }];
const LANGS = ALL ? (['en', 'zh-CN'] as const) : (['en'] as const);
const THEMES = ALL ? (['light', 'dark'] as const) : (['light'] as const);

let tmp: string;
let host: RunningHost;

test.beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'tracediff-e2e-walk-'));
  host = await startWebHost(['--port', '0'], { TMPDIR: tmp, TRACEDIFF_DATA_DIR: tmp });
  mkdirSync(OUT, { recursive: true });
});

test.afterAll(async () => {
  await host?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

function urlWith(lang: string, theme: string): string {
  const url = new URL(host.url);
  url.searchParams.set('lang', lang);
  url.searchParams.set('theme', theme);
  return url.toString();
}

/** Elements whose text is cut (wider content than box) among `selector`, by their text. */
async function clipped(page: Page, selector: string): Promise<string[]> {
  return page
    .locator(selector)
    .evaluateAll((els) =>
      els.filter((e) => e.scrollWidth > e.clientWidth).map((e) => (e.textContent ?? '').trim()),
    );
}

/** Calls the host as the page does (its cookie carries the token). */
async function hostCall(page: Page, method: string, req: unknown): Promise<unknown> {
  return page.evaluate(
    async ({ m, r }) => {
      const res = await fetch(`/api/call/${m}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(r),
        credentials: 'same-origin',
      });
      return res.json() as Promise<unknown>;
    },
    { m: method, r: req },
  );
}

for (const size of SIZES) {
  for (const lang of LANGS) {
    for (const theme of THEMES) {
      const tag = `${size.width}x${size.height}-${lang}-${theme}`;
      test(`every screen at ${tag}`, async ({ page }) => {
        test.setTimeout(300_000);
        await page.setViewportSize(size);
        const shot = (name: string) => page.screenshot({ path: path.join(OUT, `${tag}-${name}.png`) });
        const app = new AppPage(page);
        await page.goto(urlWith(lang, theme));
        await app.waitLoaded();
        const findingRow = page.locator('[data-testid="grid-aligned"] [data-finding-rank="1"]').first();
        await expect(findingRow).toBeVisible();
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);

        // The case title is whole beside the captures and the case buttons at these sizes.
        expect.soft(await clipped(page, '[data-testid="case-title"]')).toEqual([]);
        // The aligned Path columns take the spare width: wider than any other column of their side.
        const widths = await page
          .locator('[data-testid="grid-aligned"] .ag-header-cell[col-id]')
          .evaluateAll((cells) =>
            Object.fromEntries(
              cells.map((c) => [c.getAttribute('col-id') ?? '', c.getBoundingClientRect().width]),
            ),
          );
        for (const side of ['b', 'p']) {
          const others = Object.entries(widths).filter(
            ([id]) => id.startsWith(`${side}.`) && id !== `${side}.path`,
          );
          for (const [id, w] of others) expect.soft(widths[`${side}.path`], id).toBeGreaterThan(w);
        }
        await shot('aligned');

        await page.getByTestId('detail-tab-stack').click();
        await shot('detail-stack');
        await page.getByTestId('detail-tab-process').click();
        await shot('detail-process');
        await page.getByTestId('detail-tab-fields').click();

        await app.showSideBySide();
        await expect(app.gridRows('problem').first()).toBeVisible();
        await shot('per-trace');
        await page.getByTestId('view-aligned').click();
        await expect(findingRow).toBeVisible();

        await page.keyboard.press('Control+l');
        await expect(page.getByTestId('filter-dialog')).toBeVisible();
        await shot('filter-dialog');
        await page.keyboard.press('Escape');
        await expect(page.getByTestId('filter-dialog')).toBeHidden();

        await page.keyboard.press('Control+f');
        await page.getByTestId('search-input').fill('wpdmtp.dll');
        await expect(page.getByTestId('search-count')).toHaveAttribute('data-total', /^[1-9]\d*$/);
        await page.getByTestId('search-input').press('Enter');
        await shot('search');
        await page.getByTestId('search-close').click();

        await page.getByTestId('panel-tab-processes').click();
        await expect(page.getByTestId('env-item').first()).toBeVisible();
        await shot('processes');

        await page.getByTestId('panel-tab-logs').click();
        const code = page.getByTestId('log-code').first();
        await expect(code).toBeVisible();
        await code.click();
        await expect(page.getByTestId('code-popover')).toBeVisible();
        await shot('logs-code');
        await page.keyboard.press('Escape');

        await page.getByTestId('panel-tab-charts').click();
        await expect(page.getByTestId('process-chart')).toBeVisible();
        await shot('charts');
        await page.getByTestId('panel-tab-logs').click();

        await page.getByTestId('help-button').click();
        await expect(page.getByTestId('help-panel')).toBeVisible();
        await shot('help');
        await page.keyboard.press('Escape');
        await expect(page.getByTestId('help-panel')).toBeHidden();

        await page.keyboard.press('Control+e');
        const exp = page.getByTestId('export-dialog');
        await expect(exp).toBeVisible();
        await exp.getByTestId('export-format-html').check();
        await exp.getByTestId('export-language').selectOption(lang);
        await exp.getByTestId('export-scope-all').check();
        await shot('export-dialog');
        const downloading = page.waitForEvent('download', { timeout: 120_000 });
        await exp.getByTestId('export-run').click();
        const html = path.join(tmp, `${tag}-report.html`);
        await (await downloading).saveAs(html);
        await expect(exp.getByTestId('export-done')).toBeVisible();
        await exp.locator('.td-modal__actions button').first().click();
        await expect(exp).toBeHidden();
        const report = await page.context().newPage();
        await report.setViewportSize(size);
        await report.setContent(readFileSync(html, 'utf8'));
        await report.screenshot({ path: path.join(OUT, `${tag}-report.png`) });
        await report.close();

        // The empty state: both captures closed.
        const state = (await hostCall(page, 'getState', {})) as {
          traces: Record<string, { id: string } | undefined>;
        };
        for (const t of Object.values(state.traces)) if (t) await hostCall(page, 'closeInput', { id: t.id });
        await expect(page.getByTestId('empty-state')).toBeVisible();
        await shot('empty');
        await page.getByTestId('empty-demo').click();
        await app.waitLoaded();
      });
    }
  }
}
