/**
 * File-system events (class 3): operation name with sub-operation, Path, and the Detail text Procmon
 * shows for them. Layout (procmon.md §3.9): u8 sub-operation + 3 pad, an IRP-parameter block of
 * 5 pointers + 0x14 bytes, u16 path info + 2 pad, the path, then per-operation trailing fields; results
 * (open result, returned lengths, directory entries, queried information) sit in the extra detail.
 */
import { DetailKey, DetailKind, type EventContext } from './pml-event-context';
import {
  DISPOSITION_NAMES,
  FILE_INFORMATION_CLASSES,
  OPEN_RESULT_NAMES,
  PRIORITY_NAMES,
  SYNC_TYPES,
  attributesText,
  createOptionsText,
  fileAccessText,
  ioFlagsText,
  notifyFlagsText,
  legacyPageProtectionText,
  pageProtectionText,
  securityInformationText,
  shareModeText,
  sidText,
} from './pml-flags';
import { count, filetimeText, groupDigits, hex, i64Text, u64Text } from './pml-format';
import { ioctlText } from './pml-ioctl';
import { FS_OPS, FS_SUBOPS, FsOp } from './pml-names';
import type { PmlProcess } from './pml-tables';
import { fsInfoDetail } from './pml-detail-fs-info';

export interface FsOptions {
  /**
   * Render like Procmon before 3.50 (seen: 3.4 in the 2020 Win7 sample): QueryDirectory and
   * CreateFileMapping details changed shape after it.
   */
  legacy: boolean;
}

/**
 * Procmon changed how it renders some details between 3.4x and 3.50 (QueryDirectory item order,
 * CreateFileMapping page protection). The version of the Procmon that captured is in the process
 * table when its own process was running; without it the current behaviour is assumed.
 */
export function fsOptionsFor(processes: ReadonlyMap<number, PmlProcess>): FsOptions {
  for (const p of processes.values()) {
    if (!/^procmon(64a?)?\.exe$/i.test(p.name)) continue;
    const m = /^(\d+)\.(\d+)/.exec(p.version);
    if (!m) continue;
    const major = Number(m[1]);
    const minor = Number(m[2].padEnd(2, '0'));
    return { legacy: major < 3 || (major === 3 && minor < 50) };
  }
  return { legacy: false };
}

const UNKNOWN_FS = '<Unknown>';

/** Decodes operation and path; returns the Detail text ('' when `withDetail` is false). */
export function decodeFileSystem(c: EventContext, withDetail: boolean, opts: FsOptions): string {
  const d = c.detailStart;
  const ptr = c.pointerSize;
  const paramsSize = ptr * 5 + 0x14;
  const pathInfoAt = d + 4 + paramsSize;
  if (pathInfoAt + 4 > c.detailEnd) {
    c.operation = FS_OPS[c.op] ?? UNKNOWN_FS;
    c.setPath('');
    return '';
  }
  const sub = c.bytes[d];
  c.subOp = sub;
  const subs = FS_SUBOPS[c.op];
  if (subs !== undefined && sub !== 0) c.operation = subs[sub] ?? '<Unknown>';
  else c.operation = FS_OPS[c.op] ?? UNKNOWN_FS;
  c.readPath(c.u16At(pathInfoAt), pathInfoAt + 4, c.detailEnd);
  if (!withDetail) {
    // QueryDirectory's filter is part of the Path even when the detail is not wanted.
    if (c.op === FsOp.DirectoryControl && sub === 1) appendFilter(c, c.next);
    return '';
  }
  return fsDetail(c, c.next, opts);
}

function fsDetail(c: EventContext, after: number, opts: FsOptions): string {
  const p = c.fsParams;
  const pad = c.pointerSize === 8 ? 4 : 0;
  switch (c.op) {
    case FsOp.CreateFile:
      return createFileDetail(c, after, p, pad);
    case FsOp.ReadFile:
    case FsOp.WriteFile:
    case FsOp.ReadFile2:
    case FsOp.WriteFile2:
      return readWriteDetail(c, p, pad);
    case FsOp.CreateFileMapping:
      return fileMappingDetail(c, p, opts.legacy);
    case FsOp.FileSystemControl:
    case FsOp.DeviceIoControl:
    case FsOp.InternalDeviceIoControl:
      return ioctlDetail(c, p, pad);
    case FsOp.QuerySecurityFile:
    case FsOp.SetSecurityFile: {
      if (!c.inDetail(p + 0xc, 4)) return '';
      const info = c.u32(p + 0xc);
      return (
        c.cached(DetailKind.Security, info, 0, 0) ??
        c.remember(DetailKind.Security, info, 0, 0, `Information: ${securityInformationText(info)}`)
      );
    }
    case FsOp.LockUnlockFile:
      return lockDetail(c, after, p);
    case FsOp.DirectoryControl:
      if (c.subOp === 1) return directoryDetail(c, after, p, pad, opts.legacy);
      if (c.subOp === 2) {
        if (!c.inDetail(p + 0x10 + pad, 4)) return '';
        const flags = c.u32(p + 0x10 + pad);
        return (
          c.cached(DetailKind.Notify, flags, 0, 0) ??
          c.remember(DetailKind.Notify, flags, 0, 0, `Filter: ${notifyFlagsText(flags)}`)
        );
      }
      return '';
    case FsOp.SetInformationFile:
      return setInfoDetail(c, after);
    case FsOp.QueryInformationFile:
    case FsOp.QueryVolumeInformation:
    case FsOp.QueryOpen:
      return fsInfoDetail(c);
    default:
      return '';
  }
}

