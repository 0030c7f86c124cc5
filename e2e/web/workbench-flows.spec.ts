/**
 * The workbench's flows on the demo case in browser mode: following the top finding, walking
 * differences and failures with the keyboard, filtering (dialog, quick toggle, context menu),
 * searching both captures, the process tree and environment delta, language and theme.
 */
import { expect, test, type Page } from '@playwright/test';
import { AppPage, hostUrl } from '../support/app-page';

async function open(page: Page): Promise<AppPage> {
  const app = new AppPage(page);
  await page.goto(hostUrl());
  await app.waitLoaded();
  await expect(app.alignedRows.first()).toBeVisible();
  return app;
}

const selectedAligned = (page: Page) =>
  page.locator('[data-testid="grid-aligned"] .ag-row-selected[data-kind]').first();

/** The displayed row index of finding 1's row (the window scrolls to it on open). */
async function rowIndexOfFinding(page: Page): Promise<number> {
  const row = page.locator('[data-testid="grid-aligned"] .ag-row[data-finding-rank="1"]').first();
  await expect(row).toBeVisible();
  return Number(await row.getAttribute('row-index'));
}

async function selectedIndex(page: Page): Promise<number> {
  await expect(selectedAligned(page)).toBeVisible();
  return Number(await selectedAligned(page).getAttribute('data-index'));
}

test('following the top finding shows its row, both events and the log lines that back it', async ({
  page,
}) => {
  const app = await open(page);
  await app.findings.nth(1).click();
  await expect(app.findings.nth(1)).toHaveAttribute('aria-current', 'true');
  await app.findings.first().click();
  const row = page.locator('[data-testid="grid-aligned"] [data-finding-rank="1"]').first();
  await expect(row).toBeVisible();
  await expect(row).toHaveClass(/ag-row-selected/);
  const detail = page.getByTestId('detail-pane');
  await expect(detail).toContainText('ACCESS DENIED');
  await expect(detail).toContainText('SUCCESS');
  // The logs panel scrolls to the evidence and outlines it.
  await expect(page.locator('[data-testid="grid-logs"] .td-row--correlated').first()).toBeVisible();
  await expect(page.getByTestId('logs-clock')).toBeVisible();
});

test('F8, Shift+F8 and Alt+Down walk differences and failures in the aligned view', async ({ page }) => {
  await open(page);
  // The window opens on finding 1; start from its row.
  const findingRow = page.locator('[data-testid="grid-aligned"] [data-finding-rank="1"]').first();
  await expect(findingRow).toHaveClass(/ag-row-selected/);
  await findingRow.locator('.ag-cell[col-id="b.operation"]').click();
  const start = await selectedIndex(page);
  await page.keyboard.press('F8');
  await expect.poll(() => selectedIndex(page)).toBeGreaterThan(start);
  const first = await selectedIndex(page);
  expect(['changed', 'baseline-only', 'problem-only']).toContain(
    await selectedAligned(page).getAttribute('data-kind'),
  );
  await page.keyboard.press('F8');
  await expect.poll(() => selectedIndex(page)).toBeGreaterThan(first);
  await page.keyboard.press('Shift+F8');
  await expect.poll(() => selectedIndex(page)).toBe(first);
  await page.keyboard.press('Alt+ArrowDown');
  await expect(selectedAligned(page).locator('.td-tone--fail').first()).toBeVisible();
});

