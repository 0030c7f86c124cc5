/**
 * Ties findings to log entries (ARCHITECTURE.md §3 "Logs and correlation"): entries that name the
 * same file or key (full path, file name, or WinSxS component name; case-insensitive), entries that
 * carry the error the trace shows (0x80070005 for ACCESS DENIED, GLE 5, the localized "access is
 * denied" text) where they are errors or sit beside a naming entry, and error entries near in time
 * when the clocks can be compared. Logs marked as the baseline machine's are not evidence of the
 * problem and are skipped. Entries are indexed once by the names they contain, so a finding costs a
 * few map look-ups rather than a scan of every line.
 */
import type { LogEvidence } from '../../../shared/model/finding';
import type { CodeExplanation, LogEntry, LogSummary } from '../../../shared/model/log';
import type { TraceStore } from '../store/trace-store';
import { resultCodes } from './result-codes';

export interface LogSource {
  summary: LogSummary;
  entries: LogEntry[];
}

export type ExplainFn = (code: string) => CodeExplanation | null;

export interface CorrelationQuery {
  /** Real paths of the finding's events (problem first). */
  paths: string[];
  /** Procmon Result on the problem machine (for the matching error codes). */
  result: string;
  /** Problem trace time of the first event (TraceStore.timeValue), or NaN. */
  time: number;
  /** Extra names to look for (context process images), weaker evidence. */
  names?: string[];
}

export interface Correlation {
  evidence: LogEvidence[];
  /**
   * Weighted count of corroborating entries: 1 per entry naming the full path, 0.7 per entry naming
   * the file or component, 0.5 per entry with the same error beside a naming entry.
   */
  strong: number;
  /** Weighted count of weaker matches: the error code alone, a context process, time only. */
  weak: number;
}

/** Weight of each match order (see `mark`): path, file name, code beside a name, context name, code, time. */
const ORDER_WEIGHT = [1, 0.7, 0.5, 0.5, 0.5, 0.3];

/** Evidence kept per finding. */
const MAX_EVIDENCE = 16;
/** Lines around a naming entry in which an error-code entry counts as the same incident. */
const NEAR_LINES = 40;
/**
 * Seconds before and after the failure for time matches. Asymmetric: a failure is written to the
 * logs after it happens, often once the component gives up and rolls back (minutes later in CBS).
 */
const NEAR_BEFORE = 30;
const NEAR_AFTER = 180;
/** Time-only matches kept per log, closest first. */
const MAX_TIME_HITS = 5;

interface PreparedLog {
  source: LogSource;
  text: string[];
  /** Lower-case file-like names and path components -> entry indexes. */
  names: Map<string, number[]>;
  codes: Map<string, number[]>;
  /** Entry time on the problem trace's clock (NaN when it cannot be compared). */
  traceTime: Float64Array;
  /** Entries at error level. */
  errors: number[];
  /** Per Procmon result: entries carrying its error code or message. */
  byResult: Map<string, Set<number>>;
}

