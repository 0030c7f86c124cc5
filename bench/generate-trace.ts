/**
 * Writes a realistic Procmon CSV (the 7 default columns, UTF-8 BOM, CRLF, every field quoted, en-US
 * 12-hour Time of Day) of N events for benchmarks and big-input tests: background noise from the
 * usual Windows processes (svchost, MsMpEng, explorer, TiWorker, SearchIndexer, ...), file, registry
 * and process events with Procmon-like Detail text, and a result mix close to the one measured over
 * real captures (procmon.md §5.1: mostly SUCCESS, then NAME NOT FOUND, FAST IO DISALLOWED, BUFFER
 * OVERFLOW, ... and a few ACCESS DENIED). Deterministic for a given seed; streamed to disk.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DIRS, DLLS, EXT, FAIL_OPEN, PROCESSES, REG_LEAVES, REG_ROOTS, RESULTS } from './trace-vocabulary';

export interface InjectedEvent {
  /** Where in the trace (0..1) the event goes. */
  at: number;
  process: string;
  operation: string;
  path: string;
  result: string;
  detail?: string;
}

export interface GenerateOptions {
  events: number;
  seed?: number;
  /** Seconds since midnight of the first event (default 10:15:30). */
  startSeconds?: number;
  /** Extra events placed at fixed positions (e.g. the ACCESS DENIED a compare benchmark must find). */
  inject?: InjectedEvent[];
}

/** Small fast deterministic PRNG (mulberry32). */
export function makeRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RESULT_TOTAL = RESULTS.reduce((s, [, w]) => s + w, 0);
const PROCESS_TOTAL = PROCESSES.reduce((s, p) => s + p.weight, 0);

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/** en-US Procmon Time of Day: `h:mm:ss.fffffff AM`. */
export function enUsTimeOfDay(ticksOfDay: number): string {
  const sec = Math.floor(ticksOfDay / 1e7) % 86400;
  const frac = ticksOfDay % 1e7;
  const h24 = Math.floor(sec / 3600);
  const h12 = h24 % 12 === 0 ? 12 : h24 % 12;
  return `${h12}:${pad(Math.floor((sec % 3600) / 60), 2)}:${pad(sec % 60, 2)}.${pad(frac, 7)} ${h24 < 12 ? 'AM' : 'PM'}`;
}

const q = (s: string): string => `"${s.includes('"') ? s.replace(/"/g, '""') : s}"`;

type Fields = [string, number, string, string, string, string];

function pickResult(rnd: () => number): string {
  let r = rnd() * RESULT_TOTAL;
  for (const [name, w] of RESULTS) {
    r -= w;
    if (r < 0) return name;
  }
  return 'SUCCESS';
}

/**
 * One burst of related events, as real captures have them: a thread opens a file, queries it, reads
 * it a few times and closes it; or opens a key, queries some values and closes it. Several bursts
 * run interleaved, like threads do.
 */
