/**
 * Substitution value types of EVTX binary XML (libyal "Windows XML Event Log (EVTX)", value
 * types; winlogs.md §2.2), rendered as text the way Event Viewer and evtxexport write them.
 */

export const ValueType = {
  Null: 0x00,
  String: 0x01,
  AnsiString: 0x02,
  Int8: 0x03,
  UInt8: 0x04,
  Int16: 0x05,
  UInt16: 0x06,
  Int32: 0x07,
  UInt32: 0x08,
  Int64: 0x09,
  UInt64: 0x0a,
  Real32: 0x0b,
  Real64: 0x0c,
  Bool: 0x0d,
  Binary: 0x0e,
  Guid: 0x0f,
  SizeT: 0x10,
  FileTime: 0x11,
  SysTime: 0x12,
  Sid: 0x13,
  HexInt32: 0x14,
  HexInt64: 0x15,
  EvtHandle: 0x20,
  BinXml: 0x21,
  EvtXml: 0x23,
  ArrayFlag: 0x80,
} as const;

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const HEX_UPPER = HEX.map((h) => h.toUpperCase());

const utf16 = new TextDecoder('utf-16le');
const ansi = new TextDecoder('windows-1252');

/** UTF-16LE text without trailing NULs. */
export function readUtf16(b: Uint8Array, start: number, byteLength: number): string {
  let end = start + (byteLength & ~1);
  while (end >= start + 2 && b[end - 1] === 0 && b[end - 2] === 0) end -= 2;
  if (end <= start) return '';
  // Short ASCII-only strings are common (names, numbers); decoding them by hand avoids the decoder call.
  if (end - start <= 64) {
    let s = '';
    for (let i = start; i < end; i += 2) {
      const c = b[i] | (b[i + 1] << 8);
      if (c >= 0xd800) return utf16.decode(b.subarray(start, end));
      s += String.fromCharCode(c);
    }
    return s;
  }
  return utf16.decode(b.subarray(start, end));
}

/** FILETIME (100 ns since 1601-01-01 UTC) as ISO 8601 with seven fraction digits and 'Z'. */
export function fileTimeIso(lo: number, hi: number): string {
  if (lo === 0 && hi === 0) return '';
  const ticks = BigInt(hi) * 4294967296n + BigInt(lo);
  const unixTicks = ticks - 116444736000000000n;
  const ms = Number(unixTicks / 10000n);
  const frac = Number(((unixTicks % 10000000n) + 10000000n) % 10000000n);
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString(); // yyyy-mm-ddThh:mm:ss.sssZ
  return `${iso.slice(0, 19)}.${String(frac).padStart(7, '0')}Z`;
}

export function guidString(b: Uint8Array, p: number): string {
  const h = HEX_UPPER;
  return (
    `{${h[b[p + 3]]}${h[b[p + 2]]}${h[b[p + 1]]}${h[b[p]]}-${h[b[p + 5]]}${h[b[p + 4]]}-${h[b[p + 7]]}${h[b[p + 6]]}-` +
    `${h[b[p + 8]]}${h[b[p + 9]]}-${h[b[p + 10]]}${h[b[p + 11]]}${h[b[p + 12]]}${h[b[p + 13]]}${h[b[p + 14]]}${h[b[p + 15]]}}`
  );
}

function sidString(b: Uint8Array, p: number, size: number): string {
  if (size < 8) return '';
  const rev = b[p];
  const count = b[p + 1];
  let auth = 0;
  for (let i = 0; i < 6; i++) auth = auth * 256 + b[p + 2 + i];
  let s = `S-${rev}-${auth}`;
  for (let i = 0; i < count && p + 8 + i * 4 + 4 <= p + size; i++) {
    const o = p + 8 + i * 4;
    s += `-${(b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0}`;
  }
  return s;
}

function systemTime(dv: DataView, p: number): string {
  const y = dv.getUint16(p, true);
  const mo = dv.getUint16(p + 2, true);
  const d = dv.getUint16(p + 6, true);
  const h = dv.getUint16(p + 8, true);
  const mi = dv.getUint16(p + 10, true);
  const s = dv.getUint16(p + 12, true);
  const ms = dv.getUint16(p + 14, true);
  const z = (v: number, n = 2): string => String(v).padStart(n, '0');
  return `${z(y, 4)}-${z(mo)}-${z(d)}T${z(h)}:${z(mi)}:${z(s)}.${z(ms, 3)}Z`;
}

