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
import { logClock } from './log-clock';
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

/** Evidence kept per finding, and per log file within it (so one chatty log cannot crowd out the rest). */
const MAX_EVIDENCE = 24;
const MAX_EVIDENCE_PER_FILE = 8;
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
  /** Entries that report a failure: error or warning level, or failure words in the text. */
  errors: number[];
  /** Per Procmon result: entries carrying its error code or message. */
  byResult: Map<string, Set<number>>;
}

/**
 * Many components log a failure at information level (MsiInstaller 11708 "Installation failed",
 * 1033 "... error status: 1603"); these words make an entry count as a failure report.
 */
const FAILURE_WORDS = /\b(?:fail(?:ed|ure|s)?|error|denied|cannot|unable|aborted)\b|失败|错误|拒绝|無法|无法/;

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
    for (let i = 0; i < entries.length; i++) {
      const lvl = entries[i].level;
      if (lvl === 'error' || lvl === 'warning' || FAILURE_WORDS.test(text[i])) errors.push(i);
    }
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
    const { codes, phrases } = resultCodes(q.result, this.explain(q.result)?.related ?? []);
    // What the shown line of a multi-line entry should contain, best first.
    const needles = [
      ...terms.map((t) => t.text || t.token),
      ...extra,
      ...[...codes].filter((c) => c.startsWith('0X')).map((c) => c.toLowerCase()),
      ...phrases,
    ];
    for (const log of this.logs) {
      const entries = log.source.entries;
      const reasons = new Map<number, { reason: NonNullable<LogEvidence['reason']>; order: number }>();
      const mark = (i: number, reason: NonNullable<LogEvidence['reason']>, order: number): void => {
        const prev = reasons.get(i);
        if (!prev || prev.order > order) reasons.set(i, { reason, order });
      };
      for (const term of terms) {
        for (const i of log.names.get(term.token) ?? []) {
          if (term.text === '' || containsName(log.text[i], term.text))
            mark(i, term.full ? 'path' : 'file-name', term.full ? 0 : 1);
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
          text: evidenceText(e, needles),
          reason: r.reason,
        };
        if (e.time) ev.time = e.time;
        if (e.codes.length > 0) {
          ev.codes = e.codes;
          const ex = e.codes.map((c) => this.explain(c)).filter((x): x is CodeExplanation => x !== null);
          if (ex.length > 0) ev.explanations = ex;
        }
        // Lines of the same incident (near in time) come before lines of other occasions.
        const weight = ORDER_WEIGHT[r.order] + (nearTime(i) ? 0.35 : 0);
        hits.push({ evidence: ev, order: r.order, weight, entry: `${log.source.summary.id}\n${i}` });
      }
    }
    hits.sort(
      (x, y) =>
        y.weight - x.weight ||
        x.evidence.file.localeCompare(y.evidence.file) ||
        x.evidence.line - y.evidence.line,
    );
    return hits;
  }
}

/** One matching entry: how it matched (`order`, lower is stronger) and which entry it is. */
export interface LogHit {
  evidence: LogEvidence;
  /** 0 path, 1 file or component name, 2 same error beside a naming entry, 3 context process name, 4 same error, 5 near in time. */
  order: number;
  /** Sort key: the strength of the match, raised when the entry is near the failure in time. */
  weight: number;
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
  // Every log file gets its best line in before the rest fill up by strength.
  const kept = new Set<LogHit>();
  const files = new Set<string>();
  for (const h of hits) {
    if (kept.size >= MAX_EVIDENCE) break;
    if (!files.has(h.evidence.file)) {
      files.add(h.evidence.file);
      kept.add(h);
    }
  }
  const perFile = new Map<string, number>();
  for (const h of kept) perFile.set(h.evidence.file, 1);
  for (const h of hits) {
    if (kept.size >= MAX_EVIDENCE) break;
    const n = perFile.get(h.evidence.file) ?? 0;
    if (kept.has(h) || n >= MAX_EVIDENCE_PER_FILE) continue;
    perFile.set(h.evidence.file, n + 1);
    kept.add(h);
  }
  const evidence = hits.filter((h) => kept.has(h)).map((h) => h.evidence);
  return { evidence, strong, weak };
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
      // Logs name keys without the hive prefix Procmon uses; a lone value name is too common. The
      // index is looked up by the key's longest component, then the text is checked.
      if (parts.length <= 2) continue;
      const rest = parts.slice(1);
      const token = rest.reduce((a, b) => (b.length > a.length ? b : a), '');
      push({ token, text: rest.join('\\'), full: true });
      push({
        token: parts[parts.length - 2].length >= last.length ? parts[parts.length - 2] : last,
        text: parts.slice(-2).join('\\'),
        full: false,
      });
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
 * The entry as one line: the line of its message that names what matched (else the first), then
 * the named data fields of an event record (ErrorCode, ErrorDescription, module names), which
 * often say more than the message.
 */
function evidenceText(e: LogEntry, needles: readonly string[]): string {
  const lines = (e.message || e.raw).split(/\r?\n/);
  let line = lines[0];
  if (lines.length > 1) {
    const lower = lines.map((l) => l.toLowerCase());
    for (const n of needles) {
      const k = lower.findIndex((l) => n !== '' && l.includes(n));
      if (k >= 0) {
        line = lines[k];
        break;
      }
    }
  }
  if (e.data && e.eventId !== undefined) {
    const fields = Object.entries(e.data)
      .filter(([k, v]) => !k.startsWith('@') && v !== '' && !line.includes(v))
      .map(([k, v]) => `${k}=${v}`);
    if (fields.length > 0) line = `${line} [${fields.join(', ')}]`;
  }
  return line.length > 600 ? `${line.slice(0, 597)}...` : line;
}