function* burst(rnd: () => number): Generator<Fields> {
  let pick = rnd() * PROCESS_TOTAL;
  let proc = PROCESSES[0];
  for (const p of PROCESSES) {
    pick -= p.weight;
    if (pick < 0) {
      proc = p;
      break;
    }
  }
  const name = proc.name;
  const pid = proc.pids[Math.floor(rnd() * proc.pids.length)];
  const n = (max: number): number => Math.floor(rnd() * max);
  // Skewed choice: a hot set is hit far more often than the rest, as in real captures.
  const skew = (max: number): number => Math.floor(max * rnd() * rnd());
  const kind = rnd();
  if (kind < 0.42) {
    const key = `${REG_ROOTS[skew(REG_ROOTS.length)]}\\${DLLS[skew(DLLS.length)]}${n(3) === 0 ? `\\${REG_LEAVES[n(REG_LEAVES.length)]}` : ''}`;
    const open = pickResult(rnd);
    yield [name, pid, 'RegOpenKey', key, FAIL_OPEN.has(open) ? open : 'SUCCESS', 'Desired Access: Read'];
    if (FAIL_OPEN.has(open)) return;
    if (n(3) === 0) yield [name, pid, 'RegQueryKey', key, 'SUCCESS', 'Query: HandleTags, HandleTags: 0x0'];
    for (let k = 1 + n(4); k > 0; k--) {
      const value = `${key}\\${REG_LEAVES[skew(REG_LEAVES.length)]}`;
      const r = n(5);
      if (r === 0) {
        yield [name, pid, 'RegQueryValue', value, 'NAME NOT FOUND', `Length: ${[12, 16, 144, 528][n(4)]}`];
      } else if (r === 1) {
        yield [name, pid, 'RegQueryValue', value, 'BUFFER OVERFLOW', `Length: ${[12, 16, 144][n(3)]}`];
        yield [
          name,
          pid,
          'RegQueryValue',
          value,
          'SUCCESS',
          `Type: REG_SZ, Length: ${2 * (10 + n(60))}, Data: ${DLLS[n(DLLS.length)]}`,
        ];
      } else {
        yield [name, pid, 'RegQueryValue', value, 'SUCCESS', `Type: REG_DWORD, Length: 4, Data: ${n(4)}`];
      }
    }
    if (n(4) === 0)
      yield [
        name,
        pid,
        'RegEnumKey',
        key,
        n(3) === 0 ? 'NO MORE ENTRIES' : 'SUCCESS',
        `Index: ${n(40)}, Length: 268`,
      ];
    yield [name, pid, 'RegCloseKey', key, 'SUCCESS', ''];
    return;
  }
  if (kind < 0.95) {
    const dir = DIRS[skew(DIRS.length)];
    // A share of names are one-off temp and download names, as in real captures.
    const file =
      rnd() < 0.04
        ? `~DF${n(0xffff).toString(16).toUpperCase()}${n(0xffff).toString(16).toUpperCase()}.tmp`
        : `${DLLS[skew(DLLS.length)]}${n(4) === 0 ? '' : `_${skew(400)}`}${EXT[skew(EXT.length)]}`;
    const path = `${dir}\\${file}`;
    const open = pickResult(rnd);
    if (FAIL_OPEN.has(open)) {
      yield [
        name,
        pid,
        'CreateFile',
        path,
        open,
        'Desired Access: Read Attributes, Disposition: Open, Options: Open Reparse Point, Attributes: n/a, ShareMode: Read, Write, Delete, AllocationSize: n/a',
      ];
      return;
    }
    if (n(6) === 0)
      yield [
        name,
        pid,
        'QueryOpen',
        path,
        n(3) === 0 ? 'FAST IO DISALLOWED' : 'SUCCESS',
        'CreationTime: 12/7/2019 2:08:37 AM, LastAccessTime: 3/14/2024 9:41:02 AM, LastWriteTime: 12/7/2019 2:08:37 AM, ChangeTime: 3/14/2024 9:40:12 AM, AllocationSize: 45,056, EndOfFile: 44,032, FileAttributes: A',
      ];
    yield [
      name,
      pid,
      'CreateFile',
      path,
      'SUCCESS',
      'Desired Access: Generic Read, Disposition: Open, Options: Synchronous IO Non-Alert, Non-Directory File, Attributes: N, ShareMode: Read, Write, Delete, AllocationSize: n/a, OpenResult: Opened',
    ];
    if (n(2) === 0)
      yield [
        name,
        pid,
        'QueryBasicInformationFile',
        path,
        'SUCCESS',
        'CreationTime: 12/7/2019 2:08:37 AM, LastAccessTime: 3/14/2024 9:41:02 AM, LastWriteTime: 12/7/2019 2:08:37 AM, ChangeTime: 3/14/2024 9:40:12 AM, FileAttributes: A',
      ];
    const size = 4096 * (1 + skew(5000));
    if (n(2) === 0)
      yield [
        name,
        pid,
        'QueryStandardInformationFile',
        path,
        'SUCCESS',
        `AllocationSize: ${size.toLocaleString('en-US')}, EndOfFile: ${(size - n(4096)).toLocaleString('en-US')}, NumberOfLinks: 1, DeletePending: False, Directory: False`,
      ];
    if (n(5) === 0)
      yield [
        name,
        pid,
        'CreateFileMapping',
        path,
        n(2) === 0 ? 'FILE LOCKED WITH ONLY READERS' : 'SUCCESS',
        'SyncType: SyncTypeCreateSection, PageProtection: PAGE_EXECUTE_READ',
      ];
    const write = n(6) === 0;
    let offset = 0;
    for (let k = n(7); k > 0; k--) {
      const len = 4096 * (1 + skew(16));
      const r = offset >= size ? 'END OF FILE' : 'SUCCESS';
      yield [
        name,
        pid,
        write ? 'WriteFile' : 'ReadFile',
        path,
        r,
        `Offset: ${offset.toLocaleString('en-US')}, Length: ${len.toLocaleString('en-US')}${n(3) === 0 ? ', I/O Flags: Non-cached, Paging I/O, Synchronous Paging I/O, Priority: Normal' : ', Priority: Normal'}`,
      ];
      offset += len;
    }
    if (n(8) === 0)
      yield [
        name,
        pid,
        'QueryDirectory',
        `${dir}\\`,
        n(2) === 0 ? 'NO MORE FILES' : 'SUCCESS',
        `Filter: ${file}, 1: ${file}`,
      ];
    yield [name, pid, 'CloseFile', path, 'SUCCESS', ''];
    return;
  }
  const r = n(3);
  if (r === 0) {
    const dll = DLLS[skew(DLLS.length)];
    yield [
      name,
      pid,
      'Load Image',
      `C:\\Windows\\System32\\${dll}.dll`,
      'SUCCESS',
      `Image Base: 0x7ff${n(0xfffff).toString(16)}0000, Image Size: 0x${(n(0x200) * 0x1000).toString(16)}`,
    ];
  } else if (r === 1) {
    yield [name, pid, 'Thread Create', '', 'SUCCESS', `Thread ID: ${4 * n(4000)}`];
  } else {
    yield [
      name,
      pid,
      'Thread Exit',
      '',
      'SUCCESS',
      `Thread ID: ${4 * n(4000)}, User Time: 0.0000000, Kernel Time: 0.0156250`,
    ];
  }
}

