/**
 * Puts log entry times on the problem trace's clock, or says why it cannot, and always says what it
 * assumed. The trace's times come in three frames (store/trace-store.ts, procmon.md §1.4):
 *  - PML: true UTC;
 *  - CSV/XML with Date & Time: the exporting machine's wall clock, stored as if UTC (no zone known);
 *  - CSV/XML without a date: local time of day only.
 * Log times are UTC when they carry a zone (EVTX, Event Viewer exports: `...Z`) and local wall clock
 * otherwise (CBS, DISM, Panther, WindowsUpdate.log). Local logs are taken to come from the captured
 * machine (same zone). When a zone offset is needed and unknown, it is inferred as the one offset
 * (in 15-minute steps) that puts the most log entries inside the capture; no unique best, no match.
 */
import type { TraceStore } from '../store/trace-store';
import type { LogSource } from './correlate';

type Frame = 'utc' | 'local-date' | 'local-tod';

interface ParsedTime {
  /** Seconds since 1970-01-01 of the written date and time, in its own frame. */
  sec: number;
  /** Minutes east of UTC when the text says; null for local wall-clock time. */
  offset: number | null;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?\s*(Z|[+-]\d{2}:?\d{2})?$/;

export function parseLogTime(s: string): ParsedTime | null {
  const m = ISO.exec(s.trim());
  if (!m) return null;
  const day = Math.floor(Date.UTC(+m[1], +m[2] - 1, +m[3]) / 86_400_000);
  const sec = day * 86400 + +m[4] * 3600 + +m[5] * 60 + +m[6] + (m[7] ? Number(`0.${m[7]}`) : 0);
  let offset: number | null = null;
  if (m[8] === 'Z') offset = 0;
  else if (m[8]) {
    const sign = m[8][0] === '-' ? -1 : 1;
    const digits = m[8].slice(1).replace(':', '');
    offset = sign * (+digits.slice(0, 2) * 60 + +digits.slice(2));
  }
  return { sec, offset };
}

const MARGIN = 60;
const mod = (x: number, n: number): number => ((x % n) + n) % n;
const formatOffset = (min: number): string =>
  `UTC${min < 0 ? '-' : '+'}${String(Math.floor(Math.abs(min) / 60)).padStart(2, '0')}:${String(Math.abs(min) % 60).padStart(2, '0')}`;

/**
 * The offset (minutes) to add to `values` that puts the most of them inside [first, last] (or inside
 * the time-of-day span when `tod`), when one offset is strictly best; else null.
 */
function inferOffset(
  values: number[],
  first: number,
  last: number,
  tod: boolean,
): { offset: number; hits: number } | null {
  const step = Math.max(1, Math.floor(values.length / 20_000));
  let best: { offset: number; hits: number } | null = null;
  let tie = false;
  for (let off = -12 * 60; off <= 14 * 60; off += 15) {
    let hits = 0;
    for (let i = 0; i < values.length; i += step) {
      const v = values[i] + off * 60;
      if (tod) {
        const t = mod(v, 86400);
        if (
          (t >= first - MARGIN && t <= last + MARGIN) ||
          (t + 86400 >= first - MARGIN && t + 86400 <= last + MARGIN)
        )
          hits++;
      } else if (v >= first - MARGIN && v <= last + MARGIN) hits++;
    }
    if (hits === 0) continue;
    if (!best || hits > best.hits) {
      best = { offset: off, hits };
      tie = false;
    } else if (hits === best.hits) tie = true;
  }
  return best && !tie ? best : null;
}

export function logClock(source: LogSource, trace: TraceStore): { times: Float64Array; note: string } {
  const entries = source.entries;
  const times = new Float64Array(entries.length).fill(NaN);
  const name = source.summary.fileName;
  if (trace.length === 0) return { times, note: `${name}: the problem trace is empty; times not compared` };
  const parsed = entries.map((e) => (e.time ? parseLogTime(e.time) : null));
  const zoned = parsed.filter((p): p is ParsedTime => p !== null && p.offset !== null);
  const local = parsed.filter((p): p is ParsedTime => p !== null && p.offset === null);
  if (zoned.length === 0 && local.length === 0)
    return { times, note: `${name}: no times in the log; matched by names and codes only` };
  const frame: Frame = !trace.meta.timeIsAbsolute
    ? 'local-tod'
    : trace.meta.kind === 'procmon-pml'
      ? 'utc'
      : 'local-date';
  const first = trace.timeValue(0);
  const last = trace.timeValue(trace.length - 1);
  const notes: string[] = [];

  // The zone offset of the captured machine, when a conversion between UTC and local needs it.
  let offset = trace.meta.utcOffsetMinutes;
  const needOffset = frame === 'utc' ? local.length > 0 : zoned.length > 0;
  if (needOffset && offset === undefined) {
    // Values in the log's frame, shifted by the offset into the trace's frame.
    const values = frame === 'utc' ? local.map((p) => -p.sec) : zoned.map((p) => p.sec - p.offset! * 60);
    const guess =
      frame === 'utc'
        ? inferOffset(values, -last, -first, false)
        : inferOffset(values, first, last, frame === 'local-tod');
    if (guess) {
      offset = guess.offset;
      notes.push(
        `the capture's time zone taken as ${formatOffset(offset)}, the offset that puts ${guess.hits} of its entries inside the capture`,
      );
    } else {
      notes.push(
        `${frame === 'utc' ? 'local' : 'UTC'} times not compared: the capture's time zone is unknown and could not be inferred`,
      );
    }
  }

  // Seconds in the trace's frame (before choosing a day for a time-of-day trace).
  const inFrame = parsed.map((p) => {
    if (!p) return NaN;
    if (frame === 'utc')
      return p.offset !== null ? p.sec - p.offset * 60 : offset === undefined ? NaN : p.sec - offset * 60;
    if (p.offset === null) return p.sec;
    return offset === undefined ? NaN : p.sec - p.offset * 60 + offset * 60;
  });

  if (frame !== 'local-tod') {
    inFrame.forEach((v, i) => (times[i] = v));
    notes.unshift(
      frame === 'utc'
        ? 'times compared with the capture in UTC'
        : "times compared with the capture's Date & Time (local time of the same machine assumed)",
    );
    return { times, note: `${name}: ${notes.join('; ')}` };
  }
  // Time of day only: the day is the last log day with entries inside the capture's time span.
  let chosen: number | null = null;
  for (const v of inFrame) {
    if (Number.isNaN(v)) continue;
    const t = mod(v, 86400);
    const inSpan =
      (t >= first - MARGIN && t <= last + MARGIN) ||
      (t + 86400 >= first - MARGIN && t + 86400 <= last + MARGIN);
    const day = Math.floor(v / 86400);
    if (inSpan && (chosen === null || day > chosen)) chosen = day;
  }
  if (chosen === null) {
    return {
      times,
      note: `${name}: no entry falls in the capture's time of day (the trace has no date); times not compared`,
    };
  }
  const base = chosen * 86400;
  inFrame.forEach((v, i) => {
    if (!Number.isNaN(v)) times[i] = v - base;
  });
  const date = new Date(base * 1000).toISOString().slice(0, 10);
  notes.unshift(
    `the trace has time of day only; compared by time of day assuming the capture was taken on ${date}`,
  );
  return { times, note: `${name}: ${notes.join('; ')}` };
}