function createFileDetail(c: EventContext, after: number, p: number, pad: number): string {
  if (!c.inDetail(after, 8) || !c.inDetail(p + 0x18 + 2 * pad + 4 + 2 * c.pointerSize, 4)) return '';
  const access = c.u32(after);
  const sidLength = c.u8(after + 4);
  const dispOptions = c.u32(p + 0x10 + pad);
  const disposition = dispOptions >>> 24;
  const attributes = c.u16At(p + 0x14 + 2 * pad);
  const share = c.u16At(p + 0x16 + 2 * pad);
  const allocation = c.u32(p + 0x18 + 2 * pad + 4 + 2 * c.pointerSize);
  const openResult = c.inExtra(c.extraStart, 4) ? c.u32(c.extraStart) : -1;
  // Allocation only matters when the call may create the file.
  const creates = disposition === 0 || disposition === 2 || disposition === 3 || disposition === 5;
  const cacheable = sidLength === 0 && (!creates || allocation === 0) && share < 8 && openResult < 7;
  const sig = attributes | (share << 16) | ((openResult + 1) << 19);
  if (cacheable) {
    const hit = c.cached(DetailKind.CreateFile, access, dispOptions, sig);
    if (hit !== null) return hit;
  }
  let s =
    `Desired Access: ${fileAccessText(access)}, Disposition: ${DISPOSITION_NAMES[disposition] ?? '<unknown>'}, ` +
    `Options: ${createOptionsText(dispOptions & 0xffffff)}, Attributes: ${attributesText(attributes)}, ` +
    `ShareMode: ${shareModeText(share)}, AllocationSize: ${creates ? count(allocation) : 'n/a'}`;
  if (sidLength > 0 && c.inDetail(after + 8, sidLength)) {
    const sid = sidText(c.bytes, after + 8, sidLength);
    if (sid) s += `, Impersonating: ${sid}`;
  }
  if (openResult >= 0) s += `, OpenResult: ${OPEN_RESULT_NAMES[openResult] ?? '<unknown>'}`;
  return cacheable ? c.remember(DetailKind.CreateFile, access, dispOptions, sig, s) : s;
}

function readWriteDetail(c: EventContext, p: number, pad: number): string {
  if (!c.inDetail(p + 0x14 + 2 * pad, 8)) return '';
  const flags = c.u32(p + 4);
  const ioFlags = flags & 0xe000ff;
  const priority = (flags >>> 17) & 7;
  let length = c.u32(p + 0xc);
  const offAt = p + 0x14 + 2 * pad;
  if (c.inExtra(c.extraStart, 4)) length = c.u32(c.extraStart);
  c.keyReset();
  c.keyU32(ioFlags | (priority << 24));
  c.keyU32(length);
  c.keyRange(offAt, 8);
  const hit = c.cachedKey(DetailKey.ReadWrite);
  if (hit !== null) return hit;
  let s = `Offset: ${groupDigits(i64Text(c.u32(offAt + 4), c.u32(offAt)))}, Length: ${count(length)}`;
  if (ioFlags !== 0) {
    const f = ioFlagsText(ioFlags);
    if (f) s += `, I/O Flags: ${f}`;
  }
  if (priority !== 0) s += `, Priority: ${PRIORITY_NAMES[priority] ?? hex(priority)}`;
  return c.rememberKey(DetailKey.ReadWrite, s);
}

/**
 * FLT_PARAMETERS.AcquireForSectionSynchronization: SyncType at p+0xC, PageProtection at p+0x10.
 * Procmon 3.50+ takes the protection from the next 32 bits instead (on 64-bit captures the low half
 * of the OutputInformation pointer, 0 on Windows 7) and prints what those bits decode to; this
 * reproduces its output, not the true protection.
 */
