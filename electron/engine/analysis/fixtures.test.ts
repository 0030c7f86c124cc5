/**
 * Accuracy on the fixture cases with known answers (fixtures/README.md): each case is read through
 * the real readers, compared, and the top finding must be the expected event on both sides, with the
 * expected log lines among its evidence. The answers come from the signals; nothing here is told.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestTrace } from '../ingest/ingest';
import { ingestLog } from '../ingest/logs/ingest-log';
import { compareTraces, type CompareResult } from './compare';
import { defaultRules } from './default-rules';
import { attachAheadKeys, keyTraceAhead } from './side-keys';

interface Expected {
  title: string;
  top: {
    process: string;
    operation: string;
    pathContains: string;
    baselineResult: string;
    problemResult: string;
  };
  logEvidenceContains: string[];
  decoys?: { process: string; operation: string; pathContains: string; result: string; sides: string }[];
}

interface Case {
  name: string;
  dir: string;
  baseline: string;
  problem: string;
}

const root = resolve(process.cwd(), 'fixtures');

function cases(): Case[] {
  const out: Case[] = [];
  const demo = join(root, 'demo');
  if (existsSync(join(demo, 'expected.json'))) {
    out.push({
      name: 'demo',
      dir: demo,
      baseline: join(demo, 'baseline-clean-image.CSV'),
      problem: join(demo, 'problem-managed-image.CSV'),
    });
  }
  const dir = join(root, 'cases');
  if (existsSync(dir)) {
    for (const name of readdirSync(dir).sort()) {
      const d = join(dir, name);
      if (existsSync(join(d, 'expected.json')))
        out.push({ name, dir: d, baseline: join(d, 'baseline.CSV'), problem: join(d, 'problem.CSV') });
    }
  }
  return out;
}

async function run(c: Case): Promise<{ result: CompareResult; expected: Expected }> {
  const expected = JSON.parse(readFileSync(join(c.dir, 'expected.json'), 'utf8')) as Expected;
  const [baseline, problem] = await Promise.all([ingestTrace(c.baseline), ingestTrace(c.problem)]);
  const logDir = join(c.dir, 'logs');
  const logs = [];
  if (existsSync(logDir)) {
    for (const f of readdirSync(logDir).sort()) logs.push(await ingestLog(join(logDir, f), { id: f }));
  }
  return { result: compareTraces(baseline, problem, logs), expected };
}

/** The case read as the app reads it: each capture keyed ahead (in its reader's worker there). */
async function runKeyedAhead(c: Case): Promise<CompareResult> {
  const [baseline, problem] = await Promise.all([ingestTrace(c.baseline), ingestTrace(c.problem)]);
  for (const s of [baseline, problem]) attachAheadKeys(s, keyTraceAhead(s, defaultRules()));
  const logDir = join(c.dir, 'logs');
  const logs = [];
  if (existsSync(logDir)) {
    for (const f of readdirSync(logDir).sort()) logs.push(await ingestLog(join(logDir, f), { id: f }));
  }
  return compareTraces(baseline, problem, logs);
}

const all = cases();

describe.runIf(all.length > 0)('fixture cases rank the known root cause first', () => {
  for (const c of all) {
    it(`${c.name}`, async () => {
      const { result, expected } = await run(c);
      const top = result.findings[0];
      const e = expected.top;
      const shown = result.findings
        .slice(0, 5)
        .map(
          (f) =>
            `${f.rank}. ${f.score} ${f.process} ${f.operation} ${f.path} ${f.baselineResult} -> ${f.problemResult}`,
        )
        .join('\n');
      expect(top, shown).toBeDefined();
      expect(top.process.toLowerCase(), shown).toBe(e.process.toLowerCase());
      expect(top.operation, shown).toBe(e.operation);
      expect(top.path.toLowerCase(), shown).toContain(e.pathContains.toLowerCase());
      expect(top.baselineResult, shown).toBe(e.baselineResult);
      expect(top.problemResult, shown).toBe(e.problemResult);
      expect(top.kind).toBe('result-changed');
      expect(top.score).toBeGreaterThan(0.5);
      const evidence = top.logEvidence
        .map((l) => l.text)
        .join('\n')
        .toLowerCase();
      for (const want of expected.logEvidenceContains)
        expect(evidence, `log evidence should contain "${want}"`).toContain(want.toLowerCase());

      // Decoys present on both sides never outrank the answer, and are marked as no real difference
      // when they show up as a finding at all.
      for (const d of expected.decoys ?? []) {
        const f = result.findings.find(
          (x) =>
            x.process.toLowerCase() === d.process.toLowerCase() &&
            x.operation === d.operation &&
            x.path.toLowerCase().includes(d.pathContains.toLowerCase()),
        );
        if (!f) continue;
        expect(f.rank).toBeGreaterThan(1);
        if (d.sides === 'both' && f.problemResult === d.result && f.kind === 'result-changed')
          expect(f.alsoOnBaseline).toBe(true);
      }

      // Keys computed ahead give the very same comparison.
      const ahead = await runKeyedAhead(c);
      expect(ahead.findings).toEqual(result.findings);
      expect(ahead.rules).toEqual(result.rules);
      expect(ahead.summary).toEqual({ ...result.summary, elapsedMs: ahead.summary.elapsedMs });
    });
  }
});
