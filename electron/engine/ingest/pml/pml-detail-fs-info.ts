/**
 * Detail of the file-system queries whose answer Procmon keeps in the extra detail: the
 * FILE_*_INFORMATION / FILE_FS_*_INFORMATION structure returned to the caller (QueryOpen,
 * QueryInformationFile and QueryVolumeInformation sub-operations). Field order and names follow
 * Procmon's Detail column; the structures are the documented Windows ones.
 */
import { DetailKind, type EventContext } from './pml-event-context';
import { attributesText, fileAccessText, createOptionsText } from './pml-flags';
import { count, filetimeText, groupDigits, hex64, i64Text, u64Text } from './pml-format';
import { FsOp } from './pml-names';

function time(c: EventContext, at: number): string {
  const lo = c.u32(at);
  const hi = c.u32(at + 4);
  return hi === 0 && lo === 0 ? 'n/a' : filetimeText(hi, lo);
}

function int64(c: EventContext, at: number): string {
  return groupDigits(i64Text(c.u32(at + 4), c.u32(at)));
}

function uint64(c: EventContext, at: number): string {
  return groupDigits(u64Text(c.u32(at + 4), c.u32(at)));
}

function bool(v: number): string {
  return v !== 0 ? 'True' : 'False';
}

function basicTimes(c: EventContext, x: number): string {
  return `CreationTime: ${time(c, x)}, LastAccessTime: ${time(c, x + 8)}, LastWriteTime: ${time(c, x + 16)}, ChangeTime: ${time(c, x + 24)}`;
}

const ALIGNMENTS: Readonly<Record<number, string>> = {
  0x0: 'Byte',
  0x1: 'Word',
  0x3: 'Long',
  0x7: 'Quad',
  0xf: 'Octa',
  0x1f: '32-byte',
  0x3f: '64-byte',
  0x7f: '128-byte',
  0xff: '256-byte',
  0x1ff: '512-byte',
};

const DEVICE_TYPES: readonly string[] = [
  '',
  'Beep',
  'CD-ROM',
  'CD-ROM File System',
  'Controller',
  'Datalink',
  'DFS',
  'Disk',
  'Disk File System',
  'File System',
  'Inport Port',
  'Keyboard',
  'Mailslot',
  'MIDI In',
  'MIDI Out',
  'Mouse',
  'Multi UNC Provider',
  'Named Pipe',
  'Network',
  'Network Browser',
  'Network File System',
  'NULL',
  'Parallel Port',
  'Physical Netcard',
  'Printer',
  'Scanner',
  'Serial Mouse Port',
  'Serial Port',
  'Screen',
  'Sound',
  'Streams',
  'Tape',
  'Tape File System',
  'Transport',
  'Unknown',
  'Video',
  'Virtual Disk',
  'Wave In',
  'Wave Out',
  '8042 Port',
  'Network Redirector',
  'Battery',
  'Bus Extender',
  'Filter',
  'Human Interface Device',
  'ACPI',
];

const DEVICE_CHARACTERISTICS: readonly (readonly [number, string])[] = [
  [0x1, 'Removable'],
  [0x2, 'Read-Only'],
  [0x4, 'Floppy'],
  [0x8, 'Write-Once'],
  [0x10, 'Remote'],
  [0x20, 'Mounted'],
  [0x40, 'Virtual'],
  [0x80, 'Secure Open'],
];

const FS_ATTRIBUTES: readonly (readonly [number, string])[] = [
  [0x2, 'Case Preserved'],
  [0x1, 'Case Sensitive'],
  [0x4, 'Unicode'],
  [0x8, 'ACLs'],
  [0x10, 'Compression'],
  [0x40000, 'Named Streams'],
  [0x20000, 'EFS'],
  [0x10000, 'Object IDs'],
  [0x80, 'Reparse Points'],
  [0x40, 'Sparse Files'],
  [0x20, 'Quotas'],
  [0x200000, 'Transactions'],
];

