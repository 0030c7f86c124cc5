import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContractMethod, HostEvent, WorkbenchState } from '../../shared/contract';
import { ContractFailure } from '../engine/session/contract-failure';
import { cookieName } from './request-guard';
import { rawRequest } from './test-client';
import { UploadStore } from './upload-store';
import { type ContractEndpoint, WebServer } from './web-server';

const TOKEN = 'f'.repeat(48);
const STATE: WorkbenchState = {
  contractVersion: 1,
  appVersion: 'test',
  host: 'web',
  traces: {},
  logs: [],
  compare: null,
  jobs: [],
  demo: false,
  caseTitle: '',
};

/** An endpoint that records what reaches it, so the tests see what the guard let through. */
class RecordingEndpoint implements ContractEndpoint {
  calls: { method: ContractMethod; req: unknown }[] = [];
  uploads: { path: string; name: string }[] = [];
  listeners = new Set<(e: HostEvent) => void>();
  async handle(method: ContractMethod, req: unknown): Promise<unknown> {
    this.calls.push({ method, req });
    if (method === 'getEvent') throw new ContractFailure('not-found', 'No baseline capture is loaded.');
    return STATE;
  }
  onEvent(l: (e: HostEvent) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  state(): WorkbenchState {
    return STATE;
  }
  registerUpload(filePath: string, name: string): string {
    this.uploads.push({ path: filePath, name });
    return `upload-${this.uploads.length}`;
  }
  download(id: string): { fileName: string; contentType: string; data: Uint8Array } | null {
    if (id !== 'report-1') return null;
    return {
      fileName: 'KB4561621 更新失败.pdf',
      contentType: 'application/pdf',
      data: Buffer.from('%PDF-1.7 x'),
    };
  }
}

let dir: string;
let server: WebServer;
let uploads: UploadStore;
let port: number;
const endpoint = new RecordingEndpoint();
const auth = { 'X-TraceDiff-Token': TOKEN };
const json = { 'Content-Type': 'application/json' };

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tracediff-web-test-'));
  const renderer = path.join(dir, 'renderer');
  mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(path.join(renderer, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'secret.txt'), 'TOP-SECRET-CONTENT');
  uploads = new UploadStore(1024, dir);
  server = new WebServer({ endpoint, token: TOKEN, rendererDir: renderer, uploads, heartbeatMs: 50 });
  port = await server.listen(0);
});

afterAll(async () => {
  await server.close();
  uploads.removeAll();
  rmSync(dir, { recursive: true, force: true });
});

describe('web server: the gate', () => {
  it('refuses the page and the API without the token (401), with headers still strict', async () => {
    const page = await rawRequest(port, { path: '/' });
    expect(page.status).toBe(401);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const api = await rawRequest(port, {
      method: 'POST',
      path: '/api/call/getState',
      headers: json,
      body: '{}',
    });
    expect(api.status).toBe(401);
    expect(JSON.parse(api.body).code).toBe('unauthorized');
    const wrong = await rawRequest(port, {
      method: 'POST',
      path: '/api/call/getState',
      headers: { ...json, 'X-TraceDiff-Token': TOKEN.replace(/f$/, 'e') },
      body: '{}',
    });
    expect(wrong.status).toBe(401);
  });

  it('refuses a foreign Host (403) and a foreign Origin (403) even with the token', async () => {
    const before = endpoint.calls.length;
    const host = await rawRequest(port, {
      method: 'POST',
      path: '/api/call/getState',
      headers: { ...json, ...auth, Host: `rebind.example:${port}` },
      body: '{}',
    });
    expect(host.status).toBe(403);
    const origin = await rawRequest(port, {
      method: 'POST',
      path: '/api/call/getState',
      headers: { ...json, ...auth, Origin: 'http://evil.example' },
      body: '{}',
    });
    expect(origin.status).toBe(403);
    expect(endpoint.calls.length).toBe(before);
  });

  it('serves the page with ?token= and sets an HttpOnly SameSite=Strict cookie that loads the assets', async () => {
    const page = await rawRequest(port, { path: `/?token=${TOKEN}` });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toContain(`${cookieName(port)}=${TOKEN}`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const asset = await rawRequest(port, {
      path: '/assets/app.js',
      headers: { Cookie: `${cookieName(port)}=${TOKEN}` },
    });
    expect(asset.status).toBe(200);
    expect(asset.body).toBe('console.log(1)');
    expect(asset.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const p of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
    ]) {
      const res = await rawRequest(port, { path: p, headers: auth });
      expect(res.status, p).toBe(404);
      expect(res.body).not.toContain('TOP-SECRET-CONTENT');
    }
  });
});

