/**
 * File access masks: the bits of winnt.h, the rights as icacls prints them (`F`, `RX`, `(WA,WEA)`),
 * as Get-Acl prints them (`ReadAndExecute, Synchronize`, `268435456`) and as SDDL writes them
 * (`FA`, `0x1200a9`), all turned into one 32-bit mask with generic rights mapped to their file
 * meaning (FILE_GENERIC_READ etc.), so the three tools' output compares.
 */
import type { LocalizedText } from '../../../../shared/model/insight';

export const FILE_READ_DATA = 0x1;
export const FILE_WRITE_DATA = 0x2;
export const FILE_APPEND_DATA = 0x4;
export const FILE_READ_EA = 0x8;
export const FILE_WRITE_EA = 0x10;
export const FILE_EXECUTE = 0x20;
export const FILE_DELETE_CHILD = 0x40;
export const FILE_READ_ATTRIBUTES = 0x80;
export const FILE_WRITE_ATTRIBUTES = 0x100;
export const DELETE = 0x10000;
export const READ_CONTROL = 0x20000;
export const WRITE_DAC = 0x40000;
export const WRITE_OWNER = 0x80000;
export const SYNCHRONIZE = 0x100000;
export const ACCESS_SYSTEM_SECURITY = 0x1000000;
export const MAXIMUM_ALLOWED = 0x2000000;
export const GENERIC_ALL = 0x10000000;
export const GENERIC_EXECUTE = 0x20000000;
export const GENERIC_WRITE = 0x40000000;
export const GENERIC_READ = 0x80000000;

export const FILE_ALL_ACCESS = 0x1f01ff;
export const FILE_GENERIC_READ = 0x120089;
export const FILE_GENERIC_WRITE = 0x120116;
export const FILE_GENERIC_EXECUTE = 0x1200a0;
/** icacls `M` / Get-Acl "Modify, Synchronize". */
export const FILE_MODIFY = 0x1301bf;
/** icacls `RX` / Get-Acl "ReadAndExecute, Synchronize". */
export const FILE_READ_EXECUTE = 0x1200a9;
/** icacls `W` / Get-Acl "Write, Synchronize". */
export const FILE_WRITE = 0x100116;

/** Every bit that changes a file (data, attributes, EAs, delete, ACL, owner). */
export const WRITE_BITS =
  FILE_WRITE_DATA |
  FILE_APPEND_DATA |
  FILE_WRITE_EA |
  FILE_WRITE_ATTRIBUTES |
  FILE_DELETE_CHILD |
  DELETE |
  WRITE_DAC |
  WRITE_OWNER;

/** Maps generic rights to file rights (the file object's GENERIC_MAPPING). */
export function mapGeneric(mask: number): number {
  let m = mask >>> 0;
  if (m & GENERIC_READ) m |= FILE_GENERIC_READ;
  if (m & GENERIC_WRITE) m |= FILE_GENERIC_WRITE;
  if (m & GENERIC_EXECUTE) m |= FILE_GENERIC_EXECUTE;
  if (m & GENERIC_ALL) m |= FILE_ALL_ACCESS;
  return (m & ~(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL)) >>> 0;
}

/** icacls simple rights (`icacls /?`): one letter group per parenthesis. */
const ICACLS_SIMPLE: Record<string, number> = {
  F: FILE_ALL_ACCESS,
  M: FILE_MODIFY,
  RX: FILE_READ_EXECUTE,
  R: FILE_GENERIC_READ,
  W: FILE_WRITE,
  D: DELETE,
  N: 0,
};

/** icacls specific rights, written comma-separated in one parenthesis: `(RD,WA,S)`. */
const ICACLS_SPECIFIC: Record<string, number> = {
  DE: DELETE,
  RC: READ_CONTROL,
  WDAC: WRITE_DAC,
  WO: WRITE_OWNER,
  S: SYNCHRONIZE,
  AS: ACCESS_SYSTEM_SECURITY,
  MA: MAXIMUM_ALLOWED,
  GR: GENERIC_READ,
  GW: GENERIC_WRITE,
  GE: GENERIC_EXECUTE,
  GA: GENERIC_ALL,
  RD: FILE_READ_DATA,
  WD: FILE_WRITE_DATA,
  AD: FILE_APPEND_DATA,
  REA: FILE_READ_EA,
  WEA: FILE_WRITE_EA,
  X: FILE_EXECUTE,
  DC: FILE_DELETE_CHILD,
  RA: FILE_READ_ATTRIBUTES,
  WA: FILE_WRITE_ATTRIBUTES,
};

