/**
 * Bit-mask and enum texts of the Detail column (access masks, create options, attributes, share
 * modes, I/O flags, ...). Each formatter caches by value: a capture has few distinct masks and these
 * run once per event.
 */

type MaskTable = readonly (readonly [number, string])[];

/** Greedy decomposition in table order: an entry matches when all its bits are still set. */
function maskText(mask: number, table: MaskTable, separator: string): string {
  let rest = mask >>> 0;
  let out = '';
  for (const [bits, name] of table) {
    if ((rest & bits) >>> 0 === bits) {
      out = out === '' ? name : out + separator + name;
      rest = (rest & ~bits) >>> 0;
    }
  }
  return out;
}

function cached(fn: (v: number) => string): (v: number) => string {
  const cache = new Map<number, string>();
  return (v: number): string => {
    let s = cache.get(v);
    if (s === undefined) {
      s = fn(v);
      cache.set(v, s);
    }
    return s;
  };
}

const STANDARD_RIGHTS: MaskTable = [
  [0x10000, 'Delete'],
  [0x20000, 'Read Control'],
  [0x40000, 'Write DAC'],
  [0x80000, 'Write Owner'],
  [0x100000, 'Synchronize'],
  [0x1000000, 'Access System Security'],
  [0x2000000, 'Maximum Allowed'],
];

const FILE_RIGHTS: MaskTable = [
  [0x1f01ff, 'All Access'],
  [0x1201bf, 'Generic Read/Write/Execute'],
  [0x12019f, 'Generic Read/Write'],
  [0x1200a9, 'Generic Read/Execute'],
  [0x1201b6, 'Generic Write/Execute'],
  [0x120089, 'Generic Read'],
  [0x120116, 'Generic Write'],
  [0x1200a0, 'Generic Execute'],
  [0x1, 'Read Data/List Directory'],
  [0x2, 'Write Data/Add File'],
  [0x4, 'Append Data/Add Subdirectory/Create Pipe Instance'],
  [0x8, 'Read EA'],
  [0x10, 'Write EA'],
  [0x20, 'Execute/Traverse'],
  [0x40, 'Delete Child'],
  [0x80, 'Read Attributes'],
  [0x100, 'Write Attributes'],
  ...STANDARD_RIGHTS,
];

const KEY_RIGHTS: MaskTable = [
  [0xf003f, 'All Access'],
  [0x2001f, 'Read/Write'],
  [0x20019, 'Read'],
  [0x20006, 'Write'],
  [0x1, 'Query Value'],
  [0x2, 'Set Value'],
  [0x4, 'Create Sub Key'],
  [0x8, 'Enumerate Sub Keys'],
  [0x10, 'Notify'],
  [0x20, 'Create Link'],
  [0x300, 'WOW64_Res'],
  [0x200, 'WOW64_32Key'],
  [0x100, 'WOW64_64Key'],
  ...STANDARD_RIGHTS,
];

/** GENERIC_READ/WRITE/EXECUTE/ALL are mapped to specific rights first, as MapGenericMask does. */
function accessText(
  mask: number,
  generic: readonly [number, number, number, number],
  table: MaskTable,
): string {
  let m = mask >>> 0;
  if (m & 0x80000000) m |= generic[0];
  if (m & 0x40000000) m |= generic[1];
  if (m & 0x20000000) m |= generic[2];
  if (m & 0x10000000) m |= generic[3];
  const text = maskText(m >>> 0, table, ', ');
  return text === '' ? `None 0x${(m >>> 0).toString(16)}` : text;
}

export const fileAccessText = cached((m) =>
  accessText(m, [0x120089, 0x120116, 0x1200a0, 0x1f01ff], FILE_RIGHTS),
);
export const keyAccessText = cached((m) => accessText(m, [0x20019, 0x20006, 0x20019, 0xf003f], KEY_RIGHTS));

const CREATE_OPTIONS: MaskTable = [
  [0x1, 'Directory'],
  [0x2, 'Write Through'],
  [0x4, 'Sequential Access'],
  [0x8, 'No Buffering'],
  [0x10, 'Synchronous IO Alert'],
  [0x20, 'Synchronous IO Non-Alert'],
  [0x40, 'Non-Directory File'],
  [0x80, 'Create Tree Connection'],
  [0x100, 'Complete If Oplocked'],
  [0x200, 'No EA Knowledge'],
  [0x400, 'Open for Recovery'],
  [0x800, 'Random Access'],
  [0x1000, 'Delete On Close'],
  [0x2000, 'Open By ID'],
  [0x4000, 'Open For Backup'],
  [0x8000, 'No Compression'],
  [0x100000, 'Reserve OpFilter'],
  [0x200000, 'Open Reparse Point'],
  [0x400000, 'Open No Recall'],
  [0x800000, 'Open For Free Space Query'],
  [0x10000, 'Open Requiring Oplock'],
  [0x20000, 'Disallow Exclusive'],
];