describe('web server: contract calls', () => {
  it('passes a JSON call to the endpoint and returns its JSON answer', async () => {
    const res = await rawRequest(port, {
      method: 'POST',
      path: '/api/call/listFailures',
      headers: { ...json, ...auth, Origin: `http://127.0.0.1:${port}` },
      body: JSON.stringify({ side: 'problem', limit: 5 }),
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).host).toBe('web');
    expect(endpoint.calls.at(-1)).toEqual({ method: 'listFailures', req: { side: 'problem', limit: 5 } });
  });

  it('maps errors to their HTTP status with a ContractError body', async () => {
    const notFound = await rawRequest(port, {
      method: 'POST',
      path: '/api/call/getEvent',
      headers: { ...json, ...auth },
      body: '{}',
    });
    expect(notFound.status).toBe(404);
    expect(JSON.parse(notFound.body)).toEqual({
      code: 'not-found',
      message: 'No baseline capture is loaded.',
    });
    const unknown = await rawRequest(port, {
      method: 'POST',
      path: '/api/call/readFile',
      headers: { ...json, ...auth },
      body: '{}',
    });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).code).toBe('bad-request');
    const badJson = await rawRequest(port, {
      method: 'POST',
      path: '/api/call/getState',
      headers: { ...json, ...auth },
      body: '{',
    });
    expect(badJson.status).toBe(400);
    const textPlain = await rawRequest(port, {
      method: 'POST',
      path: '/api/call/getState',
      headers: { ...auth, 'Content-Type': 'text/plain' },
      body: '{}',
    });
    expect(textPlain.status).toBe(415);
  });

  it('streams host events, the current state first', async () => {
    const events = await new Promise<HostEvent[]>((resolve, reject) => {
      const got: HostEvent[] = [];
      const req = http.get(
        {
          host: '127.0.0.1',
          port,
          path: `/api/events?token=${TOKEN}`,
          headers: { Host: `127.0.0.1:${port}` },
        },
        (res) => {
          expect(res.headers['content-type']).toContain('text/event-stream');
          let buf = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            buf += c;
            for (const m of buf.matchAll(/^data: (.*)$/gm)) {
              if (got.length < 2 && !got.some((g) => JSON.stringify(g) === m[1]))
                got.push(JSON.parse(m[1]) as HostEvent);
            }
            if (got.length === 1 && endpoint.listeners.size > 0) {
              for (const l of endpoint.listeners) {
                l({
                  type: 'progress',
                  job: {
                    jobId: 'job-1',
                    label: 'Reading',
                    file: 'a',
                    bytesRead: 1,
                    bytesTotal: 2,
                    events: 3,
                    rate: 4,
                    state: 'running',
                  },
                });
              }
            }
            if (got.length === 2) {
              req.destroy();
              resolve(got);
            }
          });
        },
      );
      req.on('error', (e) => (got.length === 2 ? undefined : reject(e)));
    });
    expect(events[0]).toEqual({ type: 'state', state: STATE });
    expect(events[1].type).toBe('progress');
  });
});

describe('web server: uploads', () => {
  it('stores an upload and registers it under its name', async () => {
    const res = await rawRequest(port, {
      method: 'POST',
      path: `/api/upload?name=${encodeURIComponent('问题机器.CSV')}`,
      headers: auth,
      body: 'a,b\n',
    });
    expect(res.status).toBe(200);
    const { uploadId } = JSON.parse(res.body) as { uploadId: string };
    expect(uploadId).toMatch(/^upload-/);
    const up = endpoint.uploads.at(-1)!;
    expect(up.name).toBe('问题机器.CSV');
    expect(path.dirname(path.dirname(up.path))).toBe(uploads.dir);
    expect(path.basename(up.path)).toBe('问题机器.CSV');
    expect(readFileSync(up.path, 'utf8')).toBe('a,b\n');
  });

  it('refuses an upload past the limit (413) and keeps nothing of it', async () => {
    const before = readdirSync(uploads.dir).length;
    const declared = await rawRequest(port, {
      method: 'POST',
      path: '/api/upload?name=big.pml',
      headers: auth,
      body: Buffer.alloc(2048),
    });
    expect(declared.status).toBe(413);
    const chunked = await rawRequest(port, {
      method: 'POST',
      path: '/api/upload?name=big.pml',
      headers: { ...auth, 'Transfer-Encoding': 'chunked' },
      chunks: [Buffer.alloc(800), Buffer.alloc(800)],
    }).catch((e: NodeJS.ErrnoException) => ({
      status: e.code === 'ECONNRESET' || e.code === 'EPIPE' ? 413 : 0,
    }));
    expect(chunked.status).toBe(413);
    expect(readdirSync(uploads.dir).length).toBe(before);
  });

  it('refuses an upload without the token before reading it', async () => {
    const before = endpoint.uploads.length;
    const res = await rawRequest(port, { method: 'POST', path: '/api/upload?name=a.csv', body: 'x' });
    expect(res.status).toBe(401);
    expect(endpoint.uploads.length).toBe(before);
  });
});

describe('web server: downloads', () => {
  it('serves a file the host made as an attachment, its Chinese name percent-encoded', async () => {
    const res = await rawRequest(port, { path: '/api/download/report-1', headers: auth });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.body).toBe('%PDF-1.7 x');
    const disposition = String(res.headers['content-disposition']);
    expect(disposition).toContain('attachment;');
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent('KB4561621 更新失败.pdf')}`);
    expect(disposition).toMatch(/filename="KB4561621 _+\.pdf"/);
  });

  it('needs the token, and answers 404 for an unknown or expired id', async () => {
    expect((await rawRequest(port, { path: '/api/download/report-1' })).status).toBe(401);
    const missing = await rawRequest(port, { path: '/api/download/nope', headers: auth });
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toMatchObject({ code: 'not-found' });
  });
});
