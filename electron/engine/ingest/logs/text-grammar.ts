/**
 * Line grammars of the Windows text logs (winlogs.md §1). A head parser returns the fields of a
 * line that starts a record, or null for a continuation line.
 */
import type { LogLevel } from '../../../../shared/model/log';

export interface LineHead {
  /** ISO-8601 local wall-clock time, '' when the line has none. */
  time: string;
  /** Stated level; null when the format has no level column. */
  level: LogLevel | null;
  component: string;
  message: string;
  /** A record of its own that inherits the previous record's time (DISM WIMGAPI trace lines). */
  inheritTime?: boolean;
  data?: Record<string, string>;
}

const pad2 = (s: string): string => (s.length === 1 ? `0${s}` : s);

function iso(y: string, mo: string, d: string, h: string, mi: string, s: string, frac?: string): string {
  return `${y}-${pad2(mo)}-${pad2(d)}T${pad2(h)}:${mi}:${s}${frac ? `.${frac}` : ''}`;
}

function levelOf(word: string): LogLevel {
  switch (word) {
    case 'Error':
    case 'Fatal Error':
      return 'error';
    case 'Warning':
      return 'warning';
    case 'Info':
      return 'info';
    default:
      return 'verbose';
  }
}

/**
 * CBS.log, CbsPersist, dism.log, setupact/setuperr: `2023-05-17 08:44:12, Error` then the
 * component in columns 43-49 and the message from column 50, or Panther's narrow form with a
 * message id `[0x0803ac]` at column 32 (winlogs.md §1.1).
 */
const SERVICING_HEAD =
  /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}), ?(Fatal Error|Info|Warning|Error|Perf|Verbose|Debug)\b/;

/** Components of the servicing and setup logs (winlogs.md §1.1-1.4). */
const KNOWN_COMPONENTS = new Set([
  'CBS',
  'CSI',
  'DISM',
  'DEPLOY',
  'SP',
  'MIG',
  'MOUPG',
  'CONX',
  'PANTHR',
  'IBSLIB',
  'SYSPRP',
  'IMAGE',
  'TOOL',
  'DPX',
  'VDS',
  'DU',
  'SETUPUGC',
  'UNATTEND',
  'CMI',
  'TI',
  'SR',
  'SFC',
  'RIBS',
  'OC',
  'POQ',
  'SQM',
  'DWLD',
  'CONX',
  'MOSETUP',
  'DIAGER',
  'DIAGNOSTIC',
  'BLUEBOX',
  'WINPE',
  'SETUP',
  'PNP',
]);

export function parseServicingHead(line: string): LineHead | null {
  const m = SERVICING_HEAD.exec(line);
  if (!m) return null;
  const level = levelOf(m[7]);
  const time = iso(m[1], m[2], m[3], m[4], m[5], m[6]);
  let rest = line.slice(m[0].length);
  let data: Record<string, string> | undefined;
  const mid = /^\s+\[(0x[0-9A-Fa-f]+)\](?=\s)/.exec(rest);
  if (mid) {
    data = { messageId: mid[1] };
    rest = rest.slice(mid[0].length);
  }
  const exe = /^\s+\[([\w.-]+\.exe)\]\s*/i.exec(rest);
  if (exe) return { time, level, component: exe[1], message: rest.slice(exe[0].length), data };
  const cm = /^(\s+)([A-Za-z][A-Za-z0-9]{0,7})(?=\s|$)/.exec(rest);
  if (cm) {
    const col = line.length - rest.length + cm[1].length;
    const token = cm[2];
    const aligned = col >= 41 && col <= 44;
    const narrow = col < 41 && (KNOWN_COMPONENTS.has(token) || /^[A-Z][A-Z0-9]{1,6}$/.test(token));
    if (aligned || narrow) {
      return { time, level, component: token, message: rest.slice(cm[0].length).replace(/^\s+/, ''), data };
    }
  }
  return { time, level, component: '', message: rest.replace(/^\s+/, ''), data };
}

/** DISM's embedded WIMGAPI trace: `[3252.2868] [0xc142011c] UnmarshallImageHandleFromDirectory:(641)`. */
const WIM_TRACE = /^\[(\d+)\.(\d+)\] \[(0x[0-9A-Fa-f]{1,8})\] ?(.*)$/;

export function parseWimTrace(line: string): LineHead | null {
  const m = WIM_TRACE.exec(line);
  if (!m) return null;
  return {
    time: '',
    level: null,
    component: 'WIMGAPI',
    message: `[${m[3]}] ${m[4]}`,
    inheritTime: true,
    data: { pid: m[1], tid: m[2], hresult: m[3] },
  };
}

