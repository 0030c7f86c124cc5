/**
 * Registry events (class 2): Path and Detail. The detail starts with the u16 info word of the key
 * path, then per-operation fields (procmon.md §3.9); returned values (KEY_*_INFORMATION,
 * KEY_VALUE_*_INFORMATION) come from the extra detail, written values from the detail itself.
 */
import { DetailKey, DetailKind, type EventContext } from './pml-event-context';
import {
  KEY_INFORMATION_CLASSES,
  KEY_SET_INFORMATION_CLASSES,
  REG_DISPOSITIONS,
  REG_TYPE_NAMES,
  keyAccessText,
  regTypeText,
} from './pml-flags';
import { count, filetimeText, u64Text } from './pml-format';
import { REGISTRY_OPS } from './pml-names';

const enum RegOp {
  OpenKey = 0,
  CreateKey = 1,
  QueryKey = 3,
  SetValue = 4,
  QueryValue = 5,
  EnumValue = 6,
  EnumKey = 7,
  SetInfoKey = 8,
  LoadKey = 12,
  RenameKey = 14,
}

const REG_SZ = 1;
const REG_EXPAND_SZ = 2;
const REG_BINARY = 3;
const REG_DWORD = 4;
const REG_DWORD_BIG_ENDIAN = 5;
const REG_MULTI_SZ = 7;
const REG_QWORD = 11;

/** Offset of the key path from the detail start, by operation (fields sit between info word and path). */
export function registryPathOffset(op: number): number {
  switch (op) {
    case RegOp.OpenKey:
    case RegOp.CreateKey:
      return 8;
    case RegOp.QueryKey:
    case RegOp.QueryValue:
      return 12;
    case RegOp.EnumValue:
    case RegOp.EnumKey:
    case RegOp.SetValue:
    case RegOp.SetInfoKey:
      return 16;
    case RegOp.LoadKey:
    case RegOp.RenameKey:
      return 4;
    default:
      return 2;
  }
}

export function decodeRegistry(c: EventContext, withDetail: boolean): string {
  const d = c.detailStart;
  c.operation = REGISTRY_OPS[c.op] ?? '<Unknown>';
  const pathAt = d + registryPathOffset(c.op);
  if (pathAt > c.detailEnd || d + 2 > c.detailEnd) {
    c.setPath('');
    return '';
  }
  c.readPath(c.u16At(d), pathAt, c.detailEnd);
  if (!withDetail) return '';
  const after = c.next;
  switch (c.op) {
    case RegOp.OpenKey:
    case RegOp.CreateKey:
      return openDetail(c, c.u32(d + 4));
    case RegOp.QueryKey:
      return keyDetail(c, c.u32(d + 4), -1, c.u32(d + 8));
    case RegOp.EnumKey:
      return keyDetail(c, c.u32(d + 4), c.u32(d + 8), c.u32(d + 12));
    case RegOp.QueryValue:
      return valueDetail(c, c.u32(d + 4), -1, c.u32(d + 8));
    case RegOp.EnumValue:
      return valueDetail(c, c.u32(d + 4), c.u32(d + 8), c.u32(d + 12));
    case RegOp.SetValue:
      return setValueDetail(c, after);
    case RegOp.SetInfoKey:
      return setInfoDetail(c, after);
    case RegOp.LoadKey:
    case RegOp.RenameKey: {
      const second = c.infoString(c.u16At(d + 2), after, c.detailEnd);
      return c.op === RegOp.LoadKey ? `Hive Path: ${second}` : `New Name: ${second}`;
    }
    default:
      return '';
  }
}

function openDetail(c: EventContext, access: number): string {
  if (access === 0) return '';
  const x = c.extraStart;
  const hasExtra = c.inExtra(x, 8);
  const granted = hasExtra ? c.u32(x) : 0;
  const disposition = hasExtra ? c.u32(x + 4) : 0;
  const cacheable = disposition < 0xffff;
  const sig = hasExtra ? disposition + 1 : 0;
  if (cacheable) {
    const hit = c.cached(DetailKind.RegOpen, access, granted, sig);
    if (hit !== null) return hit;
  }
  const desired = keyAccessText(access);
  let s = `Desired Access: ${desired}`;
  if (hasExtra) {
    if (desired === 'Maximum Allowed') s += `, Granted Access: ${keyAccessText(granted)}`;
    const name = REG_DISPOSITIONS[disposition];
    if (name) s += `, Disposition: ${name}`;
  }
  return cacheable ? c.remember(DetailKind.RegOpen, access, granted, sig, s) : s;
}