function elementSize(type: number): number {
  switch (type) {
    case ValueType.Int8:
    case ValueType.UInt8:
      return 1;
    case ValueType.Int16:
    case ValueType.UInt16:
      return 2;
    case ValueType.Int32:
    case ValueType.UInt32:
    case ValueType.Real32:
    case ValueType.Bool:
    case ValueType.HexInt32:
      return 4;
    case ValueType.Int64:
    case ValueType.UInt64:
    case ValueType.Real64:
    case ValueType.FileTime:
    case ValueType.HexInt64:
      return 8;
    case ValueType.Guid:
    case ValueType.SysTime:
      return 16;
    default:
      return 0;
  }
}

/** One fixed-size or sized value as text. `size` is the descriptor's byte size. */
export function scalarText(b: Uint8Array, dv: DataView, type: number, p: number, size: number): string {
  switch (type) {
    case ValueType.Null:
      return '';
    case ValueType.String:
      return readUtf16(b, p, size);
    case ValueType.AnsiString: {
      let end = p + size;
      while (end > p && b[end - 1] === 0) end--;
      return ansi.decode(b.subarray(p, end));
    }
    case ValueType.Int8:
      return String(dv.getInt8(p));
    case ValueType.UInt8:
      return String(b[p]);
    case ValueType.Int16:
      return String(dv.getInt16(p, true));
    case ValueType.UInt16:
      return String(dv.getUint16(p, true));
    case ValueType.Int32:
      return String(dv.getInt32(p, true));
    case ValueType.UInt32:
      return String(dv.getUint32(p, true));
    case ValueType.Int64:
      return dv.getBigInt64(p, true).toString();
    case ValueType.UInt64:
      return dv.getBigUint64(p, true).toString();
    case ValueType.Real32:
      return String(dv.getFloat32(p, true));
    case ValueType.Real64:
      return String(dv.getFloat64(p, true));
    case ValueType.Bool:
      return dv.getUint32(p, true) !== 0 ? 'true' : 'false';
    case ValueType.Binary: {
      let s = '';
      for (let i = p; i < p + size; i++) s += HEX_UPPER[b[i]];
      return s;
    }
    case ValueType.Guid:
      return size >= 16 ? guidString(b, p) : '';
    case ValueType.SizeT:
      return size === 8
        ? `0x${dv.getBigUint64(p, true).toString(16).padStart(16, '0')}`
        : `0x${dv.getUint32(p, true).toString(16).padStart(8, '0')}`;
    case ValueType.FileTime:
      return fileTimeIso(dv.getUint32(p, true), dv.getUint32(p + 4, true));
    case ValueType.SysTime:
      return size >= 16 ? systemTime(dv, p) : '';
    case ValueType.Sid:
      return sidString(b, p, size);
    case ValueType.HexInt32:
      return `0x${dv.getUint32(p, true).toString(16).padStart(8, '0')}`;
    case ValueType.HexInt64:
      return `0x${dv.getBigUint64(p, true).toString(16).padStart(16, '0')}`;
    default: {
      let s = '';
      for (let i = p; i < p + size; i++) s += HEX_UPPER[b[i]];
      return s;
    }
  }
}

/** Array values (type | 0x80) as one string per element. */
export function arrayItems(b: Uint8Array, dv: DataView, type: number, p: number, size: number): string[] {
  const base = type & 0x7f;
  if (base === ValueType.String) {
    const text = readUtf16Raw(b, p, size);
    const items = text.split('\0');
    if (items.length > 0 && items[items.length - 1] === '') items.pop();
    return items;
  }
  if (base === ValueType.AnsiString) {
    const items = ansi.decode(b.subarray(p, p + size)).split('\0');
    if (items.length > 0 && items[items.length - 1] === '') items.pop();
    return items;
  }
  if (base === ValueType.Sid) {
    // SIDs vary in length: 8 + 4 * sub-authority count.
    const out: string[] = [];
    let q = p;
    while (q + 8 <= p + size) {
      const n = 8 + b[q + 1] * 4;
      out.push(sidString(b, q, n));
      q += n;
    }
    return out;
  }
  const es = base === ValueType.SizeT ? (size % 8 === 0 ? 8 : 4) : elementSize(base);
  if (es === 0) return [scalarText(b, dv, ValueType.Binary, p, size)];
  const out: string[] = [];
  for (let q = p; q + es <= p + size; q += es) out.push(scalarText(b, dv, base, q, es));
  return out;
}

function readUtf16Raw(b: Uint8Array, start: number, byteLength: number): string {
  return utf16.decode(b.subarray(start, start + (byteLength & ~1)));
}
