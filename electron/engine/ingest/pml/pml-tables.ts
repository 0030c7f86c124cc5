/**
 * The tables at the end of a PML v9 file (procmon.md §3.3-3.7): event-offsets array, strings,
 * processes with their modules, hosts and ports (the icon table is not needed). Tables that are
 * missing or cut short (capture not closed cleanly, truncated copy) are reported, never guessed.
 */
import type { FileHandle } from 'node:fs/promises';
import { HEADER_SIZE, readAt, utf16z, type PmlHeader } from './pml-file';
import type { ProcessInfo } from '../../../../shared/model/trace';
import { filetimeIso, hex64 } from './pml-format';

export interface PmlModule {
  baseHi: number;
  baseLo: number;
  size: number;
  path: string;
  name: string;
  version: string;
  company: string;
  description: string;
}

export interface PmlProcess {
  /** Index used by events (not the position in the table). */
  index: number;
  pid: number;
  parentPid: number;
  authenticationId: string;
  session: number;
  startTime: string;
  endTime: string;
  virtualized: number;
  is64bit: boolean;
  integrity: string;
  user: string;
  name: string;
  imagePath: string;
  commandLine: string;
  company: string;
  version: string;
  description: string;
  /** Sorted by base address. */
  modules: PmlModule[];
}

export interface PmlTables {
  strings: string[];
  processes: Map<number, PmlProcess>;
  hosts: Map<string, string>;
  ports: Map<number, string>;
  warnings: { offset: number; message: string }[];
}

/** Bounds-checked little-endian reads over one table's bytes; throws RangeError past the end. */
class TableReader {
  readonly dv: DataView;
  pos = 0;
  constructor(readonly bytes: Uint8Array) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  u16(): number {
    const v = this.dv.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }
  u32(): number {
    const v = this.dv.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  /** Returns [hi, lo]. */
  u64pair(): [number, number] {
    const lo = this.dv.getUint32(this.pos, true);
    const hi = this.dv.getUint32(this.pos + 4, true);
    this.pos += 8;
    return [hi, lo];
  }
  ptr(size: 4 | 8): [number, number] {
    if (size === 4) return [0, this.u32()];
    return this.u64pair();
  }
  utf16(byteLength: number): string {
    if (this.pos + byteLength > this.bytes.length) throw new RangeError('string past the end of the table');
    const s = utf16z(this.bytes, this.pos, byteLength);
    this.pos += byteLength;
    return s;
  }
}

function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return i >= 0 ? path.slice(i + 1) : path;
}

function parseStrings(
  bytes: Uint8Array,
  warn: (at: number, m: string) => void,
  tableOffset: number,
): string[] {
  const r = new TableReader(bytes);
  const count = r.u32();
  if (4 + count * 4 > bytes.length)
    throw new RangeError(`strings table claims ${count} strings but holds ${bytes.length} bytes`);
  const out = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const rel = r.dv.getUint32(4 + i * 4, true);
    if (rel + 4 > bytes.length) {
      warn(tableOffset + 4 + i * 4, `string ${i} points past the strings table`);
      out[i] = '';
      continue;
    }
    const size = r.dv.getUint32(rel, true);
    r.pos = rel + 4;
    out[i] = rel + 4 + size <= bytes.length ? r.utf16(size) : r.utf16(bytes.length - rel - 4);
  }
  return out;
}

