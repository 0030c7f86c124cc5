/**
 * Reading and writing .tdcase files. Writes are atomic: the new text goes to a temporary file in the
 * same folder, is flushed to disk, and is renamed over the old file, so a crash or power cut leaves
 * either the old case or the new one, never half of each. The previous version is kept beside it as
 * `<name>.tdcase.bak` and offered when the main file cannot be read.
 */
import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { copyFile, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CASE_FILE_VERSION, type CaseFile } from '../../../shared/model/case';
import { caseFileSchema, formatIssuePath } from './case-schema';
import { locateJsonError } from './json-locate';

export type CaseLoadErrorKind = 'not-found' | 'unreadable' | 'newer-version' | 'json' | 'schema';

export interface CaseLoadError {
  kind: CaseLoadErrorKind;
  file: string;
  /** For people: names the file, the place and what was expected. */
  message: string;
  line?: number;
  column?: number;
  /** For schema violations: the first offending field, e.g. `annotations[2].target.seq`. */
  field?: string;
  /** For 'newer-version': the version the file declares. */
  version?: number;
}

/** A readable earlier version to offer when the main file cannot be read. */
export interface CaseRecovery {
  path: string;
  case: CaseFile;
}

export type LoadCaseResult =
  | { ok: true; path: string; case: CaseFile }
  | { ok: false; error: CaseLoadError; recovery: CaseRecovery | null };

export type ParseCaseResult = { ok: true; case: CaseFile } | { ok: false; error: CaseLoadError };

/** Thrown by `readCase` for callers that prefer an exception (the CLI). */
export class CaseFileError extends Error {
  constructor(
    readonly error: CaseLoadError,
    readonly recovery: CaseRecovery | null,
  ) {
    super(recovery ? `${error.message} A readable earlier version exists: ${recovery.path}` : error.message);
  }
}

export function backupPathOf(casePath: string): string {
  return `${casePath}.bak`;
}

/**
 * Deeper than any case file. JSON.parse keeps a frame per open level, so a hostile file opening a
 * million arrays took hundreds of MiB before failing (found by fuzzing): such text is refused first.
 */
const MAX_JSON_DEPTH = 256;

/** Offset where `text` opens more than MAX_JSON_DEPTH levels (strings skipped), or -1. */
function tooDeepAt(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_JSON_DEPTH) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}

/** Validates the text of a case file. `file` only names it in messages. */
export function parseCase(text: string, file: string): ParseCaseResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const deep = tooDeepAt(body);
  if (deep >= 0) {
    const before = body.slice(0, deep);
    const line = before.split('\n').length;
    const column = deep - before.lastIndexOf('\n');
    return {
      ok: false,
      error: {
        kind: 'json',
        file,
        line,
        column,
        message: `${file}: not valid JSON at line ${line}, column ${column}: nested more than ${MAX_JSON_DEPTH} levels deep.`,
      },
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (e) {
    const where = locateJsonError(body);
    const detail = where ? where.message : e instanceof Error ? e.message : String(e);
    const at = where ? ` at line ${where.line}, column ${where.column}` : '';
    return {
      ok: false,
      error: {
        kind: 'json',
        file,
        message: `${file}: not valid JSON${at}: ${detail}.`,
        line: where?.line,
        column: where?.column,
      },
    };
  }
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    const version = (raw as { version?: unknown }).version;
    if (typeof version === 'number' && version > CASE_FILE_VERSION) {
      return {
        ok: false,
        error: {
          kind: 'newer-version',
          file,
          version,
          message: `${file}: This case was written by a newer TraceDiff (version ${version}); this build reads version ${CASE_FILE_VERSION}.`,
        },
      };
    }
  }
  const parsed = caseFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const first = issues[0];
    const field = formatIssuePath(first.path);
    const listed = issues
      .slice(0, 5)
      .map((i) => `${formatIssuePath(i.path)}: ${i.message}`)
      .join('; ');
    const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
    return {
      ok: false,
      error: { kind: 'schema', file, field, message: `${file}: not a valid case file: ${listed}${more}.` },
    };
  }
  return { ok: true, case: parsed.data };
}