function fsAttributesText(v: number): string {
  const parts: string[] = [];
  let rest = v >>> 0;
  for (const [bit, name] of FS_ATTRIBUTES) {
    if (v & bit) {
      parts.push(name);
      rest = (rest & ~bit) >>> 0;
    }
  }
  if (rest !== 0) parts.push(`0x${rest.toString(16)}`);
  return parts.length > 0 ? parts.join(', ') : 'n/a';
}

/** Detail of QueryOpen and of QueryInformationFile / QueryVolumeInformation sub-operations. */
export function fsInfoDetail(c: EventContext): string {
  const x = c.extraStart;
  if (x < 0) return '';
  // The text is a function of the returned structure alone: cache it by those bytes.
  const tag =
    c.op === FsOp.QueryOpen
      ? 255
      : c.op === FsOp.QueryVolumeInformation
        ? 128 + (c.subOp & 127)
        : c.subOp & 127;
  const size = keySize(c, x);
  const hit = c.cachedBytes(tag, x, size);
  if (hit !== null) return hit;
  return c.rememberBytes(tag, x, size, infoText(c, x));
}

/**
 * Bytes of the returned structure its text depends on. A name query's extra detail is the caller's
 * whole buffer (8,132 bytes seen) while the text needs only FileNameLength and the name: keyed by
 * all of it, each lookup hashed 8 KB and the keys filled the cache's arena, which then started over.
 */
function keySize(c: EventContext, x: number): number {
  const size = c.extraSize;
  if (c.op !== FsOp.QueryInformationFile || (c.subOp !== 0x09 && c.subOp !== 0x30) || size < 4) return size;
  return Math.min(size, 4 + c.u32(x));
}

function infoText(c: EventContext, x: number): string {
  const has = (size: number): boolean => c.inExtra(x, size);
  if (c.op === FsOp.QueryOpen) {
    // FILE_NETWORK_OPEN_INFORMATION
    if (!has(52)) return '';
    return `${basicTimes(c, x)}, AllocationSize: ${int64(c, x + 32)}, EndOfFile: ${int64(c, x + 40)}, FileAttributes: ${attributesText(c.u32(x + 48))}`;
  }
  if (c.op === FsOp.QueryVolumeInformation) return volumeDetail(c, x, has);
  const end = x + c.extraSize;
  switch (c.subOp) {
    case 0x04: // FILE_BASIC_INFORMATION
      return has(36) ? `${basicTimes(c, x)}, FileAttributes: ${attributesText(c.u32(x + 32))}` : '';
    case 0x05: // FILE_STANDARD_INFORMATION
      return has(18)
        ? `AllocationSize: ${int64(c, x)}, EndOfFile: ${int64(c, x + 8)}, NumberOfLinks: ${count(c.u32(x + 16))}, DeletePending: ${bool(c.u8(x + 20))}, Directory: ${bool(c.u8(x + 21))}`
        : '';
    case 0x06: // FILE_INTERNAL_INFORMATION
      return has(8) ? `IndexNumber: ${hex64(c.u32(x + 4), c.u32(x))}` : '';
    case 0x07: // FILE_EA_INFORMATION
      return has(4) ? `EaSize: ${count(c.u32(x))}` : '';
    case 0x09: // FILE_NAME_INFORMATION
    case 0x30: // normalized name, same structure
      return has(4) ? `Name: ${c.utf16Bytes(x + 4, c.u32(x), end)}` : '';
    case 0x0e: // FILE_POSITION_INFORMATION
      return has(8) ? `CurrentByteOffset: ${int64(c, x)}` : '';
    case 0x12: // FILE_ALL_INFORMATION
      if (!has(96)) return '';
      return (
        `${basicTimes(c, x)}, FileAttributes: ${attributesText(c.u32(x + 32))}, AllocationSize: ${int64(c, x + 40)}, ` +
        `EndOfFile: ${int64(c, x + 48)}, NumberOfLinks: ${count(c.u32(x + 56))}, DeletePending: ${bool(c.u8(x + 60))}, ` +
        `Directory: ${bool(c.u8(x + 61))}, IndexNumber: ${hex64(c.u32(x + 68), c.u32(x + 64))}, EaSize: ${count(c.u32(x + 72))}, ` +
        `Access: ${fileAccessText(c.u32(x + 76))}, Position: ${int64(c, x + 80)}, Mode: ${createOptionsText(c.u32(x + 88))}, ` +
        `AlignmentRequirement: ${ALIGNMENTS[c.u32(x + 92)] ?? `0x${c.u32(x + 92).toString(16)}`}`
      );
    case 0x22: // FILE_NETWORK_OPEN_INFORMATION
      if (!has(52)) return '';
      return `${basicTimes(c, x)}, AllocationSize: ${int64(c, x + 32)}, EndOfFile: ${int64(c, x + 40)}, FileAttributes: ${attributesText(c.u32(x + 48))}`;
    case 0x23: {
      // FILE_ATTRIBUTE_TAG_INFORMATION
      if (!has(8)) return '';
      const attributes = c.u32(x);
      const tag = c.u32(x + 4);
      return (
        c.cached(DetailKind.AttributeTag, attributes, tag, 0) ??
        c.remember(
          DetailKind.AttributeTag,
          attributes,
          tag,
          0,
          `Attributes: ${attributesText(attributes)}, ReparseTag: 0x${tag.toString(16)}`,
        )
      );
    }
    default:
      return '';
  }
}

