/**
 * Reading a large PML on two threads: this thread decodes events from the front while a worker
 * thread (the bundled `pml-range-worker.cjs`) decodes from the back into a store builder of its own,
 * both claiming blocks until they meet (pml-claims.ts); the worker's columns then come over
 * transferred, its texts are re-interned here and its events appended after ours. The result is the
 * store a sequential read gives (same events, texts, stacks and warnings; only the order of the
 * string table differs). When the worker bundle is absent (tests run from source), the file is
 * small, or anything about the worker fails, its part is decoded here instead.
 */
import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import * as nodePath from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EventColumns } from '../../store/event-batch';
import { fileStackInfo } from '../../store/file-stacks';
import { TraceStoreBuilder, type TraceStoreTransfer } from '../../store/trace-store';
import { EventClaims, inFileOrder, type DecodedBlock, type EventSpan } from './pml-claims';
import { EVENT_WARNINGS_KEPT, EventReader, WarningKind, unlistedProcess } from './pml-event-reader';
import { readHeader } from './pml-file';
import { readTables } from './pml-tables';

/** Below this many events a second thread costs more than it saves (starting it and merging take ~0.1 s). */
export const PARALLEL_MIN_EVENTS = 250_000;

export interface PmlRangeRequest {
  path: string;
  /** The file's event offsets (in shared memory: both threads index it). */
  offsets: Float64Array;
  /** The shared claim word over the offsets (EventClaims): the worker claims from the back. */
  claims: SharedArrayBuffer;
  /** Smallest block claimed (tests use small ones to exercise many blocks). */
  minBlock?: number;
  allEvents: boolean;
  /** The store's file name (warnings name it). */
  fileName: string;
  /** Processes the store held before this file's (the worker's indexes line up with the store's). */
  processBase: number;
}

export interface PmlRangeResult {
  /** The worker's builder; its blocks came back to front, its warnings are in file order. */
  store: TraceStoreTransfer;
  /** Runs of `store`'s events in file order (appended in this order). */
  spans: EventSpan[];
  /** Kind of each of `store.warnings`. */
  warningKinds: WarningKind[];
  skipped: number;
  decodeFailures: number;
}

export type PmlRangeMessage =
  | { type: 'progress'; bytes: number; events: number }
  | { type: 'done'; result: PmlRangeResult }
  | { type: 'error'; message: string };

const PLACEHOLDER_PROCESS = unlistedProcess('');

/** Decodes the blocks it claims from the back of a file's events into a builder of its own (what the worker runs). */
export async function decodePmlRange(
  req: PmlRangeRequest,
  onProgress?: (bytes: number, events: number) => void,
): Promise<PmlRangeResult> {
  const fh = await open(req.path, 'r');
  try {
    const h = await readHeader(fh, req.path);
    const tables = await readTables(fh, h);
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
    const offsets = req.offsets;
    const claims = new EventClaims(req.claims);
    const eventsEnd = h.closedCleanly && h.eventOffsetsOffset > 0 ? h.eventOffsetsOffset : h.fileSize;
    const byteAt = (i: number): number => (i < offsets.length ? offsets[i] : eventsEnd);
    // Bytes of the blocks finished, and where the current one started (progress counts both).
    let doneBytes = 0;
    let blockStart = 0;
    const reader = new EventReader(
      fh,
      h,
      tables,
      builder,
      {
        allEvents: req.allEvents,
        expectedEvents: offsets.length / 2,
        // Blocks come back to front: the merge keeps the first warnings in file order.
        warningsKept: Infinity,
        onProgress: onProgress
          ? (p) => onProgress(doneBytes + Math.max(0, p.bytesRead - blockStart), p.events)
          : undefined,
      },
      { base: 0, total: h.fileSize },
    );
    const blocks: DecodedBlock[] = [];
    try {
      for (let c = claims.claimBack(req.minBlock); c !== null; c = claims.claimBack(req.minBlock)) {
        blocks.push({ first: c.start, events: builder.length, warnings: builder.warnings.length });
        blockStart = byteAt(c.start);
        await reader.readIndexed(offsets, c.start, c.end);
        doneBytes += Math.max(0, byteAt(c.end) - blockStart);
      }
    } finally {
      await reader.settle();
    }
    const store = builder.toTransfer();
    const ordered = inFileOrder(store.length, store.warnings, reader.warningKinds, blocks);
    return {
      store: { ...store, warnings: ordered.warnings },
      spans: ordered.spans,
      warningKinds: ordered.warningKinds,
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

export interface RangeWorker {
  /** Null when the worker failed or was cancelled (then the range is decoded here). */
  readonly result: Promise<PmlRangeResult | null>;
  /** Bytes and events decoded so far. */
  readonly progress: { bytes: number; events: number };
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
  const progress = { bytes: 0, events: 0 };
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
      progress.bytes = m.bytes;
      progress.events = m.events;
      onProgress?.();
    } else end(m.type === 'done' ? m.result : null);
  });
  worker.on('error', () => end(null));
  worker.on('exit', () => settle(null));
  return {
    result,
    progress,
    start: (req) => worker.postMessage(req),
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
    progress: { bytes: 0, events: 0 },
    start: (req) => {
      decode(req).then(settle, () => settle(null));
    },
    cancel: () => settle(null),
  };
}