function parseProcesses(
  bytes: Uint8Array,
  strings: string[],
  ptrSize: 4 | 8,
  warn: (at: number, m: string) => void,
  tableOffset: number,
): Map<number, PmlProcess> {
  const r = new TableReader(bytes);
  const count = r.u32();
  if (4 + count * 8 > bytes.length)
    throw new RangeError(`process table claims ${count} processes but holds ${bytes.length} bytes`);
  const str = (id: number): string => strings[id] ?? '';
  const out = new Map<number, PmlProcess>();
  // A damaged table can point many entries at one record: each would be read again (fuzzing).
  const readAt = new Set<number>();
  let repeated = 0;
  for (let i = 0; i < count; i++) {
    const rel = r.dv.getUint32(4 + count * 4 + i * 4, true);
    if (readAt.has(rel)) {
      repeated++;
      continue;
    }
    readAt.add(rel);
    try {
      r.pos = rel;
      const index = r.u32();
      const pid = r.u32();
      const parentPid = r.u32();
      r.u32(); // parent's process index
      const [authHi, authLo] = r.u64pair();
      const session = r.u32();
      r.u32();
      const [sHi, sLo] = r.u64pair();
      const [eHi, eLo] = r.u64pair();
      const virtualized = r.u32();
      const is64bit = r.u32() !== 0;
      const integrity = str(r.u32());
      const user = str(r.u32());
      const name = str(r.u32());
      const imagePath = str(r.u32());
      const commandLine = str(r.u32());
      const company = str(r.u32());
      const version = str(r.u32());
      const description = str(r.u32());
      r.u32(); // small icon index
      r.u32(); // big icon index
      r.ptr(ptrSize);
      const moduleCount = r.u32();
      // A module record is two pointers and 48 bytes: the count cannot exceed what the table holds.
      if (moduleCount > (bytes.length - r.pos) / (2 * ptrSize + 48))
        throw new RangeError('module list past the end of the table');
      const modules: PmlModule[] = [];
      for (let m = 0; m < moduleCount; m++) {
        r.ptr(ptrSize);
        const [baseHi, baseLo] = r.ptr(ptrSize);
        const size = r.u32();
        const path = str(r.u32());
        const mVersion = str(r.u32());
        const mCompany = str(r.u32());
        const mDescription = str(r.u32());
        r.u32(); // timestamp
        r.pos += 0x18;
        modules.push({
          baseHi,
          baseLo,
          size,
          path,
          name: baseName(path),
          version: mVersion,
          company: mCompany,
          description: mDescription,
        });
      }
      if (r.pos > bytes.length) throw new RangeError('module list past the end of the table');
      modules.sort((a, b) => a.baseHi - b.baseHi || a.baseLo - b.baseLo);
      out.set(index, {
        index,
        pid,
        parentPid,
        authenticationId: `${authHi.toString(16).padStart(8, '0')}:${authLo.toString(16).padStart(8, '0')}`,
        session,
        startTime: filetimeIso(sHi, sLo),
        endTime: filetimeIso(eHi, eLo),
        virtualized,
        is64bit,
        integrity,
        user,
        name,
        imagePath,
        commandLine,
        company,
        version,
        description,
        modules,
      });
    } catch (e) {
      warn(
        tableOffset + rel,
        `process record ${i} is cut short or corrupt (${e instanceof Error ? e.message : String(e)})`,
      );
    }
  }
  if (repeated > 0)
    warn(tableOffset, `${repeated} process table entries point at a record already read; they are skipped`);
  return out;
}

/** Key of the hosts map for the 16-byte address at `at`. */
export function ipKey(bytes: Uint8Array, at: number): string {
  let k = '';
  for (let i = 0; i < 16; i++) k += String.fromCharCode(bytes[at + i]);
  return k;
}

function parseHostsPorts(bytes: Uint8Array, hosts: Map<string, string>, ports: Map<number, string>): void {
  const r = new TableReader(bytes);
  const nHosts = r.u32();
  for (let i = 0; i < nHosts; i++) {
    const ip = ipKey(bytes, r.pos);
    r.pos += 16;
    const len = r.u32();
    hosts.set(ip, r.utf16(len));
  }
  const nPorts = r.u32();
  for (let i = 0; i < nPorts; i++) {
    const port = r.u16();
    const isTcp = r.u16() !== 0;
    const len = r.u32();
    ports.set(port * 2 + (isTcp ? 1 : 0), r.utf16(len));
  }
}

async function readRange(fh: FileHandle, h: PmlHeader, start: number, end: number): Promise<Uint8Array> {
  const stop = Math.min(end, h.fileSize);
  const buf = new Uint8Array(Math.max(0, stop - start));
  const n = await readAt(fh, buf, start, buf.length);
  return buf.subarray(0, n);
}

