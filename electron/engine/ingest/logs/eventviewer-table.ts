/**
 * Event Viewer "Save As" CSV and tab-separated TXT exports: a header of five names
 * (`Level,Date and Time,Source,Event ID,Task Category`) while every row carries a sixth field,
 * the rendered message (winlogs.md §3). Also PowerShell `Get-WinEvent | Export-Csv`, whose header
 * names every column. Dates are in the exporting user's locale.
 */
import Papa from 'papaparse';
import type { LogLevel } from '../../../../shared/model/log';
import type { InputKind } from '../../../../shared/model/trace';
import type { EntryCollector } from './log-entries';
import { readWholeText } from './read-text';

const LEVELS: Record<string, LogLevel> = {
  information: 'info',
  信息: 'info',
  資訊: 'info',
  warning: 'warning',
  警告: 'warning',
  error: 'error',
  错误: 'error',
  錯誤: 'error',
  critical: 'error',
  关键: 'error',
  重大: 'error',
  verbose: 'verbose',
  详细信息: 'verbose',
  詳細資訊: 'verbose',
  'audit success': 'info',
  审核成功: 'info',
  稽核成功: 'info',
  'audit failure': 'warning',
  审核失败: 'warning',
  稽核失敗: 'warning',
};

const COLUMN_ALIASES: Record<string, string> = {
  level: 'level',
  级别: 'level',
  級別: 'level',
  leveldisplayname: 'level',
  'date and time': 'time',
  日期和时间: 'time',
  日期和時間: 'time',
  timecreated: 'time',
  source: 'source',
  来源: 'source',
  來源: 'source',
  providername: 'source',
  'event id': 'eventId',
  '事件 id': 'eventId',
  事件id: 'eventId',
  事件識別碼: 'eventId',
  id: 'eventId',
  'task category': 'task',
  任务类别: 'task',
  工作類別: 'task',
  taskdisplayname: 'task',
  message: 'message',
  machinename: 'computer',
  logname: 'channel',
  recordid: 'recordId',
};

/**
 * Stray quotes tolerated before quoting is given up. Event Viewer doubles every quote inside a
 * field; papaparse spends time proportional to the rest of the line on each quote that neither
 * doubles nor closes, so 700,000 of them on one 3 MB line took minutes (found by fuzzing).
 */
const MAX_STRAY_QUOTES = 100;

/** Counts quotes inside quoted fields that are neither doubled nor followed by the field's end. */
export function strayQuotes(text: string, delimiter: string): { count: number; line: number } {
  const d = delimiter.charCodeAt(0);
  let count = 0;
  let line = 1;
  let firstLine = 0;
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    if (c !== 34) continue;
    if (!inQuotes) {
      // Only a quote opening a field starts quoting; one inside an unquoted field is text.
      const prev = i === 0 ? 10 : text.charCodeAt(i - 1);
      if (prev === d || prev === 10 || prev === 13) inQuotes = true;
      continue;
    }
    const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 10;
    if (next === 34) i++;
    else if (next === d || next === 10 || next === 13 || next === 32) inQuotes = false;
    else if (count++ === 0) firstLine = line;
  }
  return { count, line: firstLine };
}

interface DateOrder {
  dayFirst: boolean;
}

/** Locale date/time to ISO local: "12/9/2025 5:37:32 PM", "2025/12/9 17:37:32", "9.12.2025 17:37:32", "2025/12/9 下午 5:37:32". */
export function parseLocaleDateTime(s: string, order: DateOrder): string {
  const t = s.trim();
  const p = (v: number | string): string => String(v).padStart(2, '0');
  let m =
    /^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})[ T]+(上午|下午|AM|PM)?\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM|上午|下午)?/i.exec(
      t,
    );
  let y: number;
  let mo: number;
  let d: number;
  let ampm: string | undefined;
  let h: number;
  let mi: string;
  let sec: string;
  if (m) {
    [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    ampm = m[4] ?? m[8];
    h = Number(m[5]);
    mi = m[6];
    sec = m[7] ?? '00';
  } else {
    m =
      /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})[ ,T]+(上午|下午)?\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM|上午|下午)?/i.exec(
        t,
      );
    if (!m) return '';
    const a = Number(m[1]);
    const b = Number(m[2]);
    [d, mo] = order.dayFirst ? [a, b] : [b, a];
    y = Number(m[3]);
    ampm = m[4] ?? m[8];
    h = Number(m[5]);
    mi = m[6];
    sec = m[7] ?? '00';
  }
  if (ampm) {
    const pm = /pm|下午/i.test(ampm);
    h = (h % 12) + (pm ? 12 : 0);
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return '';
  return `${y}-${p(mo)}-${p(d)}T${p(h)}:${mi}:${sec}`;
}

/**
 * Rows are taken one at a time from papaparse (`step`) and line numbers counted from its cursor, so
 * the memory is the file's text plus the entries: holding an object per line and every parsed row
 * cost hundreds of times the input on a file of many short or empty lines (found by fuzzing).
 */
