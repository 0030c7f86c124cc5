/**
 * F8 / Shift+F8 and Alt+Down / Alt+Up on the demo case: the host finds the next difference or
 * failure over the whole aligned list (`findNextAligned`), so a key reaches rows the grid has not
 * loaded, and the window scrolls to and selects that row. Where the rows should be is read from the
 * host's own pages (every row of the folded list), not written into the test.
 */
import { expect, test, type Page, type Request } from '@playwright/test';
import { AppPage, hostUrl } from '../support/app-page';

interface RowLite {
  index: number;
  kind: string;
  baseline: { seq: number; resultClass: string } | null;
  problem: { seq: number; resultClass: string } | null;
}

const selectedAligned = (page: Page) =>
  page.locator('[data-testid="grid-aligned"] .ag-row-selected[data-kind]').first();

async function selectedIndex(page: Page): Promise<number> {
  await expect(selectedAligned(page)).toBeVisible();
  return Number(await selectedAligned(page).getAttribute('data-index'));
}

/** Every row of the folded (or expanded) aligned list, read page by page from the host as the grid would. */
async function allRows(page: Page, expandAll = false): Promise<RowLite[]> {
  return page.evaluate(async (expandAll) => {
    const token = new URLSearchParams(location.search).get('token') ?? '';
    const rows: RowLite[] = [];
    for (let offset = 0; ; offset += 5000) {
      const res = await fetch('/api/call/queryAligned', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-TraceDiff-Token': token },
        body: JSON.stringify({ offset, limit: 5000, expandAll }),
      });
      const body = (await res.json()) as { rows: RowLite[]; total: number };
      rows.push(...body.rows);
      if (body.rows.length === 0 || rows.length >= body.total) return rows;
    }
  }, expandAll);
}

const isDifference = (r: RowLite): boolean =>
  r.kind === 'changed' || r.kind === 'baseline-only' || r.kind === 'problem-only';
const isFailure = (r: RowLite): boolean =>
  r.kind !== 'collapsed' &&
  (r.baseline?.resultClass === 'failure') !== (r.problem?.resultClass === 'failure');

/** Contract calls the page makes while `action` runs. */
async function callsDuring(
  page: Page,
  action: () => Promise<void>,
): Promise<{ method: string; body: string }[]> {
  const calls: { method: string; body: string }[] = [];
  const listener = (r: Request): void => {
    const m = /\/api\/call\/([A-Za-z]+)/.exec(r.url());
    if (m) calls.push({ method: m[1], body: r.postData() ?? '' });
  };
  page.on('request', listener);
  try {
    await action();
  } finally {
    page.off('request', listener);
  }
  return calls;
}

async function open(page: Page): Promise<void> {
  const app = new AppPage(page);
  await page.goto(hostUrl());
  await app.waitLoaded();
  await expect(app.alignedRows.first()).toBeVisible();
  // The window opens on finding 1; wait for that, so it does not move the selection later.
  await expect(selectedAligned(page)).toHaveAttribute('data-finding-rank', '1');
}

/** The aligned grid's vertical scroller: its element that scrolls the most (class names vary by version). */
async function scrollGrid(page: Page, to: 'top' | 'bottom' | number): Promise<void> {
  await page.getByTestId('grid-aligned').evaluate((grid, to) => {
    const viewport = Array.from(grid.querySelectorAll<HTMLElement>('*'))
      .filter((el) => el.scrollHeight > el.clientHeight + 100 && getComputedStyle(el).overflowY !== 'hidden')
      .sort((a, b) => b.scrollHeight - a.scrollHeight)[0];
    const rowHeight = grid.querySelector<HTMLElement>('.ag-row')?.offsetHeight ?? 24;
    viewport.scrollTop = to === 'top' ? 0 : to === 'bottom' ? viewport.scrollHeight : to * rowHeight;
  }, to);
}

/** Scrolls the aligned grid to a row and clicks it (only the blocks there get loaded). */
async function clickRow(page: Page, index: number, to: 'top' | 'bottom' | number = index): Promise<void> {
  await scrollGrid(page, to);
  const row = page.locator(`[data-testid="grid-aligned"] .ag-row[row-index="${index}"][data-kind]`).first();
  await row.locator('.ag-cell[col-id="kind"]').click();
}

