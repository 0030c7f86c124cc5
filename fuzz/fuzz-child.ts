/**
 * The fuzz child process (bundled by fuzz/bundle.ts, started by fuzz/child-pool.ts): reads one input
 * per request through its target and answers with the outcome and the memory it took. Living in its
 * own process is what lets the parent kill a hang, survive an out-of-memory abort and measure RSS
 * without the parent's own heap in the figure. Errors are reported, never rethrown: an uncaught
 * exception or unhandled rejection here is itself a finding.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { WALL_FACTOR, type ChildReply, type ChildRequest } from './child-protocol';
import { runTarget } from './target-run';

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * Linux lets a process reset its peak RSS (VmHWM) by writing 5 to /proc/self/clear_refs, so each
 * read's own peak is measured; elsewhere getrusage's lifetime peak is the fallback, and the parent
 * starts a fresh child whenever that high-water mark would hide the next read's growth.
 */
const canResetPeak = ((): boolean => {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return /VmHWM:/.test(readFileSync('/proc/self/status', 'utf8'));
  } catch {
    return false;
  }
})();

function peakRss(): number {
  if (canResetPeak) {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  }
  return process.resourceUsage().maxRSS * 1024;
}
let current: ChildRequest | null = null;
let served = 0;
/** RSS at the first read, after a collection: what a fresh child costs. */
let baseline = 0;

function send(msg: ChildReply): void {
  process.send?.(msg);
}

function describe(e: unknown): { name: string; message: string; stack: string } {
  if (e instanceof Error) return { name: e.name, message: e.message, stack: e.stack ?? '' };
  return { name: typeof e, message: String(e), stack: '' };
}

function stray(kind: 'uncaught' | 'unhandled-rejection', e: unknown): void {
  send({ type: 'stray', kind, id: current?.id ?? -1, error: describe(e) });
  // The process state is unknown after this: let the parent start a fresh child.
  setTimeout(() => process.exit(70), 50);
}

process.on('uncaughtException', (e) => stray('uncaught', e));
process.on('unhandledRejection', (e) => stray('unhandled-rejection', e));

process.on('message', (req: ChildRequest) => {
  current = req;
  void (async () => {
    // A full collection costs more than most reads; now and then is enough to keep RSS honest.
    if (served++ % 25 === 0) gc?.();
    if (canResetPeak) writeFileSync('/proc/self/clear_refs', '5');
    const rssBefore = process.memoryUsage.rss();
    if (baseline === 0) baseline = rssBefore;
    const maxBefore = peakRss();
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    const cpuMs = (): number => {
      const c = process.cpuUsage(cpuStart);
      return (c.user + c.system) / 1000;
    };
    // The bound is on CPU time, so a read on a machine loaded by other work is not taken for a
    // hang; the clock still ends a read that waits rather than works.
    const controller = new AbortController();
    const { signal } = controller;
    const watch = setInterval(() => {
      if (cpuMs() > req.softTimeoutMs || performance.now() - started > req.softTimeoutMs * WALL_FACTOR)
        controller.abort(new DOMException('The read went over its time bound', 'TimeoutError'));
    }, 50);
    let reply: Extract<ChildReply, { type: 'done' }>;
    try {
      const { sig, records } = await runTarget(req.target, req.file, signal);
      reply = {
        type: 'done',
        id: req.id,
        ok: true,
        sig,
        records,
        ms: 0,
        rssBefore,
        maxBefore,
        maxAfter: 0,
        rssAfter: 0,
      };
    } catch (e) {
      reply = {
        type: 'done',
        id: req.id,
        ok: false,
        error: describe(e),
        ms: 0,
        rssBefore,
        maxBefore,
        maxAfter: 0,
        rssAfter: 0,
      };
      if (signal.aborted) reply.timedOut = true;
    }
    // Let errors a reader left behind (a stream 'error' with no listener) surface before answering,
    // so they are blamed on this input.
    await new Promise((r) => setTimeout(r, 0));
    clearInterval(watch);
    reply.ms = performance.now() - started;
    reply.cpuMs = cpuMs();
    reply.maxAfter = peakRss();
    reply.peakResets = canResetPeak;
    reply.rssBaseline = baseline;
    reply.rssAfter = process.memoryUsage.rss();
    send(reply);
  })();
});

send({ type: 'ready' });
