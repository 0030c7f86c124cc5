/**
 * Turns parsed log records into LogEntry objects: finds error codes and paths in the whole
 * record text and applies the severity rule: the column's level stands, but an Info (or
 * level-less) entry whose text carries a failing HRESULT/GLE/NTSTATUS counts as an error, because
 * real failures are often logged as Info lines (winlogs.md §0.2).
 */
import type { LogEntry, LogLevel, LogSummary } from '../../../../shared/model/log';
import { findCodes, isFailureCode } from '../../analysis/codes/explain';
import { findPaths } from './extract-paths';

export interface EntryDraft {
  line: number;
  time: string;
  level: LogLevel;
  component: string;
  message: string;
  raw: string;
  eventId?: number;
  data?: Record<string, string>;
  messageZh?: string;
  /** Codes already known (EVTX data fields); text codes are added to them. */
  codes?: string[];
  /** Do not escalate the level from codes (the source states its level authoritatively). */
  keepLevel?: boolean;
  /** Text searched for codes and paths when it is not `raw` (events: message and values, not XML). */
  scanText?: string;
}

export type InputWarning = LogSummary['inputWarnings'][number];

/** Collects entries and the figures LogSummary needs. */
/**
 * Longest warning text kept. Parsers quote what they found ("date "..." not understood", saxes
 * naming a broken element), and on a hostile file that quote was the whole 150 KB line (found by
 * fuzzing): the start and the end say enough.
 */
const MAX_WARNING_CHARS = 500;

function clipWarning(text: string): string {
  if (text.length <= MAX_WARNING_CHARS) return text;
  const cut = text.length - 460;
  return `${text.slice(0, 300)} … [${cut.toLocaleString('en-US')} characters left out] … ${text.slice(-160)}`;
}

export class EntryCollector {
  readonly entries: LogEntry[] = [];
  errors = 0;
  warnings = 0;
  firstTime = '';
  lastTime = '';
  readonly inputWarnings: InputWarning[] = [];
  /** Warnings past this number are counted, not kept. */
  private static readonly MAX_WARNINGS = 1000;
  droppedWarnings = 0;

  constructor(
    readonly logId: string,
    readonly source: string,
    readonly file: string,
  ) {}

  warn(place: string, message: string): void {
    if (this.inputWarnings.length >= EntryCollector.MAX_WARNINGS) {
      this.droppedWarnings++;
      return;
    }
    this.inputWarnings.push({ file: this.file, place: clipWarning(place), message: clipWarning(message) });
  }

  add(d: EntryDraft): LogEntry {
    const codes = d.codes ? [...d.codes] : [];
    const scan = d.scanText ?? d.raw;
    for (const c of findCodes(scan)) if (!codes.includes(c)) codes.push(c);
    let level = d.level;
    if (!d.keepLevel && (level === 'info' || level === 'verbose') && codes.some(isFailureCode))
      level = 'error';
    const entry: LogEntry = {
      index: this.entries.length,
      logId: this.logId,
      source: this.source,
      line: d.line,
      time: d.time,
      level,
      component: d.component,
      message: d.message,
      codes,
      paths: findPaths(scan),
      raw: d.raw,
    };
    if (d.eventId !== undefined) entry.eventId = d.eventId;
    if (d.data) entry.data = d.data;
    if (d.messageZh) entry.messageZh = d.messageZh;
    if (level === 'error') this.errors++;
    else if (level === 'warning') this.warnings++;
    if (d.time) {
      if (!this.firstTime || d.time < this.firstTime) this.firstTime = d.time;
      if (!this.lastTime || d.time > this.lastTime) this.lastTime = d.time;
    }
    this.entries.push(entry);
    return entry;
  }
}
