/**
 * Names the kind of a Windows log from its content, never its file name (ARCHITECTURE.md §3).
 * The servicing logs share one line grammar, so CBS, DISM and Panther are told apart by the
 * components their lines carry (winlogs.md §1.1-1.4).
 */
import type { InputKind } from '../../../../shared/model/trace';
import { detectBom, LineDecoder, sniffUtf16 } from './line-decoder';
import {
  hasGenericTimestamp,
  parseServicingHead,
  parseWimTrace,
  parseWindowsUpdateHead,
} from './text-grammar';

const PANTHER_COMPONENTS = new Set([
  'MOUPG',
  'SP',
  'MIG',
  'CONX',
  'PANTHR',
  'IBSLIB',
  'SYSPRP',
  'IMAGE',
  'TOOL',
  'DPX',
  'VDS',
  'SETUPUGC',
  'UNATTEND',
  'DU',
  'MOSETUP',
]);

const EVENT_HEADER_NAMES = [
  ['level', 'date and time', 'source', 'event id'],
  ['级别', '日期和时间', '来源', '事件 id'],
  ['級別', '日期和時間', '來源', '事件識別碼'],
];

/** Event Viewer CSV/TXT export or PowerShell Get-WinEvent | Export-Csv header. */
function eventTableHeader(line: string): 'eventviewer-csv' | 'eventviewer-txt' | null {
  const tab = line.includes('\t');
  const fields = line.split(tab ? '\t' : ',').map((f) => f.trim().replace(/^"|"$/g, '').toLowerCase());
  if (fields.length < 4) return null;
  const kind = tab ? 'eventviewer-txt' : 'eventviewer-csv';
  for (const names of EVENT_HEADER_NAMES) {
    if (names.every((n) => fields.includes(n) || fields.includes(n.replace(' ', '')))) return kind;
  }
  if (
    fields.includes('timecreated') &&
    fields.includes('id') &&
    (fields.includes('message') || fields.includes('leveldisplayname'))
  ) {
    return kind;
  }
  return null;
}

const ACE = /\S:(?:\((?:OI|CI|IO|NP|I|ID)\))*\((?:F|M|RX|R|W|D|N|DENY|[A-Z]{1,5}(?:,[A-Z]{1,5})*)\)/;

