/**
 * Evidence is never touched: every sample under ../shared/samples and every fixture goes through
 * every engine path (sniff; trace and log ingest; the ACL and fltmc readers; compare for each
 * baseline/problem pair and for each CSV/PML export of one capture; case save, report HTML and
 * input verification for the pairs) and afterwards each file's bytes (SHA-256), size and
 * modification time are what they were, no file appeared beside any of them, and no descriptor to
 * any of them is left open.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareTraces } from '../electron/engine/analysis/compare';
import { loadCase } from '../electron/engine/case/case-file';
import { verifyInputs } from '../electron/engine/case/verify-inputs';
import { readAclFile } from '../electron/engine/ingest/acl/read-acl';
import { readFltmcFile } from '../electron/engine/ingest/fltmc/fltmc';
import { ingestTrace, sniffInput } from '../electron/engine/ingest/ingest';
import { ingestLog, LOG_KINDS } from '../electron/engine/ingest/logs/ingest-log';
import type { LogStore } from '../electron/engine/ingest/logs/log-store';
import { expandZip } from '../electron/engine/ingest/zip/read-zip';
import { writeCaseAndReports } from '../electron/engine/report/cli-report';
import type { TraceStore } from '../electron/engine/store/trace-store';
import { seedRoots } from './corpus';

interface Print {
  sha256: string;
  size: number;
  mtimeMs: number;
}

const TRACE_KINDS = new Set(['procmon-csv', 'procmon-csv-excel', 'procmon-xml', 'procmon-pml']);

async function walk(dir: string, files: string[], dirs: string[]): Promise<void> {
  dirs.push(dir);
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) await walk(p, files, dirs);
    else if (e.isFile()) files.push(p);
  }
}

async function print(file: string): Promise<Print> {
  const s = await stat(file);
  return {
    sha256: createHash('sha256')
      .update(await readFile(file))
      .digest('hex'),
    size: s.size,
    mtimeMs: s.mtimeMs,
  };
}

const files: string[] = [];
const dirs: string[] = [];
const before = new Map<string, Print>();
const listings = new Map<string, string[]>();
const kinds = new Map<string, string>();
const traces = new Map<string, TraceStore>();
const logs = new Map<string, LogStore>();
let out: string;

async function settle<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (e) {
    // Refusing a file is allowed (it must only be said clearly); touching it is not.
    expect(e).toBeInstanceOf(Error);
    return null;
  }
}

/** Baseline/problem pairs: the fixture cases, and the CSV and PML exports of one sample capture. */
function pairs(): [string, string][] {
  const out: [string, string][] = [];
  const byDir = new Map<string, string[]>();
  for (const f of traces.keys()) byDir.set(path.dirname(f), [...(byDir.get(path.dirname(f)) ?? []), f]);
  for (const group of byDir.values()) {
    const base = group.find((f) => /baseline/i.test(path.basename(f)));
    const prob = group.find((f) => /problem/i.test(path.basename(f)));
    if (base && prob) out.push([base, prob]);
    for (const csv of group.filter((f) => /\.csv$/i.test(f))) {
      const pml = group.find((f) => f.toLowerCase() === csv.toLowerCase().replace(/\.csv$/, '.pml'));
      if (pml) out.push([csv, pml]);
    }
  }
  return out;
}

beforeAll(async () => {
  for (const { dir } of seedRoots()) if (existsSync(dir)) await walk(dir, files, dirs);
  for (const f of files) before.set(f, await print(f));
  for (const d of dirs) listings.set(d, (await readdir(d)).sort());
  out = await mkdtemp(path.join(tmpdir(), 'tracediff-evidence-'));
});

afterAll(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

describe('evidence is never touched', () => {
  it('finds the samples and the fixtures', () => {
    expect(files.some((f) => f.includes(`${path.sep}shared${path.sep}samples${path.sep}`))).toBe(true);
    expect(files.some((f) => f.includes(`${path.sep}fixtures${path.sep}`))).toBe(true);
  });

  it('reads every file through every engine path', async () => {
    for (const f of files) {
      const sniff = await settle(sniffInput(f));
      const kind = sniff?.kind ?? 'unknown';
      kinds.set(f, kind);
      const small = (before.get(f)?.size ?? 0) < 1 << 20;
      if (TRACE_KINDS.has(kind)) {
        const t = await settle(ingestTrace(f));
        if (t) traces.set(f, t);
        if (kind === 'procmon-pml') await settle(ingestTrace(f, { allEvents: true }));
      }
      if ((LOG_KINDS as readonly string[]).includes(kind) || kind === 'unknown' || small) {
        const l = await settle(ingestLog(f));
        if (l && !TRACE_KINDS.has(kind)) logs.set(f, l);
      }
      if (small) {
        await settle(readAclFile(f));
        await settle(readFltmcFile(f));
      }
      if (kind === 'zip') {
        const z = await settle(expandZip(f, { tempRoot: out }));
        await z?.dispose();
      }
    }
    expect(traces.size).toBeGreaterThan(10);
    expect(logs.size).toBeGreaterThan(10);
  });

  it('compares each pair, saves a case, writes the report and verifies the inputs', async () => {
    const found = pairs();
    expect(found.length).toBeGreaterThanOrEqual(6);
    for (const [i, [b, p]] of found.entries()) {
      const baseline = traces.get(b) as TraceStore;
      const problem = traces.get(p) as TraceStore;
      const near = [...logs.entries()].filter(([f]) => path.dirname(path.dirname(f)) === path.dirname(b));
      const result = compareTraces(
        baseline,
        problem,
        near.map(([, l]) => l),
      );
      const casePath = path.join(out, `case-${i}.tdcase`);
      await writeCaseAndReports({
        baselinePath: b,
        problemPath: p,
        logPaths: near.map(([f]) => f),
        baseline,
        problem,
        logs: near.map(([, l]) => l),
        result,
        casePath,
        htmlPath: path.join(out, `report-${i}.html`),
        language: i % 2 === 0 ? 'en' : 'zh-CN',
        redact: i % 3 === 0,
      });
      const loaded = await loadCase(casePath);
      expect(loaded.ok).toBe(true);
      if (loaded.ok) {
        const checks = await verifyInputs(loaded.case, { casePath });
        expect(checks.map((c) => c.status)).toEqual(checks.map(() => 'ok'));
      }
    }
  });

  it('leaves every file byte-for-byte as it was, with its time, and nothing new beside it', async () => {
    for (const f of files) expect({ f, ...(await print(f)) }).toEqual({ f, ...before.get(f) });
    for (const d of dirs)
      expect({ d, names: (await readdir(d)).sort() }).toEqual({ d, names: listings.get(d) });
  });

  it('holds no descriptor open on any of them', async () => {
    if (!existsSync('/proc/self/fd')) return;
    const open = new Set<string>();
    for (const fd of await readdir('/proc/self/fd')) {
      const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '');
      if (target) open.add(target);
    }
    expect(files.filter((f) => open.has(f))).toEqual([]);
  });
});
