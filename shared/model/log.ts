/** One entry of any Windows log, in one model for every log kind. */
export type LogLevel = 'error' | 'warning' | 'info' | 'verbose';

export interface LogEntry {
  /** Index within its log (0-based). */
  index: number;
  /** Log id in the workbench (see LogSummary.id). */
  logId: string;
  /** File name of the source. */
  source: string;
  /** 1-based line of the entry's first line in text logs; record id for EVTX. */
  line: number;
  /** ISO-8601; UTC when the source says so (EVTX), else local wall-clock without zone; '' if none. */
  time: string;
  level: LogLevel;
  /** Component, provider or channel (CSI, DISM, SP, Microsoft-Windows-WindowsUpdateClient, ...). */
  component: string;
  message: string;
  /** The message in Chinese where the tool knows it (event messages it renders itself). */
  messageZh?: string;
  /** Error codes found in the text, normalised as 0x%08X (or decimal Win32 as written, e.g. "GLE 5" -> "5"). */
  codes: string[];
  /** File and registry paths found in the text. */
  paths: string[];
  /** Event id for event-log entries. */
  eventId?: number;
  /** Named data fields (EVTX EventData/UserData, SetupDiag fields). */
  data?: Record<string, string>;
  raw: string;
}

export interface LogSummary {
  id: string;
  file: string;
  fileName: string;
  size: number;
  kind: string;
  encoding: string;
  entries: number;
  errors: number;
  warnings: number;
  firstTime: string;
  lastTime: string;
  side: 'baseline' | 'problem' | 'either';
  inputWarnings: { file: string; place: string; message: string }[];
}

export interface CodeExplanation {
  /** As typed by the user or found in the text. */
  input: string;
  /** Canonical value as 0x%08X, or decimal for Win32. */
  value: string;
  name: string;
  family: 'win32' | 'hresult' | 'ntstatus' | 'wu' | 'cbs' | 'setup' | 'unknown';
  en: string;
  zh: string;
  related: string[];
}