export const createOptionsText = cached((m) => maskText(m, CREATE_OPTIONS, ', '));

const ATTRIBUTES: MaskTable = [
  [0x1, 'R'],
  [0x2, 'H'],
  [0x4, 'S'],
  [0x10, 'D'],
  [0x20, 'A'],
  [0x40, 'D'],
  [0x80, 'N'],
  [0x100, 'T'],
  [0x200, 'SF'],
  [0x400, 'RP'],
  [0x800, 'C'],
  [0x1000, 'O'],
  [0x2000, 'NCI'],
  [0x4000, 'E'],
  [0x10000, 'V'],
];

/** File attribute letters ("HSANCI"); `n/a` when none. */
export const attributesText = cached((m) => (m === 0 ? 'n/a' : maskText(m, ATTRIBUTES, '') || 'n/a'));

export const shareModeText = cached((m) =>
  m === 0
    ? 'None'
    : maskText(
        m,
        [
          [0x1, 'Read'],
          [0x2, 'Write'],
          [0x4, 'Delete'],
        ],
        ', ',
      ),
);

const IO_FLAGS: MaskTable = [
  [0x10, 'Buffered'],
  [0x1, 'Non-cached'],
  [0x2, 'Paging I/O'],
  [0x4, 'Synchronous'],
  [0x40, 'Synchronous Paging I/O'],
  [0x400000, 'Write Through'],
];

export const ioFlagsText = cached((m) => maskText(m, IO_FLAGS, ', '));

export const PRIORITY_NAMES: readonly string[] = ['', 'Very Low', 'Low', 'Normal', 'High', 'Critical'];

const NOTIFY_FLAGS: MaskTable = [
  [0x1, 'FILE_NOTIFY_CHANGE_FILE_NAME'],
  [0x2, 'FILE_NOTIFY_CHANGE_DIR_NAME'],
  [0x4, 'FILE_NOTIFY_CHANGE_ATTRIBUTES'],
  [0x8, 'FILE_NOTIFY_CHANGE_SIZE'],
  [0x10, 'FILE_NOTIFY_CHANGE_LAST_WRITE'],
  [0x20, 'FILE_NOTIFY_CHANGE_LAST_ACCESS'],
  [0x40, 'FILE_NOTIFY_CHANGE_CREATION'],
  [0x80, 'FILE_NOTIFY_CHANGE_EA'],
  [0x100, 'FILE_NOTIFY_CHANGE_SECURITY'],
  [0x200, 'FILE_NOTIFY_CHANGE_STREAM_NAME'],
  [0x400, 'FILE_NOTIFY_CHANGE_STREAM_SIZE'],
  [0x800, 'FILE_NOTIFY_CHANGE_STREAM_WRITE'],
];

export const notifyFlagsText = cached((m) => maskText(m, NOTIFY_FLAGS, ', ') || `0x${m.toString(16)}`);

/** SECURITY_INFORMATION bits of Query/SetSecurityFile ("Information: DACL, DACL Unprotected"). */
const SECURITY_INFORMATION: MaskTable = [
  [0x1, 'Owner'],
  [0x2, 'Group'],
  [0x4, 'DACL'],
  [0x8, 'SACL'],
  [0x10, 'Label'],
  [0x20, 'Attribute'],
  [0x40, 'Scope'],
  [0x80, 'Process Trust Label'],
  [0x10000, 'Backup'],
  [0x80000000, 'DACL Protected'],
  [0x40000000, 'SACL Protected'],
  [0x20000000, 'DACL Unprotected'],
  [0x10000000, 'SACL Unprotected'],
];

/** Bits Procmon has no name for are printed after the names as one hex value. */
export const securityInformationText = cached((m) => {
  let named = 0;
  for (const [bit] of SECURITY_INFORMATION) if ((m & bit) >>> 0 === bit) named = (named | bit) >>> 0;
  const rest = (m & ~named) >>> 0;
  const text = maskText(m & named, SECURITY_INFORMATION, ', ');
  if (rest === 0) return text;
  return text ? `${text}, 0x${rest.toString(16)}` : `0x${rest.toString(16)}`;
});

export const DISPOSITION_NAMES: readonly string[] = [
  'Supersede',
  'Open',
  'Create',
  'OpenIf',
  'Overwrite',
  'OverwriteIf',
];
export const OPEN_RESULT_NAMES: readonly string[] = [
  'Superseded',
  'Opened',
  'Created',
  'Overwritten',
  'Exists',
  'DoesNotExist',
];

export const REG_TYPE_NAMES: readonly string[] = [
  'REG_NONE',
  'REG_SZ',
  'REG_EXPAND_SZ',
  'REG_BINARY',
  'REG_DWORD',
  'REG_DWORD_BIG_ENDIAN',
  'REG_LINK',
  'REG_MULTI_SZ',
  'REG_RESOURCE_LIST',
  'REG_FULL_RESOURCE_DESCRIPTOR',
  'REG_RESOURCE_REQUIREMENTS_LIST',
  'REG_QWORD',
];