/** Strings, processes, hosts and ports. Damaged tables are reported in `warnings` and left empty. */
export async function readTables(fh: FileHandle, h: PmlHeader): Promise<PmlTables> {
  const t: PmlTables = {
    strings: [],
    processes: new Map(),
    hosts: new Map(),
    ports: new Map(),
    warnings: [],
  };
  const warn = (offset: number, message: string): void => {
    t.warnings.push({ offset, message });
  };
  if (!h.closedCleanly) {
    warn(
      0x240,
      'the capture was not closed cleanly: Procmon never wrote the process, strings and event-offsets tables, so process names are unknown',
    );
    return t;
  }
  const inFile = (off: number): boolean => off >= HEADER_SIZE && off < h.fileSize;
  // Tables are laid out in this order (procmon.md §3.1); each one ends where the next begins.
  if (inFile(h.stringsTableOffset)) {
    const bytes = await readRange(
      fh,
      h,
      h.stringsTableOffset,
      h.iconTableOffset > h.stringsTableOffset ? h.iconTableOffset : h.fileSize,
    );
    try {
      t.strings = parseStrings(bytes, warn, h.stringsTableOffset);
    } catch (e) {
      warn(
        h.stringsTableOffset,
        `strings table is cut short or corrupt (${e instanceof Error ? e.message : String(e)})`,
      );
    }
    if (h.iconTableOffset > h.fileSize)
      warn(h.stringsTableOffset, 'strings table may be cut short: the file ends before the icon table');
  } else
    warn(
      h.stringsTableOffset,
      `strings table offset 0x${h.stringsTableOffset.toString(16)} is past the end of the file (${h.fileSize} bytes): the file is truncated`,
    );
  if (inFile(h.processTableOffset)) {
    const bytes = await readRange(
      fh,
      h,
      h.processTableOffset,
      h.stringsTableOffset > h.processTableOffset ? h.stringsTableOffset : h.fileSize,
    );
    try {
      t.processes = parseProcesses(bytes, t.strings, h.pointerSize, warn, h.processTableOffset);
    } catch (e) {
      warn(
        h.processTableOffset,
        `process table is cut short or corrupt (${e instanceof Error ? e.message : String(e)})`,
      );
    }
  } else
    warn(
      h.processTableOffset,
      `process table offset 0x${h.processTableOffset.toString(16)} is past the end of the file (${h.fileSize} bytes): the file is truncated`,
    );
  if (inFile(h.hostsPortsOffset)) {
    try {
      parseHostsPorts(await readRange(fh, h, h.hostsPortsOffset, h.fileSize), t.hosts, t.ports);
    } catch (e) {
      warn(
        h.hostsPortsOffset,
        `hosts and ports tables are cut short or corrupt (${e instanceof Error ? e.message : String(e)})`,
      );
    }
  }
  return t;
}

/**
 * Event offsets (5-byte entries: u32 offset + flags; flag bit 0 is bit 32 of the offset for files
 * past 4 GiB, procmon.md §3.3). Null when the array is missing or cut short.
 */
export async function readEventOffsets(
  fh: FileHandle,
  h: PmlHeader,
  /** In shared memory (both reading threads index it without a copy each). */
  shared = false,
): Promise<Float64Array | null> {
  if (!h.closedCleanly) return null;
  if (h.eventCount === 0) return new Float64Array(0);
  const len = h.eventCount * 5;
  if (h.eventOffsetsOffset < HEADER_SIZE || h.eventOffsetsOffset + len > h.fileSize) return null;
  const buf = new Uint8Array(len);
  if ((await readAt(fh, buf, h.eventOffsetsOffset, len)) < len) return null;
  const out = shared
    ? new Float64Array(new SharedArrayBuffer(h.eventCount * 8))
    : new Float64Array(h.eventCount);
  for (let i = 0, o = 0; i < h.eventCount; i++, o += 5) {
    const lo = (buf[o] | (buf[o + 1] << 8) | (buf[o + 2] << 16) | (buf[o + 3] << 24)) >>> 0;
    out[i] = (buf[o + 4] & 1) * 4294967296 + lo;
  }
  return out;
}

/** The store's view of a process-table record. */
export function toProcessInfo(p: PmlProcess): Omit<ProcessInfo, 'index'> {
  return {
    pid: p.pid,
    parentPid: p.parentPid,
    name: p.name,
    imagePath: p.imagePath,
    commandLine: p.commandLine,
    user: p.user,
    integrity: p.integrity,
    company: p.company,
    description: p.description,
    version: p.version,
    startTime: p.startTime,
    endTime: p.endTime,
    is64bit: p.is64bit,
    modules: p.modules.map((m) => ({
      path: m.path,
      base: hex64(m.baseHi, m.baseLo),
      size: m.size,
      company: m.company,
      description: m.description,
      version: m.version,
    })),
  };
}
