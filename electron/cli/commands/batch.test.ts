import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MachineResult } from '../../engine/insight/fleet-triage';
import { runBatch } from './batch';

const root = process.cwd();
const demo = (...p: string[]): string => path.resolve(root, 'fixtures/demo', ...p);
const BASELINE = demo('baseline-clean-image.CSV');
const HTML_NAME = 'BR-<9>&"q"';

let tmp: string;
let problems: string;
let logDir: string;

/** A fleet of generated captures: copies and edits of the demo case. */
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'tracediff-batch-'));
  problems = path.join(tmp, 'problems');
  logDir = path.join(tmp, 'logs');
  mkdirSync(problems);
  mkdirSync(logDir);
  // 1. The managed image as it is, logs in the separate log folder.
  copyFileSync(demo('problem-managed-image.CSV'), path.join(problems, 'BR-0417-PC.CSV'));
  copyFileSync(demo('logs', 'WindowsUpdate.log'), path.join(logDir, 'BR-0417-PC_WindowsUpdate.log'));
  // 2. A machine folder with its capture and its logs.
  const folder = path.join(problems, 'BR-0418-PC');
  mkdirSync(folder);
  copyFileSync(demo('problem-managed-image.CSV'), path.join(folder, 'Logfile.CSV'));
  for (const f of readdirSync(demo('logs'))) copyFileSync(demo('logs', f), path.join(folder, f));
  // 3. The same failure with the agent's rows removed: no agent to blame.
  const rows = readFileSync(demo('problem-managed-image.CSV'), 'utf8').split('\r\n');
  const noAgent = rows.filter(
    (r) => !/DSPClient|"vEdsmService\.exe"|"vUserHci\.exe"|"WerFault\.exe"/.test(r),
  );
  writeFileSync(path.join(problems, 'BR-0419-PC.CSV'), noAgent.join('\r\n'));
  // 4. A clean machine: no difference at all.
  copyFileSync(BASELINE, path.join(problems, 'WS-CLEAN-02.CSV'));
  // 5. A machine whose name needs escaping in HTML.
  const odd = path.join(problems, HTML_NAME);
  mkdirSync(odd);
  copyFileSync(demo('problem-managed-image.CSV'), path.join(odd, 'capture.csv'));
  writeFileSync(path.join(problems, 'readme.txt'), 'captures of the branch machines\r\n');
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function io(): { out: string[]; err: string[]; sink: { out(t: string): void; err(t: string): void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, sink: { out: (t) => out.push(t), err: (t) => err.push(t) } };
}

