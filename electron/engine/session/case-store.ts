/**
 * Where the open case is written and when: the path (chosen by the user, or one in the host's cases
 * folder), autosave after every change through the Autosaver (atomic writes, `.bak` kept), explicit
 * saves through the same writer so two writes never overlap, and the recent-cases list.
 */
import { mkdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { CASE_FILE_EXTENSION, type CaseFile } from '../../../shared/model/case';
import { Autosaver } from '../case/autosaver';
import { backupPathOf, fileExists } from '../case/case-file';
import { fileStamp, safeCaseFileName } from './case-names';
import type { RecentCases } from './recent-cases';

export type CaseLocation = 'user' | 'auto';

export interface CaseStoreOptions {
  /** The host's own folder for cases (null: cases are saved only where the user says). */
  casesDir: string | null;
  recent: RecentCases | null;
  autosaveDelayMs: number;
  /** Called after each write or failed write (the state the renderer sees changed). */
  onWritten: () => void;
}

export class CaseStore {
  path: string | null = null;
  location: CaseLocation | null = null;
  savedAt: string | null = null;
  autosaveError: string | null = null;
  /** Bumped by every change; compared with what the last write contained. */
  private version = 0;
  private writtenVersion = 0;
  private autosaver: Autosaver | null = null;
  private lastWrite: { path: string; error: Error | null } | null = null;
  private queue: Promise<void> = Promise.resolve();
  /** The change count each scheduled snapshot contains. */
  private readonly versions = new WeakMap<CaseFile, number>();

  constructor(private readonly opts: CaseStoreOptions) {}

  get dirty(): boolean {
    return this.version !== this.writtenVersion;
  }

  /** True when `file` in the cases folder is the name `title` gives (or that name with a ` (n)`). */
  namedAfter(file: string, title: string): boolean {
    const base = path.basename(file, CASE_FILE_EXTENSION).replace(/ \(\d+\)$/, '');
    return base === safeCaseFileName(title, base);
  }

  /** A new path in the cases folder named after the title (never an existing file's name). */
  async autoPath(title: string): Promise<string | null> {
    const dir = this.opts.casesDir;
    if (!dir) return null;
    await mkdir(dir, { recursive: true });
    const base = safeCaseFileName(title, `case-${fileStamp(new Date())}`);
    for (let n = 1; ; n++) {
      const candidate = path.join(dir, `${base}${n > 1 ? ` (${n})` : ''}${CASE_FILE_EXTENSION}`);
      if (!(await fileExists(candidate))) return candidate;
    }
  }

  /** Starts over with another case (after the current one's pending writes are on disk). */
  async switchTo(p: string | null, location: CaseLocation | null): Promise<void> {
    await this.flush();
    this.path = p;
    this.location = p ? location : null;
    this.savedAt = null;
    this.autosaveError = null;
    this.version = 0;
    this.writtenVersion = 0;
    this.autosaver?.setPath(p ?? '');
  }

  /**
   * Records a change and schedules the autosave of `snapshot()` (taken in order, after earlier ones).
   * Without a path yet, the case gets one in the cases folder, named after `title`.
   */
  changed(title: string, snapshot: () => Promise<CaseFile>): void {
    this.version++;
    const version = this.version;
    this.queue = this.queue.then(async () => {
      if (!this.path) {
        const p = await this.autoPath(title);
        if (!p) return;
        this.path = p;
        this.location = 'auto';
      }
      const c = await snapshot();
      this.versions.set(c, version);
      this.writer().setPath(this.path);
      this.writer().schedule(c);
    });
    this.queue = this.queue.catch((e: unknown) => {
      this.autosaveError = e instanceof Error ? e.message : String(e);
      this.opts.onWritten();
    });
  }

  private writer(): Autosaver {
    this.autosaver ??= new Autosaver(this.path ?? '', {
      delayMs: this.opts.autosaveDelayMs,
      onSaved: (p, c) => {
        this.lastWrite = { path: p, error: null };
        this.autosaveError = null;
        this.savedAt = c.updated;
        this.writtenVersion = Math.max(this.writtenVersion, this.versions.get(c) ?? 0);
        void this.opts.recent?.remember({
          path: p,
          title: c.title,
          updated: c.updated,
          annotations: c.annotations.length,
        });
        this.opts.onWritten();
      },
      onError: (e, p) => {
        this.lastWrite = { path: p, error: e };
        this.autosaveError = `The case could not be saved to ${p}: ${e.message}`;
        this.opts.onWritten();
      },
    });
    return this.autosaver;
  }

  /** Waits until every change so far is on disk (or has failed). */
  async flush(): Promise<void> {
    await this.queue;
    await this.autosaver?.flush();
  }

  /**
   * Saves now to `target` (Save / Save As). A case that lived in the cases folder and is saved
   * elsewhere, or under a new name there, leaves its old file: that file and its backup are removed.
   */
  async saveNow(target: string, location: CaseLocation, snapshot: () => Promise<CaseFile>): Promise<void> {
    await this.flush();
    const previous = this.path;
    const wasAuto = this.location === 'auto';
    const c = await snapshot();
    const version = this.version;
    this.path = target;
    this.location = location;
    const w = this.writer();
    w.setPath(target);
    this.versions.set(c, version);
    w.schedule(c);
    await w.flush();
    if (this.lastWrite?.path === target && this.lastWrite.error) throw this.lastWrite.error;
    if (previous && wasAuto && path.resolve(previous) !== path.resolve(target)) {
      await unlink(previous).catch(() => undefined);
      await unlink(backupPathOf(previous)).catch(() => undefined);
    }
  }

  /** Flushes and stops (the host is shutting down). */
  async dispose(): Promise<void> {
    await this.flush();
    await this.autosaver?.dispose();
  }
}
