/**
 * Browser mode's gate, on the built host process (issue 9, item 3), for every endpoint it has: the
 * page, assets, every contract method, events, uploads, downloads and unknown paths. Without the
 * token or with a wrong one (header, query, cookie, another port's cookie) every one answers 401;
 * with the right token but a foreign Host (DNS rebinding) or a foreign or opaque Origin, 403; no
 * answer carries a CORS header, a preflight gets none either, refused uploads leave nothing on
 * disk, and the host listens on 127.0.0.1 only (not on this machine's other addresses or ::1).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT_METHODS } from '../../shared/contract';
import { cookieName } from './request-guard';
import { rawRequest } from './test-client';

const bundle = path.resolve(process.cwd(), 'dist', 'web', 'host.cjs');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'tracediff-gate-test-'));
let child: ChildProcess;
let port = 0;
let token = '';

beforeAll(async () => {
  if (!existsSync(bundle)) return;
  child = spawn(process.execPath, [bundle, '--port', '0'], {
    env: { ...process.env, TMPDIR: tmp, TRACEDIFF_DATA_DIR: path.join(tmp, 'data') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no address printed: ${out}`)), 30_000);
    child.stdout?.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      const m = /http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      port = Number(m[1]);
      token = m[2];
      resolve();
    });
    child.once('exit', (code) => reject(new Error(`host exited with ${code}: ${out}`)));
  });
}, 40_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(tmp, { recursive: true, force: true });
});

interface Route {
  method: string;
  path: string;
  json?: boolean;
}

function routes(): Route[] {
  const assets = path.resolve(process.cwd(), 'dist', 'renderer', 'assets');
  const asset = existsSync(assets) ? readdirSync(assets).find((f) => f.endsWith('.js')) : undefined;
  return [
    { method: 'GET', path: '/' },
    { method: 'GET', path: '/index.html' },
    { method: 'GET', path: `/assets/${asset ?? 'index.js'}` },
    { method: 'GET', path: '/favicon.ico' },
    { method: 'GET', path: '/no-such-page' },
    { method: 'GET', path: '/api/events' },
    { method: 'GET', path: '/api/download/report-1' },
    { method: 'POST', path: '/api/upload?name=evil.csv' },
    { method: 'GET', path: '/api/no-such-endpoint' },
    { method: 'POST', path: '/api/call/noSuchMethod', json: true },
    ...CONTRACT_METHODS.map((m) => ({ method: 'POST', path: `/api/call/${m}`, json: true })),
  ];
}

const send = (r: Route, headers: Record<string, string>, query = '') =>
  rawRequest(port, {
    method: r.method,
    path: r.path + (query ? (r.path.includes('?') ? '&' : '?') + query : ''),
    headers: r.json ? { 'Content-Type': 'application/json', ...headers } : headers,
    body: r.method === 'POST' ? (r.json ? '{}' : 'x'.repeat(64)) : undefined,
  });

describe.skipIf(!existsSync(bundle))('browser-mode host: the gate on every endpoint', () => {
  it('answers 401 on every endpoint without the token or with a wrong one', async () => {
    const wrong = token.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
    const variants: [string, Record<string, string>, string][] = [
      ['no token', {}, ''],
      ['wrong header', { 'X-TraceDiff-Token': wrong }, ''],
      ['wrong query', {}, `token=${wrong}`],
      ['wrong cookie', { Cookie: `${cookieName(port)}=${wrong}` }, ''],
      ["another port's cookie", { Cookie: `${cookieName(port + 1)}=${token}` }, ''],
      ['empty header', { 'X-TraceDiff-Token': '' }, ''],
    ];
    const all = routes();
    expect(all.length).toBeGreaterThan(CONTRACT_METHODS.length);
    for (const r of all)
      for (const [name, headers, query] of variants) {
        const res = await send(r, headers, query);
        expect(res.status, `${r.method} ${r.path} with ${name}`).toBe(401);
        expect(res.headers['access-control-allow-origin'], `${r.path} CORS`).toBeUndefined();
        expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      }
    // Nothing of the refused uploads was kept.
    const uploads = readdirSync(tmp).filter((d) => d.startsWith('tracediff-uploads-'));
    for (const d of uploads) expect(readdirSync(path.join(tmp, d))).toEqual([]);
  });

  it('answers 403 to a foreign Host or Origin even with the right token, and never speaks CORS', async () => {
    const auth = { 'X-TraceDiff-Token': token };
    for (const r of routes()) {
      for (const host of [`rebind.example:${port}`, `127.0.0.1:${port + 1}`, `localhost.evil:${port}`]) {
        const res = await send(r, { ...auth, Host: host });
        expect(res.status, `${r.method} ${r.path} Host ${host}`).toBe(403);
      }
      for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${port + 1}`]) {
        const res = await send(r, { ...auth, Origin: origin });
        expect(res.status, `${r.method} ${r.path} Origin ${origin}`).toBe(403);
        expect(res.headers['access-control-allow-origin']).toBeUndefined();
      }
    }
    const preflight = await rawRequest(port, {
      method: 'OPTIONS',
      path: '/api/call/getState',
      headers: {
        Origin: 'http://evil.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'x-tracediff-token, content-type',
      },
    });
    expect(preflight.status).toBeGreaterThanOrEqual(400);
    expect(Object.keys(preflight.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    // The right token from the right origin is let through (so the refusals above are the gate's).
    const ok = await send({ method: 'POST', path: '/api/call/getState', json: true }, auth);
    expect(ok.status).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('listens on 127.0.0.1 only', async () => {
    const connects = (host: string) =>
      new Promise<boolean>((resolve) => {
        const s = net.connect({ host, port, timeout: 2000 }, () => {
          s.destroy();
          resolve(true);
        });
        s.on('error', () => resolve(false));
        s.on('timeout', () => {
          s.destroy();
          resolve(false);
        });
      });
    expect(await connects('127.0.0.1')).toBe(true);
    const others = Object.values(os.networkInterfaces())
      .flat()
      .filter((a) => a && !a.internal)
      .map((a) => a!.address);
    for (const address of [...others, '::1']) expect(await connects(address), address).toBe(false);
  });
});
