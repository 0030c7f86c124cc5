/**
 * The recent-cases list: `recent-cases.json` in the host's data folder, newest first, plus the case
 * files in the host's own cases folder (browser mode keeps every case there). A broken list is
 * started again, never an error: it is a convenience, the cases themselves are the data.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RecentCase } from '../../../shared/contract';
import { CASE_FILE_EXTENSION } from '../../../shared/model/case';
import { parseCase } from '../case/case-file';

const MAX_KEPT = 30;
const MAX_LISTED = 20;

interface Entry {
  path: string;
  title: string;
  updated: string;
  annotations: number;
}

function isEntry(v: unknown): v is Entry {
  if (!v || typeof v !== 'object') return false;
  const e = v as Record<string, unknown>;
  return (
    typeof e.path === 'string' &&
    typeof e.title === 'string' &&
    typeof e.updated === 'string' &&
    typeof e.annotations === 'number'
  );
}

export function isInside(dir: string, file: string): boolean {
  const rel = path.relative(path.resolve(dir), path.resolve(file));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

export class RecentCases {
  private readonly file: string;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    dataDir: string,
    private readonly casesDir: string,
  ) {
    this.file = path.join(dataDir, 'recent-cases.json');
  }

  private async read(): Promise<Entry[]> {
    try {
      const raw: unknown = JSON.parse(await readFile(this.file, 'utf8'));
      return Array.isArray(raw) ? raw.filter(isEntry) : [];
    } catch {
      return [];
    }
  }

  /** Puts a case at the top of the list (after a save or an open). */
  remember(entry: Entry): Promise<void> {
    this.writing = this.writing.then(async () => {
      const list = (await this.read()).filter((e) => path.resolve(e.path) !== path.resolve(entry.path));
      list.unshift(entry);
      await mkdir(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(tmp, `${JSON.stringify(list.slice(0, MAX_KEPT), null, 2)}\n`, 'utf8');
      await rename(tmp, this.file);
    });
    // A failed write of the list must not fail the save that triggered it.
    this.writing = this.writing.catch(() => undefined);
    return this.writing;
  }

  /**
   * Cases that still exist, newest first. `onlyCasesDir`: browser mode lists only the host's own
   * folder, whose files the page may open.
   */
  async list(onlyCasesDir: boolean): Promise<RecentCase[]> {
    await this.writing;
    const byPath = new Map<string, Entry>();
    for (const e of await this.read()) {
      if (onlyCasesDir && !isInside(this.casesDir, e.path)) continue;
      byPath.set(path.resolve(e.path), e);
    }
    let names: string[] = [];
    try {
      names = await readdir(this.casesDir);
    } catch {
      // No cases folder yet.
    }
    for (const name of names) {
      if (!name.endsWith(CASE_FILE_EXTENSION) || name.startsWith('.')) continue;
      const file = path.resolve(this.casesDir, name);
      if (!byPath.has(file)) byPath.set(file, { path: file, title: '', updated: '', annotations: -1 });
    }
    const out: RecentCase[] = [];
    for (const e of byPath.values()) {
      let s;
      try {
        s = await stat(e.path);
      } catch {
        continue;
      }
      if (!s.isFile()) continue;
      let { title, updated, annotations } = e;
      if (annotations < 0) {
        // Found in the folder but not in the list: read its title (small files; a broken one is still listed).
        updated = s.mtime.toISOString();
        annotations = 0;
        try {
          const parsed = parseCase(await readFile(e.path, 'utf8'), e.path);
          if (parsed.ok) {
            title = parsed.case.title;
            updated = parsed.case.updated;
            annotations = parsed.case.annotations.length;
          }
        } catch {
          // Listed by name only.
        }
      }
      out.push({ path: e.path, fileName: path.basename(e.path), title, updated, annotations });
    }
    out.sort((a, b) => (a.updated < b.updated ? 1 : a.updated > b.updated ? -1 : 0));
    return out.slice(0, MAX_LISTED);
  }
}
