/**
 * One CSV record as the event sink reads it, from either lane of the reader: the strings papaparse
 * cut (TextFields) or byte ranges of the file (ByteFields, csv-bytes.ts), where text is made only
 * for what needs it and repeated values are interned from their bytes.
 */
import type { ColumnIds } from './column-ids';
import {
  ByteInterner,
  ByteRecordScanner,
  FIELD_ESCAPED,
  FIELD_RAW_QUOTE,
  fieldInt,
  fieldText,
  newFrontCache,
  viewOf,
} from './csv-bytes';
import type { ProcmonClock } from './time-parse';
import { parseIntFast } from './time-parse';

export interface RecordFields {
  readonly length: number;
  text(i: number): string;
  /** The field interned into the store's string table (through the column's cache). */
  id(i: number, column: ColumnIds): number;
  /** parseIntFast of the field. */
  int(i: number): number;
  isEmpty(i: number): boolean;
  /** ProcmonClock.update with this record's Time of Day and Date & Time (-1 when absent). */
  updateClock(clock: ProcmonClock, iTime: number, iDate: number): 'ok' | 'bad-time' | 'bad-date';
}

/** A record papaparse parsed. One instance is reused: `row` is set per record. */
export class TextFields implements RecordFields {
  row: string[] = [];

  get length(): number {
    return this.row.length;
  }
  text(i: number): string {
    return this.row[i];
  }
  id(i: number, column: ColumnIds): number {
    return column.id(this.row[i]);
  }
  int(i: number): number {
    return parseIntFast(this.row[i]);
  }
  isEmpty(i: number): boolean {
    return this.row[i] === '';
  }
  updateClock(clock: ProcmonClock, iTime: number, iDate: number): 'ok' | 'bad-time' | 'bad-date' {
    return clock.update(this.row[iTime], iDate >= 0 ? this.row[iDate] : null);
  }
}

const TIME_MAX = 64;
/** Fields whose bytes may not be their characters one for one (non-ASCII is checked by `keep`). */
const NOT_PLAIN = FIELD_ESCAPED | FIELD_RAW_QUOTE;

/** The record the scanner last cut from `buf`. One instance per file. */
export class ByteFields implements RecordFields {
  private buf: Buffer = Buffer.alloc(0);
  private view = viewOf(this.buf);
  // Time of Day and Date & Time of the last record whose time was fully parsed, for the quick path.
  private readonly lastTime = new Uint8Array(TIME_MAX);
  private lastTimeLen = -1;
  private readonly lastDate = new Uint8Array(TIME_MAX);
  private lastDateLen = -1;
  private fracAt = -1;
  /** Recent-value caches of the interned columns, by field position. */
  private readonly fronts: Int32Array[] = [];

  constructor(
    readonly scan: ByteRecordScanner,
    private readonly interner: ByteInterner,
  ) {}

  /** Points at the buffer the scanner now cuts records from. */
  setBuffer(buf: Buffer): void {
    if (buf !== this.buf) {
      this.buf = buf;
      this.view = viewOf(buf);
    }
  }

  get length(): number {
    return this.scan.count;
  }
  text(i: number): string {
    const s = this.scan;
    return fieldText(this.buf, s.start[i], s.end[i], s.flags[i]);
  }
  id(i: number): number {
    const s = this.scan;
    const front = this.fronts[i] ?? (this.fronts[i] = newFrontCache());
    return this.interner.id(this.buf, this.view, s.start[i], s.end[i], s.flags[i], front);
  }
  int(i: number): number {
    const s = this.scan;
    return fieldInt(this.buf, s.start[i], s.end[i], s.flags[i]);
  }
  isEmpty(i: number): boolean {
    return this.scan.end[i] <= this.scan.start[i];
  }

  updateClock(clock: ProcmonClock, iTime: number, iDate: number): 'ok' | 'bad-time' | 'bad-date' {
    const frac = this.quickFraction(iTime, iDate);
    if (frac >= 0) {
      clock.sameSecond(frac);
      return 'ok';
    }
    const status = clock.update(this.text(iTime), iDate >= 0 ? this.text(iDate) : null);
    this.lastTimeLen = -1;
    const at = clock.fractionStart;
    const s = this.scan;
    if (status === 'ok' && at >= 0 && !this.odd(iTime, iDate)) {
      if (this.keep(this.lastTime, iTime) && (iDate < 0 || this.keep(this.lastDate, iDate))) {
        this.lastTimeLen = s.end[iTime] - s.start[iTime];
        this.lastDateLen = iDate < 0 ? -1 : s.end[iDate] - s.start[iDate];
        this.fracAt = at;
      }
    }
    return status;
  }

  private odd(iTime: number, iDate: number): boolean {
    const f = this.scan.flags;
    return ((f[iTime] | (iDate >= 0 ? f[iDate] : 0)) & NOT_PLAIN) !== 0;
  }

  private keep(into: Uint8Array, i: number): boolean {
    const s = this.scan;
    const len = s.end[i] - s.start[i];
    if (len > TIME_MAX) return false;
    const buf = this.buf;
    for (let k = 0; k < len; k++) {
      const c = buf[s.start[i] + k];
      if (c >= 0x80) return false;
      into[k] = c;
    }
    return true;
  }

  /**
   * The fraction when this record's time equals the last fully parsed one but for the 7 fraction
   * digits (and its date is the same), as TimeOfDayParser's own quick path decides; else -1.
   */
  private quickFraction(iTime: number, iDate: number): number {
    const len = this.lastTimeLen;
    if (len < 0) return -1;
    const s = this.scan;
    const buf = this.buf;
    const t0 = s.start[iTime];
    if (s.end[iTime] - t0 !== len || this.odd(iTime, iDate)) return -1;
    const last = this.lastTime;
    const fs = this.fracAt;
    for (let k = 0; k < fs; k++) if (buf[t0 + k] !== last[k]) return -1;
    for (let k = fs + 7; k < len; k++) if (buf[t0 + k] !== last[k]) return -1;
    let frac = 0;
    for (let k = fs; k < fs + 7; k++) {
      const d = buf[t0 + k] - 48;
      if (d < 0 || d > 9) return -1;
      frac = frac * 10 + d;
    }
    if (iDate >= 0) {
      const d0 = s.start[iDate];
      const dl = this.lastDateLen;
      if (s.end[iDate] - d0 !== dl) return -1;
      const lastDate = this.lastDate;
      for (let k = 0; k < dl; k++) if (buf[d0 + k] !== lastDate[k]) return -1;
    }
    return frac;
  }
}
