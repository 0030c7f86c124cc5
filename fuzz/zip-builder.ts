/**
 * Writes zip archives byte by byte for tests and fuzz seeds. A zip library refuses to write the
 * hostile archives the reader must survive (names with `..`, sizes that lie, bombs), so the few
 * records needed are laid out here from the APPNOTE layout: local file header (0x04034b50), central
 * directory header (0x02014b50), end of central directory (0x06054b50).
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipSpec {
  name: string | Uint8Array;
  data: Uint8Array;
  /** 0 = stored, 8 = deflate (default 8). */
  method?: number;
  /** Lies told in the headers, for hostile archives. */
  declaredSize?: number;
  declaredCompressedSize?: number;
  crc?: number;
  flags?: number;
  /** Data already compressed (e.g. a bomb made once and reused). */
  compressed?: Uint8Array;
}

export function buildZip(specs: readonly ZipSpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const s of specs) {
    const name = typeof s.name === 'string' ? Buffer.from(s.name, 'utf8') : Buffer.from(s.name);
    const method = s.method ?? 8;
    const body = s.compressed ?? (method === 8 ? deflateRawSync(s.data) : Buffer.from(s.data));
    const crc = s.crc ?? crc32(s.data);
    const size = s.declaredSize ?? s.data.length;
    const csize = s.declaredCompressedSize ?? body.length;
    const flags = s.flags ?? (typeof s.name === 'string' ? 0x800 : 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(csize >>> 0, 18);
    local.writeUInt32LE(size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, Buffer.from(body));
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(csize >>> 0, 20);
    central.writeUInt32LE(size >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset >>> 0, 42);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(specs.length, 8);
  end.writeUInt16LE(specs.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/**
 * Reads back the entries of an archive laid out like `buildZip` writes it (single disk, no zip64),
 * keeping each body as stored, so the fuzzer can change one field and write the archive again.
 * Null when the bytes are not such an archive.
 */
export function readZipLoose(bytes: Uint8Array): ZipSpec[] | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < 22 || b.readUInt32LE(b.length - 22) !== 0x06054b50) return null;
  const count = b.readUInt16LE(b.length - 12);
  let at = b.readUInt32LE(b.length - 6);
  const specs: ZipSpec[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > b.length || b.readUInt32LE(at) !== 0x02014b50) return null;
    const nameLen = b.readUInt16LE(at + 28);
    const extraLen = b.readUInt16LE(at + 30);
    const commentLen = b.readUInt16LE(at + 32);
    const local = b.readUInt32LE(at + 42);
    const csize = b.readUInt32LE(at + 20);
    if (local + 30 > b.length) return null;
    const dataAt = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
    if (dataAt + csize > b.length) return null;
    specs.push({
      name: b.subarray(at + 46, at + 46 + nameLen),
      data: new Uint8Array(0),
      method: b.readUInt16LE(at + 10),
      flags: b.readUInt16LE(at + 8),
      crc: b.readUInt32LE(at + 16),
      declaredSize: b.readUInt32LE(at + 24),
      compressed: b.subarray(dataAt, dataAt + csize),
    });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return specs;
}
