/**
 * The aligned view's columns: the Path columns take the spare width, a column the user drags keeps
 * its width after a reload (as the panes do), and the Time columns make way on a narrow window.
 */
import { expect, test, type Page } from '@playwright/test';
import { AppPage, hostUrl } from '../support/app-page';

const header = (page: Page, colId: string) =>
  page.locator(`[data-testid="grid-aligned"] .ag-header-cell[col-id="${colId}"]`);

async function width(page: Page, colId: string): Promise<number> {
  return (await header(page, colId).boundingBox())?.width ?? 0;
}

test('Path takes the spare width and a dragged column keeps its width after a reload', async ({ page }) => {
  const app = new AppPage(page);
  await page.goto(hostUrl());
  await app.waitLoaded();
  await expect(header(page, 'b.path')).toBeVisible();
  for (const id of ['b.process', 'b.operation', 'b.result'])
    expect(await width(page, 'b.path')).toBeGreaterThan(await width(page, id));

  const before = await width(page, 'b.process');
  const handle = header(page, 'b.process').locator('.ag-header-cell-resize');
  const box = await handle.boundingBox();
  if (!box) throw new Error('no resize handle on the Process column');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2, { steps: 6 });
  await page.mouse.up();
  await expect.poll(() => width(page, 'b.process')).toBeGreaterThan(before + 40);
  const dragged = await width(page, 'b.process');

  await page.reload();
  await app.waitLoaded();
  await expect(header(page, 'b.process')).toBeVisible();
  expect(Math.abs((await width(page, 'b.process')) - dragged)).toBeLessThanOrEqual(2);
  // The other side and the path still follow the defaults.
  expect(await width(page, 'p.path')).toBeGreaterThan(await width(page, 'p.process'));
  await page.evaluate(() => localStorage.removeItem('tracediff.prefs'));
});

test('the Time columns make way on a narrow window and come back when asked for', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const app = new AppPage(page);
  await page.goto(hostUrl());
  await app.waitLoaded();
  await expect(header(page, 'b.path')).toBeVisible();
  await expect(header(page, 'b.time')).toHaveCount(0);
  await expect(page.getByTestId('aligned-time')).not.toBeChecked();
  await page.getByTestId('aligned-time').check();
  await expect(header(page, 'b.time')).toBeVisible();
  await expect(header(page, 'p.time')).toBeVisible();
  await page.evaluate(() => localStorage.removeItem('tracediff.prefs'));
});