/** RegQueryKey (index < 0) and RegEnumKey: KEY_BASIC/NODE/FULL/NAME/CACHED/FLAGS/HANDLE_TAGS_INFORMATION. */
function keyDetail(c: EventContext, length: number, index: number, infoClass: number): string {
  const x = c.extraStart;
  // Details without returned data, and the one-number ones, repeat heavily.
  const shortForm = x < 0 || infoClass === 5 || infoClass === 7 || (infoClass === 3 && index < 0);
  const a = x < 0 ? length : infoClass === 3 || !c.inExtra(x, 4) ? 0 : c.u32(x);
  const sig = (infoClass & 0xffff) | (x < 0 ? 0x10000 : 0) | (c.inExtra(x, 4) ? 0x20000 : 0);
  if (shortForm && infoClass < 0x10000) {
    const hit = c.cached(DetailKind.RegQueryKey, a, index, sig);
    if (hit !== null) return hit;
  }
  const text = keyDetailText(c, length, index, infoClass);
  return shortForm && infoClass < 0x10000 ? c.remember(DetailKind.RegQueryKey, a, index, sig, text) : text;
}

function keyDetailText(c: EventContext, length: number, index: number, infoClass: number): string {
  const parts: string[] = [];
  if (index >= 0) parts.push(`Index: ${count(index)}`);
  else parts.push(`Query: ${KEY_INFORMATION_CLASSES[infoClass] ?? String(infoClass)}`);
  const x = c.extraStart;
  if (x < 0) {
    parts.push(`Length: ${count(length)}`);
    return parts.join(', ');
  }
  const end = x + c.extraSize;
  const name = (lengthAt: number): void => {
    if (c.inExtra(lengthAt, 4)) parts.push(`Name: ${c.utf16Bytes(lengthAt + 4, c.u32(lengthAt), end)}`);
  };
  switch (infoClass) {
    case 0: // Basic: LastWriteTime, TitleIndex, NameLength, Name
      name(x + 12);
      break;
    case 1: // Node: LastWriteTime, TitleIndex, ClassOffset, ClassLength, NameLength, Name
      name(x + 20);
      break;
    case 2: // Full: ..., SubKeys at 20, Values at 32
      if (c.inExtra(x, 36)) parts.push(`SubKeys: ${count(c.u32(x + 20))}`, `Values: ${count(c.u32(x + 32))}`);
      break;
    case 3: // Name: the name is the key path itself, Procmon shows it only for enumerations
      if (index >= 0) name(x);
      break;
    case 4: // Cached: LastWriteTime, TitleIndex, SubKeys, MaxNameLen, Values, ...
      if (c.inExtra(x, 24)) parts.push(`SubKeys: ${count(c.u32(x + 12))}`, `Values: ${count(c.u32(x + 20))}`);
      break;
    case 5:
      if (c.inExtra(x, 4)) parts.push(`UserFlags: 0x${c.u32(x).toString(16)}`);
      break;
    case 7:
      if (c.inExtra(x, 4)) parts.push(`HandleTags: 0x${c.u32(x).toString(16)}`);
      break;
  }
  return parts.join(', ');
}

/** RegQueryValue (index < 0) and RegEnumValue: KEY_VALUE_BASIC/FULL/PARTIAL_INFORMATION. */
function valueDetail(c: EventContext, length: number, index: number, infoClass: number): string {
  const x = c.extraStart;
  if (x < 0) {
    const hit = c.cached(DetailKind.RegLength, length, index, 0);
    if (hit !== null) return hit;
    const text = index >= 0 ? `Index: ${count(index)}, Length: ${count(length)}` : `Length: ${count(length)}`;
    return c.remember(DetailKind.RegLength, length, index, 0, text);
  }
  // The text is made of the index, the information class and the returned structure.
  c.keyReset();
  c.keyU32(index);
  c.keyU32(infoClass);
  c.keyRange(x, c.extraSize);
  const hit = c.cachedKey(DetailKey.RegValue);
  if (hit !== null) return hit;
  return c.rememberKey(DetailKey.RegValue, valueText(c, x, index, infoClass));
}