function volumeDetail(c: EventContext, x: number, has: (n: number) => boolean): string {
  const end = x + c.extraSize;
  switch (c.subOp) {
    case 1: {
      // FILE_FS_VOLUME_INFORMATION
      if (!has(18)) return '';
      const serial = c.u32(x + 8);
      const hex4 = (v: number): string => v.toString(16).toUpperCase().padStart(4, '0');
      const label = c.utf16Bytes(x + 18, c.u32(x + 12), end);
      return `VolumeCreationTime: ${filetimeText(c.u32(x + 4), c.u32(x))}, VolumeSerialNumber: ${hex4(serial >>> 16)}-${hex4(serial & 0xffff)}, SupportsObjects: ${bool(c.u8(x + 16))}, VolumeLabel: ${label}`;
    }
    case 3: // FILE_FS_SIZE_INFORMATION
      if (!has(24)) return '';
      return `TotalAllocationUnits: ${int64(c, x)}, AvailableAllocationUnits: ${int64(c, x + 8)}, SectorsPerAllocationUnit: ${count(c.u32(x + 16))}, BytesPerSector: ${count(c.u32(x + 20))}`;
    case 4: {
      // FILE_FS_DEVICE_INFORMATION
      if (!has(8)) return '';
      const type = c.u32(x);
      const chars = c.u32(x + 4);
      const names = DEVICE_CHARACTERISTICS.filter(([bit]) => chars & bit).map(([, n]) => n);
      let s = `DeviceType: ${DEVICE_TYPES[type] || `0x${type.toString(16)}`}`;
      if (names.length > 0) s += `, Characteristics: ${names.join(', ')}`;
      return s;
    }
    case 5: // FILE_FS_ATTRIBUTE_INFORMATION
      if (!has(12)) return '';
      return `FileSystemAttributes: ${fsAttributesText(c.u32(x))}, MaximumComponentNameLength: ${c.i32(x + 4)}, FileSystemName: ${c.utf16Bytes(x + 12, c.u32(x + 8), end)}`;
    case 7: // FILE_FS_FULL_SIZE_INFORMATION
      if (!has(32)) return '';
      return (
        `TotalAllocationUnits: ${uint64(c, x)}, CallerAvailableAllocationUnits: ${uint64(c, x + 8)}, ` +
        `ActualAvailableAllocationUnits: ${uint64(c, x + 16)}, SectorsPerAllocationUnit: ${count(c.u32(x + 24))}, BytesPerSector: ${count(c.u32(x + 28))}`
      );
    default:
      return '';
  }
}
