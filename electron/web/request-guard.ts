/**
 * The browser-mode host's gate. The host listens on loopback only, but any page the user visits
 * can still send requests to 127.0.0.1, and a DNS-rebinding page can even make them same-origin
 * under its own name. So every request must carry the per-run token (header, query or cookie),
 * name this host exactly in its Host header, and, when the browser says where it comes from
 * (Origin), come from this same origin.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_HEADER = 'x-tracediff-token';

/** The Content-Security-Policy of every response (the renderer needs no inline script or remote origin). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Cookies are not separated by port, so the name carries it: two hosts on one machine do not collide. */
export function cookieName(port: number): string {
  return `tracediff_token_${port}`;
}

/** True when the Host header names this server by its loopback address or `localhost`. */
export function isAllowedHost(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  const h = hostHeader.toLowerCase();
  return h === `127.0.0.1:${port}` || h === `localhost:${port}`;
}

/** True when there is no Origin header (same-origin GETs, non-browser clients) or it is this host. */
export function isAllowedOrigin(origin: string | undefined, hostHeader: string): boolean {
  if (origin === undefined) return true;
  return origin.toLowerCase() === `http://${hostHeader.toLowerCase()}`;
}

export function tokensEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name) out.set(name, value);
  }
  return out;
}

export type TokenSource = 'header' | 'query' | 'cookie';

/** Where a valid token came from, or null when the request has none that matches. */
export function findToken(req: IncomingMessage, url: URL, token: string, port: number): TokenSource | null {
  const header = req.headers[TOKEN_HEADER];
  if (typeof header === 'string' && tokensEqual(header, token)) return 'header';
  const query = url.searchParams.get('token');
  if (query !== null && tokensEqual(query, token)) return 'query';
  const cookie = parseCookies(req.headers.cookie).get(cookieName(port));
  if (cookie !== undefined && tokensEqual(cookie, token)) return 'cookie';
  return null;
}

export type GuardVerdict =
  { ok: true; source: TokenSource } | { ok: false; status: 401 | 403; message: string };

/** Checks Host, Origin and the token, in that order (a rebinding page never learns whether a token works). */
export function guardRequest(req: IncomingMessage, url: URL, token: string, port: number): GuardVerdict {
  const host = req.headers.host;
  if (!isAllowedHost(host, port))
    return { ok: false, status: 403, message: 'This host answers only to 127.0.0.1 and localhost.' };
  if (!isAllowedOrigin(req.headers.origin, host as string)) {
    return { ok: false, status: 403, message: 'Requests from other origins are refused.' };
  }
  const source = findToken(req, url, token, port);
  if (!source) {
    return {
      ok: false,
      status: 401,
      message: 'Missing or wrong token: open the address the host printed (it ends with ?token=...).',
    };
  }
  return { ok: true, source };
}