/**
 * Get-WindowsUpdateLog output: `2023/05/22 08:08:32.6295131 8096  8116  Agent           msg`; the
 * date separator follows the machine's culture (`/`, `-`, `.`) (winlogs.md §1.5). The legacy
 * Windows 7 file is tab-separated with hex PID/TID.
 */
const WU_HEAD =
  /^(\d{4})([/.-])(\d{2})\2(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{1,7}) +(\d+) +(\d+) +(\S+(?:\( ?\d+\):)?) *(.*)$/;
const WU_LEGACY =
  /^(\d{4})-(\d{2})-(\d{2})\t(\d{2}):(\d{2}):(\d{2}):(\d{3})\t *([0-9A-Fa-f]+)\t *([0-9A-Fa-f]+)\t([^\t]*)\t(.*)$/;

export function parseWindowsUpdateHead(line: string): LineHead | null {
  let m = WU_HEAD.exec(line);
  if (m) {
    return {
      time: iso(m[1], m[3], m[4], m[5], m[6], m[7], m[8]),
      level: null,
      component: m[11],
      message: m[12],
      data: { pid: m[9], tid: m[10] },
    };
  }
  m = WU_LEGACY.exec(line);
  if (m) {
    return {
      time: iso(m[1], m[2], m[3], m[4], m[5], m[6], m[7]),
      level: null,
      component: m[10].trim(),
      message: m[11],
      data: { pid: String(parseInt(m[8], 16)), tid: String(parseInt(m[9], 16)) },
    };
  }
  return null;
}

/** Level of a WindowsUpdate.log line, which has no level column (winlogs.md §1.5). */
export function windowsUpdateLevel(message: string): LogLevel {
  if (/\bFATAL\b|\*FAILED\*/.test(message)) return 'error';
  if (/^\s*WARNING\b|\bWARNING:/.test(message)) return 'warning';
  return 'info';
}

/** Timestamps the generic fallback understands at the start of a line. */
const GENERIC_HEADS: readonly ((line: string) => { time: string; rest: string } | null)[] = [
  (line) => {
    const m =
      /^\[?(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})[ T](\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d{1,7}))?(?:Z|[+-]\d{2}:?\d{2})?\]?[,:]?\s*/.exec(
        line,
      );
    return m ? { time: iso(m[1], m[2], m[3], m[4], m[5], m[6], m[7]), rest: line.slice(m[0].length) } : null;
  },
  (line) => {
    // Legacy %windir%\setupact.log: [04/10/2020 20:20.04.633]
    const m = /^\[(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})[.:](\d{2})(?:\.(\d{1,3}))?\]\s*/.exec(line);
    return m ? { time: iso(m[3], m[1], m[2], m[4], m[5], m[6], m[7]), rest: line.slice(m[0].length) } : null;
  },
  (line) => {
    const m =
      /^\[?(\d{1,2})\/(\d{1,2})\/(\d{4}),? (\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d{1,7}))?(?:\s*([AaPp][Mm]))?\]?[,:]?\s*/.exec(
        line,
      );
    if (!m) return null;
    let h = Number(m[4]);
    if (m[8]) h = (h % 12) + (/p/i.test(m[8]) ? 12 : 0);
    return { time: iso(m[3], m[1], m[2], String(h), m[5], m[6], m[7]), rest: line.slice(m[0].length) };
  },
  (line) => {
    const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4}) (\d{1,2}):(\d{2}):(\d{2})\s*/.exec(line);
    return m ? { time: iso(m[3], m[2], m[1], m[4], m[5], m[6]), rest: line.slice(m[0].length) } : null;
  },
];

export function parseGenericHead(line: string): LineHead | null {
  for (const p of GENERIC_HEADS) {
    const r = p(line);
    if (!r) continue;
    const lv =
      /^\[?(ERROR|Error|FATAL|Fatal|CRITICAL|Critical|WARNING|Warning|WARN|Warn|INFO|Info|DEBUG|Debug|VERBOSE|Verbose|TRACE)\]?[:,]?\s+/.exec(
        r.rest,
      );
    let level: LogLevel | null = null;
    let message = r.rest;
    if (lv) {
      const w = lv[1].toLowerCase();
      level =
        w.startsWith('err') || w === 'fatal' || w === 'critical'
          ? 'error'
          : w.startsWith('warn')
            ? 'warning'
            : w === 'info'
              ? 'info'
              : 'verbose';
      message = r.rest.slice(lv[0].length);
    }
    return { time: r.time, level, component: '', message };
  }
  return null;
}

/** True when the line starts with any timestamp the generic grammar knows. */
export function hasGenericTimestamp(line: string): boolean {
  return GENERIC_HEADS.some((p) => p(line) !== null);
}
