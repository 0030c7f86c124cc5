/**
 * The browser-mode host (`npm run web`): the same workbench as the desktop app, served to a browser
 * on this machine. Binds 127.0.0.1 only, protects every request with a per-run token, prints one
 * line with the address to open, and removes its uploads when it exits.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { version } from '../../package.json';
import { createEngineDeps } from '../engine/session/engine-wiring';
import { resolveFixturesDir } from '../engine/session/demo-case';
import { WorkbenchService } from '../engine/session/workbench-service';
import { ChromiumPdfPrinter } from '../engine/report/pdf-printer';
import { DEFAULT_PORT, HOST_USAGE, HostArgsError, parseHostArgs, type HostArgs } from './host-args';
import { UploadStore } from './upload-store';
import { WebServer } from './web-server';

function fail(message: string, code: number): never {
  process.stderr.write(`tracediff web: ${message}\n`);
  process.exit(code);
}

async function listen(server: WebServer, port: number | null): Promise<number> {
  if (port !== null) return server.listen(port);
  try {
    return await server.listen(DEFAULT_PORT);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    return server.listen(0);
  }
}

function checkInputs(args: HostArgs): void {
  for (const i of args.inputs) {
    const label = i.role === 'auto' ? i.path : `--${i.role} ${i.path}`;
    if (!existsSync(i.path)) fail(`cannot read ${label}: no such file`, 1);
    if (!statSync(i.path).isFile()) fail(`cannot read ${label}: it is a folder, not a file`, 1);
  }
}

async function main(): Promise<void> {
  let args: HostArgs;
  try {
    args = parseHostArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof HostArgsError) fail(`${e.message}\n\n${HOST_USAGE}`, 2);
    throw e;
  }
  if (args.help) {
    process.stdout.write(HOST_USAGE);
    return;
  }
  checkInputs(args);

  const token = randomBytes(24).toString('hex');
  const uploads = new UploadStore(args.maxUploadBytes);
  process.on('exit', () => uploads.removeAll());

  // Cases live host-side (the page has no file system): ~/.tracediff/cases unless TRACEDIFF_DATA_DIR says otherwise.
  const dataDir = process.env.TRACEDIFF_DATA_DIR
    ? path.resolve(process.env.TRACEDIFF_DATA_DIR)
    : path.join(os.homedir(), '.tracediff');
  // One headless Chromium prints every PDF of this run; started on the first export, closed on exit.
  let printer: ChromiumPdfPrinter | null = null;
  const service = new WorkbenchService({
    host: 'web',
    dataDir,
    printer: () => (printer ??= new ChromiumPdfPrinter()),
    appVersion: version,
    engine: createEngineDeps(__dirname),
    fixturesDir: resolveFixturesDir(__dirname),
    pathPolicy: 'allowlist',
    allEvents: args.allEvents,
  });
  const server = new WebServer({
    endpoint: service,
    token,
    rendererDir: process.env.TRACEDIFF_RENDERER_DIR ?? path.join(__dirname, '..', 'renderer'),
    uploads,
  });

  let port: number;
  try {
    port = await listen(server, args.port);
  } catch (e) {
    fail(
      `cannot listen on 127.0.0.1:${args.port ?? DEFAULT_PORT}: ${e instanceof Error ? e.message : String(e)}`,
      1,
    );
  }

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void service
      .shutdown()
      .catch(() => undefined)
      .then(() => printer?.close())
      .catch(() => undefined)
      .then(() => server.close())
      .finally(() => {
        uploads.removeAll();
        process.exit(0);
      });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', stop);

  try {
    if (args.inputs.length > 0) await service.openFromCommandLine(args.inputs);
    else await service.handle('openDemo', {});
  } catch (e) {
    process.stderr.write(`tracediff web: ${e instanceof Error ? e.message : String(e)}\n`);
  }
  process.stdout.write(`TraceDiff Workbench: http://127.0.0.1:${port}/?token=${token}\n`);
}

main().catch((e: unknown) => fail(e instanceof Error ? (e.stack ?? e.message) : String(e), 1));