function fileMappingDetail(c: EventContext, p: number, legacy: boolean): string {
  if (!c.inDetail(p + 0xc, 12)) return '';
  const syncType = c.u32(p + 0xc);
  const protection = legacy ? c.u32(p + 0x10) : c.u32(p + 0x14) & 0x3ff;
  const hit = c.cached(DetailKind.FileMapping, syncType, protection, legacy ? 1 : 0);
  if (hit !== null) return hit;
  const sync = SYNC_TYPES[syncType] ?? `Unknown: ${hex(syncType)}`;
  let s: string;
  if (syncType !== 1) s = `SyncType: ${sync}`;
  else if (legacy) {
    const text = legacyPageProtectionText(protection);
    s = text ? `SyncType: ${sync}, PageProtection: ${text}` : `SyncType: ${sync}`;
  } else s = `SyncType: ${sync}, PageProtection: ${pageProtectionText(protection)}`;
  return c.remember(DetailKind.FileMapping, syncType, protection, legacy ? 1 : 0, s);
}

function ioctlDetail(c: EventContext, p: number, pad: number): string {
  const codeAt = p + 0x14 + 2 * pad;
  if (!c.inDetail(codeAt, 4)) return '';
  const writeLength = c.u32(p + 8);
  const readLength = c.u32(p + 0xc);
  const code = c.u32(codeAt);
  const plain =
    c.op !== FsOp.FileSystemControl ||
    (code !== 0x119ff8 && code !== 0x116000 && code !== 0x11c017 && code !== 0x11dfff);
  if (plain) {
    const hit = c.cached(DetailKind.Control, code, c.op, 0);
    return hit !== null ? hit : c.remember(DetailKind.Control, code, c.op, 0, `Control: ${ioctlText(code)}`);
  }
  let s = `Control: ${ioctlText(code)}`;
  if (c.op === FsOp.FileSystemControl) {
    if (code === 0x119ff8) s += `, Length: ${count(writeLength)}`;
    else if (code === 0x116000) s += `, Length: ${count(readLength)}`;
    else if (code === 0x11c017 || code === 0x11dfff)
      s += `, WriteLength: ${count(writeLength)}, ReadLength: ${count(readLength)}`;
  }
  return s;
}

function lockDetail(c: EventContext, after: number, p: number): string {
  // FLT_PARAMETERS.LockControl at p+12: PLARGE_INTEGER Length, ULONG Key, LARGE_INTEGER ByteOffset,
  // PEPROCESS ProcessId, BOOLEAN FailImmediately, BOOLEAN ExclusiveLock (natural alignment).
  const ptr = c.pointerSize;
  const offsetAt = p + 12 + 2 * ptr;
  const flagsAt = p + 12 + 3 * ptr + 8;
  if (!c.inDetail(flagsAt, 2) || !c.inDetail(offsetAt, 8) || !c.inDetail(after, 8)) return '';
  const failImmediately = c.u8(flagsAt) !== 0;
  const exclusive = c.u8(flagsAt + 1) !== 0;
  const offset = groupDigits(i64Text(c.u32(offsetAt + 4), c.u32(offsetAt)));
  // Procmon prints the low 32 bits of the length (a whole-file lock of -1 shows as 4,294,967,295).
  const length = count(c.u32(after));
  if (c.subOp === 1) {
    return `Exclusive: ${exclusive ? 'True' : 'False'}, Offset: ${offset}, Length: ${length}, Fail Immediately: ${failImmediately ? 'True' : 'False'}`;
  }
  if (c.subOp === 2) return `Offset: ${offset}, Length: ${length}`;
  return '';
}

/** QueryDirectory's filter (a u16-info string after the path) extends the Path. Returns it. */
function appendFilter(c: EventContext, at: number): string {
  if (!c.inDetail(at, 2)) return '';
  const filter = c.infoString(c.u16At(at), at + 2, c.detailEnd);
  if (filter) c.setPath(c.path === '' || c.path.endsWith('\\') ? c.path + filter : c.path + '\\' + filter);
  return filter;
}

/** Byte offsets of FileNameLength and FileName inside one entry, by FILE_INFORMATION_CLASS. */
const DIRECTORY_ENTRY_LAYOUT: Readonly<Record<number, readonly [number, number]>> = {
  1: [0x3c, 0x40],
  2: [0x3c, 0x44],
  3: [0x3c, 0x5e],
  12: [0x08, 0x0c],
  37: [0x3c, 0x68],
  38: [0x3c, 0x50],
  50: [0x3c, 0x5c],
  60: [0x3c, 0x58],
  63: [0x3c, 0x72],
};

/**
 * Procmon numbers returned names by their position in the detail list. Older versions (seen in
 * 2020 captures) then overwrite the third item with FileInformationClass (dropping the name that was
 * there); newer ones list FileInformationClass first.
 */
