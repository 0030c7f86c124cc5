/**
 * The browser-mode HTTP server: the renderer's static files plus the contract over HTTP.
 *
 * Wire protocol (renderer/src/api/web-client.ts speaks it):
 *   POST /api/call/<method>   header X-TraceDiff-Token, JSON body = request
 *                             -> 200 JSON response, or 4xx/5xx JSON ContractError {code, message}
 *   GET  /api/events          server-sent events, one `data: <HostEvent JSON>` per event; the current
 *                             state is sent first; comment lines keep the connection alive
 *   POST /api/upload?name=<file name>   raw body -> {uploadId}
 *   GET  /api/download/<id>   a file the host made for the page (report, export, case file), as an
 *                             attachment; ids come from exportReport / saveCase
 *   GET  /?token=<token>      the page; sets an HttpOnly SameSite=Strict cookie so its assets load
 * Every request needs the token (header, `token` query parameter or the cookie), a Host header of
 * 127.0.0.1:PORT or localhost:PORT, and, when it has an Origin header, this same origin.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ContractError, ContractMethod, HostEvent, WorkbenchState } from '../../shared/contract';
import { isContractMethod } from '../../shared/contract-schema';
import { httpStatusOf, toContractError } from '../engine/session/contract-failure';
import { cookieName, guardRequest, SECURITY_HEADERS } from './request-guard';
import { resolveStatic, sendFile } from './static-files';
import { UploadTooLarge, type UploadStore } from './upload-store';

/** What the server needs from the workbench (WorkbenchService provides it). */
export interface ContractEndpoint {
  handle(method: ContractMethod, req: unknown): Promise<unknown>;
  onEvent(listener: (e: HostEvent) => void): () => void;
  state(): WorkbenchState;
  registerUpload(filePath: string, name: string): string;
  download(id: string): { fileName: string; contentType: string; data: Uint8Array } | null;
}

export interface WebServerOptions {
  endpoint: ContractEndpoint;
  token: string;
  rendererDir: string;
  uploads: UploadStore;
  /** Largest JSON request body; contract requests are small. */
  maxJsonBytes?: number;
  heartbeatMs?: number;
}

const DEFAULT_MAX_JSON = 4 * 1024 * 1024;

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: ContractError,
  ) {
    super(body.message);
  }
}

export class WebServer {
  readonly server: http.Server;
  private port = 0;
  private readonly sockets = new Set<Socket>();
  private readonly streams = new Set<ServerResponse>();

