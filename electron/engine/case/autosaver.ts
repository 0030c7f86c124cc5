/**
 * Debounced autosave of the open case. Edits within `delayMs` of each other coalesce into one write;
 * a steady stream of edits still saves at least every `maxWaitMs`. Writes never overlap: a change that
 * arrives during a write is saved right after it. Each write is atomic (saveCase).
 */
import type { CaseFile } from '../../../shared/model/case';
import { saveCase } from './case-file';

export interface AutosaverOptions {
  delayMs?: number;
  maxWaitMs?: number;
  onSaved?: (path: string, c: CaseFile) => void;
  onError?: (error: Error, path: string) => void;
  /** The writer (tests inject one); defaults to saveCase. */
  save?: (path: string, c: CaseFile) => Promise<void>;
}

export class Autosaver {
  private pending: CaseFile | null = null;
  private firstPendingAt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private chain: Promise<void> = Promise.resolve();
  private disposed = false;
  private readonly delayMs: number;
  private readonly maxWaitMs: number;
  private readonly save: (path: string, c: CaseFile) => Promise<void>;
  /** Writes done so far (for status lines and tests). */
  writes = 0;

  constructor(
    private path: string,
    private readonly opts: AutosaverOptions = {},
  ) {
    this.delayMs = opts.delayMs ?? 1000;
    this.maxWaitMs = opts.maxWaitMs ?? this.delayMs * 5;
    this.save = opts.save ?? ((p, c) => saveCase(p, c));
  }

  get hasPending(): boolean {
    return this.pending !== null;
  }

  /** Saves to another path from now on (Save As); pending changes go to the new path. */
  setPath(path: string): void {
    this.path = path;
  }

  /** Records the latest state of the case; it is written after the quiet period. */
  schedule(c: CaseFile): void {
    if (this.disposed) throw new Error('Autosaver is disposed');
    const now = Date.now();
    if (this.pending === null) this.firstPendingAt = now;
    this.pending = c;
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.delayMs, this.maxWaitMs - (now - this.firstPendingAt)));
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.drain();
    }, wait);
  }

  /** Writes any pending change now and waits until everything scheduled so far is on disk. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    await this.drain();
  }

  /** Flushes and stops accepting changes. */
  async dispose(): Promise<void> {
    await this.flush();
    this.disposed = true;
  }

  private drain(): Promise<void> {
    this.chain = this.chain.then(async () => {
      while (this.pending !== null) {
        const c = this.pending;
        const path = this.path;
        this.pending = null;
        try {
          await this.save(path, c);
          this.writes++;
          this.opts.onSaved?.(path, c);
        } catch (e) {
          const err = e instanceof Error ? e : new Error(String(e));
          if (this.opts.onError) this.opts.onError(err, path);
        }
      }
    });
    return this.chain;
  }
}