export async function parseEventViewerTable(
  path: string,
  kind: InputKind,
  out: EntryCollector,
  ctx: { signal?: AbortSignal; ansiCodePage?: string },
): Promise<{ encoding: string }> {
  const whole = await readWholeText(path, out, ctx);
  let text = whole.text;
  let firstLine = 1;
  if (text.startsWith('#TYPE ')) {
    const nl = text.indexOf('\n');
    text = nl < 0 ? '' : text.slice(nl + 1);
    firstLine = 2;
  }
  const delimiter = kind === 'eventviewer-txt' ? '\t' : ',';
  let header: string[] | null = null;
  let cols: number[] = [];
  let msgIndex = 0;
  const order: DateOrder = { dayFirst: false };
  /** Rows held until the date order is known (decided from the first 500). */
  let pending: { row: string[]; index: number; line: number }[] | null = [];
  let rowIndex = 0;
  let cursor = 0;
  let line = firstLine;
  let csvErrors = 0;

  const emit = (r: string[], i: number, rowLine: number): void => {
    const [iLevel, iTime, iSource, iId, iTask] = cols;
    const h = header as string[];
    if (r.length < Math.min(h.length, 4)) {
      out.warn(
        `row ${i + 1}`,
        `expected at least ${Math.min(h.length, 4)} fields, found ${r.length}; row skipped`,
      );
      return;
    }
    const levelText = (r[iLevel] ?? '').trim();
    const level = LEVELS[levelText.toLowerCase()] ?? 'info';
    const eventId = Number((r[iId] ?? '').trim());
    const message = (r[msgIndex] ?? '').trim();
    const data: Record<string, string> = {};
    h.forEach((name, k) => {
      if (k !== msgIndex && r[k] !== undefined) data[name] = r[k];
    });
    const time =
      iTime >= 0
        ? /^\d{4}-\d{2}-\d{2}T/.test(r[iTime])
          ? r[iTime]
          : parseLocaleDateTime(r[iTime], order)
        : '';
    if (iTime >= 0 && !time && r[iTime]) out.warn(`row ${i + 1}`, `date "${r[iTime]}" not understood`);
    out.add({
      line: rowLine,
      time,
      level,
      component: (r[iSource] ?? '').trim(),
      message: message || (iTask >= 0 ? r[iTask] : ''),
      raw: r.join(delimiter),
      eventId: Number.isFinite(eventId) ? eventId : undefined,
      data,
      keepLevel: true,
    });
  };
  const flush = (): void => {
    for (const p of pending ?? []) emit(p.row, p.index, p.line);
    pending = null;
  };

  const stray = strayQuotes(text, delimiter);
  if (stray.count > MAX_STRAY_QUOTES)
    out.warn(
      `line ${firstLine - 1 + stray.line}`,
      `the CSV quoting is broken (${stray.count} quotes inside quoted fields that neither close nor double them); quotes are read as text and fields split at every ${delimiter === ',' ? 'comma' : 'tab'}`,
    );
  Papa.parse<string[]>(text, {
    delimiter,
    // papaparse looks for the end of the line after each stray quote: quadratic (found by fuzzing).
    quoteChar: stray.count > MAX_STRAY_QUOTES ? '\u0000' : '"',
    skipEmptyLines: false,
    step: (result) => {
      const r = result.data;
      const rowLine = line;
      // The cursor is just past the row's line break: count the lines the row spanned.
      const end = Math.min(result.meta.cursor, text.length);
      for (let k = text.indexOf('\n', cursor); k >= 0 && k < end; k = text.indexOf('\n', k + 1)) line++;
      if (result.meta.cursor >= text.length && !text.endsWith('\n')) line++;
      cursor = end;
      for (const e of result.errors)
        if (csvErrors++ < 20) out.warn(`row ${rowIndex + 1}`, `CSV: ${e.message}`);
      const index = rowIndex++;
      if (r.length === 1 && r[0] === '') return;
      if (!header) {
        header = r.map((h) => COLUMN_ALIASES[h.trim().toLowerCase()] ?? h.trim());
        const hd = header;
        cols = ['level', 'time', 'source', 'eventId', 'task', 'message'].map((name) => hd.indexOf(name));
        // Event Viewer writes the message as an unheaded sixth field.
        msgIndex = cols[5] >= 0 ? cols[5] : header.length;
        return;
      }
      if (pending) {
        const m = /^(\d{1,2})[/.-](\d{1,2})[/.-]\d{4}/.exec(r[cols[1]] ?? '');
        if (m && Number(m[1]) > 12) order.dayFirst = true;
        pending.push({ row: r, index, line: rowLine });
        if (pending.length >= 499) flush();
        return;
      }
      emit(r, index, rowLine);
    },
  });
  if (!header) {
    out.warn('file', 'no rows');
    return { encoding: whole.encoding };
  }
  flush();
  return { encoding: whole.encoding };
}