const NAME_TOKEN = /[^\\/\s"'<>|:*?,;()[\]{}=]+/g;
const COMPONENT = /^(?:amd64|x86|wow64|msil|arm64|arm)_(.+?)_[0-9a-f]{16}_/i;

export class LogCorrelator {
  private readonly logs: PreparedLog[];
  /** One line per log on how its times were compared with the trace. */
  readonly clockNotes: string[] = [];

  constructor(
    sources: readonly LogSource[],
    trace: TraceStore,
    private readonly explain: ExplainFn,
  ) {
    this.logs = sources.filter((s) => s.summary.side !== 'baseline').map((s) => this.prepare(s, trace));
  }

  private prepare(source: LogSource, trace: TraceStore): PreparedLog {
    const entries = source.entries;
    const text: string[] = new Array<string>(entries.length);
    const names = new Map<string, number[]>();
    const codes = new Map<string, number[]>();
    const add = (m: Map<string, number[]>, k: string, i: number): void => {
      const l = m.get(k);
      if (!l) m.set(k, [i]);
      else if (l[l.length - 1] !== i) l.push(i);
    };
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      const data = e.data ? Object.values(e.data).join('\n') : '';
      const t = `${e.message}\n${e.paths.join('\n')}\n${data}`.toLowerCase();
      text[i] = t;
      for (const m of t.matchAll(NAME_TOKEN)) {
        const tok = m[0].replace(/[.]+$/, '');
        if (tok.length < 4) continue;
        add(names, tok, i);
        const comp = COMPONENT.exec(tok);
        if (comp) add(names, comp[1], i);
      }
      for (const c of e.codes) add(codes, c.toUpperCase(), i);
    }
    const clock = logClock(source, trace);
    this.clockNotes.push(clock.note);
    const errors: number[] = [];
    for (let i = 0; i < entries.length; i++) if (entries[i].level === 'error') errors.push(i);
    return { source, text, names, codes, traceTime: clock.times, errors, byResult: new Map() };
  }

  private entriesWithResult(log: PreparedLog, result: string): Set<number> {
    let set = log.byResult.get(result);
    if (set) return set;
    set = new Set<number>();
    const { codes, phrases } = resultCodes(result, this.explain(result)?.related ?? []);
    for (const c of codes) for (const i of log.codes.get(c) ?? []) set.add(i);
    if (phrases.length > 0) {
      for (let i = 0; i < log.text.length; i++) if (phrases.some((p) => log.text[i].includes(p))) set.add(i);
    }
    log.byResult.set(result, set);
    return set;
  }

  /** Every matching entry of the problem-side logs, best match first. */
  correlate(q: CorrelationQuery): LogHit[] {
    const terms = termsOf(q.paths);
    const extra = (q.names ?? []).map((n) => n.toLowerCase()).filter((n) => n.length >= 5);
    const hits: LogHit[] = [];
    for (const log of this.logs) {
      const entries = log.source.entries;
      const reasons = new Map<number, { reason: NonNullable<LogEvidence['reason']>; order: number }>();
      const mark = (i: number, reason: NonNullable<LogEvidence['reason']>, order: number): void => {
        const prev = reasons.get(i);
        if (!prev || prev.order > order) reasons.set(i, { reason, order });
      };
      for (const term of terms) {
        for (const i of log.names.get(term.token) ?? []) {
          if (term.text === '' || containsName(log.text[i], term.text)) mark(i, term.full ? 'path' : 'file-name', term.full ? 0 : 1);
        }
      }
      for (const name of extra) for (const i of log.names.get(name) ?? []) mark(i, 'file-name', 3);
      const named = [...reasons.entries()].filter(([, r]) => r.order <= 1).map(([i]) => i);
      const nearNamed = (i: number): boolean => {
        const line = entries[i].line;
        return named.some((j) => Math.abs(entries[j].line - line) <= NEAR_LINES);
      };
      const nearTime = (i: number): boolean => {
        const dt = log.traceTime[i] - q.time;
        return dt >= -NEAR_BEFORE && dt <= NEAR_AFTER;
      };
      for (const i of this.entriesWithResult(log, q.result)) {
        if (reasons.has(i)) continue;
        const lvl = entries[i].level;
        if (nearNamed(i)) mark(i, 'code', 2);
        else if (lvl === 'error' || nearTime(i)) mark(i, 'code', 4);
      }
      if (!Number.isNaN(q.time)) {
        const near = log.errors.filter((i) => !reasons.has(i) && nearTime(i));
        near.sort((x, y) => Math.abs(log.traceTime[x] - q.time) - Math.abs(log.traceTime[y] - q.time));
        for (const i of near.slice(0, MAX_TIME_HITS)) mark(i, 'time', 5);
      }
      for (const [i, r] of reasons) {
        const e = entries[i];
        const ev: LogEvidence = {
          file: log.source.summary.fileName,
          line: e.line,
          text: evidenceText(e),
          reason: r.reason,
        };
        if (e.time) ev.time = e.time;
        if (e.codes.length > 0) {
          ev.codes = e.codes;
          const ex = e.codes.map((c) => this.explain(c)).filter((x): x is CodeExplanation => x !== null);
          if (ex.length > 0) ev.explanations = ex;
        }
        hits.push({ evidence: ev, order: r.order, entry: `${log.source.summary.id}\n${i}` });
      }
    }
    hits.sort((x, y) => x.order - y.order || x.evidence.file.localeCompare(y.evidence.file) || x.evidence.line - y.evidence.line);
    return hits;
  }
}

