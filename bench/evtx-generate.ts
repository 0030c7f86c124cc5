/**
 * Writes a large valid .evtx for the benchmark by replicating real chunks of the sample files:
 * each copy gets new record numbers and ids (record headers and chunk header) and freshly
 * computed chunk and file header CRC32s, so readers that verify checksums accept it.
 */
import { open, readFile } from 'node:fs/promises';
import { crc32 } from 'node:zlib';

const FILE_HEADER = 4096;
const CHUNK = 65536;

/** The valid chunks of the given files (those with the "ElfChnk" signature). */
export async function sampleChunks(files: string[]): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for (const f of files) {
    const b = await readFile(f);
    for (let off = FILE_HEADER; off + CHUNK <= b.length; off += CHUNK) {
      const c = b.subarray(off, off + CHUNK);
      if (c.toString('latin1', 0, 8) === 'ElfChnk\0') chunks.push(Buffer.from(c));
    }
  }
  return chunks;
}

function setU64(b: Buffer, p: number, v: number): void {
  b.writeUInt32LE(v % 4294967296, p);
  b.writeUInt32LE(Math.floor(v / 4294967296), p + 4);
}

/** Renumbers the records of a chunk copy from `firstId`; returns the number of records. */
function renumber(c: Buffer, firstId: number): number {
  const free = c.readUInt32LE(48);
  let p = 512;
  let n = 0;
  while (p + 28 <= free && c.readUInt32LE(p) === 0x2a2a) {
    const size = c.readUInt32LE(p + 4);
    if (size < 28 || p + size > free) break;
    setU64(c, p + 8, firstId + n);
    n++;
    p += size;
  }
  setU64(c, 8, firstId);
  setU64(c, 16, firstId + n - 1);
  setU64(c, 24, firstId);
  setU64(c, 32, firstId + n - 1);
  c.writeUInt32LE(crc32(c.subarray(512, free)), 52);
  c.writeUInt32LE(crc32(c.subarray(128, 512), crc32(c.subarray(0, 120))), 124);
  return n;
}

/** Writes `chunkCount` chunks cycled from `sources`; returns the records written. */
export async function writeEvtx(
  out: string,
  sources: Buffer[],
  chunkCount: number,
): Promise<{ records: number; bytes: number }> {
  if (sources.length === 0) throw new Error('no source chunks');
  if (chunkCount > 0xffff) throw new Error('an .evtx header counts at most 65535 chunks');
  const fh = await open(out, 'w');
  try {
    let nextId = 1;
    for (let i = 0; i < chunkCount; i++) {
      const c = Buffer.from(sources[i % sources.length]);
      nextId += renumber(c, nextId);
      await fh.write(c, 0, CHUNK, FILE_HEADER + i * CHUNK);
    }
    const h = Buffer.alloc(FILE_HEADER);
    h.write('ElfFile\0', 0, 'latin1');
    setU64(h, 8, 0);
    setU64(h, 16, chunkCount - 1);
    setU64(h, 24, nextId);
    h.writeUInt32LE(128, 32);
    h.writeUInt16LE(2, 36);
    h.writeUInt16LE(3, 38);
    h.writeUInt16LE(FILE_HEADER, 40);
    h.writeUInt16LE(chunkCount, 42);
    h.writeUInt32LE(0, 120);
    h.writeUInt32LE(crc32(h.subarray(0, 120)), 124);
    await fh.write(h, 0, FILE_HEADER, 0);
    return { records: nextId - 1, bytes: FILE_HEADER + chunkCount * CHUNK };
  } finally {
    await fh.close();
  }
}
