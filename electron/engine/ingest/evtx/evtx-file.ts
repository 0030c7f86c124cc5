/**
 * EVTX container: 4 KiB file header, then 64 KiB chunks, each a 512-byte header (with the common
 * string and template tables) and event records (libyal "Windows XML Event Log (EVTX)";
 * winlogs.md §2.2). Every chunk in the file is read, not only the header's count, because dirty
 * files keep records in chunks the header does not yet count (§0.5). Checksums are verified; a
 * mismatch is a warning, a chunk with a bad signature is skipped, and reading goes on.
 */
import { open } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { eventFromXml } from '../logs/eventviewer-xml';
import { ChunkContext } from './binxml';
import { fileTimeIso } from './binxml-values';
import type { EventRecord } from './event-record';

export const FILE_HEADER_SIZE = 4096;
export const CHUNK_SIZE = 65536;
const CHUNK_HEADER_SIZE = 512;
const FILE_MAGIC = 'ElfFile\0';
const CHUNK_MAGIC = 'ElfChnk\0';
const RECORD_MAGIC = 0x00002a2a;

export interface EvtxHeaderInfo {
  firstChunk: number;
  lastChunk: number;
  nextRecordId: number;
  majorVersion: number;
  minorVersion: number;
  chunkCount: number;
  dirty: boolean;
  full: boolean;
}

export interface EvtxWarnSink {
  warn(place: string, message: string): void;
}

const latin1 = (b: Uint8Array, p: number, n: number): string =>
  Buffer.from(b.buffer, b.byteOffset + p, n).toString('latin1');

function u64(dv: DataView, p: number): number {
  return dv.getUint32(p, true) + dv.getUint32(p + 4, true) * 4294967296;
}

export function parseFileHeader(b: Uint8Array, sink: EvtxWarnSink): EvtxHeaderInfo | null {
  if (b.length < 128 || latin1(b, 0, 8) !== FILE_MAGIC) {
    sink.warn('offset 0', 'file header signature "ElfFile" missing; reading the chunks without it');
    return null;
  }
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const info: EvtxHeaderInfo = {
    firstChunk: u64(dv, 8),
    lastChunk: u64(dv, 16),
    nextRecordId: u64(dv, 24),
    minorVersion: dv.getUint16(36, true),
    majorVersion: dv.getUint16(38, true),
    chunkCount: dv.getUint16(42, true),
    dirty: (dv.getUint32(120, true) & 1) !== 0,
    full: (dv.getUint32(120, true) & 2) !== 0,
  };
  const stored = dv.getUint32(124, true);
  const computed = crc32(b.subarray(0, 120));
  if (stored !== computed) {
    sink.warn(
      'offset 0x7C',
      stored === 0
        ? 'file header checksum is not set (0)'
        : `file header checksum mismatch (stored 0x${stored.toString(16)}, computed 0x${computed.toString(16)})`,
    );
  }
  if (info.majorVersion !== 3)
    sink.warn(
      'offset 0x26',
      `unexpected format version ${info.majorVersion}.${info.minorVersion} (expected 3.x)`,
    );
  return info;
}

export interface ChunkRecords {
  records: EventRecord[];
  /** Chunk had a valid signature. */
  valid: boolean;
}