function valueText(c: EventContext, x: number, index: number, infoClass: number): string {
  const parts: string[] = [];
  if (index >= 0) parts.push(`Index: ${count(index)}`);
  const end = x + c.extraSize;
  if (!c.inExtra(x, 12)) return parts.join(', ');
  const type = c.u32(x + 4);
  if (infoClass === 1 || infoClass === 3) {
    // Full: TitleIndex, Type, DataOffset, DataLength, NameLength, Name, data at DataOffset
    if (!c.inExtra(x, 20)) return parts.join(', ');
    const dataOffset = c.u32(x + 8);
    const dataLength = c.u32(x + 12);
    if (index >= 0) parts.push(`Name: ${c.utf16Bytes(x + 20, c.u32(x + 16), end)}`);
    parts.push(`Type: ${regTypeText(type)}`, `Length: ${count(dataLength)}`);
    if (dataLength > 0)
      parts.push(
        `Data: ${dataText(c, type, x + dataOffset, Math.min(dataLength, Math.max(0, end - x - dataOffset)))}`,
      );
  } else if (infoClass === 2 || infoClass === 4) {
    // Partial: TitleIndex, Type, DataLength, Data
    const dataLength = c.u32(x + 8);
    parts.push(`Type: ${regTypeText(type)}`, `Length: ${count(dataLength)}`);
    if (dataLength > 0)
      parts.push(`Data: ${dataText(c, type, x + 12, Math.min(dataLength, Math.max(0, end - x - 12)))}`);
  } else {
    // Basic: TitleIndex, Type, NameLength, Name
    if (index >= 0) parts.push(`Name: ${c.utf16Bytes(x + 12, c.u32(x + 8), end)}`);
    parts.push(`Type: ${regTypeText(type)}`);
  }
  return parts.join(', ');
}

function setValueDetail(c: EventContext, after: number): string {
  const d = c.detailStart;
  const type = c.u32(d + 4);
  const length = c.u32(d + 8);
  const captured = c.u16At(d + 12);
  let s = `Type: ${regTypeText(type)}, Length: ${count(length)}`;
  const n = Math.min(length, captured, Math.max(0, c.detailEnd - after));
  if (n > 0 && type < REG_TYPE_NAMES.length) s += `, Data: ${dataText(c, type, after, n)}`;
  return s;
}

function setInfoDetail(c: EventContext, after: number): string {
  const d = c.detailStart;
  const infoClass = c.u32(d + 4);
  const length = c.u16At(d + 12);
  if (length === 0) {
    const hit = c.cached(DetailKind.RegSetInfoKey, infoClass, 0, 0);
    if (hit !== null) return hit;
  }
  let s = `KeySetInformationClass: ${KEY_SET_INFORMATION_CLASSES[infoClass] ?? `<Unknown: ${infoClass}>`}, Length: ${count(length)}`;
  if (length > 0) {
    if (infoClass === 0 && c.inDetail(after, 8))
      s += `, LastWriteTime: ${filetimeText(c.u32(after + 4), c.u32(after))}`;
    else if (infoClass === 1 && c.inDetail(after, 4)) s += `, Wow64Flags: 0x${c.u32(after).toString(16)}`;
    else if (infoClass === 5 && c.inDetail(after, 4)) s += `, HandleTags: 0x${c.u32(after).toString(16)}`;
  }
  return length === 0 ? c.remember(DetailKind.RegSetInfoKey, infoClass, 0, 0, s) : s;
}

const HEX = '0123456789ABCDEF';

/**
 * A registry value as Procmon prints it: numbers in decimal, strings as text (line breaks as in the
 * CSV export: `\n` becomes `;`), REG_MULTI_SZ joined with ", ", binary as spaced upper-case hex.
 */
function dataText(c: EventContext, type: number, at: number, n: number): string {
  switch (type) {
    case REG_DWORD:
      return n >= 4 ? String(c.u32(at)) : '';
    case REG_DWORD_BIG_ENDIAN:
      return n >= 4 ? String(c.dv.getUint32(at, false)) : '';
    case REG_QWORD:
      return n >= 8 ? u64Text(c.u32(at + 4), c.u32(at)) : '';
    case REG_SZ:
    case REG_EXPAND_SZ:
      return c.utf16(at, n >> 1).replace(/\n/g, ';');
    case REG_MULTI_SZ:
      return c
        .multiSz(at, at + n)
        .map((s) => s.replace(/\n/g, ';'))
        .join(', ');
    case REG_BINARY:
    default: {
      let s = '';
      for (let i = 0; i < n; i++) {
        const b = c.bytes[at + i];
        s += (i === 0 ? '' : ' ') + HEX[b >> 4] + HEX[b & 15];
      }
      return s;
    }
  }
}
