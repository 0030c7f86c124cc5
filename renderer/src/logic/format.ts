/**
 * Plain-text formatters shared by the grids, the panels and the status bar. They return strings that
 * are rendered as text nodes, never parsed as HTML.
 */

export function formatCount(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

/** Events per second, compact: 950/s, 12.4k/s, 1.2M/s. */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond) || perSecond <= 0) return '—';
  if (perSecond < 1000) return `${Math.round(perSecond)}/s`;
  if (perSecond < 1_000_000) return `${(perSecond / 1000).toFixed(perSecond < 10_000 ? 1 : 0)}k/s`;
  return `${(perSecond / 1_000_000).toFixed(1)}M/s`;
}

/** Seconds left as m:ss or h:mm:ss; '' when it cannot be estimated yet. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** Time left from the bytes read so far and the time spent reading them. */
export function estimateSecondsLeft(bytesRead: number, bytesTotal: number, elapsedMs: number): number {
  if (bytesRead <= 0 || bytesTotal <= 0 || elapsedMs < 500 || bytesRead >= bytesTotal) return NaN;
  return ((elapsedMs / bytesRead) * (bytesTotal - bytesRead)) / 1000;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}[T ](\d{1,2}:\d{2}:\d{2}(?:\.\d+)?)/;

/**
 * Procmon shows the time of day with 100 ns digits; an absolute ISO time keeps its date for the
 * tooltip and shows only the time of day in the grid, as Procmon does.
 */
export function formatTimeOfDay(time: string): string {
  if (!time) return '';
  const iso = ISO_TIME.exec(time);
  if (iso) return iso[1];
  return time;
}

/** Log times to the millisecond: log lines rarely carry more, EVTX's 100 ns digits only widen the column. */
export function formatLogTime(time: string): string {
  return formatTimeOfDay(time).replace(/(\.\d{3})\d+$/, '$1');
}

/** "SUCCESS → ACCESS DENIED"; a missing side is shown as an em dash. */
export function formatResultChange(baseline: string, problem: string): string {
  return `${baseline || '—'} → ${problem || '—'}`;
}

/** Last path segment, for compact lists; the full path goes into the title. */
export function fileNameOf(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const cut = Math.max(trimmed.lastIndexOf('\\'), trimmed.lastIndexOf('/'));
  return cut >= 0 ? trimmed.slice(cut + 1) : trimmed;
}

/** Middle ellipsis that keeps the file name visible: "C:\Windows\…\inst\wpdmtp.dll". */
export function shortenPath(path: string, max: number): string {
  if (path.length <= max) return path;
  const name = fileNameOf(path);
  const keepTail = Math.min(path.length, Math.max(name.length + 1, Math.floor(max * 0.6)));
  const head = Math.max(0, max - keepTail - 1);
  return `${path.slice(0, head)}…${path.slice(path.length - keepTail)}`;
}
