/**
 * The header of a PML v9 file (procmon.md §3.2) and the positioned-read helper every part of the
 * reader uses (read-only handle, never the whole file).
 */
import type { FileHandle } from 'node:fs/promises';
import { FILETIME_UNIX_EPOCH_SECONDS, split, splitFiletime } from './pml-format';

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

export async function readAt(
  fh: FileHandle,
  buf: Uint8Array,
  position: number,
  length: number,
): Promise<number> {
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
    throw new PmlError(
      file,
      bytes.length,
      `file is too short for a Process Monitor log: ${bytes.length} bytes, the header alone is ${HEADER_SIZE}`,
    );
  }
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4d || bytes[2] !== 0x4c || bytes[3] !== 0x5f) {
    throw new PmlError(file, 0, 'not a Process Monitor log: expected the signature "PML_"');
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, HEADER_SIZE);
  const version = dv.getUint32(4, true);
  if (version !== SUPPORTED_VERSION) {
    throw new PmlError(
      file,
      4,
      `PML version ${version} is not supported (only version ${SUPPORTED_VERSION}, written by Procmon 3.x-4.x, is known)`,
    );
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

/** Unix seconds of a FILETIME given as halves (for sorting multi-file captures). */
export function filetimeUnix(hi: number, lo: number): number {
  splitFiletime(hi, lo);
  return split.sec - FILETIME_UNIX_EPOCH_SECONDS + split.frac / 1e7;
}
