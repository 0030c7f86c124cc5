/**
 * Explains Windows error codes (Win32, HRESULT, NTSTATUS, Windows Update, CBS, setup) and finds
 * them in log text. Codes are normalised as `0x%08X`, or as decimal for Win32 errors ("GLE [5]"
 * -> "5"), the convention of LogEntry.codes (shared/model/log.ts).
 */
import type { CodeExplanation } from '../../../../shared/model/log';
import { codeTables, hex8, type CodeInfo } from './code-table';
import { describeExtendCode } from './setup-extend';

/** Procmon prints NTSTATUS as words; these differ from the STATUS_ name with `_` -> space. */
const PROCMON_RESULTS: Record<string, number> = {
  'NAME NOT FOUND': 0xc0000034,
  'PATH NOT FOUND': 0xc000003a,
  'NAME COLLISION': 0xc0000035,
  'NAME INVALID': 0xc0000033,
  'IS DIRECTORY': 0xc00000ba,
  'NOT A DIRECTORY': 0xc0000103,
  'NOT EMPTY': 0xc0000101,
  'DIRECTORY NOT EMPTY': 0xc0000101,
  'FILE LOCKED WITH ONLY READERS': 0x0000012a,
  'FILE LOCKED WITH WRITERS': 0x0000012b,
  'NOT GRANTED': 0xc0000055,
  'FAST IO DISALLOWED': 0xc01c0004,
  'NOT REPARSE POINT': 0xc0000275,
  'NO EAS ON FILE': 0xc0000052,
  'OBJECT PATH INVALID': 0xc0000039,
  'PATH SYNTAX BAD': 0xc000003b,
  'KEY DELETED': 0xc000017c,
  'DISK FULL': 0xc000007f,
  'NO MEMORY': 0xc0000017,
};

/**
 * Codes that appear in healthy runs and must not turn an entry into an error: DISM's WIMGAPI
 * trace prints 0xC142011C while probing whether a folder is a mounted image (winlogs.md §1.3), and
 * the update agent logs WU_E_DS_NODATA / WU_E_NOOP for empty look-ups.
 */
const NOISE = new Set(['0xC142011C', '0x80248007', '0x8024000C']);

/** True when the normalised code means failure (HRESULT/NTSTATUS severity bit, Win32 != 0). */
export function isFailureCode(code: string): boolean {
  if (NOISE.has(code)) return false;
  if (code.startsWith('0x')) return parseInt(code.slice(2, 3), 16) >= 8;
  return code !== '0';
}

function win32Form(v: number): string {
  return String(v);
}

/** The NTSTATUS a Win32 error usually comes from, where several map to it (RtlNtStatusToDosError). */
const PRIMARY_NT: Record<number, number> = {
  2: 0xc0000034,
  3: 0xc000003a,
  5: 0xc0000022,
  6: 0xc0000008,
  8: 0xc0000017,
  32: 0xc0000043,
  87: 0xc000000d,
  112: 0xc000007f,
  183: 0xc0000035,
  1314: 0xc0000061,
  1392: 0xc0000102,
};

function ntFor(win32: number): number[] {
  const primary = PRIMARY_NT[win32];
  if (primary !== undefined) return [primary];
  return (codeTables().ntByWin32.get(win32) ?? []).slice(0, 1);
}

function relatedOf(info: CodeInfo): string[] {
  const out: string[] = [];
  const add = (s: string): void => {
    if (!out.includes(s)) out.push(s);
  };
  if (info.family === 'win32') {
    add(hex8(0x80070000 | info.value));
    for (const nt of ntFor(info.value)) add(hex8(nt));
  } else if (info.family === 'ntstatus') {
    if (info.win32 !== undefined && info.win32 !== 0) {
      add(win32Form(info.win32));
      add(hex8(0x80070000 | info.win32));
    }
  } else if ((info.value & 0xffff0000) >>> 0 === 0x80070000) {
    const w = info.value & 0xffff;
    add(win32Form(w));
    for (const nt of ntFor(w)) add(hex8(nt));
  }
  return out.filter((s) => s !== (info.family === 'win32' ? win32Form(info.value) : hex8(info.value)));
}