async function goTo(page: Page, end: 'top' | 'bottom', lastIndex = 0): Promise<void> {
  const index = end === 'top' ? 0 : lastIndex;
  await clickRow(page, index, end);
  await expect.poll(() => selectedIndex(page)).toBe(index);
}

test('Alt+Down reaches a failure beyond the loaded block, Alt+Up comes back, and the keys ask the host', async ({
  page,
}) => {
  await open(page);
  const rows = await allRows(page);
  const failures = rows.filter(isFailure).map((r) => r.index);
  // The demo's second one-sided failure lies past the first block of 200 rows the grid loads.
  expect(failures.length).toBeGreaterThan(2);
  expect(failures[1]).toBeGreaterThanOrEqual(200);

  await goTo(page, 'top');
  const rendered = await page
    .locator('[data-testid="grid-aligned"] .ag-row[row-index]')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('row-index'))));
  expect(Math.max(...rendered)).toBeLessThan(failures[1]);

  await page.keyboard.press('Alt+ArrowDown');
  await expect.poll(() => selectedIndex(page)).toBe(failures[0]);
  const calls = await callsDuring(page, async () => {
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => selectedIndex(page)).toBe(failures[1]);
  });
  await expect(selectedAligned(page).locator('.td-tone--fail').first()).toBeVisible();
  // One host search from the selected row; the renderer no longer pages through the list itself.
  const step = calls.filter((c) => c.method === 'findNextAligned');
  expect(step).toHaveLength(1);
  expect(JSON.parse(step[0].body)).toMatchObject({ from: failures[0], direction: 1, kind: 'failure' });
  expect(calls.filter((c) => c.method === 'queryAligned' && /"limit":2000/.test(c.body))).toEqual([]);

  await page.keyboard.press('Alt+ArrowUp');
  await expect.poll(() => selectedIndex(page)).toBe(failures[0]);
});

test('F8 and Shift+F8 go to the next and previous difference over the whole list, and say when there is none', async ({
  page,
}) => {
  await open(page);
  const rows = await allRows(page);
  const differences = rows.filter(isDifference).map((r) => r.index);
  const failures = rows.filter(isFailure).map((r) => r.index);

  // From a row past the first block (reached with Alt+Down), F8 finds the next difference after it.
  await goTo(page, 'top');
  await page.keyboard.press('Alt+ArrowDown');
  await page.keyboard.press('Alt+ArrowDown');
  await expect.poll(() => selectedIndex(page)).toBe(failures[1]);
  const start = failures[1];
  const next = differences.find((i) => i > start)!;
  const afterNext = differences.find((i) => i > next)!;
  await page.keyboard.press('F8');
  await expect.poll(() => selectedIndex(page)).toBe(next);
  await page.keyboard.press('F8');
  await expect.poll(() => selectedIndex(page)).toBe(afterNext);
  expect(['changed', 'baseline-only', 'problem-only']).toContain(
    await selectedAligned(page).getAttribute('data-kind'),
  );
  await page.keyboard.press('Shift+F8');
  await expect.poll(() => selectedIndex(page)).toBe(next);

  // Before the first row there is nothing: the status bar says so and the selection stays.
  await goTo(page, 'top');
  await page.keyboard.press('Shift+F8');
  await expect(page.getByTestId('notice')).toContainText('No more differences in that direction.');
  await expect.poll(() => selectedIndex(page)).toBe(0);
  // After the last row there is none either.
  await goTo(page, 'bottom', rows.length - 1);
  await page.keyboard.press('F8');
  await expect(page.getByTestId('notice')).toContainText('No more differences in that direction.');
  await expect.poll(() => selectedIndex(page)).toBe(rows.length - 1);
});

test('clicking a folded run of identical rows opens the expanded list at its first row', async ({ page }) => {
  await open(page);
  const folded = await allRows(page);
  const expanded = await allRows(page, true);
  // The second run: its expanded position counts the rows folded into the first one.
  const run = folded.filter((r) => r.kind === 'collapsed')[1];
  expect(run).toBeDefined();
  const target = expanded.findIndex((r) => r.baseline?.seq === run.baseline?.seq);
  expect(target).toBeGreaterThan(run.index);
  await clickRow(page, run.index);
  await expect(page.getByTestId('expand-all')).toBeChecked();
  await expect.poll(() => selectedIndex(page)).toBe(target);
  await expect(selectedAligned(page)).toHaveAttribute('data-kind', 'same');
});
