/**
 * The desktop app's main process: one window, the renderer served from app://, and the contract on
 * one IPC channel into the host-agnostic workbench service. Deliberately thin: everything the
 * workbench does lives in electron/engine, shared with the browser-mode host and the CLI.
 */
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, session, type IpcMainInvokeEvent } from 'electron';
import type { ExportRequest, InputRequest } from '../../shared/contract';
import { isContractMethod } from '../../shared/contract-schema';
import {
  APP_ORIGIN,
  EVENT_CHANNEL,
  INVOKE_CHANNEL,
  PICK_CASE_CHANNEL,
  PICK_FILES_CHANNEL,
  type InvokeEnvelope,
} from '../../shared/desktop-bridge';
import { version } from '../../package.json';
import { ContractFailure, toContractError } from '../engine/session/contract-failure';
import { resolveFixturesDir } from '../engine/session/demo-case';
import { createEngineDeps } from '../engine/session/engine-wiring';
import { WorkbenchService } from '../engine/session/workbench-service';
import { parseAppArgs } from './app-args';
import { pickCaseFile, prepareExport, prepareSaveCase } from './case-dialogs';
import { ElectronPdfPrinter } from './electron-pdf-printer';
import { registerAppScheme, serveRenderer } from './app-protocol';

const ROLES = new Set(['baseline', 'problem', 'log', 'auto']);

registerAppScheme();
app.enableSandbox();

let mainWindow: BrowserWindow | null = null;

function fixturesDir(): string {
  if (process.env.TRACEDIFF_FIXTURES || !app.isPackaged) return resolveFixturesDir(__dirname);
  // electron-builder copies fixtures/demo to resources/fixtures/demo (electron-builder.yml).
  return path.join(process.resourcesPath, 'fixtures');
}

/** Calls count only from the app's own window showing the app's own page. */
function trustedSender(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  return (
    mainWindow !== null &&
    BrowserWindow.fromWebContents(event.sender) === mainWindow &&
    (url === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`))
  );
}

function lockDownSessions(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  // The page loads nothing from the network: only its own scheme, DevTools and in-memory URLs.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const ok = /^(app|devtools|data|blob):/.test(details.url);
    callback({ cancel: !ok });
  });
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (e) => e.preventDefault());
    contents.on('will-redirect', (e) => e.preventDefault());
    contents.on('will-attach-webview', (e) => e.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'TraceDiff Workbench',
    backgroundColor: '#1e1e1e',
    webPreferences: {
      preload: path.join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

async function start(): Promise<void> {
  await app.whenReady();
  lockDownSessions();
  serveRenderer(path.join(__dirname, '..', 'renderer'));

  const args = parseAppArgs(process.argv.slice(app.isPackaged ? 1 : 2));
  let printer: ElectronPdfPrinter | null = null;
  const service = new WorkbenchService({
    host: 'electron',
    appVersion: version,
    engine: createEngineDeps(__dirname),
    fixturesDir: fixturesDir(),
    pathPolicy: 'any',
    allEvents: args.allEvents,
    dataDir: app.getPath('userData'),
    printer: () => (printer ??= new ElectronPdfPrinter()),
  });
  service.onEvent((e) => mainWindow?.webContents.send(EVENT_CHANNEL, e));

  ipcMain.handle(INVOKE_CHANNEL, async (event, method: unknown, req: unknown): Promise<InvokeEnvelope> => {
    try {
      if (!trustedSender(event))
        throw new ContractFailure('unauthorized', 'Calls are accepted only from the app window.');
      if (typeof method !== 'string' || !isContractMethod(method)) {
        throw new ContractFailure('bad-request', `unknown method '${String(method)}'`);
      }
      // Save (as) and export ask the user where, unless the renderer already named a file.
      if (method === 'saveCase' && mainWindow) {
        const asked = await prepareSaveCase(mainWindow, service, (req ?? {}) as { path?: string });
        if (!asked)
          return { ok: true, value: { case: await service.handle('getCase', {}), cancelled: true } };
        return { ok: true, value: await service.handle(method, asked) };
      }
      if (method === 'exportReport' && mainWindow && req && typeof req === 'object') {
        const asked = await prepareExport(mainWindow, service, req as ExportRequest);
        if (!asked) return { ok: true, value: { fileName: '', size: 0, cancelled: true } };
        return { ok: true, value: await service.handle(method, asked) };
      }
      return { ok: true, value: await service.handle(method, req) };
    } catch (e) {
      return { ok: false, error: toContractError(e) };
    }
  });

  ipcMain.handle(PICK_FILES_CHANNEL, async (event, role: unknown): Promise<InvokeEnvelope> => {
    if (!trustedSender(event) || !mainWindow) {
      return {
        ok: false,
        error: { code: 'unauthorized', message: 'Calls are accepted only from the app window.' },
      };
    }
    if (typeof role !== 'string' || !ROLES.has(role)) {
      return {
        ok: false,
        error: { code: 'bad-request', message: `pickFiles: unknown role '${String(role)}'` },
      };
    }
    const picked = await dialog.showOpenDialog(mainWindow, {
      title: role === 'log' ? 'Add Windows logs' : 'Open Process Monitor captures',
      properties: ['openFile', 'multiSelections'],
      filters: [
        { name: 'Captures and logs', extensions: ['pml', 'csv', 'xml', 'log', 'evtx', 'txt', 'zip'] },
        { name: 'All files', extensions: ['*'] },
      ],
    });
    const inputs: InputRequest[] = picked.canceled
      ? []
      : picked.filePaths.map((p) => ({
          ref: { path: p },
          role: role as InputRequest['role'],
          name: path.basename(p),
        }));
    return { ok: true, value: inputs };
  });

  ipcMain.handle(PICK_CASE_CHANNEL, async (event): Promise<InvokeEnvelope> => {
    if (!trustedSender(event) || !mainWindow) {
      return {
        ok: false,
        error: { code: 'unauthorized', message: 'Calls are accepted only from the app window.' },
      };
    }
    return { ok: true, value: await pickCaseFile(mainWindow) };
  });

  mainWindow = createWindow();
  app.on('window-all-closed', () => {
    // The case's last changes reach the disk before the app goes.
    void service.shutdown().finally(() => app.quit());
  });

  try {
    if (args.inputs.length > 0) await service.openFromCommandLine(args.inputs);
    else await service.handle('openDemo', {});
  } catch (e) {
    dialog.showErrorBox('TraceDiff Workbench', e instanceof Error ? e.message : String(e));
  }
}

start().catch((e: unknown) => {
  dialog.showErrorBox(
    'TraceDiff Workbench could not start',
    e instanceof Error ? (e.stack ?? e.message) : String(e),
  );
  app.exit(1);
});
