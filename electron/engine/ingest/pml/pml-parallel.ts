/**
 * Reading a large PML on two threads: this thread decodes the first part of the events while a worker
 * thread (the bundled `pml-range-worker.cjs`) decodes the rest into a store builder of its own; its
 * columns then come over transferred, its texts are re-interned here and its events appended after
 * ours. The result is the store a sequential read gives (same events, texts, stacks and warnings;
 * only the order of the string table differs). When the worker bundle is absent (tests run from
 * source), the file is small, or anything about the worker fails, the part is decoded here instead.
 */
import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import * as nodePath from 'node:path';
import { Worker } from 'node:worker_threads';
import type { InputWarning, ProcessInfo } from '../../../../shared/model/trace';
import { TraceStoreBuilder, type RawStackContext, type TraceStoreTransfer } from '../../store/trace-store';
import { EVENT_WARNINGS_KEPT, EventReader, WarningKind } from './pml-event-reader';
import { readHeader } from './pml-file';
import { readTables } from './pml-tables';

/** Below this many events a second thread costs more than it saves (starting it and merging take ~0.1 s). */
export const PARALLEL_MIN_EVENTS = 250_000;

export interface PmlRangeRequest {
  path: string;
  /** Events [first, end) of the file's offsets array, and their offsets (end - first entries). */
  first: number;
  end: number;
  offsets: Float64Array;
  /** Entries in the file's offsets array (warnings count events in it). */
  total: number;
  allEvents: boolean;
  /** The store's file name (warnings name it). */
  fileName: string;
  /** Processes the store held before this file's (the worker's indexes line up with the store's). */
  processBase: number;
  /** Stack contexts the store held before this file's. */
  contexts: RawStackContext[];
}

export interface PmlRangeResult {
  store: TraceStoreTransfer;
  /** Kind of each of `store.warnings`. */
  warningKinds: WarningKind[];
  skipped: number;
  decodeFailures: number;
}

export type PmlRangeMessage =
  | { type: 'progress'; fileOffset: number; events: number }
  | { type: 'done'; result: PmlRangeResult }
  | { type: 'error'; message: string };

const PLACEHOLDER_PROCESS: Omit<ProcessInfo, 'index'> = {
  pid: 0,
  parentPid: 0,
  name: '',
  imagePath: '',
  commandLine: '',
  user: '',
  integrity: '',
  company: '',
  description: '',
  version: '',
  startTime: '',
  endTime: '',
  is64bit: null,
  modules: [],
};

/** Decodes one range of a file's events into a builder of its own (what the worker runs). */
export async function decodePmlRange(
  req: PmlRangeRequest,
  onProgress?: (fileOffset: number, events: number) => void,
): Promise<PmlRangeResult> {
  const fh = await open(req.path, 'r');
  try {
    const h = await readHeader(fh, req.path);
    const tables = await readTables(fh, h);
    if (req.offsets.length !== req.end - req.first || req.end > req.total)
      throw new Error(`${req.path}: events ${req.first}..${req.end - 1} are not a range of ${req.total}`);
    const builder = new TraceStoreBuilder({
      file: req.path,
      fileName: req.fileName,
      size: h.fileSize,
      kind: 'procmon-pml',
      encoding: 'UTF-16LE',
      timeIsAbsolute: true,
      columns: [],
      computerName: h.computerName,
      osVersion: h.osVersion,
    });
    for (let i = 0; i < req.processBase; i++) builder.addProcess(PLACEHOLDER_PROCESS);
    for (const c of req.contexts) builder.addRawStackContext(c);
    const reader = new EventReader(
      fh,
      h,
      tables,
      builder,
      {
        allEvents: req.allEvents,
        expectedEvents: req.end - req.first,
        onProgress: onProgress ? (p) => onProgress(p.bytesRead, p.events) : undefined,
      },
      { base: 0, total: h.fileSize },
    );
    try {
      await reader.readIndexed(req.offsets, 0, req.offsets.length, req.first, req.total);
    } finally {
      await reader.settle();
    }
    return {
      store: builder.toTransfer(),
      warningKinds: reader.warningKinds,
      skipped: reader.skipped,
      decodeFailures: reader.decodeFailures,
    };
  } finally {
    await fh.close();
  }
}

/** Where the bundled worker sits: beside the running bundle's folder in dist/ (dist/workers). */
export function defaultRangeWorkerPath(): string {
  const here = typeof __dirname !== 'undefined' ? __dirname : process.cwd();
  return nodePath.join(here, '..', 'workers', 'pml-range-worker.cjs');
}

