/**
 * Locale-tolerant parsing of Procmon's time and number text (procmon.md §1.4, §1.5): Time of Day is the
 * exporting machine's locale time with a 7-digit fraction (`6:55:07.0236729 AM`, `18:40:23.1038915`,
 * `15:42:22,8459553`), Date & Time is the locale short date without fraction, numbers may use `,`
 * decimals and `.`, space, U+00A0 or `’` thousands. Hand-written char-code parsers, because a
 * million-row file runs them a million times.
 */

export const TICKS_PER_SECOND = 10_000_000;
export const SECONDS_PER_DAY = 86_400;

/** Result of one time parse, held in fields to avoid an allocation per row. */
export class TimeOfDayParser {
  /** Seconds since midnight (or since the hour for `mm:ss.f`), when `ok`. */
  seconds = 0;
  /** 100-ns units within the second. */
  frac = 0;
  /** Number of `:`-separated parts: 3 for h:mm:ss, 2 for Excel's mm:ss.f. */
  parts = 0;
  /** Digits in the fraction as written (7 in raw Procmon exports). */
  fracDigits = 0;

  /** Parses one Time of Day; returns false when the text is not a time. */
  // The text around the fraction of the last full parse ("10:15:30." and " AM"): consecutive events
  // mostly share the second, and then only the fraction digits need reading.
  private head = '';
  private tail = '';

  /**
   * Where the 7 fraction digits start in the texts the quick path accepts (the text of the last full
   * parse with everything but those digits equal), or -1 when there is no quick path.
   */
  get fractionStart(): number {
    return this.head === '' ? -1 : this.head.length;
  }

  parse(s: string): boolean {
    const n = s.length;
    const head = this.head;
    if (
      head !== '' &&
      n === head.length + 7 + this.tail.length &&
      s.startsWith(head) &&
      s.endsWith(this.tail)
    ) {
      let frac = 0;
      const end = head.length + 7;
      for (let k = head.length; k < end; k++) {
        const d = s.charCodeAt(k) - 48;
        if (d < 0 || d > 9) return this.parseFull(s);
        frac = frac * 10 + d;
      }
      this.frac = frac;
      return true;
    }
    return this.parseFull(s);
  }

  private parseFull(s: string): boolean {
    this.head = '';
    const n = s.length;
    let i = 0;
    // A designator may come first (zh-TW "上午 10:20:30"); skip to the first digit.
    while (i < n && !isDigit(s.charCodeAt(i))) i++;
    const prefixEnd = i;
    const nums = [0, 0, 0];
    let parts = 0;
    for (;;) {
      if (parts === 3) return false;
      let v = 0;
      let digits = 0;
      while (i < n && isDigit(s.charCodeAt(i))) {
        v = v * 10 + (s.charCodeAt(i) - 48);
        i++;
        digits++;
      }
      if (digits === 0 || digits > 2) return false;
      nums[parts++] = v;
      if (i < n && s.charCodeAt(i) === 58 /* : */) {
        i++;
        continue;
      }
      break;
    }
    if (parts < 2) return false;
    let frac = 0;
    let fracDigits = 0;
    const c = i < n ? s.charCodeAt(i) : 0;
    let fracStart = -1;
    if (c === 46 /* . */ || c === 44 /* , */) {
      i++;
      fracStart = i;
      while (i < n && isDigit(s.charCodeAt(i))) {
        if (fracDigits < 7) frac = frac * 10 + (s.charCodeAt(i) - 48);
        fracDigits++;
        i++;
      }
      if (fracDigits === 0) return false;
      for (let k = Math.min(fracDigits, 7); k < 7; k++) frac *= 10;
    }
    let h: number;
    let m: number;
    let sec: number;
    if (parts === 3) {
      [h, m, sec] = nums;
      while (i < n && s.charCodeAt(i) === 32) i++;
      let designator = 0; // 0 none, 1 AM, 2 PM
      if (prefixEnd === 0 && i < n) {
        // Fast path for the en-US form: " AM" / " PM" at the end.
        const d = s.charCodeAt(i) | 0x20;
        const m2 = i + 1 < n ? s.charCodeAt(i + 1) | 0x20 : 0;
        if ((d === 97 || d === 112) && m2 === 109 && i + 2 === n) designator = d === 112 ? 2 : 1;
        else designator = localDesignator(s.slice(i));
      } else if (prefixEnd > 0 || i < n) {
        designator = localDesignator(s.slice(0, prefixEnd) + s.slice(i));
      }
      if (designator < 0) return false;
      if (designator > 0) {
        if (h > 12) return false;
        if (designator === 2 && h < 12) h += 12;
        if (designator === 1 && h === 12) h = 0;
      }
    } else {
      if (prefixEnd > 0 || s.slice(i).trim().length > 0) return false;
      h = 0;
      [m, sec] = nums;
    }
    if (h > 23 || m > 59 || sec > 60) return false;
    this.seconds = h * 3600 + m * 60 + sec;
    this.frac = frac;
    this.parts = parts;
    this.fracDigits = fracDigits;
    if (fracDigits === 7) {
      this.head = s.slice(0, fracStart);
      this.tail = s.slice(fracStart + 7);
    }
    return true;
  }
}

