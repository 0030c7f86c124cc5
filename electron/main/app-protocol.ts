/**
 * Serves the renderer to the window from `app://tracediff/` rather than file://, so the page has a
 * real origin of its own, a CSP header like the browser-mode host's, and can reach no local file
 * other than the built renderer.
 */
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { APP_SCHEME } from '../../shared/desktop-bridge';
import { SECURITY_HEADERS } from '../web/request-guard';
import { contentTypeOf, resolveStatic } from '../web/static-files';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file =
      url.host === 'tracediff' && request.method === 'GET' ? resolveStatic(rendererDir, url.pathname) : null;
    if (!file) return new Response('Not found', { status: 404, headers: { ...SECURITY_HEADERS } });
    const body = await readFile(file);
    return new Response(body, {
      status: 200,
      headers: { ...SECURITY_HEADERS, 'Content-Type': contentTypeOf(file) },
    });
  });
}
