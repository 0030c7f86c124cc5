import { test } from '@playwright/test';
import { startWebHost } from '../support/web-host';
test('dbg', async ({ page }) => {
  const host = await startWebHost(['--port', '0'], {});
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(host.url);
  await page.locator('[data-app-state="loaded"]').waitFor();
  const r = await page.evaluate(() => {
    const q = (s: string) => document.querySelector(s) as HTMLElement;
    const t = q('[data-testid="case-title"]');
    const row = t.parentElement as HTMLElement;
    return {
      title: [t.scrollWidth, t.clientWidth, t.getBoundingClientRect().width, getComputedStyle(t).flex, getComputedStyle(t).minWidth],
      row: [row.scrollWidth, row.clientWidth],
      kids: Array.from(row.children).map((c) => [c.className, Math.round(c.getBoundingClientRect().width)]),
    };
  });
  console.log(JSON.stringify(r));
  await host.stop();
});