describe('tracediff batch', () => {
  it('compares every capture with the baseline and groups the machines by signature', async () => {
    const c = io();
    const csv = path.join(tmp, 'fleet.csv');
    const json = path.join(tmp, 'fleet.json');
    const html = path.join(tmp, 'fleet.html');
    const code = await runBatch(
      [
        '--baseline',
        BASELINE,
        '--problems',
        problems,
        '--log-dir',
        logDir,
        '--csv',
        csv,
        '--json',
        json,
        '--html',
        html,
      ],
      c.sink,
      { workerScript: null },
    );
    expect(code).toBe(0);
    const doc = JSON.parse(readFileSync(json, 'utf8')) as {
      machines: MachineResult[];
      groups: { ruleId: string | null; machines: string[] }[];
      skipped: { path: string }[];
    };
    const by = new Map(doc.machines.map((m) => [m.machine, m]));
    expect([...by.keys()].sort()).toEqual(
      ['BR-0417-PC', 'BR-0418-PC', 'BR-0419-PC', HTML_NAME, 'WS-CLEAN-02'].sort(),
    );
    expect(by.get('BR-0417-PC')).toMatchObject({
      status: 'ok',
      logs: 1,
      signature: { ruleId: 'servicing-blocked-by-endpoint-agent' },
      agents: ['vEdsmService.exe', 'vUserHci.exe'],
    });
    expect(by.get('BR-0417-PC')?.topFinding).toMatchObject({
      process: 'TiWorker.exe',
      operation: 'CreateFile',
      baselineResult: 'SUCCESS',
      problemResult: 'ACCESS DENIED',
    });
    expect(by.get('BR-0418-PC')).toMatchObject({
      logs: 5,
      signature: { ruleId: 'servicing-blocked-by-endpoint-agent' },
    });
    expect(by.get('BR-0419-PC')?.topFinding?.problemResult).toBe('ACCESS DENIED');
    expect(by.get('BR-0419-PC')?.signature).toBeNull();
    expect(by.get('BR-0419-PC')?.agents).toEqual([]);
    expect(by.get('WS-CLEAN-02')).toMatchObject({ topFinding: null, signature: null });
    expect(doc.groups[0].ruleId).toBe('servicing-blocked-by-endpoint-agent');
    expect([...doc.groups[0].machines].sort()).toEqual(['BR-0417-PC', 'BR-0418-PC', HTML_NAME].sort());
    expect(doc.groups[1]).toMatchObject({ ruleId: null, machines: ['BR-0419-PC', 'WS-CLEAN-02'] });
    expect(doc.skipped.map((s) => path.basename(s.path))).toEqual(['readme.txt']);

    const csvText = readFileSync(csv, 'utf8');
    expect(csvText.startsWith('\uFEFFmachine,status,events')).toBe(true);
    expect(csvText).toContain('终端安全/管理代理阻止了 Windows 更新服务');
    expect(csvText.split('\r\n').filter(Boolean)).toHaveLength(6);
    expect(csvText).toContain('"BR-<9>&""q"""');

    const page = readFileSync(html, 'utf8');
    expect(page).toContain('BR-&lt;9&gt;&amp;&quot;q&quot;');
    expect(page).not.toContain(HTML_NAME);

    const stdout = c.out.join('');
    expect(stdout).toMatch(
      /BR-0417-PC\s+4,479\s+TiWorker\.exe CreateFile wpdmtp\.dll: SUCCESS -> ACCESS DENIED\s+servicing-blocked-by-endpoint-agent \(0\.90\)/,
    );
    expect(stdout).toMatch(/servicing-blocked-by-endpoint-agent: 3 \(.*BR-0417-PC, BR-0418-PC/);
    const stderr = c.err.join('');
    expect(stderr).toMatch(/skipped .*readme\.txt: not a capture/);
    expect(stderr).toMatch(/\[5\/5\] /);
  });

  it('reports an unreadable capture, still writes the others, and exits 1', async () => {
    const dir = path.join(tmp, 'with-broken');
    mkdirSync(dir);
    copyFileSync(demo('problem-managed-image.CSV'), path.join(dir, 'BR-1.CSV'));
    writeFileSync(path.join(dir, 'BR-2.PML'), Buffer.from('PML_truncated'));
    const c = io();
    const json = path.join(tmp, 'broken.json');
    const code = await runBatch(['--baseline', BASELINE, '--problems', dir, '--json', json], c.sink, {
      workerScript: null,
    });
    expect(code).toBe(1);
    const doc = JSON.parse(readFileSync(json, 'utf8')) as { machines: MachineResult[] };
    expect(doc.machines.map((m) => [m.machine, m.status])).toEqual([
      ['BR-1', 'ok'],
      ['BR-2', 'error'],
    ]);
    expect(doc.machines[1].error).toMatch(/BR-2\.PML/);
    expect(c.err.join('')).toMatch(/\[2\/2\] BR-2: FAILED: /);
  });

  it('rejects bad arguments with exit code 2 and a missing folder with 1', async () => {
    const c = io();
    await expect(runBatch(['--baseline', BASELINE], c.sink)).rejects.toMatchObject({ exitCode: 2 });
    await expect(
      runBatch(['--baseline', BASELINE, '--problems', problems, '--jobs', '0'], c.sink),
    ).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/--jobs needs a whole number/) });
    await expect(
      runBatch(['--baseline', BASELINE, '--problems', path.join(tmp, 'nope')], c.sink),
    ).rejects.toMatchObject({
      exitCode: 1,
      message: expect.stringMatching(/cannot read the problems folder \(no such folder\)/),
    });
  });

  it('runs the machines in parallel worker processes from the built CLI', async () => {
    const bundle = path.join(tmp, 'cli', 'tracediff.cjs');
    await build({
      entryPoints: [path.resolve(root, 'electron/cli/tracediff.ts')],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['electron', 'playwright-core'],
      logLevel: 'error',
    });
    const json = path.join(tmp, 'parallel.json');
    const r = spawnSync(
      process.execPath,
      [
        bundle,
        'batch',
        '--baseline',
        BASELINE,
        '--problems',
        problems,
        '--log-dir',
        logDir,
        '--json',
        json,
        '--jobs',
        '2',
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.stderr).toMatch(/5 machine\(s\), 2 at a time/);
    expect(r.status).toBe(0);
    const doc = JSON.parse(readFileSync(json, 'utf8')) as { jobs: number; machines: MachineResult[] };
    expect(doc.jobs).toBe(2);
    expect(new Map(doc.machines.map((m) => [m.machine, m.signature?.ruleId ?? null]))).toEqual(
      new Map<string, string | null>([
        ['BR-0417-PC', 'servicing-blocked-by-endpoint-agent'],
        ['BR-0418-PC', 'servicing-blocked-by-endpoint-agent'],
        ['BR-0419-PC', null],
        [HTML_NAME, 'servicing-blocked-by-endpoint-agent'],
        ['WS-CLEAN-02', null],
      ]),
    );
    expect(r.stdout).toContain('By signature:');
  });
});
