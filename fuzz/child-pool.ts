/**
 * Runs inputs in a fuzz child process and judges the outcome against the properties every reader
 * must hold on hostile input:
 *  - no uncaught exception: a rejected read is fine only when its message names the file (the
 *    "clear message" path); an error that does not (a TypeError from deep inside) is a finding, and
 *    so is an uncaught exception or unhandled rejection escaping the read;
 *  - no hang: the read finishes within `timeBoundMs(size)` of CPU time; the child aborts it through
 *    its AbortSignal first, and the parent kills the child if even that does not stop it. CPU time,
 *    not the clock, because the machine is shared: a read starved by other processes is not a hang
 *    (the clock still ends one that waits instead of working, at WALL_FACTOR times the bound);
 *  - bounded memory: the peak RSS growth of the read stays within `memoryBoundBytes(size)`;
 *  - no crash: the child does not die (V8 out-of-memory abort, native crash).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { WALL_FACTOR, type ChildReply, type ChildRequest, type ErrorInfo } from './child-protocol';

/** Time bound per input: 5 s, plus 1 s per MiB for the few multi-megabyte seeds. */
export const timeBoundMs = (size: number): number => 5000 + Math.ceil(size / 1048576) * 1000;
/**
 * Peak RSS growth bound per input: 128 MiB of fixed overhead, 16 times the input size, and 320
 * bytes per record read (event or log entry: the data model's own cost, about 100-190 bytes each
 * retained plus the garbage of building it). Memory that grows without records being read (warnings,
 * nesting, backtracking state) is held to the first two terms.
 */
export const memoryBoundBytes = (size: number, records = 0): number =>
  128 * 1048576 + 16 * size + 320 * records;
/** V8 heap limit of the child: a runaway allocation ends as an out-of-memory finding, not a stuck machine. */
const CHILD_HEAP_MB = 1536;
const HARD_GRACE_MS = 3000;
const RECYCLE_HEADROOM = 64 * 1048576;
export { HARD_GRACE_MS };

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on every Linux build in use). */
const USER_HZ = 100;

/** CPU time (user + system, all threads) a process has used, in ms; null where /proc is missing. */
function cpuMsOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start with the state; utime and stime
    // are fields 14 and 15 of the whole line.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(f[11]) + Number(f[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / USER_HZ : null;
  } catch {
    return null;
  }
}

export type FindingKind = 'unclear-error' | 'uncaught' | 'crash' | 'hang' | 'memory';

export interface Outcome {
  verdict: 'ok' | 'clear-error' | FindingKind;
  /** Feedback signature (what came out), for the corpus. */
  sig: string;
  message: string;
  stack: string;
  ms: number;
  /** CPU time the read used (0 when the child did not answer). */
  cpuMs: number;
  growth: number;
}

const isFinding = (o: Outcome): boolean => o.verdict !== 'ok' && o.verdict !== 'clear-error';
export { isFinding };

/** A stable key for a finding: its kind, its message with names and numbers blanked, and where it was thrown. */
export function findingKey(target: string, o: Outcome, file: string): string {
  const name = basename(file);
  const msg = o.message
    .split(file)
    .join('<file>')
    .split(name)
    .join('<file>')
    .replace(/0x[0-9a-f]+/gi, '#')
    .replace(/\d+/g, '#')
    .replace(/"[^"]{20,}"/g, '"…"')
    .slice(0, 160);
  const frame =
    o.stack
      .split('\n')
      .map((l) => l.trim())
      .find((l) => /^at .*(electron[\\/]engine|fuzz[\\/])/.test(l))
      ?.replace(/:\d+:\d+\)?$/, '')
      .replace(/^at /, '')
      .replace(/\(.*[\\/]/, '(') ?? '';
  const kind = o.verdict === 'hang' || o.verdict === 'memory' ? o.verdict : `${o.verdict}|${msg}|${frame}`;
  return `${target}|${kind}`;
}

export class FuzzChild {
  private proc: ChildProcess | null = null;
  private nextId = 1;
  private stderrTail = '';
  private pending:
    ((r: ChildReply | { type: 'exit'; code: number | null; signal: string | null }) => void) | null = null;
  readonly workDir: string;
  /** Errors that escaped after a read had already answered (blamed on no single input). */
  readonly lateStrays: string[] = [];

  constructor(
    private readonly bundlePath: string,
    workRoot: string,
    readonly index: number,
    /** Overrides timeBoundMs (the harness's own tests use a short one). */
    private readonly timeBound: (size: number) => number = timeBoundMs,
  ) {
    this.workDir = join(workRoot, `child-${index}`);
  }

