import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  cookieName,
  guardRequest,
  isAllowedHost,
  isAllowedOrigin,
  parseCookies,
  tokensEqual,
} from './request-guard';

const TOKEN = 'a'.repeat(48);
const PORT = 5757;

function req(headers: Record<string, string>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

describe('request guard', () => {
  it('accepts only 127.0.0.1 and localhost on the right port as Host', () => {
    expect(isAllowedHost('127.0.0.1:5757', PORT)).toBe(true);
    expect(isAllowedHost('LOCALHOST:5757', PORT)).toBe(true);
    expect(isAllowedHost('127.0.0.1:5758', PORT)).toBe(false);
    expect(isAllowedHost('attacker.example:5757', PORT)).toBe(false);
    expect(isAllowedHost('127.0.0.1', PORT)).toBe(false);
    expect(isAllowedHost(undefined, PORT)).toBe(false);
  });

  it('accepts a missing Origin or this same origin only', () => {
    expect(isAllowedOrigin(undefined, '127.0.0.1:5757')).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:5757', '127.0.0.1:5757')).toBe(true);
    expect(isAllowedOrigin('http://localhost:5757', '127.0.0.1:5757')).toBe(false);
    expect(isAllowedOrigin('https://127.0.0.1:5757', '127.0.0.1:5757')).toBe(false);
    expect(isAllowedOrigin('null', '127.0.0.1:5757')).toBe(false);
  });

  it('compares tokens in full', () => {
    expect(tokensEqual(TOKEN, TOKEN)).toBe(true);
    expect(tokensEqual(TOKEN.slice(1), TOKEN)).toBe(false);
    expect(tokensEqual('', TOKEN)).toBe(false);
  });

  it('parses cookies and names them per port', () => {
    expect(parseCookies('a=1; tracediff_token_5757=x; b').get('tracediff_token_5757')).toBe('x');
    expect(cookieName(5757)).not.toBe(cookieName(5758));
  });

  it('answers 401 without a token or with a wrong one, and names where a good one came from', () => {
    const url = new URL('http://127.0.0.1/api/call/getState');
    const host = { host: '127.0.0.1:5757' };
    expect(guardRequest(req(host), url, TOKEN, PORT)).toMatchObject({ ok: false, status: 401 });
    expect(
      guardRequest(req({ ...host, 'x-tracediff-token': 'b'.repeat(48) }), url, TOKEN, PORT),
    ).toMatchObject({ ok: false, status: 401 });
    expect(guardRequest(req({ ...host, 'x-tracediff-token': TOKEN }), url, TOKEN, PORT)).toEqual({
      ok: true,
      source: 'header',
    });
    expect(guardRequest(req({ ...host, cookie: `${cookieName(PORT)}=${TOKEN}` }), url, TOKEN, PORT)).toEqual({
      ok: true,
      source: 'cookie',
    });
    expect(
      guardRequest(req({ ...host, cookie: `${cookieName(PORT + 1)}=${TOKEN}` }), url, TOKEN, PORT),
    ).toMatchObject({ status: 401 });
    const withQuery = new URL(`http://127.0.0.1/?token=${TOKEN}`);
    expect(guardRequest(req(host), withQuery, TOKEN, PORT)).toEqual({ ok: true, source: 'query' });
  });

  it('answers 403 for a foreign Host or Origin before looking at the token', () => {
    const url = new URL('http://127.0.0.1/');
    expect(
      guardRequest(req({ host: 'evil.example:5757', 'x-tracediff-token': TOKEN }), url, TOKEN, PORT),
    ).toMatchObject({ status: 403 });
    expect(
      guardRequest(
        req({ host: '127.0.0.1:5757', origin: 'http://evil.example', 'x-tracediff-token': TOKEN }),
        url,
        TOKEN,
        PORT,
      ),
    ).toMatchObject({ status: 403 });
  });
});
