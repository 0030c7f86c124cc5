/**
 * Zip bundles by drag and drop in browser mode: a support bundle is built in the test from the demo
 * files, dropped as a browser would, and the window says which entry went to which side, which
 * joined the logs and which were skipped. Its own host: the drops replace the loaded case.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { buildZip } from '../../fuzz/zip-builder';
import { AppPage } from '../support/app-page';
import { dropFiles } from '../support/drop';
import { startWebHost, type RunningHost } from '../support/web-host';

const DEMO = path.join(process.cwd(), 'fixtures', 'demo');
const ARTIFACTS = path.join(process.cwd(), 'e2e', 'artifacts');
let tmp: string;
let host: RunningHost;

test.beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'tracediff-e2e-bundle-'));
  host = await startWebHost(['--port', '0'], { TMPDIR: tmp });
});

test.afterAll(async () => {
  await host?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

const demo = (rel: string): Buffer => readFileSync(path.join(DEMO, rel));

test('a support bundle dropped on the window is expanded, sorted by content and name, and says what went where', async ({
  page,
}) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.waitLoaded();
  const logs = readdirSync(path.join(DEMO, 'logs')).filter((n) => !n.startsWith('.'));
  const bundle = buildZip([
    // Problem first and in folders, as a collection script lays them out.
    { name: 'capture/problem-managed-image.CSV', data: demo('problem-managed-image.CSV') },
    { name: 'capture/baseline-clean-image.CSV', data: demo('baseline-clean-image.CSV') },
    ...logs.map((n) => ({ name: `logs/${n}`, data: demo(`logs/${n}`) })),
    { name: 'screenshot.png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]) },
  ]);
  await dropFiles(page, [{ name: 'support-bundle.zip', bytes: bundle }]);

  const notice = page.getByTestId('placement-notice');
  await expect(notice).toContainText('support-bundle.zip');
  await expect(notice.getByTestId('placed-baseline')).toContainText('baseline-clean-image.CSV');
  await expect(notice.getByTestId('placed-problem')).toContainText('problem-managed-image.CSV');
  await expect(notice.getByTestId('placed-logs')).toContainText(`(${logs.length})`);
  await expect(notice.getByTestId('placed-skipped')).toContainText('1');
  await notice.getByTestId('placed-skipped').locator('summary').click();
  await expect(notice.getByTestId('placed-skipped')).toContainText('screenshot.png');
  const axe = await new AxeBuilder({ page }).include('[data-testid="placement-notice"]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'drop-bundle.png') });

  await expect(page.getByTestId('badge-baseline')).toContainText('baseline-clean-image.CSV');
  await expect(page.getByTestId('badge-problem')).toContainText('problem-managed-image.CSV');
  await app.waitLoaded();
  await expect(app.findings.first()).toContainText(/wpdmtp\.dll/i);
  await expect(app.findings.first()).toContainText('ACCESS DENIED');
  // Nothing in the bundle became an error: the picture is skipped quietly, not failed.
  await expect(page.getByTestId('errors')).toHaveCount(0);
  await notice.getByTestId('placement-dismiss').click();
  await expect(notice).toHaveCount(0);
});

test('a bundle dropped on the problem zone puts its one capture on the problem side, whatever its name', async ({
  page,
}) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.waitLoaded();
  const bundle = buildZip([
    { name: 'Logfile.CSV', data: demo('problem-managed-image.CSV') },
    { name: 'CBS.log', data: demo('logs/CBS.log') },
  ]);
  await dropFiles(page, [{ name: 'customer-upload.zip', bytes: bundle }], 'drop-overlay-problem');
  const notice = page.getByTestId('placement-notice');
  await expect(notice.getByTestId('placed-problem')).toContainText('Logfile.CSV');
  await expect(notice.getByTestId('placed-logs')).toContainText('CBS.log');
  await expect(notice.getByTestId('placed-baseline')).toHaveCount(0);
  await expect(page.getByTestId('badge-problem')).toContainText('Logfile.CSV');
  await app.waitLoaded();
});