  private async start(): Promise<ChildProcess> {
    await mkdir(this.workDir, { recursive: true });
    const proc = fork(this.bundlePath, [], {
      execArgv: ['--expose-gc', '--enable-source-maps', `--max-old-space-size=${CHILD_HEAP_MB}`],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.stderrTail = '';
    proc.stderr?.on('data', (d: Buffer) => {
      this.stderrTail = (this.stderrTail + d.toString('utf8')).slice(-4000);
    });
    const ready = new Promise<void>((resolve, reject) => {
      const onMsg = (m: ChildReply): void => {
        if (m.type === 'ready') {
          proc.off('message', onMsg);
          resolve();
        }
      };
      proc.on('message', onMsg);
      proc.once('exit', (code) =>
        reject(new Error(`fuzz child exited at start (${code}): ${this.stderrTail}`)),
      );
    });
    proc.on('message', (m: ChildReply) => {
      if (m.type === 'ready') return;
      if (this.pending) this.pending(m);
      else if (m.type === 'stray') this.lateStrays.push(`${m.kind}: ${m.error.message}`);
    });
    proc.on('exit', (code, signal) => {
      if (this.proc === proc) this.proc = null;
      this.pending?.({ type: 'exit', code, signal });
    });
    await ready;
    this.proc = proc;
    return proc;
  }

  /** Writes the input to this child's folder under a name it will have to mention, then reads it. */
  async run(target: string, bytes: Uint8Array, ext: string): Promise<Outcome & { file: string }> {
    const file = join(this.workDir, `fuzzinput-c${this.index}${ext}`);
    await mkdir(this.workDir, { recursive: true });
    await writeFile(file, bytes);
    return { ...(await this.runFile(target, file, bytes.length)), file };
  }

  async runFile(target: string, file: string, size: number): Promise<Outcome> {
    if (this.proc && !this.proc.connected) this.proc = null;
    const proc = this.proc ?? (await this.start());
    const soft = this.timeBound(size);
    const req: ChildRequest = { id: this.nextId++, target, file, softTimeoutMs: soft };
    let timer: NodeJS.Timeout | undefined;
    const hard = soft + HARD_GRACE_MS;
    const cpuStart = cpuMsOf(proc.pid);
    const started = Date.now();
    let cpuUsed = 0;
    const reply = await new Promise<
      ChildReply | { type: 'exit'; code: number | null; signal: string | null } | null
    >((resolve) => {
      this.pending = resolve;
      timer = setInterval(() => {
        const now = cpuStart === null ? null : cpuMsOf(proc.pid);
        if (now !== null && cpuStart !== null) cpuUsed = now - cpuStart;
        const wall = Date.now() - started;
        if (now === null ? wall > hard : cpuUsed > hard || wall > hard * WALL_FACTOR) resolve(null);
      }, 100);
      proc.send(req);
    });
    clearInterval(timer);
    this.pending = null;
    const base = { sig: '', stack: '', ms: 0, cpuMs: 0, growth: 0 };
    if (reply === null) {
      await this.kill();
      const wall = Date.now() - started;
      return {
        ...base,
        verdict: 'hang',
        message:
          cpuStart === null
            ? `no answer within ${hard} ms (killed)`
            : `no answer within ${hard} ms of CPU time (${(cpuUsed / 1000).toFixed(1)} s CPU, ${(wall / 1000).toFixed(1)} s on the clock; killed)`,
        ms: wall,
        cpuMs: cpuUsed,
      };
    }
    if (reply.type === 'exit') {
      const oom = /heap out of memory|Reached heap limit|Invalid array buffer length|allocation failed/i.test(
        this.stderrTail,
      );
      return {
        ...base,
        verdict: oom ? 'memory' : 'crash',
        message: `child died (code ${reply.code}, signal ${reply.signal}): ${this.stderrTail.trim().split('\n').slice(-3).join(' | ')}`,
      };
    }
    if (reply.type === 'stray') {
      await this.kill();
      return {
        ...base,
        verdict: 'uncaught',
        message: `${reply.kind}: ${reply.error.message}`,
        stack: reply.error.stack,
      };
    }
    if (reply.type !== 'done') return { ...base, verdict: 'crash', message: 'unexpected reply' };
    const growth = reply.maxAfter > reply.maxBefore ? reply.maxAfter - reply.rssBefore : 0;
    const out: Outcome = {
      ...base,
      verdict: 'ok',
      sig: reply.sig ?? '',
      message: '',
      ms: reply.ms,
      cpuMs: reply.cpuMs ?? reply.ms,
      growth,
    };
    // Without a resettable peak, the lifetime high-water mark far above the current RSS would also
    // hide the next read's growth. Either way at most RECYCLE_HEADROOM is hidden, below the 128 MiB
    // floor of every bound.
    // A child whose heap has grown keeps those pages: the next read would reuse them without its
    // RSS growing, hiding its cost. Start afresh once the RSS stands well above a fresh child's.
    const inflated = reply.rssAfter - (reply.rssBaseline ?? reply.rssBefore) > RECYCLE_HEADROOM;
    if (inflated || (!reply.peakResets && reply.maxAfter - reply.rssAfter > RECYCLE_HEADROOM))
      await this.kill();
    if (!reply.ok) {
      const e = reply.error as ErrorInfo;
      out.message = `${e.name}: ${e.message}`;
      out.stack = e.stack;
      out.sig = `err:${e.message.replace(/\d+/g, '#').slice(0, 60)}`;
      if (reply.timedOut) out.verdict = 'hang';
      else out.verdict = e.message.includes(basename(file)) ? 'clear-error' : 'unclear-error';
    }
    if (out.verdict === 'ok' || out.verdict === 'clear-error') {
      const bound = memoryBoundBytes(size, reply.records ?? 0);
      if (growth > bound) {
        out.verdict = 'memory';
        out.message = `peak RSS grew ${(growth / 1048576).toFixed(0)} MiB for a ${size}-byte input and ${reply.records ?? 0} records (bound ${(bound / 1048576).toFixed(0)} MiB)`;
      }
    }
    if (out.verdict === 'hang')
      out.message = `took over ${soft} ms of CPU time (${(out.cpuMs / 1000).toFixed(1)} s CPU, ${(out.ms / 1000).toFixed(1)} s on the clock; ${out.message || 'stopped by the AbortSignal'})`;
    return out;
  }

  async kill(): Promise<void> {
    const p = this.proc;
    this.proc = null;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill('SIGKILL');
    });
  }
}
