/**
 * The fixed parts of a PML v9 file (procmon.md §3.1-3.7): header, event-offsets array, strings
 * table, process table with modules, hosts and ports. All reads are positioned reads on a read-only
 * handle; tables that are missing or cut short (capture not closed cleanly, truncated copy) are
 * reported, never guessed.
 */
import type { FileHandle } from 'node:fs/promises';
import { FILETIME_UNIX_EPOCH_SECONDS, filetimeIso, hex64, split, splitFiletime } from './pml-format';

export const HEADER_SIZE = 0x3a8;
const SUPPORTED_VERSION = 9;

export class PmlError extends Error {
  constructor(
    readonly file: string,
    readonly offset: number,
    message: string,
  ) {
    super(`${file}: ${message} (at offset 0x${offset.toString(16).toUpperCase()})`);
    this.name = 'PmlError';
  }
}

export interface PmlHeader {
  file: string;
  fileSize: number;
  version: number;
  is64bit: boolean;
  pointerSize: 4 | 8;
  computerName: string;
  systemRoot: string;
  eventCount: number;
  eventsOffset: number;
  eventOffsetsOffset: number;
  processTableOffset: number;
  stringsTableOffset: number;
  iconTableOffset: number;
  hostsPortsOffset: number;
  /** Highest user-mode address (SYSTEM_INFO.lpMaximumApplicationAddress) as hi/lo halves. */
  maxUserAddressHi: number;
  maxUserAddressLo: number;
  osMajor: number;
  osMinor: number;
  osBuild: number;
  servicePack: string;
  osVersion: string;
  logicalProcessors: number;
  ramBytes: number;
  /** False when Procmon never wrote the tables (capture not closed cleanly). */
  closedCleanly: boolean;
}

const utf16 = new TextDecoder('utf-16le');

/** UTF-16LE text of a byte range, cut at the first NUL (fixed-size fields are NUL-padded). */
export function utf16z(bytes: Uint8Array, start: number, byteLength: number): string {
  let end = start;
  const limit = Math.min(bytes.length, start + (byteLength & ~1));
  while (end + 1 < limit && (bytes[end] | bytes[end + 1]) !== 0) end += 2;
  return end === start ? '' : utf16.decode(bytes.subarray(start, end));
}

export async function readAt(fh: FileHandle, buf: Uint8Array, position: number, length: number): Promise<number> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fh.read(buf, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done;
}

function u64At(dv: DataView, o: number): number {
  return dv.getUint32(o + 4, true) * 4294967296 + dv.getUint32(o, true);
}

function windowsName(major: number, minor: number, build: number): string {
  if (major === 10 && build >= 22000) return 'Windows 11';
  const names: Record<string, string> = {
    '5.0': 'Windows 2000',
    '5.1': 'Windows XP',
    '5.2': 'Windows Server 2003',
    '6.0': 'Windows Vista',
    '6.1': 'Windows 7',
    '6.2': 'Windows 8',
    '6.3': 'Windows 8.1',
    '10.0': 'Windows 10',
  };
  return names[`${major}.${minor}`] ?? `Windows ${major}.${minor}`;
}