/** One matching entry: how it matched (`order`, lower is stronger) and which entry it is. */
export interface LogHit {
  evidence: LogEvidence;
  /** 0 path, 1 file or component name, 2 same error beside a naming entry, 3 context process name, 4 same error, 5 near in time. */
  order: number;
  /** Identity of the entry across findings. */
  entry: string;
}

/** True for a hit that names the finding's file or key (or carries its error beside such a line). */
export const isNamingHit = (h: LogHit): boolean => h.order <= 2;

/** The evidence kept for a finding and its weighted strength. */
export function summarizeHits(hits: readonly LogHit[]): Correlation {
  let strong = 0;
  let weak = 0;
  for (const h of hits) {
    if (isNamingHit(h)) strong += ORDER_WEIGHT[h.order];
    else weak += ORDER_WEIGHT[h.order];
  }
  return { evidence: hits.slice(0, MAX_EVIDENCE).map((h) => h.evidence), strong, weak };
}

interface Term {
  /** The index token to look up. */
  token: string;
  /** The text that must occur (lower-case); '' when the indexed token is enough (component names). */
  text: string;
  /** True for a full path. */
  full: boolean;
}

const isRegistry = (p: string): boolean => /^(?:hk[a-z_]*|\\registry)\\/i.test(p);

/** What to look for in the logs for a set of trace paths. */
export function termsOf(paths: readonly string[]): Term[] {
  const out: Term[] = [];
  const seen = new Set<string>();
  const push = (t: Term): void => {
    const id = `${t.token}\n${t.text}`;
    if (t.token.length < 4 || seen.has(id)) return;
    seen.add(id);
    out.push(t);
  };
  for (const raw of paths) {
    if (!raw) continue;
    const p = raw.toLowerCase().replace(/^(?:\\\?\?\\|\\\\\?\\)/, '');
    const parts = p.split('\\').filter((x) => x !== '');
    if (parts.length === 0) continue;
    const last = parts[parts.length - 1];
    if (isRegistry(p)) {
      // Logs name keys without the hive prefix Procmon uses; a lone value name is too common.
      const rest = parts.slice(1).join('\\');
      if (parts.length > 2) push({ token: last, text: rest, full: true });
      if (parts.length > 2) push({ token: last, text: parts.slice(-2).join('\\'), full: false });
      continue;
    }
    push({ token: last, text: p, full: true });
    if (last.length >= 5) push({ token: last, text: last, full: false });
    for (const part of parts) {
      const comp = COMPONENT.exec(part);
      if (comp) push({ token: comp[1], text: '', full: false });
    }
  }
  return out;
}

/** Case-folded containment with name boundaries (wpdmtp.dll must not match mywpdmtp.dll). */
function containsName(text: string, name: string): boolean {
  let at = text.indexOf(name);
  while (at >= 0) {
    const before = at > 0 ? text[at - 1] : '';
    const after = text[at + name.length] ?? '';
    if (!/[a-z0-9_]/.test(before) && !/[a-z0-9_]/.test(after)) return true;
    at = text.indexOf(name, at + 1);
  }
  return false;
}

/**
 * The entry as one line: its message's first line, then the named data fields of an event record
 * (ErrorCode, ErrorDescription, module names), which often say more than the message.
 */
