/**
 * Pages over the loaded logs as one list (in the order they were opened), filtered by log, level
 * and text. The last filter's result is kept so scrolling through it does not rescan every entry.
 */
import type { LogQuery } from '../../../shared/contract';
import type { LogEntry } from '../../../shared/model/log';
import type { LogStoreLike } from './engine-deps';

export class LogView {
  private cache: { key: string; entries: LogEntry[] } | null = null;

  constructor(private readonly logs: readonly LogStoreLike[]) {}

  query(q: LogQuery): { entries: LogEntry[]; total: number } {
    const list = this.filtered(q);
    return { entries: list.slice(q.offset, q.offset + q.limit), total: list.length };
  }

  private filtered(q: LogQuery): LogEntry[] {
    const text = (q.text ?? '').trim().toLowerCase();
    const key = JSON.stringify([q.logIds ?? null, q.levels ?? null, text]);
    if (this.cache?.key === key) return this.cache.entries;
    const ids = q.logIds ? new Set(q.logIds) : null;
    const levels = q.levels && q.levels.length > 0 ? new Set(q.levels) : null;
    const out: LogEntry[] = [];
    for (const log of this.logs) {
      if (ids && !ids.has(log.summary.id)) continue;
      for (const e of log.entries) {
        if (levels && !levels.has(e.level)) continue;
        if (text && !matchesText(e, text)) continue;
        out.push(e);
      }
    }
    this.cache = { key, entries: out };
    return out;
  }
}

function matchesText(e: LogEntry, text: string): boolean {
  return (
    e.message.toLowerCase().includes(text) ||
    e.component.toLowerCase().includes(text) ||
    e.codes.some((c) => c.toLowerCase().includes(text)) ||
    e.source.toLowerCase().includes(text)
  );
}
