/**
 * One loaded log: its summary and entries, with the look-ups correlation needs (entries by path,
 * by code, by time).
 */
import type { LogEntry, LogSummary } from '../../../../shared/model/log';

/** Lower-cased, `\\?\` / `\??\` prefixes removed, forward slashes turned back: how paths are matched. */
export function pathKey(p: string): string {
  return p
    .replace(/^\\\\\?\\|^\\\?\?\\/, '')
    .replace(/\//g, '\\')
    .toLowerCase();
}

export class LogStore {
  private pathIndex: Map<string, number[]> | null = null;
  private codeIndex: Map<string, number[]> | null = null;

  constructor(
    public summary: LogSummary,
    public entries: LogEntry[],
  ) {}

  /** Entries naming this path (case-insensitive, exact); built on first use. */
  byPath(path: string): LogEntry[] {
    if (!this.pathIndex) {
      const idx = new Map<string, number[]>();
      for (const e of this.entries) {
        for (const p of e.paths) {
          const k = pathKey(p);
          const list = idx.get(k);
          if (list) list.push(e.index);
          else idx.set(k, [e.index]);
        }
      }
      this.pathIndex = idx;
    }
    return (this.pathIndex.get(pathKey(path)) ?? []).map((i) => this.entries[i]);
  }

  /** Entries whose path ends with this file name (e.g. "wpdmtp.dll"), case-insensitive. */
  byFileName(name: string): LogEntry[] {
    const n = name.toLowerCase();
    return this.entries.filter((e) =>
      e.paths.some((p) => p.toLowerCase().endsWith(`\\${n}`) || p.toLowerCase() === n),
    );
  }

  /** Entries carrying this normalised code ("0x80070005", "5"). */
  byCode(code: string): LogEntry[] {
    if (!this.codeIndex) {
      const idx = new Map<string, number[]>();
      for (const e of this.entries) {
        for (const c of e.codes) {
          const list = idx.get(c);
          if (list) list.push(e.index);
          else idx.set(c, [e.index]);
        }
      }
      this.codeIndex = idx;
    }
    return (this.codeIndex.get(code) ?? []).map((i) => this.entries[i]);
  }

  /** First and last entry time ('' when the log has no times). */
  timeRange(): { first: string; last: string } {
    return { first: this.summary.firstTime, last: this.summary.lastTime };
  }

  /** Entries whose time lies in [from, to] (ISO strings of the same form compare as text). */
  between(from: string, to: string): LogEntry[] {
    return this.entries.filter((e) => e.time !== '' && e.time >= from && e.time <= to);
  }
}