/** Mask of one icacls rights token (simple or specific); null when the token is not a right. */
export function icaclsRight(token: string): number | null {
  const t = token.trim().toUpperCase();
  if (t in ICACLS_SIMPLE) return ICACLS_SIMPLE[t];
  if (t in ICACLS_SPECIFIC) return ICACLS_SPECIFIC[t];
  return null;
}

/** SDDL access right aliases (Security Descriptor Definition Language, "ace_rights"). */
const SDDL_RIGHTS: Record<string, number> = {
  GA: GENERIC_ALL,
  GR: GENERIC_READ,
  GW: GENERIC_WRITE,
  GX: GENERIC_EXECUTE,
  RC: READ_CONTROL,
  SD: DELETE,
  WD: WRITE_DAC,
  WO: WRITE_OWNER,
  // Directory-service rights share the low bits with the file rights.
  CC: 0x1,
  DC: 0x2,
  LC: 0x4,
  SW: 0x8,
  RP: 0x10,
  WP: 0x20,
  DT: 0x40,
  LO: 0x80,
  CR: 0x100,
  FA: FILE_ALL_ACCESS,
  FR: FILE_GENERIC_READ,
  FW: FILE_GENERIC_WRITE,
  FX: FILE_GENERIC_EXECUTE,
  KA: 0xf003f,
  KR: 0x20019,
  KW: 0x20006,
  KX: 0x20019,
  // Mandatory label policy bits (no-write-up, no-read-up, no-execute-up).
  NW: 0x1,
  NR: 0x2,
  NX: 0x4,
};

/** Parses an SDDL rights field: a hex/decimal number or a run of two-letter aliases. */
export function sddlRights(field: string): { mask: number; tokens: string[] } | null {
  const f = field.trim();
  if (f === '') return { mask: 0, tokens: [] };
  if (/^0x[0-9a-f]+$/i.test(f)) return { mask: parseInt(f.slice(2), 16) >>> 0, tokens: [f] };
  if (/^\d+$/.test(f)) return { mask: Number(f) >>> 0, tokens: [f] };
  if (f.length % 2 !== 0) return null;
  let mask = 0;
  const tokens: string[] = [];
  for (let i = 0; i < f.length; i += 2) {
    const t = f.slice(i, i + 2).toUpperCase();
    const bit = SDDL_RIGHTS[t];
    if (bit === undefined) return null;
    mask |= bit;
    tokens.push(t);
  }
  return { mask: mask >>> 0, tokens };
}

/** FileSystemRights enum names as Get-Acl prints them (System.Security.AccessControl). */
const FILE_SYSTEM_RIGHTS: Record<string, number> = {
  fullcontrol: FILE_ALL_ACCESS,
  modify: 0x301bf,
  readandexecute: 0x200a9,
  read: 0x20089,
  write: 0x116,
  readdata: FILE_READ_DATA,
  listdirectory: FILE_READ_DATA,
  writedata: FILE_WRITE_DATA,
  createfiles: FILE_WRITE_DATA,
  appenddata: FILE_APPEND_DATA,
  createdirectories: FILE_APPEND_DATA,
  readextendedattributes: FILE_READ_EA,
  writeextendedattributes: FILE_WRITE_EA,
  executefile: FILE_EXECUTE,
  traverse: FILE_EXECUTE,
  deletesubdirectoriesandfiles: FILE_DELETE_CHILD,
  readattributes: FILE_READ_ATTRIBUTES,
  writeattributes: FILE_WRITE_ATTRIBUTES,
  delete: DELETE,
  readpermissions: READ_CONTROL,
  changepermissions: WRITE_DAC,
  takeownership: WRITE_OWNER,
  synchronize: SYNCHRONIZE,
};

/**
 * Parses Get-Acl's rights text: "ReadAndExecute, Synchronize", "FullControl", or a number for masks
 * the enum cannot name ("268435456" = GENERIC_ALL, "-1610612736" = GENERIC_READ|GENERIC_EXECUTE).
 */