export function parseHeader(file: string, bytes: Uint8Array, fileSize: number): PmlHeader {
  if (bytes.length < HEADER_SIZE) {
    throw new PmlError(file, bytes.length, `file is too short for a Process Monitor log: ${bytes.length} bytes, the header alone is ${HEADER_SIZE}`);
  }
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4d || bytes[2] !== 0x4c || bytes[3] !== 0x5f) {
    throw new PmlError(file, 0, 'not a Process Monitor log: expected the signature "PML_"');
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, HEADER_SIZE);
  const version = dv.getUint32(4, true);
  if (version !== SUPPORTED_VERSION) {
    throw new PmlError(file, 4, `PML version ${version} is not supported (only version ${SUPPORTED_VERSION}, written by Procmon 3.x-4.x, is known)`);
  }
  const is64bit = dv.getUint32(8, true) !== 0;
  const osMajor = dv.getUint32(0x274, true);
  const osMinor = dv.getUint32(0x278, true);
  const osBuild = dv.getUint32(0x27c, true);
  const servicePack = utf16z(bytes, 0x284, 0x100);
  const h: PmlHeader = {
    file,
    fileSize,
    version,
    is64bit,
    pointerSize: is64bit ? 8 : 4,
    computerName: utf16z(bytes, 0x0c, 0x20),
    systemRoot: utf16z(bytes, 0x2c, 0x208),
    eventCount: dv.getUint32(0x234, true),
    eventsOffset: u64At(dv, 0x240),
    eventOffsetsOffset: u64At(dv, 0x248),
    processTableOffset: u64At(dv, 0x250),
    stringsTableOffset: u64At(dv, 0x258),
    iconTableOffset: u64At(dv, 0x260),
    maxUserAddressHi: dv.getUint32(0x26c, true),
    maxUserAddressLo: dv.getUint32(0x268, true),
    osMajor,
    osMinor,
    osBuild,
    servicePack,
    osVersion: `${windowsName(osMajor, osMinor, osBuild)}${servicePack ? ' ' + servicePack : ''} (build ${osBuild})`,
    logicalProcessors: dv.getUint32(0x38c, true),
    ramBytes: u64At(dv, 0x390),
    hostsPortsOffset: u64At(dv, 0x3a0),
    closedCleanly: true,
  };
  if (h.maxUserAddressHi === 0 && h.maxUserAddressLo === 0) {
    // Older headers leave it empty; the documented user/kernel split is the fallback.
    if (is64bit) {
      h.maxUserAddressHi = 0x7fff;
      h.maxUserAddressLo = 0xffffffff;
    } else h.maxUserAddressLo = 0x7fffffff;
  }
  h.closedCleanly =
    h.eventsOffset !== 0 &&
    h.eventOffsetsOffset !== 0 &&
    h.processTableOffset !== 0 &&
    h.stringsTableOffset !== 0 &&
    h.iconTableOffset !== 0 &&
    h.hostsPortsOffset !== 0;
  return h;
}

/** Reads and validates the header of one PML file. */
export async function readHeader(fh: FileHandle, file: string): Promise<PmlHeader> {
  const { size } = await fh.stat();
  const buf = new Uint8Array(HEADER_SIZE);
  const n = await readAt(fh, buf, 0, HEADER_SIZE);
  return parseHeader(file, buf.subarray(0, n), size);
}

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