export function regTypeText(type: number): string {
  return REG_TYPE_NAMES[type] ?? `<Unknown: ${type}>`;
}

export const KEY_INFORMATION_CLASSES: readonly string[] = [
  'Basic',
  'Node',
  'Full',
  'Name',
  'Cached',
  'Flags',
  'Virtualization',
  'HandleTags',
  'Trust',
  'Layer',
];

export const KEY_SET_INFORMATION_CLASSES: Readonly<Record<number, string>> = {
  0: 'KeyWriteTimeInformation',
  1: 'KeyWow64FlagsInformation',
  2: 'KeyControlFlagsInformation',
  3: 'KeySetVirtualizationInformation',
  4: 'KeySetDebugInformation',
  5: 'KeySetHandleTagsInformation',
  6: 'KeySetLayerInformation',
};

export const REG_DISPOSITIONS: Readonly<Record<number, string>> = {
  1: 'REG_CREATED_NEW_KEY',
  2: 'REG_OPENED_EXISTING_KEY',
};

/** FILE_INFORMATION_CLASS names used by QueryDirectory. */
export const FILE_INFORMATION_CLASSES: Readonly<Record<number, string>> = {
  1: 'FileDirectoryInformation',
  2: 'FileFullDirectoryInformation',
  3: 'FileBothDirectoryInformation',
  12: 'FileNamesInformation',
  37: 'FileIdBothDirectoryInformation',
  38: 'FileIdFullDirectoryInformation',
  50: 'FileIdGlobalTxDirectoryInformation',
  60: 'FileIdExtdDirectoryInformation',
  63: 'FileIdExtdBothDirectoryInformation',
};

export const SYNC_TYPES: readonly string[] = ['SyncTypeOther', 'SyncTypeCreateSection'];

/** Procmon 3.50+ page protection text: the first execute bit, else an exact base protection. */
export const pageProtectionText = cached((p) => {
  let out: string;
  const exec = p & 0xf0;
  if (exec) {
    if (exec & 0x10) out = 'PAGE_EXECUTE';
    else if (exec & 0x20) out = 'PAGE_EXECUTE_READ';
    else if (exec & 0x40) out = 'PAGE_EXECUTE_READWRITE';
    else out = 'PAGE_EXECUTE_WRITECOPY';
  } else {
    out =
      (
        { 1: 'PAGE_NOACCESS', 2: 'PAGE_READONLY', 4: 'PAGE_READWRITE', 8: 'PAGE_WRITECOPY' } as Record<
          number,
          string
        >
      )[p & 0xf] ?? '';
  }
  if (out === '') return p === 0 ? '' : `0x${p.toString(16).padStart(3, '0')}`;
  if (p & 0x200) out += '|PAGE_NOCACHE';
  if (p & 0x400) out += '|PAGE_WRITECOMBINE';
  return out;
});

/** Procmon before 3.50: the first protection bit set, in this order; '' when none. */
export const legacyPageProtectionText = cached((p) => {
  const order: MaskTable = [
    [0x02, 'PAGE_READONLY'],
    [0x04, 'PAGE_READWRITE'],
    [0x08, 'PAGE_WRITECOPY'],
    [0x10, 'PAGE_EXECUTE'],
    [0x20, 'PAGE_EXECUTE_READ'],
    [0x40, 'PAGE_EXECUTE_READWRITE'],
  ];
  for (const [bit, name] of order) if (p & bit) return p & 0x200 ? name + '|PAGE_NOCACHE' : name;
  return '';
});

/** Well-known SIDs Procmon names in CreateFile's "Impersonating" (others print as S-1-...). */
export function sidText(bytes: Uint8Array, at: number, len: number): string {
  if (len < 8 || bytes[at] !== 1) return '';
  const subCount = bytes[at + 1];
  if (len < 8 + subCount * 4) return '';
  let authority = 0;
  for (let i = 2; i < 8; i++) authority = authority * 256 + bytes[at + i];
  const subs: number[] = [];
  for (let i = 0; i < subCount; i++) {
    const o = at + 8 + i * 4;
    subs.push((bytes[o] | (bytes[o + 1] << 8) | (bytes[o + 2] << 16) | (bytes[o + 3] << 24)) >>> 0);
  }
  const sid = `S-1-${authority}${subs.map((s) => '-' + s).join('')}`;
  return WELL_KNOWN_SIDS[sid] ?? sid;
}

const WELL_KNOWN_SIDS: Readonly<Record<string, string>> = {
  'S-1-5-18': 'NT AUTHORITY\\SYSTEM',
  'S-1-5-19': 'NT AUTHORITY\\LOCAL SERVICE',
  'S-1-5-20': 'NT AUTHORITY\\NETWORK SERVICE',
  'S-1-5-32-544': 'BUILTIN\\Administrators',
  'S-1-5-32-545': 'BUILTIN\\Users',
};
