/**
 * Expands a zip bundle (captures and logs collected on the customer's machine) into a fresh
 * per-run temporary folder, never beside the input, so each entry can then be sniffed and read like
 * a dropped file. The archive is untrusted: entry count, per-entry and total uncompressed size and
 * the compression ratio are limited (zip bombs), names that leave the folder are refused, entries
 * are streamed to disk (never held whole in memory) and checked against their declared size and
 * CRC-32 (yauzl checks neither the CRC nor, with its size check off, the size). A bad entry is skipped with a warning naming it; only an archive that cannot be read at
 * all throws. yauzl reads the central directory (the authoritative list; a streaming local-header
 * reader can be fooled by data that looks like a header).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, open, rm, statfs, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32, inflateRawSync } from 'node:zlib';
import { getFileNameLowLevel, openPromise, type Entry, type ZipFile } from 'yauzl';
import type { InputWarning } from '../../../../shared/model/trace';
import { safeEntryPath } from './zip-names';

export interface ZipLimits {
  /** Most entries expanded (default 10,000); the rest are left out with a warning. */
  maxEntries: number;
  /** Largest single entry, uncompressed (default 8 GiB: a long Procmon CSV export). */
  maxEntryBytes: number;
  /** Most bytes written for the whole bundle (default 16 GiB). */
  maxTotalBytes: number;
  /** Highest uncompressed/compressed ratio accepted for an entry above `ratioFloorBytes` (default 1,000). */
  maxRatio: number;
  /** Entries smaller than this are not ratio-checked: small text compresses very well (default 16 MiB). */
  ratioFloorBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 10_000,
  maxEntryBytes: 8 * 1024 ** 3,
  maxTotalBytes: 16 * 1024 ** 3,
  maxRatio: 1000,
  ratioFloorBytes: 16 * 1024 ** 2,
};

export interface ExpandZipOptions {
  signal?: AbortSignal;
  /** Where the per-run folder is made (default the OS temp folder). Never the input's folder. */
  tempRoot?: string;
  limits?: Partial<ZipLimits>;
  /** Name shown in messages (an upload's original name); default the path's base name. */
  displayName?: string;
}

export interface ZipEntryFile {
  /** The entry's name inside the bundle, as stored (slashes). */
  name: string;
  /** Where it was written, inside `dir`. */
  path: string;
  size: number;
}

export interface ExpandedZip {
  /** The per-run folder holding the entries; `dispose()` removes it. */
  dir: string;
  entries: ZipEntryFile[];
  warnings: InputWarning[];
  dispose(): Promise<void>;
}

function abortError(): Error {
  const e = new Error('Reading was cancelled');
  e.name = 'AbortError';
  return e;
}

const mib = (n: number): string => `${(n / 1024 ** 2).toFixed(1)} MiB`;

/** Counts bytes and computes the CRC-32 while passing data through; stops past the declared size. */
class CheckedBytes extends Transform {
  bytes = 0;
  crc = 0;
  constructor(private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) {
      done(new Error(`more data than the ${this.limit} bytes declared`));
      return;
    }
    this.crc = crc32(chunk, this.crc);
    done(null, chunk);
  }
}

interface Planned {
  entry: Entry;
  name: string;
  rel: string;
}

