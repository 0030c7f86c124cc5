/**
 * Reading a PML on two threads (this one claiming blocks from the front, the range worker from the
 * back) must give the store a sequential read gives: events, texts, stacks, processes and warnings.
 * The worker's part runs on this thread here (`decodeRange`), so the claims, the reordering of the
 * worker's blocks and the merge are tested without the bundled worker.
 */
import { copyFile, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TraceStoreBuilder, type TraceStore } from '../../store/trace-store';
import { EventClaims } from './pml-claims';
import { EventReader } from './pml-event-reader';
import { readHeader } from './pml-file';
import { decodePmlRange, mergeRange } from './pml-parallel';
import { readEventOffsets, readTables } from './pml-tables';
import { readPml } from './read-pml';

const SAMPLES = path.resolve(process.cwd(), '../shared/samples/procmon');
const NAMES = [
  'procmon-parser_UTC32Filesystem',
  'procmon-parser_UTC64Process',
  'zingus-crysis_Logfile',
  'prsp0007-samples_Logfile',
  'matefoxer-ron-crash-log_Logfile',
];

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pml-parallel-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function expectSameStore(a: TraceStore, b: TraceStore): void {
  expect(b.length).toBe(a.length);
  for (let i = 0; i < a.length; i++) {
    const ra = a.row(i);
    const rb = b.row(i);
    if (JSON.stringify(ra) !== JSON.stringify(rb)) expect(rb).toEqual(ra);
    const sa = a.stack(i);
    const sb = b.stack(i);
    if (JSON.stringify(sa) !== JSON.stringify(sb))
      expect({ seq: i, stack: sb }).toEqual({ seq: i, stack: sa });
    expect(b.cols.processIndex[i]).toBe(a.cols.processIndex[i]);
  }
  expect(b.processes).toEqual(a.processes);
  expect(b.warnings).toEqual(a.warnings);
  expect(b.cols.warningCount).toBe(a.cols.warningCount);
}

/**
 * What readPml does on two threads, in a fixed order: this thread's share is claimed first, the
 * worker's part (everything after it, claimed back to front in small blocks) is decoded, then
 * this thread's share, then the worker's part is merged. (Through readPml on one thread the worker's
 * part would start too late to claim anything of a small sample.)
 */
async function readWithWorkerPart(
  file: string,
  allEvents: boolean,
  share: number,
): Promise<{ store: TraceStore; workerEvents: number; spans: number }> {
  const fh = await open(file, 'r');
  try {
    const h = await readHeader(fh, file);
    const tables = await readTables(fh, h);
    const builder = new TraceStoreBuilder({
      file,
      fileName: path.basename(file),
      size: h.fileSize,
      kind: 'procmon-pml',
      encoding: 'UTF-16LE',
      timeIsAbsolute: true,
      columns: [],
      computerName: h.computerName,
      osVersion: h.osVersion,
    });
    const reader = new EventReader(fh, h, tables, builder, { allEvents }, { base: 0, total: h.fileSize });
    const offsets = (await readEventOffsets(fh, h, true))!;
    const claims = new EventClaims(offsets.length);
    const mine = claims.claimFront(Math.floor(offsets.length * share))!;
    const r = await decodePmlRange({
      path: file,
      offsets,
      claims: claims.buffer,
      minBlock: 300,
      allEvents,
      fileName: path.basename(file),
      processBase: 0,
    });
    await reader.readIndexed(offsets, mine.start, mine.end);
    mergeRange(builder, reader, r, 0);
    reader.summarizeDamage();
    await reader.settle();
    return { store: builder.finish(), workerEvents: r.store.length, spans: r.spans.length };
  } finally {
    await fh.close();
  }
}

const inThread = { parallelMinEvents: 2, decodeRange: decodePmlRange };
/** Many small blocks: the worker's part comes in several blocks decoded back to front. */
const smallBlocks = { ...inThread, claimBlock: 500 };

