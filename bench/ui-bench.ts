/**
 * The UI benchmark: a pair of one-million-event captures opened in the built browser-mode host
 * (dist/web/host.cjs) and driven in Debian's Chromium, measuring what a person feels:
 *  - time to loaded: host start to a window showing the aligned comparison (reading both captures and
 *    comparing them included);
 *  - a page of rows: `queryEvents` and `queryAligned` round trips of one grid block (200 rows) from
 *    the page at random offsets, 200 samples each (target p95 <= 30 ms);
 *  - F8 / Alt+Down: `findNextAligned` round trips from random rows (the host walks the whole list);
 *  - a filter over a million events: from the click on a filter to the grid showing filtered rows
 *    (target <= 500 ms), in a capture's own grid and in the aligned view;
 *  - scrolling the aligned grid: frame times (requestAnimationFrame deltas) during a programmatic
 *    scroll (p95; 16.7 ms is 60 frames per second), also split into steady scrolling and the frames
 *    after a jump of three screens (a new screen of rows built, its blocks fetched).
 * The captures are the compare benchmark's pair (bench/compare-generate.ts: the same work on both
 * machines with the seed case's failure injected), which makes the aligned view realistic; they are
 * kept in bench/out/ and reused. UI_BENCH_EVENTS sets another size.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { BenchResult } from './bench-result';
import { writeComparePair } from './compare-generate';

const READY = /TraceDiff Workbench: (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/;
const CHROMIUM = process.env.TRACEDIFF_CHROMIUM ?? '/usr/bin/chromium';
const SAMPLES = 200;
const BLOCK = 200;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function startHost(baseline: string, problem: string): Promise<{ url: string; child: ChildProcess }> {
  const bundle = resolve(process.cwd(), 'dist/web/host.cjs');
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build\` first.`);
  const child = spawn(
    process.execPath,
    [bundle, '--baseline', baseline, '--problem', problem, '--port', '0'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stderr?.setEncoding('utf8').on('data', (s: string) => (err += s));
  return new Promise((res, rej) => {
    child.stdout?.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      const m = READY.exec(out);
      if (m) res({ url: m[1], child });
    });
    child.once('exit', (code) => rej(new Error(`the host exited (${code}) before it was ready:\n${err}`)));
  });
}

function stopHost(child: ChildProcess): Promise<void> {
  return new Promise((res) => {
    if (child.exitCode !== null || child.signalCode !== null) return res();
    child.once('exit', () => res());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

/**
 * Round trips of one contract call from inside the page, at random positions below `total`: a page
 * of rows there (`offset`, `limit`), or with `step` a search for the next row from there (`from`).
 */
