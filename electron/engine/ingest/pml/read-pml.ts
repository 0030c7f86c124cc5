/**
 * Reads Process Monitor's native PML v9 logs (32- and 64-bit captures, multi-file sets) into a
 * TraceStore, streaming the events region in large positioned reads (never the whole file) and
 * applying Procmon's default display filter unless `allEvents` is set. Layout facts:
 * shared/formats/procmon.md §3. Damaged files load up to the damage with warnings that name the
 * file and offset.
 */
import { open, stat } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { TraceStoreBuilder, type TraceStore } from '../../store/trace-store';
import { EventReader, abortError } from './pml-event-reader';
import { EventClaims, MIN_BLOCK } from './pml-claims';
import {
  PARALLEL_MIN_EVENTS,
  bootRangeWorker,
  mergeRange,
  rangeRunner,
  type PmlRangeRequest,
  type PmlRangeResult,
  type RangeWorker,
} from './pml-parallel';
import { HEADER_SIZE, PmlError, readHeader, type PmlHeader } from './pml-file';
import { findLogSet } from './pml-log-set';
import { readEventOffsets, readTables } from './pml-tables';

export { PmlError } from './pml-file';

export interface PmlProgress {
  bytesRead: number;
  bytesTotal: number;
  events: number;
}

export interface ReadPmlOptions {
  onProgress?(p: PmlProgress): void;
  signal?: AbortSignal;
  /** Keep every event (Procmon's default display filter off). */
  allEvents?: boolean;
  displayName?: string;
  /**
   * Decode large files on two threads (needs the bundled range worker, see pml-parallel.ts): true
   * always; by default never. Measured on an idle 2-core machine (bench/pml-results.md), one thread
   * read the 1.2M-event capture at 2.45M events/s and two at 1.99M: the worker's start-up, the
   * merge and the copy cost more than the second core gains, and the app already reads the two
   * captures of a pair on two threads. The store is the same either way.
   */
  parallel?: boolean;
  /** Explicit range-worker bundle (default: dist/workers beside the running bundle). */
  rangeWorkerPath?: string;
  /** Files with fewer events are read on one thread (default PARALLEL_MIN_EVENTS). */
  parallelMinEvents?: number;
  /** Smallest block of events a thread claims at once (default MIN_BLOCK; tests use small ones). */
  claimBlock?: number;
  /** Decodes the second range instead of a worker thread (tests: the same merge, on one thread). */
  decodeRange?: (req: PmlRangeRequest) => Promise<PmlRangeResult | null>;
}

/** What `inspect` and case metadata need without reading the events. */
export interface PmlHeaderInfo {
  file: string;
  fileSize: number;
  version: number;
  computerName: string;
  osVersion: string;
  systemRoot: string;
  eventCount: number;
  is64bit: boolean;
  logicalProcessors: number;
  ramBytes: number;
  closedCleanly: boolean;
  offsets: {
    events: number;
    eventOffsets: number;
    processTable: number;
    stringsTable: number;
    iconTable: number;
    hostsAndPorts: number;
  };
}

export async function readPmlHeader(path: string): Promise<PmlHeaderInfo> {
  const fh = await open(path, 'r');
  try {
    const h = await readHeader(fh, path);
    return {
      file: path,
      fileSize: h.fileSize,
      version: h.version,
      computerName: h.computerName,
      osVersion: h.osVersion,
      systemRoot: h.systemRoot,
      eventCount: h.eventCount,
      is64bit: h.is64bit,
      logicalProcessors: h.logicalProcessors,
      ramBytes: h.ramBytes,
      closedCleanly: h.closedCleanly,
      offsets: {
        events: h.eventsOffset,
        eventOffsets: h.eventOffsetsOffset,
        processTable: h.processTableOffset,
        stringsTable: h.stringsTableOffset,
        iconTable: h.iconTableOffset,
        hostsAndPorts: h.hostsPortsOffset,
      },
    };
  } finally {
    await fh.close();
  }
}

