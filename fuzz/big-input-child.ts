/**
 * The child side of scripts/big-input-check.mjs (bundled by it): `generate FILE BYTES` writes a
 * Procmon CSV of about BYTES with the benchmark generator; `ingest FILE [CANCEL_AT]` reads it
 * through ingestTrace, printing a JSON line with the RSS at most every BIG_INPUT_SAY_MS (2 s by
 * default) of progress, and with CANCEL_AT (0..1) aborts at that fraction, lets go of everything
 * and reports the RSS after a collection. Every progress callback is counted and checked to move
 * forward, so a caller can tell "progress arrived" from "one line was printed".
 */
import { stat } from 'node:fs/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { writeProcmonCsv } from '../bench/generate-trace';
import { ingestTrace } from '../electron/engine/ingest/ingest';

/** Bytes per event of the generator's output, measured on a 1M-event file (about 190 MB). */
const BYTES_PER_EVENT = 190;

function gc(): void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing();
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

const SAY_MS = Number(process.env.BIG_INPUT_SAY_MS ?? 2000);

const say = (o: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(o)}\n`);
};

const mem = (): { rss: number; heap: number; external: number } => {
  const m = process.memoryUsage();
  // `external` already includes the ArrayBuffers (the store's typed-array columns).
  return { rss: m.rss, heap: m.heapUsed, external: m.external };
};

async function generate(file: string, bytes: number): Promise<void> {
  const t0 = performance.now();
  const events = Math.ceil(bytes / BYTES_PER_EVENT);
  await writeProcmonCsv(file, { events, seed: 2024 });
  say({ type: 'generated', file, events, bytes: (await stat(file)).size, ms: performance.now() - t0 });
}

async function ingest(file: string, cancelAt: number | null): Promise<void> {
  gc();
  const start = mem();
  say({ type: 'start', ...start });
  const abort = new AbortController();
  const t0 = performance.now();
  let peak = start.rss;
  let lastSay = 0;
  let progressCalls = 0;
  let lastFraction = 0;
  let backwards = 0;
  let abortedAt = 0;
  const sample = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 100);
  try {
    const store = await ingestTrace(file, {
      signal: abort.signal,
      onProgress: (p) => {
        peak = Math.max(peak, process.memoryUsage.rss());
        progressCalls++;
        const fraction = p.bytesRead / p.bytesTotal;
        if (fraction < lastFraction) backwards++;
        lastFraction = fraction;
        const now = performance.now();
        if (now - lastSay > SAY_MS) {
          lastSay = now;
          say({
            type: 'progress',
            fraction: p.bytesRead / p.bytesTotal,
            events: p.events,
            rss: process.memoryUsage.rss(),
            ms: now - t0,
          });
        }
        if (cancelAt !== null && p.bytesRead / p.bytesTotal >= cancelAt && !abort.signal.aborted) {
          say({
            type: 'cancelling',
            fraction: p.bytesRead / p.bytesTotal,
            events: p.events,
            rss: process.memoryUsage.rss(),
          });
          abortedAt = performance.now();
          abort.abort();
        }
      },
    });
    const events = store.length;
    peak = Math.max(peak, process.memoryUsage.rss());
    gc();
    say({
      type: 'done',
      events,
      ms: performance.now() - t0,
      peakRss: peak,
      maxRss: process.resourceUsage().maxRSS * 1024,
      held: mem(),
      warnings: store.warnings.length,
      progressCalls,
      backwards,
      lastFraction,
    });
  } catch (e) {
    const cancelled = abort.signal.aborted;
    say({
      type: cancelled ? 'cancelled' : 'error',
      message: e instanceof Error ? e.message : String(e),
      ms: performance.now() - t0,
      // How long the read went on after the abort: a cancel must stop it promptly.
      msAfterAbort: cancelled ? performance.now() - abortedAt : null,
      progressCalls,
      backwards,
    });
    if (!cancelled) process.exitCode = 1;
  } finally {
    clearInterval(sample);
  }
  if (cancelAt !== null) {
    // Everything the cancelled read built is unreachable now: collect and give the allocator a moment.
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 300));
    }
    say({ type: 'after-cancel', peakRss: peak, ...mem() });
  }
}

const [mode, file, arg] = process.argv.slice(2);
const main =
  mode === 'generate' ? generate(file, Number(arg)) : ingest(file, arg === undefined ? null : Number(arg));
main.catch((e: unknown) => {
  say({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  process.exitCode = 1;
});
