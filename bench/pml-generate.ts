/**
 * Builds a large, valid PML v9 file for the benchmark by replicating the event records of a real
 * capture: the header, process/strings/icon/hosts tables are copied as they are (their internal
 * offsets are table-relative), events are copied N times with shifted timestamps, and the
 * event-offsets array and header offsets are rewritten. To keep string interning and stack
 * resolution honest, copies get some unique paths (a few characters replaced) and about half of the
 * stacks get a distinct return address, close to the uniqueness of real captures.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, stat } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { registryPathOffset } from '../electron/engine/ingest/pml/pml-detail-reg';
import { HEADER_SIZE, readAt, readHeader, type PmlHeader } from '../electron/engine/ingest/pml/pml-file';
import { readEventOffsets } from '../electron/engine/ingest/pml/pml-tables';

export interface GeneratePmlOptions {
  source: string;
  target: string;
  events: number;
  /** Keep Profiling events of the source (default false: they are skipped by Procmon's filter anyway). */
  keepProfiling?: boolean;
}

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';

interface SourceEvent {
  start: number;
  length: number;
}

function writeChunk(out: NodeJS.WritableStream, chunk: Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    if (out.write(chunk)) resolve();
    else out.once('drain', resolve);
  });
}

/** Writes the generated file to `target` (via a temp name, so an interrupted run leaves no half file). */
export async function generatePml(opts: GeneratePmlOptions): Promise<{ events: number; bytes: number }> {
  const fh = await open(opts.source, 'r');
  let src: Uint8Array;
  let events: SourceEvent[];
  let header: PmlHeader;
  try {
    header = await readHeader(fh, opts.source);
    const offsets = await readEventOffsets(fh, header);
    if (!offsets) throw new Error(`${opts.source}: no event-offsets array, cannot replicate`);
    src = new Uint8Array(header.fileSize);
    await readAt(fh, src, 0, header.fileSize);
    const dv = new DataView(src.buffer);
    events = [];
    for (let i = 0; i < offsets.length; i++) {
      const start = offsets[i];
      const end = i + 1 < offsets.length ? offsets[i + 1] : header.eventOffsetsOffset;
      if (!opts.keepProfiling && dv.getUint32(start + 8, true) === 4) continue;
      events.push({ start, length: end - start });
    }
  } finally {
    await fh.close();
  }
  if (events.length === 0) throw new Error(`${opts.source}: no events to replicate`);
  const dv = new DataView(src.buffer);
  const ptr = header.pointerSize;
  const ftAt = (o: number): bigint => dv.getBigUint64(o + 0x1c, true);
  const first = ftAt(events[0].start);
  const span = ftAt(events[events.length - 1].start) - first + 10000n;

  const copies = Math.ceil(opts.events / events.length);
  const total = opts.events;
  let eventsBytes = 0;
  for (let i = 0; i < total; i++) eventsBytes += events[i % events.length].length;
  const tables = src.subarray(header.processTableOffset);
  const offsetsOffset = HEADER_SIZE + eventsBytes;
  const tablesOffset = offsetsOffset + total * 5;
  const shift = tablesOffset - header.processTableOffset;

  await mkdir(nodePath.dirname(opts.target), { recursive: true });
  const tmp = `${opts.target}.tmp`;
  const out = createWriteStream(tmp);
  let failed: Error | null = null;
  out.on('error', (e) => {
    failed = e;
  });
  const head = src.slice(0, HEADER_SIZE);
  const hv = new DataView(head.buffer);
  hv.setUint32(0x234, total, true);
  hv.setBigUint64(0x240, BigInt(HEADER_SIZE), true);
  hv.setBigUint64(0x248, BigInt(offsetsOffset), true);
  hv.setBigUint64(0x250, BigInt(header.processTableOffset + shift), true);
  hv.setBigUint64(0x258, BigInt(header.stringsTableOffset + shift), true);
  hv.setBigUint64(0x260, BigInt(header.iconTableOffset + shift), true);
  hv.setBigUint64(0x3a0, BigInt(header.hostsPortsOffset + shift), true);
  await writeChunk(out, head);

  const offsetsArray = new Uint8Array(total * 5);
  const buf = new Uint8Array(4 * 1024 * 1024);
  const bv = new DataView(buf.buffer);
  let used = 0;
  let position = HEADER_SIZE;
  let n = 0;
  for (let k = 0; k < copies && n < total; k++) {
    const timeShift = span * BigInt(k);
    for (let j = 0; j < events.length && n < total; j++, n++) {
      const { start, length } = events[j];
      if (used + length > buf.length) {
        await writeChunk(out, buf.slice(0, used));
        used = 0;
      }
      buf.set(src.subarray(start, start + length), used);
      const e = used;
      bv.setBigUint64(e + 0x1c, ftAt(start) + timeShift, true);
      if (k > 0) vary(bv, buf, e, k, j, ptr);
      const lo = position % 4294967296;
      offsetsArray[n * 5] = lo & 0xff;
      offsetsArray[n * 5 + 1] = (lo >>> 8) & 0xff;
      offsetsArray[n * 5 + 2] = (lo >>> 16) & 0xff;
      offsetsArray[n * 5 + 3] = (lo >>> 24) & 0xff;
      offsetsArray[n * 5 + 4] = position >= 4294967296 ? 1 : 0;
      used += length;
      position += length;
    }
  }
  if (used > 0) await writeChunk(out, buf.slice(0, used));
  await writeChunk(out, offsetsArray);
  await writeChunk(out, tables);
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err || failed ? reject(err ?? failed) : resolve())),
  );
  await rename(tmp, opts.target);
  return { events: total, bytes: (await stat(opts.target)).size };
}

/** Makes copy `k` of event `j` differ: a few path characters and (every other event) one return address. */
function vary(bv: DataView, buf: Uint8Array, e: number, k: number, j: number, ptr: 4 | 8): void {
  const cls = bv.getUint32(e + 8, true);
  const depth = bv.getUint16(e + 0x28, true);
  if (depth > 0 && (j + k) % 2 === 0) {
    const last = e + 0x34 + (depth - 1) * ptr;
    bv.setUint32(last, (bv.getUint32(last, true) + k * 4) >>> 0, true);
  }
  if ((j + k) % 4 !== 0) return;
  const d = e + 0x34 + depth * ptr;
  let info: number;
  let at: number;
  if (cls === 3) {
    const infoAt = d + 4 + ptr * 5 + 0x14;
    info = bv.getUint16(infoAt, true);
    at = infoAt + 4;
  } else if (cls === 2) {
    info = bv.getUint16(d, true);
    at = d + registryPathOffset(bv.getUint16(e + 0x0c, true));
  } else return;
  const chars = info & 0x7fff;
  const wide = (info & 0x8000) === 0;
  if (chars < 8) return;
  // Replace 3 characters just before the last 4 (keeps extensions and separators mostly intact).
  const tag = [k % 36, Math.floor(k / 36) % 36, Math.floor(k / 1296) % 36];
  for (let i = 0; i < 3; i++) {
    const ch = DIGITS.charCodeAt(tag[i]);
    const pos = chars - 5 - i;
    if (wide) bv.setUint16(at + pos * 2, ch, true);
    else buf[at + pos] = ch;
  }
}
