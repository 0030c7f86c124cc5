/**
 * The native dialogs around the case operations: Save As when the case has no file of the user's
 * yet, a save dialog for every export, and choosing a .tdcase to open. The service stays
 * host-agnostic; the main process asks the user and passes the chosen path on.
 */
import path from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import type { ExportRequest, InputRef } from '../../shared/contract';
import { CASE_FILE_EXTENSION } from '../../shared/model/case';
import { safeCaseFileName } from '../engine/session/case-names';
import type { WorkbenchService } from '../engine/session/workbench-service';

const EXPORT_FILTERS: Record<
  ExportRequest['format'],
  { name: string; extensions: string[]; suffix: string }
> = {
  pdf: { name: 'PDF report', extensions: ['pdf'], suffix: '.pdf' },
  html: { name: 'HTML report', extensions: ['html', 'htm'], suffix: '.html' },
  json: { name: 'JSON', extensions: ['json'], suffix: '.json' },
  'csv-findings': { name: 'CSV', extensions: ['csv'], suffix: '-findings.csv' },
  'csv-marked': { name: 'CSV', extensions: ['csv'], suffix: '-marked.csv' },
};

async function caseTitle(service: WorkbenchService): Promise<string> {
  const c = await service.handle('getCase', {});
  return c.case.title;
}

/**
 * Save: the case's own file when the user chose one; else the Save As dialog. Returns the request to
 * run, or null when the user cancelled.
 */
export async function prepareSaveCase(
  win: BrowserWindow,
  service: WorkbenchService,
  req: { path?: string },
): Promise<{ path?: string } | null> {
  if (req.path) return req;
  const state = await service.handle('getCase', {});
  if (state.location === 'user' && state.path) return req;
  const name = safeCaseFileName(state.case.title, 'case') + CASE_FILE_EXTENSION;
  const picked = await dialog.showSaveDialog(win, {
    title: 'Save case',
    defaultPath: path.join(app.getPath('documents'), name),
    filters: [{ name: 'TraceDiff case', extensions: ['tdcase'] }],
  });
  if (picked.canceled || !picked.filePath) return null;
  return { ...req, path: picked.filePath };
}

/** Export: always asks where (the file goes to the customer). Null when cancelled. */
export async function prepareExport(
  win: BrowserWindow,
  service: WorkbenchService,
  req: ExportRequest,
): Promise<ExportRequest | null> {
  if (req.path) return req;
  const f = EXPORT_FILTERS[req.format];
  const name = safeCaseFileName(await caseTitle(service), 'report') + f.suffix;
  const picked = await dialog.showSaveDialog(win, {
    title: 'Export',
    defaultPath: path.join(app.getPath('documents'), name),
    filters: [{ name: f.name, extensions: f.extensions }],
  });
  if (picked.canceled || !picked.filePath) return null;
  return { ...req, path: picked.filePath };
}

export async function pickCaseFile(win: BrowserWindow): Promise<InputRef | null> {
  const picked = await dialog.showOpenDialog(win, {
    title: 'Open case',
    properties: ['openFile'],
    filters: [
      { name: 'TraceDiff case', extensions: ['tdcase'] },
      { name: 'All files', extensions: ['*'] },
    ],
  });
  return picked.canceled || picked.filePaths.length === 0 ? null : { path: picked.filePaths[0] };
}