function evidenceText(e: LogEntry): string {
  const msg = e.message || e.raw;
  const nl = msg.search(/\r?\n/);
  let line = nl >= 0 ? msg.slice(0, nl) : msg;
  if (e.data) {
    const fields = Object.entries(e.data)
      .filter(([k, v]) => !k.startsWith('@') && v !== '' && !line.includes(v))
      .map(([k, v]) => `${k}=${v}`);
    if (fields.length > 0) line = `${line} [${fields.join(', ')}]`;
  }
  return line.length > 600 ? `${line.slice(0, 597)}...` : line;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?\s*(Z|[+-]\d{2}:?\d{2})?$/;

interface ParsedTime {
  /** Days since 1970-01-01 of the written date. */
  day: number;
  /** Seconds into that day. */
  tod: number;
  /** Minutes east of UTC when the text says; null for local wall-clock time. */
  offset: number | null;
}

function parseTime(s: string): ParsedTime | null {
  const m = ISO.exec(s.trim());
  if (!m) return null;
  const day = Math.floor(Date.UTC(+m[1], +m[2] - 1, +m[3]) / 86_400_000);
  const tod = +m[4] * 3600 + +m[5] * 60 + +m[6] + (m[7] ? Number(`0.${m[7]}`) : 0);
  let offset: number | null = null;
  if (m[8] === 'Z') offset = 0;
  else if (m[8]) {
    const sign = m[8][0] === '-' ? -1 : 1;
    const digits = m[8].slice(1).replace(':', '');
    offset = sign * (+digits.slice(0, 2) * 60 + +digits.slice(2));
  }
  return { day, tod, offset };
}

/**
 * Maps each entry's time onto the trace's clock, or explains why it cannot.
 * - Trace with absolute times (seconds since the epoch, UTC): zoned log times convert directly; local
 *   log times need the trace's UTC offset.
 * - Trace with time of day only (a CSV without Date & Time; local time of the capturing machine):
 *   local log times are compared by time of day on the last log day whose entries fall inside the
 *   trace's time span (the assumption is stated); zoned times need the trace's UTC offset.
 */
function logClock(source: LogSource, trace: TraceStore): { times: Float64Array; note: string } {
  const entries = source.entries;
  const times = new Float64Array(entries.length).fill(NaN);
  const name = source.summary.fileName;
  if (trace.length === 0) return { times, note: `${name}: the problem trace is empty; times not compared` };
  const parsed = entries.map((e) => (e.time ? parseTime(e.time) : null));
  if (!parsed.some((p) => p !== null)) return { times, note: `${name}: no times in the log; matched by names and codes only` };
  const traceOffset = trace.meta.utcOffsetMinutes;
  const first = trace.timeValue(0);
  const last = trace.timeValue(trace.length - 1);
  if (trace.meta.timeIsAbsolute) {
    let skipped = 0;
    parsed.forEach((p, i) => {
      if (!p) return;
      const offset = p.offset ?? traceOffset;
      if (offset === undefined) {
        skipped++;
        return;
      }
      times[i] = p.day * 86400 + p.tod - offset * 60;
    });
    const note =
      skipped > 0
        ? `${name}: local times and the trace's UTC offset is unknown; ${skipped} entries not compared by time`
        : `${name}: times compared with the trace's absolute (UTC) times`;
    return { times, note };
  }
  // Time of day only: bring every entry to local time of day, then choose the day.
  const local: (ParsedTime | null)[] = parsed.map((p) => {
    if (!p || p.offset === null) return p;
    if (traceOffset === undefined) return null;
    const secs = p.day * 86400 + p.tod + traceOffset * 60 - p.offset * 60;
    return { day: Math.floor(secs / 86400), tod: secs - Math.floor(secs / 86400) * 86400, offset: null };
  });
  const margin = 60;
  let chosen: number | null = null;
  for (const p of local) {
    if (!p) continue;
    const inSpan = (p.tod >= first - margin && p.tod <= last + margin) || p.tod + 86400 <= last + margin;
    if (inSpan && (chosen === null || p.day > chosen)) chosen = p.day;
  }
  if (chosen === null) {
    return { times, note: `${name}: no entry falls in the trace's time of day; times not compared (the trace has no date)` };
  }
  local.forEach((p, i) => {
    if (p) times[i] = (p.day - chosen) * 86400 + p.tod;
  });
  const date = new Date(chosen * 86_400_000).toISOString().slice(0, 10);
  const zoned = parsed.some((p) => p && p.offset !== null);
  return {
    times,
    note:
      `${name}: the trace has time of day only; log times compared by time of day assuming the capture was taken on ${date}` +
      (zoned && traceOffset === undefined ? ' (UTC entries not compared: the trace time zone is unknown)' : ''),
  };
}