function parseStrings(bytes: Uint8Array, warn: (at: number, m: string) => void, tableOffset: number): string[] {
  const r = new TableReader(bytes);
  const count = r.u32();
  if (4 + count * 4 > bytes.length) throw new RangeError(`strings table claims ${count} strings but holds ${bytes.length} bytes`);
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
  if (4 + count * 8 > bytes.length) throw new RangeError(`process table claims ${count} processes but holds ${bytes.length} bytes`);
  const str = (id: number): string => strings[id] ?? '';
  const out = new Map<number, PmlProcess>();
  for (let i = 0; i < count; i++) {
    const rel = r.dv.getUint32(4 + count * 4 + i * 4, true);
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
        modules.push({ baseHi, baseLo, size, path, name: baseName(path), version: mVersion, company: mCompany, description: mDescription });
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
      warn(tableOffset + rel, `process record ${i} is cut short or corrupt (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  return out;
}

function ipKey(bytes: Uint8Array, at: number): string {
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

/** Key of the hosts map for a 16-byte address at `at`. */
export { ipKey };

async function readRange(fh: FileHandle, h: PmlHeader, start: number, end: number): Promise<Uint8Array> {
  const stop = Math.min(end, h.fileSize);
  const buf = new Uint8Array(Math.max(0, stop - start));
  const n = await readAt(fh, buf, start, buf.length);
  return buf.subarray(0, n);
}

/** Strings, processes, hosts and ports. Damaged tables are reported in `warnings` and left empty. */
export async function readTables(fh: FileHandle, h: PmlHeader): Promise<PmlTables> {
  const t: PmlTables = { strings: [], processes: new Map(), hosts: new Map(), ports: new Map(), warnings: [] };
  const warn = (offset: number, message: string): void => {
    t.warnings.push({ offset, message });
  };
  if (!h.closedCleanly) {
    warn(0x240, 'the capture was not closed cleanly: Procmon never wrote the process, strings and event-offsets tables, so process names are unknown');
    return t;
  }
  const inFile = (off: number): boolean => off >= HEADER_SIZE && off < h.fileSize;
  // Tables are laid out in this order (procmon.md §3.1); each one ends where the next begins.
  if (inFile(h.stringsTableOffset)) {
    const bytes = await readRange(fh, h, h.stringsTableOffset, h.iconTableOffset > h.stringsTableOffset ? h.iconTableOffset : h.fileSize);
    try {
      t.strings = parseStrings(bytes, warn, h.stringsTableOffset);
    } catch (e) {
      warn(h.stringsTableOffset, `strings table is cut short or corrupt (${e instanceof Error ? e.message : String(e)})`);
    }
    if (h.iconTableOffset > h.fileSize) warn(h.stringsTableOffset, 'strings table may be cut short: the file ends before the icon table');
  } else warn(h.stringsTableOffset, `strings table offset 0x${h.stringsTableOffset.toString(16)} is past the end of the file (${h.fileSize} bytes): the file is truncated`);
  if (inFile(h.processTableOffset)) {
    const bytes = await readRange(fh, h, h.processTableOffset, h.stringsTableOffset > h.processTableOffset ? h.stringsTableOffset : h.fileSize);
    try {
      t.processes = parseProcesses(bytes, t.strings, h.pointerSize, warn, h.processTableOffset);
    } catch (e) {
      warn(h.processTableOffset, `process table is cut short or corrupt (${e instanceof Error ? e.message : String(e)})`);
    }
  } else warn(h.processTableOffset, `process table offset 0x${h.processTableOffset.toString(16)} is past the end of the file (${h.fileSize} bytes): the file is truncated`);
  if (inFile(h.hostsPortsOffset)) {
    try {
      parseHostsPorts(await readRange(fh, h, h.hostsPortsOffset, h.fileSize), t.hosts, t.ports);
    } catch (e) {
      warn(h.hostsPortsOffset, `hosts and ports tables are cut short or corrupt (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  return t;
}

/**
 * Event offsets (5-byte entries: u32 offset + flags; flag bit 0 is bit 32 of the offset for files
 * past 4 GiB, procmon.md §3.3). Null when the array is missing or cut short.
 */
export async function readEventOffsets(fh: FileHandle, h: PmlHeader): Promise<Float64Array | null> {
  if (!h.closedCleanly) return null;
  if (h.eventCount === 0) return new Float64Array(0);
  const len = h.eventCount * 5;
  if (h.eventOffsetsOffset < HEADER_SIZE || h.eventOffsetsOffset + len > h.fileSize) return null;
  const buf = new Uint8Array(len);
  if ((await readAt(fh, buf, h.eventOffsetsOffset, len)) < len) return null;
  const out = new Float64Array(h.eventCount);
  for (let i = 0, o = 0; i < h.eventCount; i++, o += 5) {
    const lo = (buf[o] | (buf[o + 1] << 8) | (buf[o + 2] << 16) | (buf[o + 3] << 24)) >>> 0;
    out[i] = (buf[o + 4] & 1) * 4294967296 + lo;
  }
  return out;
}

/** Unix seconds of a FILETIME given as halves (for sorting multi-file captures). */
export function filetimeUnix(hi: number, lo: number): number {
  splitFiletime(hi, lo);
  return split.sec - FILETIME_UNIX_EPOCH_SECONDS + split.frac / 1e7;
}

export { hex64 };