async function timeCalls(
  page: Page,
  method: string,
  total: number,
  extra: Record<string, unknown>,
  step = false,
): Promise<number[]> {
  return page.evaluate(
    async ({ method, total, extra, samples, block, step }) => {
      const token = new URLSearchParams(location.search).get('token') ?? '';
      const times: number[] = [];
      // Deterministic offsets (a small LCG), spread over the whole list.
      let x = 12345;
      for (let i = 0; i < samples; i++) {
        x = (x * 1103515245 + 12345) % 2147483648;
        const offset = Math.floor((x / 2147483648) * Math.max(1, total - block));
        const t = performance.now();
        const res = await fetch(`/api/call/${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-TraceDiff-Token': token },
          body: JSON.stringify(step ? { ...extra, from: offset } : { ...extra, offset, limit: block }),
        });
        const body = (await res.json()) as { rows?: unknown[]; index?: number };
        times.push(performance.now() - t);
        const ok = step ? typeof body.index === 'number' : !!body.rows && body.rows.length > 0;
        if (!res.ok || !ok) throw new Error(`${method} at ${offset} failed`);
      }
      return times;
    },
    { method, total, extra, samples: SAMPLES, block: BLOCK, step },
  );
}

/** Clicks a control and waits, frame by frame, until `done` holds in the page; returns milliseconds. */
async function timeUntil(page: Page, clickTestId: string, doneScript: string): Promise<number> {
  return page.evaluate(
    ({ clickTestId, doneScript }) =>
      new Promise<number>((res, rej) => {
        // The condition is plain DOM reading, passed as text because functions do not cross into the page.
        const done = new Function(`return (${doneScript})`) as () => boolean;
        const button = document.querySelector<HTMLElement>(`[data-testid="${clickTestId}"]`);
        if (!button) return rej(new Error(`no ${clickTestId}`));
        const t = performance.now();
        button.click();
        const check = (): void => {
          if (done()) return res(performance.now() - t);
          if (performance.now() - t > 60_000) return rej(new Error(`${clickTestId}: not done in 60 s`));
          requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
    { clickTestId, doneScript },
  );
}

/**
 * Frame times while the aligned grid scrolls steadily down, with a jump of three screens every 30
 * frames, for about three seconds (180 frames). Each time is tagged: `jump` for the frame that shows
 * a jump and the three after it (the grid builds a screen of new rows and their blocks arrive from the host), `steady`
 * for the rest (rows slide in a few at a time, as with a mouse wheel).
 */
async function scrollFrames(page: Page): Promise<{ all: number[]; steady: number[]; jump: number[] }> {
  return page.evaluate(
    () =>
      new Promise<{ all: number[]; steady: number[]; jump: number[] }>((res) => {
        // The grid's vertical scroller: its element that scrolls the most (class names vary by version).
        const grid = document.querySelector('[data-testid="grid-aligned"]');
        const viewport = Array.from(grid?.querySelectorAll<HTMLElement>('*') ?? [])
          .filter(
            (el) => el.scrollHeight > el.clientHeight + 100 && getComputedStyle(el).overflowY !== 'hidden',
          )
          .sort((a, b) => b.scrollHeight - a.scrollHeight)[0];
        const out = { all: [] as number[], steady: [] as number[], jump: [] as number[] };
        if (!viewport) return res(out);
        let last = performance.now();
        let frame = 0;
        let lastJump = -100;
        const step = (now: number): void => {
          // The time since the last frame is the cost of what the last frame's scroll set off.
          const delta = now - last;
          last = now;
          if (frame >= 2) {
            out.all.push(delta);
            (frame - lastJump <= 3 ? out.jump : out.steady).push(delta);
          }
          frame++;
          if (frame % 30 === 0) {
            viewport.scrollTop += viewport.clientHeight * 3;
            lastJump = frame;
          } else viewport.scrollTop += 44;
          if (frame < 180) requestAnimationFrame(step);
          else res(out);
        };
        requestAnimationFrame(step);
      }),
  );
}

/** Scrolls a grid back to its first row (after the grid has mounted and shows rows). */
async function toTop(page: Page, testId: string): Promise<void> {
  await page.waitForSelector(`[data-testid="${testId}"] .ag-row`);
  await page.evaluate((id) => {
    // The grid's vertical scroller: its element that scrolls the most (as in scrollFrames).
    const grid = document.querySelector(`[data-testid="${id}"]`);
    const scrollers = Array.from(grid?.querySelectorAll<HTMLElement>('*') ?? []).filter(
      (el) => el.scrollHeight > el.clientHeight + 100 && getComputedStyle(el).overflowY !== 'hidden',
    );
    for (const el of scrollers) el.scrollTop = 0;
  }, testId);
}

export async function runUiBench(): Promise<BenchResult[]> {
  const events = Number(process.env.UI_BENCH_EVENTS ?? 1_000_000);
  const label = events % 1_000_000 === 0 ? `${events / 1_000_000}m` : String(events);
  const dir = resolve(process.cwd(), 'bench/out');
  const baselinePath = join(dir, `compare-baseline-${label}.csv`);
  const problemPath = join(dir, `compare-problem-${label}.csv`);
  if (!existsSync(baselinePath) || !existsSync(problemPath)) {
    process.stdout.write(`generating ${baselinePath} and ${problemPath} (${events} events each)...\n`);
    await writeComparePair(baselinePath, problemPath, events);
  }
  const { chromium } = await import('playwright-core');
  const started = performance.now();
  const host = await startHost(baselinePath, problemPath);
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.goto(host.url);
    await page.waitForSelector('[data-app-state="loaded"]', { timeout: 20 * 60_000 });
    await page.waitForSelector('[data-testid="grid-aligned"] .ag-row[data-kind]', { timeout: 120_000 });
    const loadedS = (performance.now() - started) / 1000;

    const state = await page.evaluate(async () => {
      const token = new URLSearchParams(location.search).get('token') ?? '';
      const res = await fetch('/api/call/getState', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-TraceDiff-Token': token },
        body: '{}',
      });
      return (await res.json()) as {
        traces: { baseline?: { events: number }; problem?: { events: number } };
        compare: { alignedRows: number } | null;
      };
    });
    const problemEvents = state.traces.problem?.events ?? 0;
    const alignedRows = state.compare?.alignedRows ?? 0;

    const events1 = await timeCalls(page, 'queryEvents', problemEvents, { side: 'problem' });
    const aligned = await timeCalls(page, 'queryAligned', alignedRows, { expandAll: true });
    const foldedRows = await page.evaluate(async () => {
      const token = new URLSearchParams(location.search).get('token') ?? '';
      const res = await fetch('/api/call/queryAligned', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-TraceDiff-Token': token },
        body: JSON.stringify({ offset: 0, limit: 0 }),
      });
      return ((await res.json()) as { total: number }).total;
    });
    const folded = await timeCalls(page, 'queryAligned', foldedRows, {});
    // F8 and Alt+Down: the host's search for the next difference / one-sided failure from a random row.
    const nextDifference = await timeCalls(
      page,
      'findNextAligned',
      foldedRows,
      { direction: 1, kind: 'difference' },
      true,
    );
    const nextFailure = await timeCalls(
      page,
      'findNextAligned',
      alignedRows,
      { direction: 1, kind: 'failure', expandAll: true },
      true,
    );

    const frames = await scrollFrames(page);

    // A filter in a capture's own grid: "Failures only", until the problem grid's first row is a failure.
    await page.getByTestId('view-side-by-side').click();
    // Switching views scrolls to the selected event; these timings start from the top.
    await toTop(page, 'grid-problem');
    await page.waitForSelector('[data-testid="grid-problem"] .ag-row[row-index="0"][data-result-class]');
    const filterTrace = await timeUntil(
      page,
      'quick-failuresOnly',
      `document.querySelector('[data-testid="grid-problem"] .ag-row[row-index="0"]')?.getAttribute('data-result-class') === 'failure'`,
    );
    const unfilterTrace = await timeUntil(
      page,
      'quick-failuresOnly',
      `document.querySelector('[data-testid="grid-problem"] .ag-row[row-index="0"]')?.getAttribute('data-result-class') !== 'failure' && !!document.querySelector('[data-testid="grid-problem"] .ag-row[row-index="0"][data-result-class]')`,
    );
    // The same filter in the aligned view: until its first row carries a one-sided failure.
    await page.getByTestId('view-aligned').click();
    await toTop(page, 'grid-aligned');
    await page.waitForSelector('[data-testid="grid-aligned"] .ag-row[row-index="0"][data-kind]');
    const filterAligned = await timeUntil(
      page,
      'quick-failuresOnly',
      `!!document.querySelector('[data-testid="grid-aligned"] .ag-row[row-index="0"] .td-tone--fail, [data-testid="grid-aligned"] .ag-row[row-index="0"] .td-tone--both-fail')`,
    );

    const ms = (name: string, value: number, target?: string): BenchResult => ({
      name,
      value,
      unit: 'ms',
      digits: 1,
      target,
    });
    return [
      { name: `ui: events per capture`, value: problemEvents, unit: 'events', digits: 0 },
      { name: `ui: aligned rows`, value: alignedRows, unit: 'rows', digits: 0 },
      { name: `ui: aligned rows, identical runs folded`, value: foldedRows, unit: 'rows', digits: 0 },
      { name: 'ui: time to loaded (read + compare + first rows)', value: loadedS, unit: 's', digits: 1 },
      ms('ui: queryEvents page p50', percentile(events1, 50)),
      ms('ui: queryEvents page p95', percentile(events1, 95), '<= 30'),
      ms('ui: queryAligned page (expanded) p50', percentile(aligned, 50)),
      ms('ui: queryAligned page (expanded) p95', percentile(aligned, 95), '<= 30'),
      ms('ui: queryAligned page (folded) p50', percentile(folded, 50)),
      ms('ui: queryAligned page (folded) p95', percentile(folded, 95), '<= 30'),
      ms('ui: F8 next difference (folded) p95', percentile(nextDifference, 95), '<= 30'),
      ms('ui: Alt+Down next failure (expanded) p95', percentile(nextFailure, 95), '<= 30'),
      ms('ui: filter "failures only", capture grid', filterTrace, '<= 500'),
      ms('ui: filter removed, capture grid', unfilterTrace, '<= 500'),
      ms('ui: filter "failures only", aligned grid', filterAligned, '<= 500'),
      ms('ui: scroll frame time p50', percentile(frames.all, 50)),
      // With the jumps of three screens included, one frame in ten follows a jump; the target is on
      // the steady part (smooth scrolling), the overall figure is shown beside it.
      ms('ui: scroll frame time p95', percentile(frames.all, 95)),
      ms('ui: scroll frame time max', Math.max(...frames.all)),
      ms('ui: scroll frame time p95, steady part', percentile(frames.steady, 95), '<= 33'),
      ms('ui: scroll frame time p50, after jumps', percentile(frames.jump, 50)),
    ];
  } finally {
    await browser?.close();
    await stopHost(host.child);
  }
}