/** The text written to disk: validated first, so a bug elsewhere cannot write a file that will not load. */
export function serializeCase(c: CaseFile): string {
  const checked = caseFileSchema.safeParse(c);
  if (!checked.success) {
    const i = checked.error.issues[0];
    throw new Error(`Refusing to save an invalid case: ${formatIssuePath(i.path)}: ${i.message}`);
  }
  return `${JSON.stringify(checked.data, null, 2)}\n`;
}

async function readCaseFile(path: string): Promise<LoadCaseResult> {
  let text: string;
  try {
    text = await readFile(path, { encoding: 'utf8', flag: 'r' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const kind: CaseLoadErrorKind = code === 'ENOENT' ? 'not-found' : 'unreadable';
    const message =
      kind === 'not-found'
        ? `${path}: no such case file.`
        : `${path}: cannot read the case file (${(e as Error).message}).`;
    return { ok: false, error: { kind, file: path, message }, recovery: null };
  }
  const parsed = parseCase(text, path);
  return parsed.ok
    ? { ok: true, path, case: parsed.case }
    : { ok: false, error: parsed.error, recovery: null };
}

/** Reads a case; when it cannot be read, says why and offers the `.bak` if that one is readable. */
export async function loadCase(path: string): Promise<LoadCaseResult> {
  const main = await readCaseFile(path);
  if (main.ok) return main;
  const bakPath = backupPathOf(path);
  const bak = await readCaseFile(bakPath);
  return { ok: false, error: main.error, recovery: bak.ok ? { path: bakPath, case: bak.case } : null };
}

/** Like `loadCase` but throws `CaseFileError`. */
export async function readCase(path: string): Promise<CaseFile> {
  const r = await loadCase(path);
  if (!r.ok) throw new CaseFileError(r.error, r.recovery);
  return r.case;
}

export interface SaveCaseOptions {
  /** Keep the version being replaced as `<name>.bak` (default true). */
  keepBackup?: boolean;
}

/** Writes the case atomically; see the module comment. */
export async function saveCase(path: string, c: CaseFile, opts: SaveCaseOptions = {}): Promise<void> {
  const text = serializeCase(c);
  const dir = dirname(path);
  const tmp = tempPathFor(path);
  try {
    await writeDurably(tmp, text);
    if (opts.keepBackup !== false) await backUpCurrent(path);
    await renameWithRetry(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await syncDirectory(dir);
  await removeStaleTemps(path);
}

function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

async function writeDurably(path: string, text: string): Promise<void> {
  const fh = await open(path, 'wx');
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Copies the current file to `.bak` (itself atomically) when it is a readable case: a hand-broken
 * file must not replace a good backup.
 */
async function backUpCurrent(path: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(path, { encoding: 'utf8', flag: 'r' });
  } catch {
    return;
  }
  if (!parseCase(text, path).ok) return;
  const bak = backupPathOf(path);
  const bakTmp = tempPathFor(bak);
  try {
    await copyFile(path, bakTmp, fsConstants.COPYFILE_EXCL);
    const fh = await open(bakTmp, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    await renameWithRetry(bakTmp, bak);
  } catch (e) {
    await unlink(bakTmp).catch(() => undefined);
    throw e;
  }
}

// On Windows a rename over a file that a scanner or indexer holds open fails for a moment with
// EPERM/EACCES/EBUSY; a few short retries get through.
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (attempt >= 8 || (code !== 'EPERM' && code !== 'EACCES' && code !== 'EBUSY')) throw e;
      await new Promise((r) => setTimeout(r, 15 * (attempt + 1)));
    }
  }
}

// Makes the rename itself durable on POSIX file systems; Windows cannot open a folder for this.
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // Some file systems (network shares) refuse; the rename is still atomic.
  }
}

/** Removes temporary files left by writers that died mid-save (their process is gone). */
async function removeStaleTemps(path: string): Promise<void> {
  const dir = dirname(path);
  // Longest first: the backup's temp names start with the case's own prefix too.
  const prefixes = [`.${basename(backupPathOf(path))}.`, `.${basename(path)}.`];
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const prefix = prefixes.find((p) => name.startsWith(p));
    if (!prefix || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length).split('.')[0]);
    if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue;
    await unlink(join(dir, name)).catch(() => undefined);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when a file exists at `path` (used to decide between creating and opening a case). */
export async function fileExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