/** Reads all records of one chunk (a buffer of up to 64 KiB starting with its header). */
export function readChunk(
  chunk: Uint8Array,
  chunkIndex: number,
  fileOffset: number,
  sink: EvtxWarnSink,
  checkCrc = true,
): ChunkRecords {
  const place = (off: number): string => `chunk ${chunkIndex}, offset 0x${(fileOffset + off).toString(16)}`;
  if (chunk.length < CHUNK_HEADER_SIZE || latin1(chunk, 0, 8) !== CHUNK_MAGIC) {
    if (chunk.some((v) => v !== 0)) sink.warn(place(0), 'chunk signature "ElfChnk" missing; chunk skipped');
    return { records: [], valid: false };
  }
  const dv = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  let freeOffset = dv.getUint32(48, true);
  if (checkCrc) {
    const storedHeader = dv.getUint32(124, true);
    const headerCrc = crc32(chunk.subarray(128, CHUNK_HEADER_SIZE), crc32(chunk.subarray(0, 120)));
    if (storedHeader !== headerCrc) {
      sink.warn(
        place(124),
        storedHeader === 0 ? 'chunk header checksum is not set (0)' : 'chunk header checksum mismatch',
      );
    }
  }
  if (freeOffset < CHUNK_HEADER_SIZE || freeOffset > chunk.length) {
    sink.warn(
      place(48),
      `free space offset ${freeOffset} is out of range; reading records to the end of the chunk`,
    );
    freeOffset = chunk.length;
  } else if (checkCrc) {
    const storedData = dv.getUint32(52, true);
    const dataCrc = crc32(chunk.subarray(CHUNK_HEADER_SIZE, freeOffset));
    if (storedData !== dataCrc) {
      sink.warn(
        place(52),
        storedData === 0
          ? 'event records checksum is not set (0)'
          : 'event records checksum mismatch (a record may be damaged)',
      );
    }
  }
  const ctx = new ChunkContext(chunk);
  const records: EventRecord[] = [];
  let p = CHUNK_HEADER_SIZE;
  while (p + 28 <= freeOffset) {
    if (dv.getUint32(p, true) !== RECORD_MAGIC) {
      const next = findRecordMagic(chunk, p + 1, freeOffset);
      sink.warn(
        place(p),
        `record signature missing; ${next < 0 ? 'rest of the chunk skipped' : `skipped ${next - p} bytes to the next record`}`,
      );
      if (next < 0) break;
      p = next;
      continue;
    }
    const size = dv.getUint32(p + 4, true);
    if (size < 28 || p + size > chunk.length) {
      sink.warn(place(p), `record size ${size} is out of range; rest of the chunk skipped`);
      break;
    }
    const recordId = u64(dv, p + 8);
    if (dv.getUint32(p + size - 4, true) !== size)
      sink.warn(place(p), `record ${recordId}: trailing size copy does not match`);
    try {
      const nodes = ctx.resolveFragment(p + 24, p + size - 4, true);
      const ev = nodes.find((n) => n.name === 'Event') ?? nodes[0];
      if (!ev) throw new Error('no Event element');
      const rec = eventFromXml(ev);
      if (!rec.recordId) rec.recordId = recordId;
      if (!rec.timeCreated)
        rec.timeCreated = fileTimeIso(dv.getUint32(p + 16, true), dv.getUint32(p + 20, true));
      records.push(rec);
    } catch (e) {
      sink.warn(
        place(p),
        `record ${recordId}: ${e instanceof Error ? e.message : String(e)}; record skipped`,
      );
    }
    p += size;
  }
  return { records, valid: true };
}

function findRecordMagic(b: Uint8Array, from: number, end: number): number {
  for (let i = from; i + 4 <= end; i++) {
    if (b[i] === 0x2a && b[i + 1] === 0x2a && b[i + 2] === 0 && b[i + 3] === 0) return i;
  }
  return -1;
}

export interface EvtxReadProgress {
  bytesRead: number;
  bytesTotal: number;
  records: number;
}

/**
 * Streams an .evtx file chunk by chunk (64 KiB reads), yielding each chunk's records. The file
 * is opened read-only and closed on every exit path.
 */
export async function* readEvtxRecords(
  path: string,
  sink: EvtxWarnSink,
  opts: {
    signal?: AbortSignal;
    checkCrc?: boolean;
    onHeader?(h: EvtxHeaderInfo | null, size: number): void;
  } = {},
): AsyncGenerator<EventRecord[]> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const head = Buffer.alloc(FILE_HEADER_SIZE);
    const { bytesRead } = await fh.read(head, 0, FILE_HEADER_SIZE, 0);
    if (bytesRead < 8) {
      sink.warn('offset 0', `file is ${bytesRead} bytes long; an .evtx starts with a 4096-byte header`);
      return;
    }
    const header = parseFileHeader(head.subarray(0, bytesRead), sink);
    opts.onHeader?.(header, size);
    // A carved file may start directly with a chunk.
    let base = header ? FILE_HEADER_SIZE : latin1(head, 0, 8) === CHUNK_MAGIC ? 0 : FILE_HEADER_SIZE;
    if (!header && base === FILE_HEADER_SIZE && size <= FILE_HEADER_SIZE) return;
    if (header && size < FILE_HEADER_SIZE + CHUNK_HEADER_SIZE) {
      sink.warn(`offset ${size}`, `file ends after ${size} bytes: no chunk follows the header`);
      return;
    }
    const buf = Buffer.alloc(CHUNK_SIZE);
    let index = 0;
    let counted = header?.chunkCount ?? 0;
    for (; base < size; base += CHUNK_SIZE, index++) {
      if (opts.signal?.aborted) throw new Error('aborted');
      const want = Math.min(CHUNK_SIZE, size - base);
      const r = await fh.read(buf, 0, want, base);
      if (r.bytesRead < CHUNK_SIZE) {
        sink.warn(
          `chunk ${index}, offset 0x${base.toString(16)}`,
          `chunk is truncated (${r.bytesRead} of ${CHUNK_SIZE} bytes); reading what is there`,
        );
      }
      const chunk = Buffer.from(buf.subarray(0, r.bytesRead));
      const { records, valid } = readChunk(chunk, index, base, sink, opts.checkCrc ?? true);
      if (valid && header && index >= counted) {
        sink.warn(
          `chunk ${index}`,
          `chunk not counted in the file header (header says ${header.chunkCount}); read anyway`,
        );
        counted = Number.POSITIVE_INFINITY;
      }
      if (records.length > 0) yield records;
    }
  } finally {
    await fh.close();
  }
}
