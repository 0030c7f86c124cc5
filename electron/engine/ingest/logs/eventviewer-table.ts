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
import { readAllLines } from './read-text';

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

export async function parseEventViewerTable(
  path: string,
  kind: InputKind,
  out: EntryCollector,
  ctx: { signal?: AbortSignal; ansiCodePage?: string },
): Promise<{ encoding: string }> {
  const whole = await readAllLines(path, out, ctx);
  let lines = whole.lines;
  if (lines[0]?.text.startsWith('#TYPE ')) lines = lines.slice(1);
  const text = lines.map((l) => l.text).join('\n');
  const firstLine = lines[0]?.line ?? 1;
  const parsed = Papa.parse<string[]>(text, {
    delimiter: kind === 'eventviewer-txt' ? '\t' : ',',
    skipEmptyLines: true,
  });
  for (const e of parsed.errors.slice(0, 20)) out.warn(`row ${(e.row ?? 0) + 1}`, `CSV: ${e.message}`);
  const rows = parsed.data;
  if (rows.length === 0) {
    out.warn('file', 'no rows');
    return { encoding: whole.encoding };
  }
  const header = rows[0].map((h) => COLUMN_ALIASES[h.trim().toLowerCase()] ?? h.trim());
  const col = (name: string): number => header.indexOf(name);
  const [iLevel, iTime, iSource, iId, iTask, iMsg] = [
    'level',
    'time',
    'source',
    'eventId',
    'task',
    'message',
  ].map(col);
  // Event Viewer writes the message as an unheaded sixth field.
  const msgIndex = iMsg >= 0 ? iMsg : header.length;
  const order: DateOrder = { dayFirst: false };
  for (const r of rows.slice(1, 500)) {
    const m = /^(\d{1,2})[/.-](\d{1,2})[/.-]\d{4}/.exec(r[iTime] ?? '');
    if (m && Number(m[1]) > 12) order.dayFirst = true;
  }
  // Line numbers: papaparse does not report them, so count the physical lines of each row.
  let line = firstLine + 1;
  for (let i = 1; i < rows.length; i++) {
    const r = rows[i];
    const rowLine = line;
    line += r.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0) + 1;
    if (r.length < Math.min(header.length, 4)) {
      out.warn(
        `row ${i + 1}`,
        `expected at least ${Math.min(header.length, 4)} fields, found ${r.length}; row skipped`,
      );
      continue;
    }
    const levelText = (r[iLevel] ?? '').trim();
    const level = LEVELS[levelText.toLowerCase()] ?? 'info';
    const eventId = Number((r[iId] ?? '').trim());
    const message = (r[msgIndex] ?? '').trim();
    const data: Record<string, string> = {};
    header.forEach((h, k) => {
      if (k !== msgIndex && r[k] !== undefined) data[h] = r[k];
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
      raw: r.join(kind === 'eventviewer-txt' ? '\t' : ','),
      eventId: Number.isFinite(eventId) ? eventId : undefined,
      data,
      keepLevel: true,
    });
  }
  return { encoding: whole.encoding };
}
