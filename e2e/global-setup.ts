/**
 * Starts one browser-mode host for the `web` project (`--port 0`: a free port) and hands its
 * address to the tests through the environment; the returned function stops it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startWebHost } from './support/web-host';

// Playwright calls the default export of its global setup file.
export default async function globalSetup(): Promise<() => Promise<void>> {
  // Cases the tests make go to a folder of their own, never the user's ~/.tracediff.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tracediff-e2e-data-'));
  const host = await startWebHost(['--port', '0'], { TRACEDIFF_DATA_DIR: dataDir });
  process.env.TRACEDIFF_E2E_URL = host.url;
  process.env.TRACEDIFF_E2E_PORT = String(host.port);
  process.env.TRACEDIFF_E2E_TOKEN = host.token;
  return async () => {
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
