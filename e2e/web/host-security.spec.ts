import http from 'node:http';
import { expect, test } from '@playwright/test';
import { hostOrigin, hostToken, hostUrl } from '../support/app-page';

/** A raw request, so the test controls the Host and Origin headers exactly. */
function rawRequest(opts: {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const { port } = new URL(hostUrl());
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: Number(port), method: opts.method, path: opts.path, headers: opts.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

test.describe('browser-mode host security', () => {
  test('refuses API calls without the token (401)', async ({ request }) => {
    const res = await request.post(`${hostOrigin()}/api/call/getState`, { data: {} });
    expect(res.status()).toBe(401);
    expect((await res.json()).code).toBe('unauthorized');
  });

  test('refuses a wrong token (401) and the page without one (401)', async ({ request }) => {
    const wrong = await request.post(`${hostOrigin()}/api/call/getState`, {
      data: {},
      headers: { 'X-TraceDiff-Token': '0'.repeat(48) },
    });
    expect(wrong.status()).toBe(401);
    const page = await request.get(`${hostOrigin()}/`);
    expect(page.status()).toBe(401);
  });

  test('answers with the token, with a strict CSP and nosniff', async ({ request }) => {
    const res = await request.post(`${hostOrigin()}/api/call/getState`, {
      data: {},
      headers: { 'X-TraceDiff-Token': hostToken() },
    });
    expect(res.status()).toBe(200);
    expect((await res.json()).host).toBe('web');
    const headers = res.headers();
    expect(headers['content-security-policy']).toContain("default-src 'self'");
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['access-control-allow-origin']).toBeUndefined();
  });

  test('refuses a foreign Host header (403), as a DNS-rebinding page would send', async () => {
    const { port } = new URL(hostUrl());
    const res = await rawRequest({
      method: 'POST',
      path: '/api/call/getState',
      headers: {
        Host: `attacker.example:${port}`,
        'X-TraceDiff-Token': hostToken(),
        'Content-Type': 'application/json',
      },
      body: '{}',
    });
    expect(res.status).toBe(403);
  });

  test('refuses a cross-origin request even with the token (403)', async () => {
    const { port } = new URL(hostUrl());
    const res = await rawRequest({
      method: 'POST',
      path: '/api/call/getState',
      headers: {
        Host: `127.0.0.1:${port}`,
        Origin: 'http://attacker.example',
        'X-TraceDiff-Token': hostToken(),
        'Content-Type': 'application/json',
      },
      body: '{}',
    });
    expect(res.status).toBe(403);
  });

  test('will not open a path the host was not given', async ({ request }) => {
    const res = await request.post(`${hostOrigin()}/api/call/openInputs`, {
      data: { inputs: [{ ref: { path: '/etc/passwd' }, role: 'auto' }] },
      headers: { 'X-TraceDiff-Token': hostToken() },
    });
    expect(res.status()).toBe(400);
    expect((await res.json()).code).toBe('bad-request');
  });

  test('rejects malformed requests as bad-request, not a crash', async ({ request }) => {
    const res = await request.post(`${hostOrigin()}/api/call/queryEvents`, {
      data: { side: 'neither', offset: -1, limit: 1e9 },
      headers: { 'X-TraceDiff-Token': hostToken() },
    });
    expect(res.status()).toBe(400);
    const body = await res.json();
    expect(body.code).toBe('bad-request');
    expect(body.message).toContain('side');
  });
});
