// Big-input check. Generates a Procmon CSV of about 2 GB with the benchmark generator (kept in the
// temp folder and reused), ingests it in a child process with progress and peak RSS, then ingests
// it again and cancels halfway, checking the memory is given back. The 2 GB run is not part of
// `npm test` (it writes and reads gigabytes; figures in bench/RESULTS-big-input.md);
// fuzz/big-input.test.ts runs the same script at 0.2 GB with `--json` and checks the figures.
// Usage: node scripts/big-input-check.mjs [--gb 2] [--dir DIR] [--clean] [--json] [--say-ms 2000]
//
// Bounds checked: peak RSS of a full ingest at most RSS_PER_FILE_BYTE x the file size + 512 MiB;
// after a cancel and a collection, heap + buffers within 64 MiB of the start and at least half of
// the RSS growth returned (plus 64 MiB of allocator slack).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';

const RSS_PER_FILE_BYTE = 1.0;
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const gb = Number(arg('gb', '2'));
const dir = arg('dir', path.join(tmpdir(), 'tracediff-big'));
const clean = process.argv.includes('--clean');
const asJson = process.argv.includes('--json');
const sayMs = arg('say-ms', '2000');
// With --json the progress lines go to stderr and stdout carries one JSON summary.
const out = asJson ? process.stderr : process.stdout;
const target = Math.round(gb * 1024 ** 3);
const file = path.join(dir, `procmon-${gb}g.CSV`);
const mib = (n) => `${(n / 1024 ** 2).toFixed(0)} MiB`;

function runChild(bundle, args, onLine) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--max-old-space-size=8192', bundle, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, BIG_INPUT_SAY_MS: sayMs },
    });
    let buf = '';
    const lines = [];
    child.stdout.on('data', (d) => {
      buf += d.toString('utf8');
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const msg = JSON.parse(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
        lines.push(msg);
        onLine?.(msg);
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(lines) : reject(new Error(`child exited ${code}`))));
  });
}

let summary;
let generated = null;
const work = mkdtempSync(path.join(tmpdir(), 'tracediff-big-bundle-'));
try {
  const bundle = path.join(work, 'big-input-child.cjs');
  await build({
    entryPoints: ['fuzz/big-input-child.ts'],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'error',
  });
  mkdirSync(dir, { recursive: true });
  if (!existsSync(file) || statSync(file).size < target * 0.95) {
    const free = statfsSync(dir).bavail * statfsSync(dir).bsize;
    if (free < target * 1.5) throw new Error(`${dir}: ${mib(free)} free, need about ${mib(target * 1.5)}`);
    out.write(`generating ${file} (~${gb} GB)...\n`);
    const [g] = await runChild(bundle, ['generate', file, String(target)]);
    generated = { events: g.events, bytes: g.bytes, ms: g.ms };
    out.write(
      `  ${g.events.toLocaleString('en-US')} events, ${mib(g.bytes)}, ${(g.ms / 1000).toFixed(0)} s\n`,
    );
  }
  const size = statSync(file).size;
  const progress = (m) => {
    if (m.type === 'progress' || m.type === 'cancelling')
      out.write(
        `  ${m.type === 'cancelling' ? 'cancel at' : ''} ${(m.fraction * 100).toFixed(1)}%  ${m.events.toLocaleString('en-US')} events  RSS ${mib(m.rss)}\n`,
      );
  };

  out.write(`ingesting ${file} (${mib(size)})\n`);
  const full = await runChild(bundle, ['ingest', file], progress);
  const start = full.find((m) => m.type === 'start');
  const done = full.find((m) => m.type === 'done');
  if (!done) throw new Error(`ingest failed: ${JSON.stringify(full.at(-1))}`);
  const peak = Math.max(done.peakRss, done.maxRss);
  const bound = RSS_PER_FILE_BYTE * size + 512 * 1024 ** 2;
  out.write(
    `  ${done.events.toLocaleString('en-US')} events in ${(done.ms / 1000).toFixed(1)} s (${Math.round(done.events / (done.ms / 1000)).toLocaleString('en-US')} events/s); peak RSS ${mib(peak)} (${(peak / size).toFixed(2)} x file; bound ${mib(bound)}); held after GC: heap ${mib(done.held.heap)} + buffers ${mib(done.held.external)} (${((done.held.heap + done.held.external) / done.events).toFixed(0)} B/event); start RSS ${mib(start.rss)}\n`,
  );

  out.write('ingesting again, cancelling at 50%\n');
  const cut = await runChild(bundle, ['ingest', file, '0.5'], progress);
  const c0 = cut.find((m) => m.type === 'start');
  const cancelled = cut.find((m) => m.type === 'cancelled');
  const after = cut.find((m) => m.type === 'after-cancel');
  if (!cancelled || !after) throw new Error(`cancel did not stop the read: ${JSON.stringify(cut.at(-1))}`);
  // Freed: what the JavaScript heap and buffers hold is back near the start, and the process has
  // returned at least half of its growth to the system (the allocator keeps some pages).
  const held = after.heap + after.external - (c0.heap + c0.external);
  const freedOk =
    held < 64 * 1024 ** 2 && after.rss - c0.rss <= 0.5 * (after.peakRss - c0.rss) + 64 * 1024 ** 2;
  out.write(
    `  stopped ${cancelled.ms.toFixed(0)} ms after start with "${cancelled.message}"; RSS start ${mib(c0.rss)}, peak ${mib(after.peakRss)}, after cancel + GC ${mib(after.rss)} (heap ${mib(after.heap)}, buffers ${mib(after.external)})\n`,
  );
  const ok = peak <= bound && freedOk;
  summary = {
    file,
    size,
    generated,
    full: {
      events: done.events,
      ms: done.ms,
      startRss: start.rss,
      peakRss: peak,
      bound,
      held: done.held,
      progressLines: full.filter((m) => m.type === 'progress').length,
      progressCalls: done.progressCalls,
      backwards: done.backwards,
      lastFraction: done.lastFraction,
      warnings: done.warnings,
    },
    cancel: {
      at: cut.find((m) => m.type === 'cancelling')?.fraction ?? null,
      message: cancelled.message,
      msAfterAbort: cancelled.msAfterAbort,
      progressCalls: cancelled.progressCalls,
      start: c0,
      after,
    },
    checks: { peakWithinBound: peak <= bound, memoryGivenBack: freedOk },
    ok,
  };
  out.write(
    `${peak <= bound ? 'ok  ' : 'FAIL'} peak RSS within bound\n${freedOk ? 'ok  ' : 'FAIL'} memory given back after cancel\n`,
  );
  process.exitCode = ok ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
  if (clean) rmSync(dir, { recursive: true, force: true });
}
if (asJson) process.stdout.write(`${JSON.stringify(summary)}\n`);
