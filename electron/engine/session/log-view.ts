/**
 * Pages over the loaded logs as one time-ordered list, filtered by log, level and text. The last
 * filter's result is kept so scrolling through it does not rescan every entry.
 *
 * Time order needs one clock. Event logs carry UTC times; text logs (CBS, DISM, Panther,
 * WindowsUpdate) carry the machine's local wall clock with no zone (winlogs.md). When both kinds are
 * loaded, local times are moved to UTC by the zone offset of the problem machine, learned from the
 * problem capture the way the comparison learns it (analysis/log-clock.ts). Without that offset the
 * local times are sorted as written, and `clock` says so, so the panel can tell the user. Entries
 * without a time keep the time of the entry before them in their log, so continuation lines stay put.
 */
import type { LogClockInfo, LogLocator, LogQuery } from '../../../shared/contract';
import type { LogEntry } from '../../../shared/model/log';
import { logClock, parseLogTime } from '../analysis/log-clock';
import type { TraceStore } from '../store/trace-store';
import type { LogStoreLike } from './engine-deps';

export class LogView {
  private cache: { key: string; entries: LogEntry[] } | null = null;
  private readonly ordered: LogEntry[];
  readonly clock: LogClockInfo;

  constructor(
    readonly logs: readonly LogStoreLike[],
    readonly trace: TraceStore | null = null,
  ) {
    const { keys, clock } = sortKeys(logs, trace);
    this.clock = clock;
    const all: { e: LogEntry; k: number; o: number }[] = [];
    let o = 0;
    logs.forEach((log, li) => log.entries.forEach((e, i) => all.push({ e, k: keys[li][i], o: o++ })));
    all.sort((a, b) => a.k - b.k || a.o - b.o);
    this.ordered = all.map((x) => x.e);
  }

  /** True when this view was built for these logs and this problem capture. */
  isFor(logs: readonly LogStoreLike[], trace: TraceStore | null): boolean {
    return this.logs === logs && this.trace === trace;
  }

  query(q: LogQuery): { entries: LogEntry[]; total: number; clock: LogClockInfo } {
    const list = this.filtered(q);
    return { entries: list.slice(q.offset, q.offset + q.limit), total: list.length, clock: this.clock };
  }

  /** Position of a log line in the filtered list; -1 when the filter hides it or there is none. */
  indexOf(loc: LogLocator): number {
    const list = this.filtered({
      offset: 0,
      limit: 0,
      logIds: loc.logIds,
      levels: loc.levels,
      text: loc.text,
    });
    const ids = new Set(
      this.logs
        .filter(
          (l) =>
            l.summary.id === loc.logId ||
            (loc.file !== undefined && sameFile(l.summary.fileName, l.summary.file, loc.file)),
        )
        .map((l) => l.summary.id),
    );
    if (ids.size === 0) return -1;
    return list.findIndex((e) => ids.has(e.logId) && e.line === loc.line);
  }

  private filtered(q: LogQuery): LogEntry[] {
    const text = (q.text ?? '').trim().toLowerCase();
    const key = JSON.stringify([q.logIds ?? null, q.levels ?? null, text]);
    if (this.cache?.key === key) return this.cache.entries;
    const ids = q.logIds && q.logIds.length > 0 ? new Set(q.logIds) : null;
    const levels = q.levels && q.levels.length > 0 ? new Set(q.levels) : null;
    const out: LogEntry[] = [];
    for (const e of this.ordered) {
      if (ids && !ids.has(e.logId)) continue;
      if (levels && !levels.has(e.level)) continue;
      if (text && !matchesText(e, text)) continue;
      out.push(e);
    }
    this.cache = { key, entries: out };
    return out;
  }
}

function baseName(p: string): string {
  return (p.split(/[\\/]/).pop() ?? p).toLowerCase();
}

function sameFile(fileName: string, file: string, wanted: string): boolean {
  const w = baseName(wanted);
  return baseName(fileName) === w || baseName(file) === w;
}

/**
 * A sort key per entry (seconds on one clock) and what was assumed. With one kind of clock loaded the
 * times sort as written. With both, each log is put on the problem capture's clock the way the
 * comparison does it (log-clock.ts infers the machine's zone offset when the capture does not state
 * it); entries it cannot place keep their written time.
 */
function sortKeys(
  logs: readonly LogStoreLike[],
  trace: TraceStore | null,
): { keys: Float64Array[]; clock: LogClockInfo } {
  const parsed = logs.map((l) => l.entries.map((e) => (e.time ? parseLogTime(e.time) : null)));
  let zoned = false;
  let local = false;
  for (const list of parsed)
    for (const p of list) {
      if (!p) continue;
      if (p.offset === null) local = true;
      else zoned = true;
    }
  const mixed = zoned && local;
  const notes: string[] = [];
  let placed = mixed && trace !== null && trace.length > 0;
  const keys = parsed.map((list, li) => {
    const onTrace = placed && trace ? logClock(logs[li], trace) : null;
    if (onTrace) notes.push(onTrace.note);
    const k = new Float64Array(list.length);
    let carry = Number.NEGATIVE_INFINITY;
    list.forEach((p, i) => {
      if (p) {
        const t = onTrace ? onTrace.times[i] : NaN;
        if (Number.isNaN(t)) {
          if (onTrace) placed = false;
          carry = p.offset !== null ? p.sec - p.offset * 60 : p.sec;
        } else carry = t;
      }
      k[i] = carry;
    });
    return k;
  });
  return { keys, clock: { mixed, aligned: mixed && placed, notes } };
}

function matchesText(e: LogEntry, text: string): boolean {
  return (
    e.message.toLowerCase().includes(text) ||
    e.component.toLowerCase().includes(text) ||
    e.codes.some((c) => c.toLowerCase().includes(text)) ||
    e.source.toLowerCase().includes(text)
  );
}