/** Reads the central directory: the entries worth expanding, with a warning for each one left out. */
async function planEntries(
  zip: ZipFile,
  limits: ZipLimits,
  warn: (place: string, message: string) => void,
  signal: AbortSignal | undefined,
): Promise<Planned[]> {
  const planned: Planned[] = [];
  const seen = new Set<string>();
  let total = 0;
  let index = 0;
  await new Promise<void>((resolveAll, reject) => {
    const next = (): void => {
      if (signal?.aborted) {
        reject(abortError());
        return;
      }
      zip.readEntry();
    };
    zip.on('error', reject);
    zip.on('end', () => resolveAll());
    zip.on('entry', (entry: Entry) => {
      index++;
      const raw = getFileNameLowLevel(
        entry.generalPurposeBitFlag,
        entry.fileNameRaw,
        entry.extraFields,
        false,
      );
      const place = `entry ${index} (${JSON.stringify(raw.slice(0, 120))})`;
      if (raw.endsWith('/')) return next();
      if (planned.length >= limits.maxEntries) {
        warn('bundle', `holds ${zip.entryCount} entries; only the first ${limits.maxEntries} are expanded`);
        return resolveAll();
      }
      const safe = safeEntryPath(raw);
      const size = entry.uncompressedSize;
      if (!safe.ok) warn(place, `refused: ${safe.reason}`);
      else if (seen.has(safe.path.toLowerCase()))
        warn(place, 'left out: another entry has the same name (names are compared without case)');
      else if (entry.isEncrypted()) warn(place, 'left out: the entry is encrypted');
      else if (!entry.canDecodeFileData())
        warn(
          place,
          `left out: compression method ${entry.compressionMethod} is not supported (stored or deflate only)`,
        );
      else if (size > limits.maxEntryBytes)
        warn(place, `left out: ${mib(size)} uncompressed, above the ${mib(limits.maxEntryBytes)} limit`);
      else if (size > limits.ratioFloorBytes && size / Math.max(1, entry.compressedSize) > limits.maxRatio)
        warn(
          place,
          `left out: expands ${Math.round(size / Math.max(1, entry.compressedSize))} times (${mib(size)}), which looks like a zip bomb (limit ${limits.maxRatio}x)`,
        );
      else if (total + size > limits.maxTotalBytes)
        warn(place, `left out: the bundle would expand past the ${mib(limits.maxTotalBytes)} limit`);
      else {
        seen.add(safe.path.toLowerCase());
        total += size;
        planned.push({ entry, name: raw, rel: safe.path });
      }
      next();
    });
    next();
  });
  return planned;
}