/**
 * Index of the first event the worker takes, splitting the events region in two halves by bytes
 * (events cost about the same per byte), or `offsets.length` when one thread should read it all.
 */
export function splitPoint(
  offsets: Float64Array,
  eventsEnd: number,
  minEvents = PARALLEL_MIN_EVENTS,
): number {
  const n = offsets.length;
  if (n < Math.max(2, minEvents)) return n;
  const middle = offsets[0] + (eventsEnd - offsets[0]) / 2;
  let a = 0;
  let b = n;
  while (a < b) {
    const m = (a + b) >> 1;
    if (offsets[m] < middle) a = m + 1;
    else b = m;
  }
  // Offsets out of order (a damaged array) defeat the byte split: halve by count.
  return a > 0 && a < n && offsets[a - 1] <= offsets[a] ? a : n >> 1;
}

export interface RangeWorker {
  /** Null when the worker failed or was cancelled (then the range is decoded here). */
  readonly result: Promise<PmlRangeResult | null>;
  /** File offset reached and events decoded so far. */
  readonly progress: { fileOffset: number; events: number };
  start(req: PmlRangeRequest): void;
  cancel(): void;
}

/**
 * Boots the worker (its start-up overlaps reading the tables here); `start` then hands it its range.
 * Null when parallel reading is off or impossible.
 */
export function bootRangeWorker(
  workerPath = defaultRangeWorkerPath(),
  onProgress?: () => void,
): RangeWorker | null {
  if (availableParallelism() < 2 || !existsSync(workerPath)) return null;
  let worker: Worker;
  try {
    worker = new Worker(workerPath, { resourceLimits: { maxYoungGenerationSizeMb: 64 } });
  } catch {
    return null;
  }
  const progress = { fileOffset: 0, events: 0 };
  let settle: (r: PmlRangeResult | null) => void = () => undefined;
  const result = new Promise<PmlRangeResult | null>((resolve) => {
    settle = resolve;
  });
  const end = (r: PmlRangeResult | null): void => {
    settle(r);
    void worker.terminate();
  };
  worker.on('message', (m: PmlRangeMessage) => {
    if (m.type === 'progress') {
      progress.fileOffset = m.fileOffset;
      progress.events = m.events;
      onProgress?.();
    } else end(m.type === 'done' ? m.result : null);
  });
  worker.on('error', () => end(null));
  worker.on('exit', () => settle(null));
  return {
    result,
    progress,
    start: (req) => worker.postMessage(req, [req.offsets.buffer as ArrayBuffer]),
    cancel: () => end(null),
  };
}

/** A RangeWorker that runs `decode` on this thread instead (tests; no bundle needed). */
export function rangeRunner(decode: (req: PmlRangeRequest) => Promise<PmlRangeResult | null>): RangeWorker {
  let settle: (r: PmlRangeResult | null) => void = () => undefined;
  const result = new Promise<PmlRangeResult | null>((resolve) => {
    settle = resolve;
  });
  return {
    result,
    progress: { fileOffset: 0, events: 0 },
    start: (req) => {
      decode(req).then(settle, () => settle(null));
    },
    cancel: () => settle(null),
  };
}

/**
 * Appends a range decoded by the worker after the events read here, keeping the warnings a
 * sequential read would give (the first 20 damaged events of each kind, counted across both parts).
 * Throws, leaving the builder untouched, when the worker's events cannot line up with ours.
 */
export function mergeRange(
  builder: TraceStoreBuilder,
  reader: EventReader,
  r: PmlRangeResult,
  processBase: number,
): void {
  const t = r.store;
  const kept: InputWarning[] = [];
  let skipped = reader.skipped;
  let failed = reader.decodeFailures;
  t.warnings.forEach((w, i) => {
    const kind = r.warningKinds[i] ?? WarningKind.Other;
    if (kind === WarningKind.Skipped && skipped++ >= EVENT_WARNINGS_KEPT) return;
    if (kind === WarningKind.Undecodable && failed++ >= EVENT_WARNINGS_KEPT) return;
    kept.push(w);
  });
  builder.appendEvents(
    { ...t, warnings: kept, warningCount: kept.length + Math.max(0, t.warningCount - t.warnings.length) },
    processBase,
  );
  reader.skipped += r.skipped;
  reader.decodeFailures += r.decodeFailures;
}