  constructor(private readonly opts: WebServerOptions) {
    // requestTimeout 0: an upload of a multi-gigabyte capture takes longer than Node's default 5 minutes.
    this.server = http.createServer({ requestTimeout: 0 }, (req, res) => {
      this.route(req, res).catch((e: unknown) => this.fail(req, res, e));
    });
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  /** Listens on 127.0.0.1 only; resolves with the port (a free one when `port` is 0). */
  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (e: Error): void => reject(e);
      this.server.once('error', onError);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', onError);
        const addr = this.server.address();
        this.port = typeof addr === 'object' && addr ? addr.port : port;
        resolve(this.port);
      });
    });
  }

  close(): Promise<void> {
    for (const s of this.streams) s.end();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const verdict = guardRequest(req, url, this.opts.token, this.port);
    if (!verdict.ok) {
      throw new HttpFailure(verdict.status, { code: 'unauthorized', message: verdict.message });
    }
    const { pathname } = url;
    if (pathname.startsWith('/api/')) {
      if (pathname === '/api/events' && req.method === 'GET') return this.events(res);
      if (pathname.startsWith('/api/download/') && req.method === 'GET') {
        return this.download(res, decodeURIComponent(pathname.slice('/api/download/'.length)));
      }
      if (pathname === '/api/upload' && req.method === 'POST') return this.upload(req, res, url);
      if (pathname.startsWith('/api/call/') && req.method === 'POST') {
        return this.call(req, res, decodeURIComponent(pathname.slice('/api/call/'.length)));
      }
      throw new HttpFailure(404, { code: 'not-found', message: `No API at ${req.method} ${pathname}.` });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      throw new HttpFailure(405, { code: 'bad-request', message: `${req.method} is not allowed here.` });
    }
    const file = resolveStatic(this.opts.rendererDir, pathname);
    if (!file && pathname === '/favicon.ico') {
      // Browsers ask for it unprompted; an empty answer keeps a missing icon out of the console.
      res.writeHead(204, SECURITY_HEADERS);
      res.end();
      return;
    }
    if (!file) {
      const missing = resolveStatic(this.opts.rendererDir, '/') === null;
      throw new HttpFailure(missing ? 503 : 404, {
        code: 'not-found',
        message: missing ? 'The renderer is not built: run `npm run build`.' : `Not found: ${pathname}`,
      });
    }
    const headers: Record<string, string> = { ...SECURITY_HEADERS };
    if (verdict.source === 'query') {
      headers['Set-Cookie'] =
        `${cookieName(this.port)}=${this.opts.token}; HttpOnly; SameSite=Strict; Path=/`;
    }
    sendFile(res, file, headers);
  }

  private async call(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (!isContractMethod(method)) {
      throw new HttpFailure(404, { code: 'bad-request', message: `unknown method '${method}'` });
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json') {
      throw new HttpFailure(415, {
        code: 'bad-request',
        message: 'Contract calls are JSON (Content-Type: application/json).',
      });
    }
    const text = await readBody(req, this.opts.maxJsonBytes ?? DEFAULT_MAX_JSON);
    let body: unknown;
    try {
      body = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      throw new HttpFailure(400, {
        code: 'bad-request',
        message: `${method}: the request body is not valid JSON.`,
      });
    }
    const result = await this.opts.endpoint.handle(method, body);
    sendJson(res, 200, result);
  }

  private async upload(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const name = url.searchParams.get('name') ?? '';
    if (!name) {
      throw new HttpFailure(400, { code: 'bad-request', message: 'An upload needs ?name=<file name>.' });
    }
    const declared = req.headers['content-length'];
    const length = declared !== undefined ? Number(declared) : undefined;
    try {
      const saved = await this.opts.uploads.receive(req, name, Number.isFinite(length) ? length : undefined);
      const uploadId = this.opts.endpoint.registerUpload(saved.path, name);
      sendJson(res, 200, { uploadId, size: saved.size });
    } catch (e) {
      if (e instanceof UploadTooLarge) {
        throw new HttpFailure(413, { code: 'bad-request', message: `${name}: ${e.message}` });
      }
      throw e;
    }
  }

  private download(res: ServerResponse, id: string): void {
    const file = this.opts.endpoint.download(id);
    if (!file) {
      throw new HttpFailure(404, {
        code: 'not-found',
        message: 'No such download (it may have expired): export again.',
      });
    }
    // RFC 6266 / 5987: an ASCII fallback name and the real one (often Chinese) percent-encoded.
    const ascii = file.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': file.contentType,
      'Content-Length': String(file.data.byteLength),
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      'Cache-Control': 'no-store',
    });
    res.end(Buffer.from(file.data.buffer, file.data.byteOffset, file.data.byteLength));
  }

  private events(res: ServerResponse): void {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    const send = (e: HostEvent): void => {
      res.write(`data: ${JSON.stringify(e)}\n\n`);
    };
    res.write('retry: 2000\n\n');
    send({ type: 'state', state: this.opts.endpoint.state() });
    const unsubscribe = this.opts.endpoint.onEvent(send);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), this.opts.heartbeatMs ?? 15_000);
    this.streams.add(res);
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      this.streams.delete(res);
    });
  }

  private fail(req: IncomingMessage, res: ServerResponse, e: unknown): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    // A refused request may still be sending its body (an upload of gigabytes): answer, then close the
    // connection rather than read the rest.
    if (!req.complete) res.setHeader('Connection', 'close');
    if (e instanceof HttpFailure) return sendJson(res, e.status, e.body);
    const err = toContractError(e);
    sendJson(res, httpStatusOf(err.code), err);
  }
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.pause();
        reject(
          new HttpFailure(413, {
            code: 'bad-request',
            message: `The request body is larger than ${limit} bytes.`,
          }),
        );
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
