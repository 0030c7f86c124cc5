import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { AppPage } from '../support/app-page';
import { startWebHost, type RunningHost } from '../support/web-host';

const HEADER = '"Time of Day","Process Name","PID","Operation","Path","Result","Detail"';

/** A small Procmon CSV export: the same work on both machines, one open that differs. */
function writeCapture(dir: string, name: string, result: string): string {
  const rows = Array.from(
    { length: 40 },
    (_, i) =>
      `"10:00:00.${String(i).padStart(7, '0')}","svchost.exe","900","ReadFile","C:\\Windows\\Logs\\f${i}.log","SUCCESS",""`,
  );
  rows.push(
    `"10:00:01.0000000","TiWorker.exe","3032","CreateFile","C:\\Windows\\System32\\drivers\\upload-test.sys","${result}",""`,
  );
  const file = path.join(dir, name);
  writeFileSync(file, [HEADER, ...rows, ''].join('\r\n'));
  return file;
}

// Its own host: this test replaces the loaded case, and checks what the host leaves on disk after it exits.
let tmp: string;
let host: RunningHost;

test.beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'tracediff-e2e-upload-'));
  host = await startWebHost(['--port', '0'], { TMPDIR: tmp });
});

test.afterAll(async () => {
  await host?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

test('opens captures chosen in the browser by uploading them, and removes the uploads when the host exits', async ({
  page,
}) => {
  const files = mkdtempSync(path.join(tmp, 'files-'));
  const baseline = writeCapture(files, 'upload-baseline.CSV', 'SUCCESS');
  const problem = writeCapture(files, 'upload-problem.CSV', 'ACCESS DENIED');
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.waitLoaded();

  for (const [side, file] of [
    ['baseline', baseline],
    ['problem', problem],
  ] as const) {
    await page.getByTestId('open-files').click();
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId(`open-${side}`).click();
    await (await chooser).setFiles(file);
    await expect(page.getByTestId(`badge-${side}`)).toContainText(path.basename(file));
  }
  await app.waitLoaded();
  await expect(app.findings.first()).toContainText('upload-test.sys');

  const uploadDirs = readdirSync(tmp).filter((d) => d.startsWith('tracediff-uploads-'));
  expect(uploadDirs).toHaveLength(1);
  // Each upload in a folder of its own, under the name it was uploaded with.
  const uploadRoot = path.join(tmp, uploadDirs[0]);
  expect(
    readdirSync(uploadRoot)
      .flatMap((d) => readdirSync(path.join(uploadRoot, d)))
      .sort(),
  ).toEqual(['upload-baseline.CSV', 'upload-problem.CSV']);

  await host.stop();
  expect(existsSync(path.join(tmp, uploadDirs[0]))).toBe(false);
});