export function fileSystemRights(text: string): number | null {
  const t = text.trim();
  if (/^-?\d+$/.test(t)) return Number(t) >>> 0;
  let mask = 0;
  for (const part of t.split(',')) {
    const bit = FILE_SYSTEM_RIGHTS[part.trim().toLowerCase()];
    if (bit === undefined) return null;
    mask |= bit;
  }
  return mask >>> 0;
}

interface Named {
  mask: number;
  en: string;
  zh: string;
}

/** Whole-right names, largest first: a mask is described by the biggest ones it contains. */
const SIMPLE_NAMES: Named[] = [
  { mask: FILE_ALL_ACCESS, en: 'Full control', zh: '完全控制' },
  { mask: FILE_MODIFY, en: 'Modify', zh: '修改' },
  { mask: FILE_READ_EXECUTE, en: 'Read & execute', zh: '读取和执行' },
  { mask: FILE_GENERIC_READ, en: 'Read', zh: '读取' },
  { mask: FILE_WRITE, en: 'Write', zh: '写入' },
];

const SPECIFIC_NAMES: Named[] = [
  { mask: FILE_READ_DATA, en: 'Read data', zh: '读取数据' },
  { mask: FILE_WRITE_DATA, en: 'Write data', zh: '写入数据' },
  { mask: FILE_APPEND_DATA, en: 'Append data', zh: '追加数据' },
  { mask: FILE_READ_EA, en: 'Read extended attributes', zh: '读取扩展属性' },
  { mask: FILE_WRITE_EA, en: 'Write extended attributes', zh: '写入扩展属性' },
  { mask: FILE_EXECUTE, en: 'Execute', zh: '执行' },
  { mask: FILE_DELETE_CHILD, en: 'Delete subfolders and files', zh: '删除子文件夹及文件' },
  { mask: FILE_READ_ATTRIBUTES, en: 'Read attributes', zh: '读取属性' },
  { mask: FILE_WRITE_ATTRIBUTES, en: 'Write attributes', zh: '写入属性' },
  { mask: DELETE, en: 'Delete', zh: '删除' },
  { mask: READ_CONTROL, en: 'Read permissions', zh: '读取权限' },
  { mask: WRITE_DAC, en: 'Change permissions', zh: '更改权限' },
  { mask: WRITE_OWNER, en: 'Take ownership', zh: '取得所有权' },
  { mask: SYNCHRONIZE, en: 'Synchronize', zh: '同步' },
  { mask: ACCESS_SYSTEM_SECURITY, en: 'Access system security', zh: '访问系统安全' },
  { mask: MAXIMUM_ALLOWED, en: 'Maximum allowed', zh: '最大允许' },
];

/** Names a mask in words: "Read & execute", "Read & execute, Write attributes", "No access". */
export function describeMask(mask: number): LocalizedText {
  const m = mapGeneric(mask);
  if (m === 0) return { en: 'No access', 'zh-CN': '无权限' };
  const en: string[] = [];
  const zh: string[] = [];
  let covered = 0;
  for (const n of SIMPLE_NAMES) {
    // A whole right counts when all its bits are there and it adds something not yet named;
    // Synchronize alone does not count as "something" (every whole right carries it).
    const adds = n.mask & ~covered & ~SYNCHRONIZE;
    if ((m & n.mask) === n.mask && adds !== 0) {
      en.push(n.en);
      zh.push(n.zh);
      covered |= n.mask;
    }
  }
  let rest = m & ~covered;
  if (covered !== 0) rest &= ~SYNCHRONIZE;
  for (const n of SPECIFIC_NAMES) {
    if (rest & n.mask) {
      en.push(n.en);
      zh.push(n.zh);
    }
  }
  const unknown = rest & ~SPECIFIC_NAMES.reduce((a, n) => a | n.mask, 0);
  if (unknown) {
    const hex = `0x${(unknown >>> 0).toString(16)}`;
    en.push(hex);
    zh.push(hex);
  }
  return { en: en.join(', '), 'zh-CN': zh.join('、') };
}

/** The write-type rights of a mask, in words ('' when none). */
export function describeWriteBits(mask: number): LocalizedText {
  const w = mapGeneric(mask) & WRITE_BITS;
  if (w === 0) return { en: '', 'zh-CN': '' };
  return describeMask(w);
}