function toExplanation(input: string, info: CodeInfo, value?: string): CodeExplanation {
  return {
    input,
    value: value ?? (info.family === 'win32' ? win32Form(info.value) : hex8(info.value)),
    name: info.name,
    family: info.family,
    en: info.en,
    zh: info.zh,
    related: relatedOf(info),
  };
}

function explainWin32(input: string, v: number): CodeExplanation | null {
  const info = codeTables().win32.get(v);
  return info ? toExplanation(input, info) : null;
}

/** A 32-bit value: the tables first, then what its facility says (HRESULT_FROM_WIN32 etc.). */
function explainValue(input: string, raw: number): CodeExplanation | null {
  const v = raw >>> 0;
  const t = codeTables();
  const hr = t.hresult.get(v);
  if (hr) {
    const e = toExplanation(input, hr);
    if ((v & 0xffff0000) >>> 0 === 0x80070000) {
      const w = t.win32.get(v & 0xffff);
      if (w) e.related = [...new Set([w.name, ...e.related])];
    }
    return e;
  }
  for (const table of [t.wu, t.cbs, t.setup, t.ntstatus]) {
    const info = table.get(v);
    if (info) return toExplanation(input, info);
  }
  const facilityWin32 = (v & 0xffff0000) >>> 0;
  if (facilityWin32 === 0x80070000 || facilityWin32 === 0xc0070000) {
    const w = t.win32.get(v & 0xffff);
    if (!w) return null;
    const isNt = facilityWin32 === 0xc0070000;
    const info: CodeInfo = {
      value: v,
      name: `${isNt ? 'NTSTATUS_FROM_WIN32' : 'HRESULT_FROM_WIN32'}(${w.name})`,
      en: w.en,
      zh: w.zh,
      family: isNt ? 'ntstatus' : 'hresult',
    };
    const e = toExplanation(input, info);
    e.related = [
      ...new Set([win32Form(w.value), ...(isNt ? [hex8(0x80070000 | w.value)] : []), ...relatedOf(w)]),
    ].filter((s) => s !== hex8(v));
    return e;
  }
  // HRESULT_FROM_NT: an NTSTATUS with the N bit set (0xD0000000 | status).
  if ((v & 0xf0000000) >>> 0 === 0xd0000000) {
    const nt = t.ntstatus.get((v & 0xcfffffff) >>> 0);
    if (nt) {
      const e = toExplanation(input, {
        ...nt,
        value: v,
        name: `HRESULT_FROM_NT(${nt.name})`,
        family: 'hresult',
      });
      e.related = [hex8(nt.value), ...relatedOf(nt)];
      return e;
    }
  }
  if (v <= 0xffff) return explainWin32(input, v);
  return null;
}

function parseNumber(text: string): number | null {
  if (/^0x[0-9a-f]{1,8}$/i.test(text)) return parseInt(text.slice(2), 16);
  if (/^\d{1,10}$/.test(text)) {
    const n = Number(text);
    return n <= 0xffffffff ? n : null;
  }
  return null;
}

function lookupName(name: string): CodeInfo | undefined {
  const t = codeTables();
  const key = name.toUpperCase();
  const direct = t.byName.get(key);
  if (direct) return direct;
  const procmon = PROCMON_RESULTS[key.replace(/_/g, ' ')];
  if (procmon !== undefined) return t.ntstatus.get(procmon >>> 0);
  return t.byName.get(`STATUS_${key.replace(/ /g, '_')}`) ?? t.byName.get(`ERROR_${key.replace(/ /g, '_')}`);
}

/**
 * Explains one code as typed by a user or found in a log: `0x8024200D`, `8024200d`, `5`,
 * `GLE [5]`, `gle=0x5`, `error 5`, `-1073741790`, `0xC1900101-0x4000D`, `E_ACCESSDENIED`,
 * `HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED)`, Procmon's `ACCESS DENIED`. Null when unknown.
 */