const AM_WORDS = new Set(['am', 'a.m.', 'a', '午前', '上午', '오전', 'ص']);
const PM_SET = new Set(['pm', 'p.m.', 'p', '午後', '下午', '오후', 'م']);

/** 1 for an AM designator, 2 for PM, 0 for none, -1 for other text (localized designators included). */
function localDesignator(text: string): number {
  const d = text.trim().toLowerCase();
  if (d === '') return 0;
  if (PM_SET.has(d)) return 2;
  if (AM_WORDS.has(d)) return 1;
  return -1;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export type DateOrder = 'mdy' | 'dmy' | 'ymd';

/**
 * Parses a locale short date ("7/31/2020", "10/12/2020", "2019/04/10", "21-11-2016", "25.10.2016")
 * into days since 1970-01-01. The day/month order is a property of the exporting machine's locale,
 * so it is decided once per file and kept: year first when the first part has four digits, else a part
 * above 12 settles it, else 12-hour times suggest en-US month-first.
 */
export class DateParser {
  order: DateOrder | null = null;
  private lastText = '';
  private lastDays = NaN;

  constructor(private readonly twelveHourHint: () => boolean) {}

  /** Days since the epoch, or NaN when the text is not a date. */
  parseDays(text: string): number {
    if (text === this.lastText) return this.lastDays;
    const m = /^\s*(\d{1,4})[/.\-\s](\d{1,2})[/.\-\s](\d{1,4})/.exec(text);
    let days = NaN;
    if (m) {
      const a = Number(m[1]);
      const b = Number(m[2]);
      const c = Number(m[3]);
      if (m[1].length === 4) this.order = 'ymd';
      else if (this.order === null || this.order === 'ymd') {
        if (a > 12) this.order = 'dmy';
        else if (b > 12) this.order = 'mdy';
        else this.order = this.twelveHourHint() ? 'mdy' : 'dmy';
      } else if (this.order === 'mdy' && a > 12 && b <= 12) this.order = 'dmy';
      else if (this.order === 'dmy' && b > 12 && a <= 12) this.order = 'mdy';
      let y: number;
      let mo: number;
      let d: number;
      if (m[1].length === 4) [y, mo, d] = [a, b, c];
      else if (this.order === 'mdy') [mo, d, y] = [a, b, c];
      else [d, mo, y] = [a, b, c];
      if (y < 100) y += 2000;
      if (mo >= 1 && mo <= 12 && d >= 1 && d <= 31) days = Math.floor(Date.UTC(y, mo - 1, d) / 86_400_000);
    }
    this.lastText = text;
    this.lastDays = days;
    return days;
  }
}

/**
 * Parses a number written in any Procmon locale: `0.0000161`, `0,0000161`, `4,096`, `1.024`,
 * `1 024` (U+00A0), `1’024`. A single separator followed by exactly three digits is read as thousands
 * unless `decimalHint` says the value has a fraction (Duration always has 7 decimals).
 */
export function parseLocaleNumber(text: string, decimalHint = false): number {
  let s = text.trim();
  if (s === '') return NaN;
  s = s.replace(/[\s\u00a0\u202f’']/g, '');
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) {
    const dec = lastDot > lastComma ? '.' : ',';
    const thousands = dec === '.' ? ',' : '.';
    s = s.split(thousands).join('');
    if (dec === ',') s = s.replace(',', '.');
  } else if (lastDot >= 0 || lastComma >= 0) {
    const sep = lastDot >= 0 ? '.' : ',';
    const count = s.split(sep).length - 1;
    const after = s.length - s.lastIndexOf(sep) - 1;
    const isThousands = count > 1 || (!decimalHint && after === 3);
    s = isThousands ? s.split(sep).join('') : s.replace(sep, '.');
  }
  const v = Number(s);
  return Number.isFinite(v) ? v : NaN;
}

/** Parses a plain decimal integer quickly (PIDs, TIDs); NaN when not one. */
export function parseIntFast(s: string): number {
  const n = s.length;
  if (n === 0 || n > 15) return n === 0 ? NaN : parseLocaleNumber(s);
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return parseLocaleNumber(s);
    v = v * 10 + c;
  }
  return v;
}

/**
 * Turns times of day into a running timeline: when the clock falls back by more than half the wrap
 * period the capture crossed midnight (or, for Excel's hour-less times, an hour boundary), so a day
 * (hour) is added. Procmon writes events in sequence order, which is time order to within
 * microseconds, so any larger fall is a wrap.
 */
export class TimeUnwrapper {
  private offset = 0;
  private last = -1;

  constructor(private readonly period: number) {}

  /** Seconds since the first day's midnight (or first hour), unwrapped. */
  next(seconds: number): number {
    if (this.last >= 0 && seconds + this.period / 2 < this.last) this.offset += this.period;
    this.last = seconds;
    return seconds + this.offset;
  }
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/** Formats seconds-of-day + ticks the way en-US Procmon writes Time of Day: `h:mm:ss.fffffff AM`. */
export function formatProcmonTimeOfDay(secondsOfDay: number, frac: number): string {
  const s = ((secondsOfDay % SECONDS_PER_DAY) + SECONDS_PER_DAY) % SECONDS_PER_DAY;
  const h24 = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const h12 = h24 % 12 === 0 ? 12 : h24 % 12;
  return `${h12}:${pad(m, 2)}:${pad(sec, 2)}.${pad(frac, 7)} ${h24 < 12 ? 'AM' : 'PM'}`;
}

/**
 * Turns an event's Time of Day (and Date & Time when the export has it) into the store's time:
 * absolute seconds (the exporter's wall clock, read as if UTC, since exports carry no zone) when a
 * date is known, else seconds since the first day's midnight unwrapped across midnight. Date & Time
 * has no fraction (§1.4), so the fraction always comes from Time of Day.
 */
export class ProcmonClock {
  sec = 0;
  frac = 0;
  /** The last Time of Day had no hours (Excel's `mm:ss.f`). */
  hourless = false;
  private readonly tod = new TimeOfDayParser();
  private readonly dates: DateParser;
  private readonly dayWrap = new TimeUnwrapper(SECONDS_PER_DAY);
  private readonly hourWrap = new TimeUnwrapper(3600);
  private lastDays = NaN;
  private twelveHour = false;
  private seenFirst = false;

  constructor(readonly absolute: boolean) {
    this.dates = new DateParser(() => this.twelveHour);
  }

  /** See TimeOfDayParser.fractionStart. */
  get fractionStart(): number {
    return this.tod.fractionStart;
  }

  /**
   * For a Time of Day (and Date & Time) that differ from the last successful `update` only in the 7
   * fraction digits, which `update` would read as: same second, new fraction.
   */
  sameSecond(frac: number): void {
    this.tod.frac = frac;
    this.frac = frac;
  }

  /** Updates sec/frac; returns 'ok', or what failed (the previous time is kept). */
  update(timeOfDay: string, dateTime: string | null): 'ok' | 'bad-time' | 'bad-date' {
    if (!this.tod.parse(timeOfDay)) return 'bad-time';
    const t = this.tod;
    if (!this.seenFirst) {
      this.seenFirst = true;
      this.twelveHour = /[A-Za-z\u3000-\u9fff\uac00-\ud7af]/.test(timeOfDay);
    }
    this.frac = t.frac;
    this.hourless = t.parts === 2;
    if (this.absolute && dateTime !== null) {
      let days = this.dates.parseDays(dateTime);
      let status: 'ok' | 'bad-date' = 'ok';
      if (Number.isNaN(days)) {
        status = 'bad-date';
        days = Number.isNaN(this.lastDays) ? 0 : this.lastDays;
      }
      this.lastDays = days;
      this.sec = days * SECONDS_PER_DAY + t.seconds;
      return status;
    }
    this.sec = this.hourless ? this.hourWrap.next(t.seconds) : this.dayWrap.next(t.seconds);
    return 'ok';
  }
}