/** Writes a Procmon CSV of `opts.events` events to `path`; resolves with the byte count. */
export async function writeProcmonCsv(path: string, opts: GenerateOptions): Promise<number> {
  await mkdir(dirname(path), { recursive: true });
  const rnd = makeRandom(opts.seed ?? 1);
  const out = createWriteStream(path);
  let bytes = 0;
  const write = (s: string): Promise<void> => {
    bytes += Buffer.byteLength(s);
    return out.write(s) ? Promise.resolve() : new Promise((res) => out.once('drain', () => res()));
  };
  await write('\uFEFF"Time of Day","Process Name","PID","Operation","Path","Result","Detail"\r\n');
  const inject = [...(opts.inject ?? [])]
    .map((e) => ({ ...e, index: Math.floor(e.at * opts.events) }))
    .sort((a, b) => a.index - b.index);
  let nextInject = 0;
  let ticks = (opts.startSeconds ?? 10 * 3600 + 15 * 60 + 30) * 1e7;
  let batch = '';
  const active: Generator<Fields>[] = [burst(rnd), burst(rnd), burst(rnd)];
  for (let i = 0; i < opts.events; i++) {
    ticks += 1 + Math.floor(rnd() * 400); // tens of microseconds apart
    let fields: Fields;
    if (nextInject < inject.length && inject[nextInject].index <= i) {
      const e = inject[nextInject++];
      fields = [e.process, 4242, e.operation, e.path, e.result, e.detail ?? ''];
    } else {
      // Mostly the same burst continues; sometimes another thread's burst takes over. 0.85 gives the
      // locality measured on the real samples (the previous row's Path repeats in ~65% of rows).
      const slot = rnd() < 0.85 ? 0 : 1 + Math.floor(rnd() * (active.length - 1));
      let next = active[slot].next();
      while (next.done) {
        active[slot] = burst(rnd);
        next = active[slot].next();
      }
      fields = next.value;
    }
    const [proc, pid, op, path, result, detail] = fields;
    batch += `"${enUsTimeOfDay(ticks % (86400 * 1e7))}",${q(proc)},"${pid}",${q(op)},${q(path)},${q(result)},${q(detail)}\r\n`;
    if (batch.length > 1 << 20) {
      await write(batch);
      batch = '';
    }
  }
  if (batch) await write(batch);
  await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
  return bytes;
}