export function explainCode(input: string): CodeExplanation | null {
  let text = input.trim().replace(/^["']+|["']+$/g, '');
  if (/^\[.*\]$/.test(text) || /^\(.*\)$/.test(text)) text = text.slice(1, -1).trim();
  if (text === '') return null;

  const gle = /^(?:gle|getlasterror|error|win32)\s*[=:]?\s*\[?\s*(0x[0-9a-f]{1,8}|\d{1,10})\s*\]?$/i.exec(
    text,
  );
  if (gle) {
    const n = parseNumber(gle[1]);
    if (n === null) return null;
    return n <= 0xffff ? explainWin32(input, n) : explainValue(input, n);
  }

  const setup = /^(0x[0-9a-f]{8})\s*-\s*(0x[0-9a-f]{1,5})$/i.exec(text);
  if (setup) {
    const base = explainValue(input, parseInt(setup[1].slice(2), 16));
    const ext = describeExtendCode(parseInt(setup[2].slice(2), 16));
    if (!base || !ext) return base;
    return {
      ...base,
      value: `${base.value}-${setup[2].toUpperCase().replace('0X', '0x')}`,
      en: `${base.en} Extend code ${setup[2]}: ${ext.en}`,
      zh: `${base.zh} 扩展代码 ${setup[2]}：${ext.zh}`,
    };
  }

  if (/^-\d{1,10}$/.test(text)) {
    const n = Number(text);
    if (n < -0x80000000) return null;
    return explainValue(input, n >>> 0);
  }
  if (/^\d{1,10}$/.test(text)) {
    const n = Number(text);
    if (n > 0xffffffff) return null;
    return n <= 0xffff ? explainWin32(input, n) : explainValue(input, n);
  }
  if (/^0x[0-9a-f]{1,8}$/i.test(text)) {
    const n = parseInt(text.slice(2), 16);
    if (n <= 0xffff) return explainWin32(input, n) ?? explainValue(input, n);
    return explainValue(input, n);
  }
  if (/^[0-9a-f]{8}$/i.test(text)) return explainValue(input, parseInt(text, 16));

  const wrapped = /^(HRESULT_FROM_WIN32|NTSTATUS_FROM_WIN32)\s*\(\s*(\w+)\s*\)$/i.exec(text);
  if (wrapped) {
    const inner =
      lookupName(wrapped[2]) ??
      (parseNumber(wrapped[2]) !== null ? codeTables().win32.get(parseNumber(wrapped[2]) ?? -1) : undefined);
    if (!inner || inner.family !== 'win32') return null;
    const base = wrapped[1].toUpperCase() === 'HRESULT_FROM_WIN32' ? 0x80070000 : 0xc0070000;
    return explainValue(input, (base | inner.value) >>> 0);
  }

  if (/^[A-Za-z][A-Za-z0-9_ ]*$/.test(text)) {
    const info = lookupName(text);
    if (!info) return null;
    return info.family === 'win32' ? toExplanation(input, info) : explainValue(input, info.value);
  }
  return null;
}

/** Explains every code of a list; unknown inputs are left out. */
export function explainCodes(inputs: string[]): CodeExplanation[] {
  const out: CodeExplanation[] = [];
  for (const i of inputs) {
    const e = explainCode(i);
    if (e) out.push(e);
  }
  return out;
}

// One pass over the text; the alternatives are tried left to right at each position.
const CODE_RE = new RegExp(
  [
    // GLE [5], [gle=0x80004005], GetLastError = 2
    String.raw`\b(?:gle|getlasterror)\s*(?:=|:|is)?\s*\[?\s*(?:0x(?<gleHex>[0-9a-f]{1,8})|(?<gleDec>\d{1,10}))\b`,
    // NTSTATUS_FROM_WIN32(ERROR_INVALID_DATA), HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED)
    String.raw`\b(?<wrap>NTSTATUS_FROM_WIN32|HRESULT_FROM_WIN32)\((?<wrapName>ERROR_[A-Z0-9_]+)\)`,
    // 0x80070005, 0XC0000022 (exactly 8 digits)
    String.raw`(?<![0-9a-z_])0x(?<hex>[0-9a-f]{8})(?![0-9a-z_])`,
    // WindowsUpdate.log: *FAILED* [8024000C]
    String.raw`\[(?<bare>[89a-f][0-9a-f]{7})\]`,
    // CBS writes NTSTATUS as signed decimal: NTSTATUS -1073741790
    String.raw`(?<![\w.])-(?<neg>\d{9,10})\b`,
    // error 5, Error: 1392, error(0), Win32 error 5
    String.raw`\berror\s*(?:code)?\s*[:=]?\s*\(?(?<errDec>\d{1,5})\b(?![.:/-]\d|x)`,
    // symbolic names printed in logs
    String.raw`\b(?<name>(?:WU_E|CBS_E|PSFX_E|SPAPI_E|MOSETUP_E)_[A-Z0-9_]+|STATUS_[A-Z][A-Z0-9_]+|E_(?:ACCESSDENIED|FAIL|INVALIDARG|OUTOFMEMORY|UNEXPECTED|NOTIMPL|ABORT|HANDLE|POINTER|NOINTERFACE|PENDING))\b`,
  ].join('|'),
  'gi',
);

const MAYBE_CODE = /0x|gle|error|_E_|STATUS_|\[[89a-f][0-9a-f]{7}\]|-\d{9}/i;

const ERRORISH_BEFORE = /(?:error|gle|result|hr|code|status|failed|failure)\W{0,6}$/i;

/**
 * Codes found in one line of log text, normalised and de-duplicated, in order of appearance.
 * Success values (0, 0x00000000) are left out; 0x0000xxxx after an error-like word is a Win32 code.
 */
export function findCodes(text: string): string[] {
  const out: string[] = [];
  const add = (c: string): void => {
    if (!out.includes(c)) out.push(c);
  };
  // Most log lines carry no code; one cheap scan skips the full pattern for them.
  if (!MAYBE_CODE.test(text)) return out;
  CODE_RE.lastIndex = 0;
  for (let m = CODE_RE.exec(text); m !== null; m = CODE_RE.exec(text)) {
    const g = m.groups ?? {};
    if (g.gleHex !== undefined || g.gleDec !== undefined) {
      const v = g.gleHex !== undefined ? parseInt(g.gleHex, 16) : Number(g.gleDec);
      if (v === 0 || v > 0xffffffff) continue;
      add(v <= 0xffff ? win32Form(v) : hex8(v));
    } else if (g.wrap !== undefined) {
      const w = codeTables().byName.get(g.wrapName.toUpperCase());
      if (w && w.family === 'win32' && w.value !== 0)
        add(hex8((g.wrap.toUpperCase().startsWith('NT') ? 0xc0070000 : 0x80070000) | w.value));
    } else if (g.hex !== undefined) {
      const v = parseInt(g.hex, 16);
      if (v >= 0x80000000) add(hex8(v));
      else if (v !== 0 && v <= 0xffff && ERRORISH_BEFORE.test(text.slice(Math.max(0, m.index - 24), m.index)))
        add(win32Form(v));
    } else if (g.bare !== undefined) {
      add(hex8(parseInt(g.bare, 16)));
    } else if (g.neg !== undefined) {
      const n = Number(g.neg);
      if (n >= 0x10000000 && n <= 0x80000000) add(hex8(-n >>> 0));
    } else if (g.errDec !== undefined) {
      const v = Number(g.errDec);
      if (v !== 0) add(win32Form(v));
    } else if (g.name !== undefined) {
      const info = codeTables().byName.get(g.name.toUpperCase());
      if (info) add(info.family === 'win32' ? win32Form(info.value) : hex8(info.value));
    }
  }
  return out;
}