async function readOneFile(
  path: string,
  builder: TraceStoreBuilder,
  opts: ReadPmlOptions,
  progress: { base: number; total: number },
): Promise<void> {
  const fh = await open(path, 'r');
  // While the worker reads its blocks, progress counts both threads'.
  let worker: RangeWorker | null = null;
  const stopWorker = (): void => worker?.cancel();
  opts.signal?.addEventListener('abort', stopWorker, { once: true });
  const report = (bytesRead: number, events: number): void => {
    if (!opts.onProgress) return;
    const w = worker?.progress;
    const extraBytes = w?.bytes ?? 0;
    opts.onProgress({
      bytesRead: Math.min(progress.total, Math.max(bytesRead, progress.base) + extraBytes),
      bytesTotal: progress.total,
      events: Math.max(events, builder.length) + (w?.events ?? 0),
    });
  };
  try {
    const h = await readHeader(fh, path);
    // Booted before the tables are read (its start-up overlaps that), and only for a file big
    // enough: a thread costs ~0.1 s of CPU to start.
    if (
      (opts.parallel === true || opts.decodeRange !== undefined) &&
      h.closedCleanly &&
      h.eventCount >= Math.max(2, opts.parallelMinEvents ?? PARALLEL_MIN_EVENTS)
    )
      worker = opts.decodeRange
        ? rangeRunner(opts.decodeRange)
        : bootRangeWorker(opts.rangeWorkerPath, () => report(0, 0));
    const name = nodePath.basename(path);
    const tables = await readTables(fh, h);
    for (const w of tables.warnings)
      builder.warn(`${name} offset 0x${w.offset.toString(16).toUpperCase()}`, w.message);
    const processBase = builder.processes.length;
    const readerOpts = { ...opts, onProgress: (p: PmlProgress) => report(p.bytesRead, p.events) };
    const reader = new EventReader(fh, h, tables, builder, readerOpts, progress);
    try {
      // Damaged tables may make either thread invent processes: then one thread reads it all.
      const parallel = worker !== null && tables.warnings.length === 0;
      const offsets = await readEventOffsets(fh, h, parallel);
      if (offsets === null) {
        worker?.cancel();
        await readSequentially(h, reader, builder, name);
        return;
      }
      if (!parallel || worker === null) {
        worker?.cancel();
        await reader.readIndexed(offsets, 0, offsets.length);
      } else {
        // This thread takes blocks from the front, the worker from the back, until they meet.
        const claims = new EventClaims(offsets.length);
        const minBlock = opts.claimBlock ?? MIN_BLOCK;
        worker.start({
          path,
          offsets,
          claims: claims.buffer,
          minBlock,
          allEvents: opts.allEvents === true,
          fileName: builder.meta.fileName,
          processBase,
        });
        for (let c = claims.claimFront(minBlock); c !== null; c = claims.claimFront(minBlock))
          await reader.readIndexed(offsets, c.start, c.end);
        const r = await worker.result;
        if (opts.signal?.aborted) throw abortError();
        // The worker failed: its blocks (all after ours) are read here.
        if (!merged(builder, reader, r, processBase))
          await reader.readIndexed(offsets, claims.close(), offsets.length);
      }
      reader.summarizeDamage();
    } finally {
      await reader.settle();
    }
  } finally {
    opts.signal?.removeEventListener('abort', stopWorker);
    worker?.cancel();
    await fh.close();
  }
}

/** Appends the worker's range; false when it failed or does not line up (then it is read here). */
function merged(
  builder: TraceStoreBuilder,
  reader: EventReader,
  r: PmlRangeResult | null,
  processBase: number,
): boolean {
  if (r === null) return false;
  try {
    mergeRange(builder, reader, r, processBase);
    return true;
  } catch {
    return false;
  }
}

async function readSequentially(
  h: PmlHeader,
  reader: EventReader,
  builder: TraceStoreBuilder,
  name: string,
): Promise<void> {
  if (h.closedCleanly) {
    builder.warn(
      `${name} offset 0x${h.eventOffsetsOffset.toString(16).toUpperCase()}`,
      `the event-offsets array (${h.eventCount} entries) is missing or cut short: the file is truncated at ${h.fileSize} bytes; reading events one after another`,
    );
  }
  const end =
    h.closedCleanly && h.eventOffsetsOffset > HEADER_SIZE
      ? Math.min(h.eventOffsetsOffset, h.fileSize)
      : h.fileSize;
  await reader.readSequential(end);
}

const PML_COLUMNS = [
  'Time of Day',
  'Process Name',
  'PID',
  'Operation',
  'Path',
  'Result',
  'Detail',
  'TID',
  'Duration',
  'Event Class',
];

/** Reads a PML file (or the multi-file set it belongs to) into a TraceStore. */
export async function readPml(path: string, opts: ReadPmlOptions = {}): Promise<TraceStore> {
  const files = await findLogSet(path);
  const sizes = await Promise.all(files.map(async (f) => (await stat(f)).size));
  const total = sizes.reduce((a, b) => a + b, 0);
  // The first file must at least have a valid header: otherwise this is not a PML at all.
  const first = await open(files[0], 'r');
  let h0: PmlHeader;
  try {
    h0 = await readHeader(first, files[0]);
  } finally {
    await first.close();
  }
  const builder = new TraceStoreBuilder({
    file: path,
    fileName: opts.displayName ?? nodePath.basename(path),
    size: total,
    kind: 'procmon-pml',
    encoding: 'UTF-16LE',
    timeIsAbsolute: true,
    columns: PML_COLUMNS,
    computerName: h0.computerName,
    osVersion: h0.osVersion,
  });
  if (files.length > 1)
    builder.warn(
      'file set',
      `opened as one capture of ${files.length} files: ${files.map((f) => nodePath.basename(f)).join(', ')}`,
    );
  let base = 0;
  for (let i = 0; i < files.length; i++) {
    if (opts.signal?.aborted) throw abortError();
    try {
      await readOneFile(files[i], builder, opts, { base, total });
    } catch (e) {
      if (e instanceof PmlError && i > 0) builder.warn(nodePath.basename(files[i]), e.message);
      else throw e;
    }
    base += sizes[i];
  }
  opts.onProgress?.({ bytesRead: total, bytesTotal: total, events: builder.length });
  return builder.finish();
}