test('the filter dialog and a quick toggle filter both captures', async ({ page }) => {
  const app = await open(page);
  await page.keyboard.press('Control+l');
  const dialog = page.getByTestId('filter-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('filter-column').selectOption('Process Name');
  await dialog.getByTestId('filter-relation').selectOption('is');
  await dialog.getByTestId('filter-value').fill('TiWorker.exe');
  await dialog.getByTestId('filter-add').click();
  await expect(dialog.getByTestId('filter-rule')).toHaveCount(1);
  await dialog.getByTestId('filter-ok').click();
  await expect(page.getByTestId('filter-button')).toContainText('(1)');

  // Aligned: every row has TiWorker.exe on one side at least.
  await expect(page.locator('[data-testid="grid-aligned"] .ag-cell[col-id="b.process"]').first()).toHaveText(
    'TiWorker.exe',
  );
  await app.showSideBySide();
  const processes = app.grid('problem').locator('.ag-cell[col-id="process"]');
  await expect(processes.first()).toHaveText('TiWorker.exe');
  expect(new Set(await processes.allTextContents())).toEqual(new Set(['TiWorker.exe']));

  await page.getByTestId('quick-failuresOnly').click();
  await expect(page.getByTestId('filter-button')).toContainText('(2)');
  await expect(app.gridRows('problem').first()).toHaveAttribute('data-result-class', 'failure');
  const classes = await app
    .gridRows('problem')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-result-class')));
  expect(new Set(classes)).toEqual(new Set(['failure']));
  await expect(app.grid('problem')).toContainText('ACCESS DENIED');

  await page.getByTestId('filter-clear').click();
  await expect(page.getByTestId('filter-button')).not.toContainText('(');
});

test('the context menu includes and excludes a process', async ({ page }) => {
  await open(page);
  const base = await rowIndexOfFinding(page);
  const cell = page.locator(
    `[data-testid="grid-aligned"] .ag-row[row-index="${base - 2}"] .ag-cell[col-id="p.process"]`,
  );
  const name = (await cell.textContent()) ?? '';
  expect(name).not.toBe('');
  await cell.click({ button: 'right' });
  const menu = page.getByTestId('context-menu');
  await expect(menu).toBeVisible();
  await expect(menu.getByTestId('menu-copy')).toBeVisible();
  await menu.getByTestId('menu-exclude-process').click();
  await expect(menu).toBeHidden();
  await expect(page.getByTestId('filter-button')).toContainText('(1)');
  await expect(page.locator('[data-testid="grid-aligned"] .ag-row[data-kind]').first()).toBeVisible();
  const shown = await page
    .locator('[data-testid="grid-aligned"] .ag-cell[col-id="p.process"]')
    .allTextContents();
  expect(shown).not.toContain(name);

  // Include replaces nothing else: a second rule, on the process of another row.
  const other = page
    .locator('[data-testid="grid-aligned"] .ag-row[data-kind="same"] .ag-cell[col-id="b.process"]')
    .first();
  const otherName = (await other.textContent()) ?? '';
  await other.click({ button: 'right' });
  await page.getByTestId('menu-include-process').click();
  await expect(page.getByTestId('filter-button')).toContainText('(2)');
  await expect(page.locator('[data-testid="grid-aligned"] .ag-cell[col-id="b.process"]').first()).toHaveText(
    otherName,
  );
  // Escape closes the menu without running anything.
  await other.click({ button: 'right' });
  await expect(page.getByTestId('context-menu')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('context-menu')).toBeHidden();
});

test('Ctrl+F counts matches on both sides and steps through them', async ({ page }) => {
  await open(page);
  await page.keyboard.press('Control+f');
  const input = page.getByTestId('search-input');
  await expect(input).toBeFocused();
  await input.fill('wpdmtp.dll');
  const count = page.getByTestId('search-count');
  await expect(count).toHaveAttribute('data-total', /^[1-9]\d*$/);
  await expect(count).toContainText(/baseline \d+ events · problem \d+ events/);
  await input.press('Enter');
  await expect(count).toContainText(/^1 of/);
  await expect(selectedAligned(page)).toContainText(/wpdmtp/i);
  const firstHit = await selectedIndex(page);
  await input.press('Enter');
  await expect(count).toContainText(/^2 of/);
  await expect.poll(() => selectedIndex(page)).toBeGreaterThan(firstHit);
  await input.press('Shift+Enter');
  await expect.poll(() => selectedIndex(page)).toBe(firstHit);
  await input.fill('no-such-text-in-either-capture');
  await expect(count).toHaveAttribute('data-total', '0');
});

test('the processes tab lists the agent first among what only the problem machine runs', async ({ page }) => {
  await open(page);
  await page.getByTestId('panel-tab-processes').click();
  const first = page.getByTestId('env-item').first();
  await expect(first).toHaveAttribute('data-presence', 'problem-only');
  await expect(first).toContainText('vEdsmService.exe');
  await expect(first).toContainText('third-party');
  // In the tree, the agent's branch comes first and the agent first under its parent.
  const rows = page.getByTestId('process-tree-problem').getByTestId('process-row');
  await expect(rows.first()).toBeVisible();
  const names = await rows.evaluateAll((trs) =>
    trs.slice(0, 3).map((tr) => `${tr.getAttribute('data-only') ?? ''}:${tr.textContent ?? ''}`),
  );
  expect(names.some((n) => n.startsWith('true:') && /vEdsmService\.exe|vUserHci\.exe/.test(n))).toBe(true);
  await page.getByTestId('panel-tab-charts').click();
  await expect(page.getByTestId('timeline-problem').getByTestId('timeline-bar').first()).toBeVisible();
  // Most failures on the problem machine first: the agent's UI, which fails on its own key 101 times.
  await expect(page.getByTestId('process-chart-row').first()).toContainText('vUserHci.exe');
  await expect(page.getByTestId('process-chart')).toContainText('TiWorker.exe');
});

test('switches language and theme', async ({ page }) => {
  await open(page);
  await page.getByTestId('lang-zh').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByTestId('filter-button')).toContainText('过滤器');
  await expect(page.getByTestId('view-aligned')).toHaveText('对齐视图');
  await expect(page.getByTestId('panel-tab-processes')).toHaveText('进程');
  await page.getByTestId('lang-en').click();
  await expect(page.getByTestId('filter-button')).toContainText('Filter');
  const before = await page.locator('html').getAttribute('data-theme');
  await page.getByTestId('theme-toggle').click();
  const after = await page.locator('html').getAttribute('data-theme');
  expect(after).not.toBe(before);
  expect(['light', 'dark']).toContain(after);
});

