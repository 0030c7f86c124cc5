/**
 * The insights in the workbench on the demo case: the known-signature badge and the selected
 * finding's box (cause, remediation, the management agent active near the failure), then the ACL
 * evidence in the Processes tab: first the commands that collect it, then, once both machines'
 * icacls output (fixtures/acl) is dropped on the window, SYSTEM's rights side by side.
 * Its own host: the drop adds logs to the loaded case. Screenshots go to e2e/artifacts/.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { AppPage } from '../support/app-page';
import { dropFiles, type DroppedFile } from '../support/drop';
import { startWebHost, type RunningHost } from '../support/web-host';

const ARTIFACTS = path.join(process.cwd(), 'e2e', 'artifacts');
const ACL = path.join(process.cwd(), 'fixtures', 'acl');
const SERVICING_TITLE = 'An endpoint security or management agent blocks Windows servicing';
let tmp: string;
let host: RunningHost;

test.beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'tracediff-e2e-insights-'));
  host = await startWebHost(['--port', '0'], { TMPDIR: tmp, TRACEDIFF_DATA_DIR: tmp });
  mkdirSync(ARTIFACTS, { recursive: true });
});

test.afterAll(async () => {
  await host?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

function withParams(lang: string, theme: string): string {
  const url = new URL(host.url);
  url.searchParams.set('lang', lang);
  url.searchParams.set('theme', theme);
  return url.toString();
}

function aclFiles(names: string[]): DroppedFile[] {
  return names.map((n) => ({ name: n, bytes: readFileSync(path.join(ACL, n)) }));
}

test('the top finding names the known signature and the agent active near the failure', async ({ page }) => {
  const app = new AppPage(page);
  await page.goto(withParams('en', 'light'));
  await app.waitLoaded();
  const top = app.findings.first();
  await top.click();
  const badge = top.getByTestId('finding-signature');
  await expect(badge).toHaveAttribute('data-rule', 'servicing-blocked-by-endpoint-agent');
  await expect(badge).toContainText(SERVICING_TITLE);
  const box = page.getByTestId('finding-insight');
  await expect(box.getByTestId('finding-signature-box')).toContainText(SERVICING_TITLE);
  await expect(box.getByTestId('finding-signature-box')).toContainText('Remediation:');
  const agent = box.getByTestId('finding-agent').first();
  await expect(agent).toContainText('vEdsmService.exe');
  await expect(agent).toHaveAttribute('data-same-file', 'true');
  await expect(agent).toContainText('after the failure');
  // Only the selected finding carries the box.
  await expect(page.getByTestId('finding-insight')).toHaveCount(1);
  // A tall window so the whole finding and its box fit in the findings panel for the picture.
  await page.setViewportSize({ width: 1440, height: 2000 });
  await box.scrollIntoViewIfNeeded();
  await page
    .getByTestId('findings')
    .screenshot({ path: path.join(ARTIFACTS, 'insights-finding-en-light.png') });

  // The box follows the UI language (rule texts come in both).
  await page.getByTestId('lang-zh').click();
  await expect(box.getByTestId('finding-signature-box')).toContainText('已知问题特征');
  await expect(box.getByTestId('finding-signature-box')).toContainText('处理建议');
  await expect(badge).toContainText('终端安全/管理代理阻止了 Windows 更新服务');
  await page.getByTestId('lang-en').click();
});

test('the ACL section offers the icacls commands, then shows SYSTEM losing rights once both outputs are dropped', async ({
  page,
}) => {
  const app = new AppPage(page);
  await page.goto(withParams('en', 'dark'));
  await app.waitLoaded();
  await app.findings.first().click();
  await page.getByTestId('panel-tab-processes').click();
  const section = page.getByTestId('acl-section');
  // The finding's own (staged) file first, then the installed copies the agent touched, appended.
  const baseline = section.locator('[data-testid="acl-command"][data-side="baseline"]');
  await expect(baseline.first()).toHaveText(
    /^icacls "C:\\Windows\\SoftwareDistribution\\.*wpdmtp\.dll" > "%USERPROFILE%\\Desktop\\baseline-acl-wpdmtp\.txt"$/,
  );
  await expect(baseline.filter({ hasText: 'icacls "C:\\Windows\\System32\\wpdmtp.dll" >> ' })).toHaveCount(1);
  const problem = section.locator('[data-testid="acl-command"][data-side="problem"]');
  await expect(problem).toHaveCount(await baseline.count());
  await expect(problem.first()).toContainText('problem-acl-wpdmtp.txt');
  await expect(section.getByTestId('acl-copy')).toBeEnabled();
  await section.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(ARTIFACTS, 'insights-acl-commands-en-dark.png') });

  await dropFiles(page, aclFiles(['baseline-wpdmtp-icacls.txt', 'problem-wpdmtp-icacls.txt']));
  await app.waitLoaded();
  const table = section.getByTestId('acl-table').first();
  await expect(table).toBeVisible();
  const system = table
    .getByTestId('acl-row')
    .filter({ has: page.getByRole('rowheader', { name: 'NT AUTHORITY\\SYSTEM', exact: true }) });
  await expect(system).toBeVisible();
  const before = (await system.locator('td[data-side="baseline"]').textContent()) ?? '';
  const after = (await system.locator('td[data-side="problem"]').textContent()) ?? '';
  expect(before).toBe('Read & execute');
  expect(after).toMatch(/^Read & execute; denied /);
  await expect(section.getByTestId('acl-commands')).toHaveCount(0);
  await table.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(ARTIFACTS, 'insights-acl-diff-en-dark.png') });
});