async function freeBytes(dir: string): Promise<number> {
  try {
    const s = await statfs(dir);
    return s.bavail * s.bsize;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** Entries up to this size are inflated in memory in one call; larger ones are streamed. */
const SMALL_ENTRY = 8 * 1024 * 1024;

const dataProblem = (e: unknown): string =>
  `left out: the data cannot be read (${e instanceof Error ? e.message : String(e)})`;

/**
 * A small entry in one read and one inflate: thousands of tiny entries (a folder of logs) would
 * otherwise cost a stream, a zlib context and several round trips each.
 */
async function smallEntry(zip: ZipFile, fh: FileHandle, p: Planned): Promise<Uint8Array> {
  const { fileDataStart } = await zip.readLocalFileHeaderPromise(p.entry, { minimal: true });
  const raw = Buffer.allocUnsafe(p.entry.compressedSize);
  const { bytesRead } = await fh.read(raw, 0, raw.length, fileDataStart);
  if (bytesRead < raw.length) throw new Error(`the archive ends ${raw.length - bytesRead} bytes early`);
  if (p.entry.compressionMethod === 0) return raw;
  // The bound makes zlib stop at the declared size instead of inflating a bomb.
  return inflateRawSync(raw, { maxOutputLength: Math.max(1, p.entry.uncompressedSize) });
}

/** Writes one entry to `target`; returns a warning message when the data is bad (the file is then removed). */
async function extractEntry(
  zip: ZipFile,
  fh: FileHandle,
  p: Planned,
  target: string,
  signal?: AbortSignal,
): Promise<string | null> {
  const declared = p.entry.uncompressedSize;
  let bytes: number;
  let crc: number;
  if (declared <= SMALL_ENTRY && p.entry.compressedSize <= SMALL_ENTRY) {
    let data: Uint8Array;
    try {
      data = await smallEntry(zip, fh, p);
    } catch (e) {
      return dataProblem(e);
    }
    if (data.length !== declared)
      return `left out: ${data.length} bytes found where ${declared} were declared`;
    // 'wx': the folder is new and ours, so an existing file (or a link planted in it) is an error, not a target.
    await writeFile(target, data, { flag: 'wx', mode: 0o600 });
    bytes = data.length;
    crc = crc32(data);
  } else {
    const check = new CheckedBytes(declared);
    try {
      const source = await zip.openReadStreamPromise(p.entry);
      await pipeline(source, check, createWriteStream(target, { flags: 'wx', mode: 0o600 }), { signal });
    } catch (e) {
      await unlink(target).catch(() => undefined);
      if (signal?.aborted) throw abortError();
      return dataProblem(e);
    }
    bytes = check.bytes;
    crc = check.crc;
  }
  if (bytes !== declared) {
    await unlink(target).catch(() => undefined);
    return `left out: ${bytes} bytes found where ${declared} were declared`;
  }
  if (crc >>> 0 !== p.entry.crc32 >>> 0)
    return `kept, but its CRC-32 (0x${(crc >>> 0).toString(16)}) differs from the stored 0x${(p.entry.crc32 >>> 0).toString(16)}: the data may be damaged`;
  return null;
}

/** Expands the bundle at `path`; see the module comment. Throws (naming the file) only when it is not a readable zip. */
export async function expandZip(path: string, opts: ExpandZipOptions = {}): Promise<ExpandedZip> {
  const name = opts.displayName ?? basename(path);
  const limits: ZipLimits = { ...DEFAULT_ZIP_LIMITS, ...opts.limits };
  const signal = opts.signal;
  if (signal?.aborted) throw abortError();
  const tempRoot = resolve(opts.tempRoot ?? tmpdir());
  if (resolve(dirname(resolve(path))) === tempRoot)
    throw new Error(
      `${name}: refusing to expand a bundle into its own folder; choose another temporary folder`,
    );
  let zip: ZipFile;
  // A read-only handle of our own for small entries (yauzl keeps and closes its own descriptor).
  const fh = await open(path, 'r').catch((e: unknown) => {
    throw new Error(`${name}: cannot open the bundle (${e instanceof Error ? e.message : String(e)})`, {
      cause: e,
    });
  });
  try {
    zip = await openPromise(path, {
      lazyEntries: true,
      autoClose: false,
      decodeStrings: false,
      // Sizes are checked here per entry (CheckedBytes): yauzl's own check fails the whole
      // directory on one stored entry whose sizes disagree, losing the good entries with it.
      validateEntrySizes: false,
    });
  } catch (e) {
    await fh.close();
    throw new Error(`${name}: not a readable zip bundle (${e instanceof Error ? e.message : String(e)})`, {
      cause: e,
    });
  }
  const warnings: InputWarning[] = [];
  const warn = (place: string, message: string): void => {
    if (warnings.length < 200) warnings.push({ file: name, place, message });
  };
  const dir = await mkdtemp(join(tempRoot, 'tracediff-zip-'));
  const dispose = (): Promise<void> => rm(dir, { recursive: true, force: true });
  try {
    let planned: Planned[];
    try {
      planned = await planEntries(zip, limits, warn, signal);
    } catch (e) {
      if (signal?.aborted) throw abortError();
      throw new Error(
        `${name}: the zip directory is damaged (${e instanceof Error ? e.message : String(e)})`,
        { cause: e },
      );
    }
    const declared = planned.reduce((s, p) => s + p.entry.uncompressedSize, 0);
    const free = await freeBytes(dir);
    if (declared > free)
      throw new Error(
        `${name}: expanding needs ${mib(declared)} but only ${mib(free)} is free in ${tempRoot}`,
      );
    const entries: ZipEntryFile[] = [];
    const made = new Set<string>([dir]);
    for (const p of planned) {
      if (signal?.aborted) throw abortError();
      const target = join(dir, ...p.rel.split('/'));
      if (!resolve(target).startsWith(dir + sep)) {
        warn(`entry ${JSON.stringify(p.name)}`, 'refused: the name leaves the expansion folder');
        continue;
      }
      const folder = dirname(target);
      if (!made.has(folder)) {
        await mkdir(folder, { recursive: true });
        made.add(folder);
      }
      const problem = await extractEntry(zip, fh, p, target, signal);
      if (problem !== null) warn(`entry ${JSON.stringify(p.name)}`, problem);
      if (problem === null || problem.startsWith('kept'))
        entries.push({ name: p.name, path: target, size: p.entry.uncompressedSize });
    }
    if (entries.length === 0 && planned.length === 0 && warnings.length === 0)
      warn('bundle', 'the bundle is empty');
    return { dir, entries, warnings, dispose };
  } catch (e) {
    await dispose();
    throw e;
  } finally {
    zip.close();
    await fh.close();
  }
}