test('an event chosen in a capture grid shows its aligned counterpart beside it in the detail pane', async ({
  page,
}) => {
  const app = await open(page);
  await app.showSideBySide();
  // The failing open of wpdmtp.dll, from the failures list: its baseline counterpart succeeded.
  await app.failuresList
    .getByTestId('failure-item')
    .filter({ hasText: /wpdmtp\.dll/i })
    .first()
    .click();
  const seqRow = page.getByTestId('detail-pane').locator('table.td-compare tbody tr').first();
  await expect(seqRow.locator('td').nth(1)).toHaveText(/^\d+$/);
  await expect(seqRow.locator('td').nth(0)).toHaveText(/^\d+$/);
});

test('Ctrl+G in the aligned view goes to the aligned row of an event', async ({ page }) => {
  await open(page);
  const seqRow = page.getByTestId('detail-pane').locator('table.td-compare tbody tr').first();
  await expect(seqRow.locator('td').nth(1)).toHaveText(/^\d+$/);
  const problemSeq = (await seqRow.locator('td').nth(1).textContent()) ?? '';
  // Move away from finding 1, then come back by its problem event's sequence number.
  await page.getByTestId('findings').getByTestId('finding').nth(1).click();
  await expect(selectedAligned(page)).not.toHaveAttribute('data-finding-rank', '1');
  await page.keyboard.press('Control+g');
  const dialog = page.getByTestId('goto-dialog');
  await dialog.getByRole('button', { name: 'Problem' }).click();
  await dialog.getByTestId('goto-input').fill(problemSeq);
  await dialog.getByTestId('goto-submit').click();
  await expect(page.getByTestId('view-aligned')).toHaveAttribute('aria-selected', 'true');
  await expect(selectedAligned(page)).toHaveAttribute('data-finding-rank', '1');
});
