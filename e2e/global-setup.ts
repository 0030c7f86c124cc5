/**
 * Starts one browser-mode host for the `web` project (`--port 0`: a free port) and hands its
 * address to the tests through the environment; the returned function stops it.
 */
import { startWebHost } from './support/web-host';

// Playwright calls the default export of its global setup file.
export default async function globalSetup(): Promise<() => Promise<void>> {
  const host = await startWebHost(['--port', '0']);
  process.env.TRACEDIFF_E2E_URL = host.url;
  process.env.TRACEDIFF_E2E_PORT = String(host.port);
  process.env.TRACEDIFF_E2E_TOKEN = host.token;
  return () => host.stop();
}
