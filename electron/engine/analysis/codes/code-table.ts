/**
 * The error-code knowledge base: one lookup over the per-family data files. Values and names
 * are facts from the public SDK headers (winerror.h, ntstatus.h, wuerror.h) and Microsoft's
 * upgrade error code page; CBS/PSFX names are the ones CBS.log prints itself (winlogs.md §5).
 */
import type { CodeExplanation } from '../../../../shared/model/log';
import { WIN32_CODES } from './data/win32-codes';
import { HRESULT_CODES } from './data/hresult-codes';
import { NTSTATUS_CODES } from './data/ntstatus-codes';
import { WU_CODES } from './data/wu-codes';
import { WU_CODES_MORE } from './data/wu-codes-more';
import { CBS_CODES } from './data/cbs-codes';
import { SETUP_CODES } from './data/setup-codes';

/** [value, symbolic name, English meaning, Chinese meaning]. */
export type CodeRow = readonly [number, string, string, string];
/** NTSTATUS rows may name the Win32 error RtlNtStatusToDosError maps them to. */
export type NtStatusRow = readonly [number, string, string, string, number?];

export type CodeFamily = CodeExplanation['family'];

export interface CodeInfo {
  value: number;
  name: string;
  en: string;
  zh: string;
  family: CodeFamily;
  /** Win32 equivalent for NTSTATUS rows. */
  win32?: number;
}

interface Tables {
  win32: Map<number, CodeInfo>;
  hresult: Map<number, CodeInfo>;
  ntstatus: Map<number, CodeInfo>;
  wu: Map<number, CodeInfo>;
  cbs: Map<number, CodeInfo>;
  setup: Map<number, CodeInfo>;
  byName: Map<string, CodeInfo>;
  /** Win32 code -> NTSTATUS values that map to it, table order (first = primary). */
  ntByWin32: Map<number, number[]>;
}

let tables: Tables | null = null;

function fill(
  target: Map<number, CodeInfo>,
  byName: Map<string, CodeInfo>,
  rows: readonly CodeRow[],
  family: CodeFamily,
): void {
  for (const [value, name, en, zh] of rows) {
    const v = value >>> 0;
    const info: CodeInfo = { value: v, name, en, zh, family };
    if (!target.has(v)) target.set(v, info);
    const key = name.toUpperCase();
    if (key !== '' && !byName.has(key)) byName.set(key, info);
  }
}

/** Built once on first use so importing the module costs nothing. */
export function codeTables(): Tables {
  if (tables) return tables;
  const byName = new Map<string, CodeInfo>();
  const t: Tables = {
    win32: new Map(),
    hresult: new Map(),
    ntstatus: new Map(),
    wu: new Map(),
    cbs: new Map(),
    setup: new Map(),
    byName,
    ntByWin32: new Map(),
  };
  fill(t.hresult, byName, HRESULT_CODES, 'hresult');
  fill(t.wu, byName, WU_CODES, 'wu');
  fill(t.wu, byName, WU_CODES_MORE, 'wu');
  fill(t.cbs, byName, CBS_CODES, 'cbs');
  fill(t.setup, byName, SETUP_CODES, 'setup');
  for (const row of NTSTATUS_CODES) {
    const [value, name, en, zh, win32] = row;
    const v = value >>> 0;
    if (t.ntstatus.has(v)) continue;
    const info: CodeInfo = { value: v, name, en, zh, family: 'ntstatus', win32 };
    t.ntstatus.set(v, info);
    if (!byName.has(name.toUpperCase())) byName.set(name.toUpperCase(), info);
    if (win32 !== undefined) {
      const list = t.ntByWin32.get(win32) ?? [];
      list.push(v);
      t.ntByWin32.set(win32, list);
    }
  }
  fill(t.win32, byName, WIN32_CODES, 'win32');
  tables = t;
  return t;
}

export function hex8(v: number): string {
  return `0x${(v >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}