/**
 * Appends the worker's events after the events read here, span by span in file order, keeping the
 * warnings a sequential read would give (the first 20 damaged events of each kind, counted across
 * both threads). Throws before appending anything when the worker's events cannot line up with ours.
 */
export function mergeRange(
  builder: TraceStoreBuilder,
  reader: EventReader,
  r: PmlRangeResult,
  processBase: number,
): void {
  const t = r.store;
  if (
    t.processes.length !== builder.processes.length ||
    t.processes.some(
      (p, i) =>
        i >= processBase && (p.name !== builder.processes[i].name || p.pid !== builder.processes[i].pid),
    )
  )
    throw new Error('the other thread used another process table');
  // The range reader makes neither: a store that has them is not one it made.
  if (t.stackStart || t.rawStacks || Object.keys(t.extra).length > 0)
    throw new Error('the other thread stored columns the merge does not know');
  let spanned = 0;
  for (const s of r.spans) spanned += s.end - s.start;
  if (spanned !== t.length) throw new Error('the spans do not cover the events of the other thread');

  const ids = new Uint32Array(t.strings.length);
  for (let i = 0; i < t.strings.length; i++) ids[i] = builder.strings.intern(t.strings[i]);
  for (const col of [t.process, t.operation, t.path, t.result, t.detail, t.eventClass])
    for (let i = 0; i < col.length; i++) col[i] = ids[col[i]];
  const fs = t.fileStacks ?? null;
  if (fs) {
    const files = fs.files.map((f) => builder.addStackFile(f));
    if (files.some((f, i) => f !== i))
      for (let i = 0; i < fs.info.length; i++)
        if (fs.info[i] !== 0) fs.info[i] = fileStackInfo(files[fs.info[i] >>> 16], fs.info[i]);
  }
  const noRecords = new Float64Array(0);
  const noInfo = new Uint32Array(0);
  for (const { start, end } of r.spans) {
    const view: EventColumns = {
      timeSec: t.timeSec.subarray(start, end),
      timeFrac: t.timeFrac.subarray(start, end),
      pid: t.pid.subarray(start, end),
      tid: t.tid.subarray(start, end),
      processIndex: t.processIndex.subarray(start, end),
      process: t.process.subarray(start, end),
      operation: t.operation.subarray(start, end),
      path: t.path.subarray(start, end),
      result: t.result.subarray(start, end),
      detail: t.detail.subarray(start, end),
      eventClass: t.eventClass.subarray(start, end),
      duration: t.duration.subarray(start, end),
      resultClass: t.resultClass.subarray(start, end),
      stackRecord: fs ? fs.record.subarray(start, end) : noRecords,
      stackInfo: fs ? fs.info.subarray(start, end) : noInfo,
      length: end - start,
      stacks: fs ? 1 : 0,
    };
    builder.appendBatch(view);
  }

  let skipped = reader.skipped;
  let failed = reader.decodeFailures;
  t.warnings.forEach((w, i) => {
    const kind = r.warningKinds[i] ?? WarningKind.Other;
    if (kind === WarningKind.Skipped && skipped++ >= EVENT_WARNINGS_KEPT) return;
    if (kind === WarningKind.Undecodable && failed++ >= EVENT_WARNINGS_KEPT) return;
    builder.warn(w.place, w.message);
  });
  // Warnings the worker's builder only counted (past its cap) still count.
  builder.warningCount += Math.max(0, t.warningCount - t.warnings.length);
  reader.skipped += r.skipped;
  reader.decodeFailures += r.decodeFailures;
}