describe('PML read in two parts', () => {
  for (const name of NAMES) {
    it(`${name}: same store as one sequential read, with and without the default filter`, async () => {
      const file = path.join(SAMPLES, `${name}.PML`);
      for (const allEvents of [true, false]) {
        const one = await readPml(file, { allEvents, parallel: false });
        const two = await readPml(file, { allEvents, ...inThread });
        expectSameStore(one, two);
        expectSameStore(one, await readPml(file, { allEvents, ...smallBlocks }));
        const parts = await readWithWorkerPart(file, allEvents, 0.4);
        // (Through the default filter the worker's part of a sample may show nothing.)
        if (allEvents) expect(parts.spans).toBeGreaterThan(1);
        if (allEvents) expect(parts.workerEvents).toBeGreaterThan(0);
        expectSameStore(one, parts.store);
      }
    });
  }

  it('merges the warnings of damaged events as one read gives them (first 20, then a total)', async () => {
    const src = await readFile(path.join(SAMPLES, 'zingus-crysis_Logfile.PML'));
    const n = src.readUInt32LE(0x234);
    const offsets = Number(src.readBigUInt64LE(0x248));
    // 40 events with an impossible event class, spread over both parts.
    for (let k = 0; k < 40; k++) {
      const e = src.readUInt32LE(offsets + Math.floor(((k + 0.5) * n) / 40) * 5);
      src.writeUInt32LE(99, e + 8);
    }
    const file = path.join(dir, 'damaged.PML');
    await writeFile(file, src);
    const one = await readPml(file, { allEvents: true, parallel: false });
    const two = await readPml(file, { allEvents: true, ...inThread });
    expect(one.warnings.at(-1)?.message).toBe('40 damaged events were skipped in all');
    expect(one.warnings.filter((w) => /skipped$/.test(w.message))).toHaveLength(20);
    expectSameStore(one, two);
    expectSameStore(one, await readPml(file, { allEvents: true, ...smallBlocks }));
    // The worker's part holds damaged events of several blocks, decoded back to front.
    expectSameStore(one, (await readWithWorkerPart(file, true, 0.3)).store);
  });

  it('reads a two-file capture in parts (stack contexts and processes per file)', async () => {
    const src = path.join(SAMPLES, 'prsp0007-samples_Logfile.PML');
    await copyFile(src, path.join(dir, 'Set.PML'));
    await copyFile(path.join(SAMPLES, 'zingus-crysis_Logfile.PML'), path.join(dir, 'Set-1.PML'));
    const file = path.join(dir, 'Set.PML');
    const one = await readPml(file, { allEvents: true, parallel: false });
    const two = await readPml(file, { allEvents: true, ...inThread });
    expect(one.processes.length).toBeGreaterThan(0);
    expectSameStore(one, two);
  });

  it('reads the second part itself when the other thread fails', async () => {
    const file = path.join(SAMPLES, 'procmon-parser_UTC64Process.PML');
    const one = await readPml(file, { allEvents: true, parallel: false });
    const failed = await readPml(file, {
      allEvents: true,
      parallelMinEvents: 2,
      decodeRange: () => Promise.reject(new Error('worker died')),
    });
    expectSameStore(one, failed);
  });

  it('stops both parts when aborted while the other part is still read', async () => {
    const file = path.join(SAMPLES, 'prsp0007-samples_Logfile.PML');
    const ac = new AbortController();
    const never = new Promise<null>(() => undefined);
    const reading = readPml(file, {
      allEvents: true,
      signal: ac.signal,
      parallelMinEvents: 2,
      // The other part never finishes on its own: only the abort ends the wait.
      decodeRange: () => never,
    });
    setTimeout(() => ac.abort(), 50);
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('reports progress of both parts, ending at the file size', async () => {
    const file = path.join(SAMPLES, 'zingus-crysis_Logfile.PML');
    const seen: { bytes: number; events: number }[] = [];
    const store = await readPml(file, {
      allEvents: true,
      ...inThread,
      onProgress: (p) => seen.push({ bytes: p.bytesRead / p.bytesTotal, events: p.events }),
    });
    expect(seen.at(-1)).toEqual({ bytes: 1, events: store.length });
  });

  it('claims blocks from both ends until they meet, shrinking to the smallest block', () => {
    const claims = new EventClaims(100);
    const other = new EventClaims(claims.buffer);
    const front = claims.claimFront(10);
    expect(front).toEqual({ start: 0, end: 25 });
    expect(other.claimBack(10)).toEqual({ start: 81, end: 100 });
    const seen: [number, number][] = [];
    for (;;) {
      const f = claims.claimFront(10);
      const b = other.claimBack(10);
      if (f) seen.push([f.start, f.end]);
      if (b) seen.push([b.start, b.end]);
      if (!f && !b) break;
    }
    // Every event claimed exactly once, blocks never below 10 but at the meeting point.
    const all = [[0, 25], [81, 100], ...seen].sort((x, y) => x[0] - y[0]);
    for (let i = 1; i < all.length; i++) expect(all[i][0]).toBe(all[i - 1][1]);
    expect(all.at(-1)![1]).toBe(100);
    expect(seen.slice(0, -1).every(([s, e]) => e - s >= 10)).toBe(true);
    expect(claims.unclaimed.front).toBe(claims.unclaimed.back);
    expect(claims.close()).toBe(claims.unclaimed.front);
  });

  it('closing leaves nothing to claim and says where the front stood', () => {
    const claims = new EventClaims(1000);
    claims.claimFront(10);
    expect(claims.close()).toBe(250);
    expect(claims.claimFront(10)).toBeNull();
    expect(new EventClaims(claims.buffer).claimBack(10)).toBeNull();
  });
});