/** Given the first ~64 KiB of a file as text, the log kind or null. */
export function sniffLogText(text: string): InputKind | null {
  const t = text.replace(/^\ufeff/, '');
  const start = t.trimStart();
  if (start.startsWith('<')) {
    const head = start.slice(0, 4096);
    if (/<procmon[\s>]/i.test(head)) return null;
    if (
      /<Events[\s>]/.test(head) ||
      /<Event\s+xmlns=['"]http:\/\/schemas\.microsoft\.com\/win\/2004\/08\/events\/event['"]/.test(head)
    ) {
      return 'eventviewer-xml';
    }
    if (/<SetupDiag[\s>]/.test(head) || /<CompatReport[\s>]/.test(head)) return 'setupdiag';
    return null;
  }
  if (start.startsWith('{') && /"(ProfileName|ProfileGuid|SetupDiagVersion)"\s*:/.test(start.slice(0, 8192)))
    return 'setupdiag';

  const lines = t.split(/\r?\n/, 400).filter((l) => l.trim() !== '');
  if (lines.length === 0) return null;
  const firstReal = lines[0].startsWith('#TYPE ') && lines.length > 1 ? lines[1] : lines[0];
  if (/^"?Time of Day"?,"?Process Name"?/.test(firstReal) || /^"Frame","Module"/.test(firstReal)) return null;
  const table = eventTableHeader(firstReal);
  if (table) return table;

  let servicing = 0;
  let narrow = 0;
  let wimTrace = 0;
  let wu = 0;
  let generic = 0;
  let setupDiag = 0;
  let fltmc = 0;
  let icaclsAces = 0;
  let icaclsSummary = 0;
  const comps = new Map<string, number>();
  for (const line of lines) {
    const h = parseServicingHead(line);
    if (h) {
      servicing++;
      if (h.data?.messageId) narrow++;
      comps.set(h.component, (comps.get(h.component) ?? 0) + 1);
      continue;
    }
    if (parseWimTrace(line)) wimTrace++;
    else if (parseWindowsUpdateHead(line)) wu++;
    else if (hasGenericTimestamp(line)) generic++;
    if (
      /^(Matching Profile found:|SetupDiag version:|SetupDiag was unable to match|SetupDiag found)/.test(line)
    )
      setupDiag++;
    if (/^(Filter Name|筛选器名称|篩選器名稱)\s+/.test(line) || /^Filter\s+Volume Name\s+Altitude/.test(line))
      fltmc++;
    if (ACE.test(line)) icaclsAces++;
    if (/^(Successfully processed \d+ files|已成功处理 \d+ 个文件|已成功處理 \d+ 個檔案)/.test(line))
      icaclsSummary++;
  }
  if (setupDiag > 0) return 'setupdiag';
  if (fltmc > 0 && lines.some((l) => /^-{5,}\s+-{3,}/.test(l))) return 'fltmc';
  if (icaclsAces >= 1 && (icaclsSummary > 0 || icaclsAces >= 2) && servicing === 0 && wu === 0)
    return 'icacls';
  if (servicing > 0) {
    const count = (names: string[]): number => names.reduce((n, c) => n + (comps.get(c) ?? 0), 0);
    const panther = [...comps].reduce((n, [c, k]) => n + (PANTHER_COMPONENTS.has(c) ? k : 0), 0);
    const dism = count(['DISM']);
    const cbs = count(['CBS', 'CSI', 'DEPLOY']);
    if (narrow > 0 || panther > Math.max(dism, cbs)) return 'panther-log';
    if (wimTrace > 0 || dism > cbs) return 'dism-log';
    if (cbs > 0) return 'cbs-log';
    return 'panther-log';
  }
  if (wu > 0 && wu >= generic) return 'windowsupdate-log';
  if (generic > 0 || wu > 0) return 'text-log';
  return null;
}

const MAGIC_EVTX = [0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00]; // "ElfFile\0"
const MAGIC_CHUNK = [0x45, 0x6c, 0x66, 0x43, 0x68, 0x6e, 0x6b, 0x00]; // "ElfChnk\0"

function startsWith(b: Uint8Array, magic: readonly number[]): boolean {
  return b.length >= magic.length && magic.every((v, i) => b[i] === v);
}

/** True when the bytes look like binary data rather than text in any of the log encodings. */
function looksBinary(b: Uint8Array): boolean {
  const n = Math.min(b.length, 8192);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i];
    if (c === 0 || (c < 0x09 && c !== 0) || (c > 0x0d && c < 0x20 && c !== 0x1b)) bad++;
  }
  return bad > n * 0.05;
}

/** Decodes the head of a file as the log readers will (BOM, UTF-16, per-line UTF-8/ANSI). */
export function decodeHead(bytes: Uint8Array): string | null {
  const { bom, length } = detectBom(bytes);
  const utf16 = bom === 'utf-16le' || bom === 'utf-16be' ? bom : bom === null ? sniffUtf16(bytes) : null;
  if (utf16) return new TextDecoder(utf16).decode(bytes.subarray(length));
  const body = bytes.subarray(length);
  if (looksBinary(body)) return null;
  const decoder = new LineDecoder();
  decoder.learn(body);
  const out: string[] = [];
  let s = 0;
  while (s < body.length) {
    let e = body.indexOf(10, s);
    if (e < 0) e = body.length;
    out.push(decoder.decode(body.subarray(s, e > s && body[e - 1] === 13 ? e - 1 : e)));
    s = e + 1;
  }
  return out.join('\n');
}

/** Given the first bytes of a file (64 KiB is plenty), the log kind or null. */
export function sniffLogBytes(bytes: Uint8Array): InputKind | null {
  if (startsWith(bytes, MAGIC_EVTX) || startsWith(bytes, MAGIC_CHUNK)) return 'evtx';
  const text = decodeHead(bytes);
  return text === null ? null : sniffLogText(text);
}