function directoryDetail(c: EventContext, after: number, p: number, pad: number, legacy: boolean): string {
  const filter = appendFilter(c, after);
  const classAt = p + 0x14 + 2 * pad;
  if (!c.inDetail(classAt, 4)) return '';
  const infoClass = c.u32(classAt);
  // The text is made of the class, the filter and the returned entries (the extra detail).
  c.keyReset();
  c.keyU32(infoClass);
  c.keyU32((legacy ? 1 : 0) | (c.extraStart >= 0 ? 2 : 0));
  c.keyText(filter);
  if (c.extraStart >= 0) c.keyRange(c.extraStart, c.extraSize);
  const hit = c.cachedKey(DetailKey.Directory);
  if (hit !== null) return hit;
  return c.rememberKey(DetailKey.Directory, directoryText(c, filter, infoClass, legacy));
}

function directoryText(c: EventContext, filter: string, infoClass: number, legacy: boolean): string {
  const classItem = `FileInformationClass: ${FILE_INFORMATION_CLASSES[infoClass] ?? String(infoClass)}`;
  const items: string[] = [];
  if (!legacy) items.push(classItem);
  if (filter) items.push(`Filter: ${filter}`);
  const entry = DIRECTORY_ENTRY_LAYOUT[infoClass];
  if (entry !== undefined && c.extraStart >= 0) {
    const end = c.extraStart + c.extraSize;
    let at = c.extraStart;
    for (;;) {
      if (at + entry[1] > end) break;
      const next = c.u32(at);
      const nameLength = c.u32(at + entry[0]);
      items.push(`${items.length}: ${c.utf16Bytes(at + entry[1], nameLength, end)}`);
      if (next === 0) break;
      at += next;
    }
  }
  if (legacy && items.length >= 2) items[2] = classItem;
  return items.join(', ');
}

function setInfoDetail(c: EventContext, after: number): string {
  switch (c.subOp) {
    case 0x04: {
      // SetBasicInformationFile: FILE_BASIC_INFORMATION after the path
      if (!c.inDetail(after, 36)) return '';
      c.keyReset();
      c.keyRange(after, 36);
      const hit = c.cachedKey(DetailKey.SetBasic);
      if (hit !== null) return hit;
      return c.rememberKey(
        DetailKey.SetBasic,
        `CreationTime: ${filetimeText(c.u32(after + 4), c.u32(after))}, LastAccessTime: ${filetimeText(c.u32(after + 12), c.u32(after + 8))}, ` +
          `LastWriteTime: ${filetimeText(c.u32(after + 20), c.u32(after + 16))}, ChangeTime: ${filetimeText(c.u32(after + 28), c.u32(after + 24))}, ` +
          `FileAttributes: ${attributesText(c.u32(after + 32))}`,
      );
    }
    case 0x0a: // SetRenameInformationFile
    case 0x0b: // SetLinkInformationFile
    case 0x41: // SetRenameInformationEx
    case 0x42:
      return renameDetail(c, after);
    case 0x0d: // SetDispositionInformationFile
      return c.inDetail(after, 1) ? `Delete: ${c.u8(after) !== 0 ? 'True' : 'False'}` : '';
    case 0x40: // SetDispositionInformationEx: flags, bit 0 = delete
      return c.inDetail(after, 4) ? `Delete: ${(c.u32(after) & 1) !== 0 ? 'True' : 'False'}` : '';
    case 0x13: // SetAllocationInformationFile
      return c.inDetail(after, 8)
        ? `AllocationSize: ${groupDigits(i64Text(c.u32(after + 4), c.u32(after)))}`
        : '';
    case 0x14: // SetEndOfFileInformationFile
      return c.inDetail(after, 8) ? `EndOfFile: ${groupDigits(i64Text(c.u32(after + 4), c.u32(after)))}` : '';
    case 0x0e: // SetPositionInformationFile
      return c.inDetail(after, 8)
        ? `CurrentByteOffset: ${groupDigits(u64Text(c.u32(after + 4), c.u32(after)))}`
        : '';
    case 0x27: // SetValidDataLengthInformationFile
      return c.inDetail(after, 8)
        ? `ValidDataLength: ${groupDigits(i64Text(c.u32(after + 4), c.u32(after)))}`
        : '';
    default:
      return '';
  }
}

/** FILE_RENAME_INFORMATION / FILE_LINK_INFORMATION after the path; a bare name is relative to the path's folder. */
function renameDetail(c: EventContext, after: number): string {
  const ptr = c.pointerSize;
  const lengthAt = after + ptr * 2;
  if (!c.inDetail(lengthAt, 4)) return '';
  const replace = c.u8(after) !== 0;
  let name = c.utf16Bytes(lengthAt + 4, c.u32(lengthAt), c.detailEnd);
  if (name !== '' && name[0] !== '\\') {
    const slash = c.path.lastIndexOf('\\');
    if (slash >= 0) name = c.path.slice(0, slash + 1) + name;
  }
  return `ReplaceIfExists: ${replace ? 'True' : 'False'}, FileName: ${name}`;
}
