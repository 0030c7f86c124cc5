import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError, type CliIo } from '../cli-io';
import { runCompare } from './compare';

const demo = resolve(process.cwd(), 'fixtures/demo');
const out = mkdtempSync(join(tmpdir(), 'tracediff-compare-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function capture(): CliIo & { text: () => string } {
  let text = '';
  return { out: (s) => (text += s), err: (s) => (text += s), text: () => text };
}

/** Runs the command as the CLI does: a CliError becomes its exit code, any other error exit 1. */
async function run(args: string[]): Promise<{ code: number; text: string; error?: string }> {
  const io = capture();
  try {
    return { code: await runCompare(args, io), text: io.text() };
  } catch (e) {
    if (e instanceof CliError) return { code: e.exitCode, text: io.text(), error: e.message };
    return { code: 1, text: io.text(), error: e instanceof Error ? e.message : String(e) };
  }
}

describe('tracediff compare', () => {
  it('ranks the demo case and writes the JSON of the CLI contract', async () => {
    const json = join(out, 'demo.json');
    const logs = readdirSync(join(demo, 'logs')).flatMap((f) => ['--log', join(demo, 'logs', f)]);
    const r = await run([
      '--baseline',
      join(demo, 'baseline-clean-image.CSV'),
      '--problem',
      join(demo, 'problem-managed-image.CSV'),
      ...logs,
      '--json',
      json,
    ]);
    expect(r.error).toBeUndefined();
    expect(r.code).toBe(0);
    expect(r.text).toMatch(/1\s+0\.\d+\s+TiWorker\.exe\s+CreateFile\s+SUCCESS -> ACCESS DENIED/);
    for (const log of [
      'CBS.log',
      'setupact.log',
      'dism.log',
      'WindowsUpdate.log',
      'Application-event1000.xml',
    ]) {
      expect(r.text).toMatch(new RegExp(`log: +${log.replace('.', '\\.')}:\\d+`));
    }
    const doc = JSON.parse(readFileSync(json, 'utf8'));
    expect(doc.baseline).toEqual({
      file: join(demo, 'baseline-clean-image.CSV'),
      kind: 'procmon-csv',
      events: expect.any(Number),
    });
    expect(doc.problem.kind).toBe('procmon-csv');
    expect(doc.problem.events).toBeGreaterThan(1000);
    const top = doc.findings[0];
    expect(Object.keys(top).slice(0, 11)).toEqual([
      'rank',
      'process',
      'operation',
      'path',
      'baselineResult',
      'problemResult',
      'score',
      'why',
      'baselineEvents',
      'problemEvents',
      'logEvidence',
    ]);
    expect(top).toMatchObject({
      rank: 1,
      process: 'TiWorker.exe',
      operation: 'CreateFile',
      baselineResult: 'SUCCESS',
      problemResult: 'ACCESS DENIED',
    });
    expect(top.path).toMatch(
      /^C:\\Windows\\SoftwareDistribution\\Download\\[0-9a-f]{32}\\inst\\amd64_dual_wpdmtp\.inf_.*\\wpdmtp\.dll$/,
    );
    expect(top.baselineEvents.length).toBeGreaterThan(0);
    expect(top.logEvidence[0]).toEqual(
      expect.objectContaining({
        file: expect.any(String),
        line: expect.any(Number),
        text: expect.any(String),
      }),
    );
    const evidence = top.logEvidence.map((e: { text: string }) => e.text).join('\n');
    for (const want of ['GLE [5]', 'STATUS_ACCESS_DENIED', '0x8024200D', 'vEdsmFileMon.dll'])
      expect(evidence).toContain(want);
    const ranks = doc.findings.map((f: { rank: number }) => f.rank);
    expect(ranks).toEqual(ranks.map((_: number, i: number) => i + 1));
  });

  it('adds signatures, the environment and ACL evidence from icacls/fltmc logs to the JSON and the HTML', async () => {
    const json = join(out, 'insights.json');
    const html = join(out, 'insights.html');
    const fx = resolve(process.cwd(), 'fixtures');
    const r = await run([
      '--baseline',
      join(demo, 'baseline-clean-image.CSV'),
      '--problem',
      join(demo, 'problem-managed-image.CSV'),
      ...readdirSync(join(demo, 'logs')).flatMap((f) => ['--log', join(demo, 'logs', f)]),
      ...['acl/baseline-wpdmtp-icacls.txt', 'acl/problem-wpdmtp-icacls.txt'].flatMap((f) => [
        '--log',
        join(fx, f),
      ]),
      '--log',
      join(fx, 'fltmc/problem-fltmc-filters-zh.txt'),
      '--top',
      '3',
      '--json',
      json,
      '--html',
      html,
    ]);
    expect(r.error).toBeUndefined();
    expect(r.text).toMatch(/^Signature servicing-blocked-by-endpoint-agent: /m);
    const doc = JSON.parse(readFileSync(json, 'utf8'));
    // Every contract field stays; the insights are added.
    expect(Object.keys(doc)).toEqual(
      expect.arrayContaining(['baseline', 'problem', 'findings', 'environment', 'signatures', 'aclDiffs']),
    );
    expect(doc.findings[0].signatures[0]).toMatchObject({
      ruleId: 'servicing-blocked-by-endpoint-agent',
      remediation: { en: expect.stringContaining('icacls'), 'zh-CN': expect.any(String) },
    });
    expect(doc.findings.every((f: { signatures: unknown[] }) => Array.isArray(f.signatures))).toBe(true);
    expect(doc.environment.items[0]).toMatchObject({ publisher: 'third-party', presence: 'problem-only' });
    expect(doc.aclDiffs.map((d: { path: string }) => d.path)).toContain('C:\\Windows\\System32\\wpdmtp.dll');
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('Known signature');
    expect(page).toContain('ACL evidence');
    expect(page).toContain('vEdsmFileMon');
  });

  it('limits the findings with --top', async () => {
    const json = join(out, 'top.json');
    const r = await run([
      '--baseline',
      join(demo, 'baseline-clean-image.CSV'),
      '--problem',
      join(demo, 'problem-managed-image.CSV'),
      '--top',
      '2',
      '--json',
      json,
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(json, 'utf8')).findings).toHaveLength(2);
  });

  it('refuses bad arguments with exit code 2', async () => {
    expect((await run(['--baseline', 'a.csv'])).code).toBe(2);
    expect((await run(['--baseline', 'a.csv', '--problem', 'b.csv', '--top', 'zero'])).code).toBe(2);
    expect((await run(['--baseline', 'a.csv', '--problem', 'b.csv', '--bogus'])).code).toBe(2);
    expect((await run(['--baseline', 'a.csv', '--problem', 'b.csv', '--json'])).code).toBe(2);
  });

  it('fails with exit code 1 naming an unreadable input', async () => {
    const r = await run([
      '--baseline',
      join(out, 'missing.CSV'),
      '--problem',
      join(demo, 'problem-managed-image.CSV'),
    ]);
    expect(r.code).toBe(1);
    expect(r.error).toContain('missing.CSV');
  });
});
