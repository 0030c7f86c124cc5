import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaseFile } from '../../../shared/model/case';
import { Autosaver } from './autosaver';
import { backupPathOf, loadCase, parseCase, saveCase, serializeCase } from './case-file';
import { addAnnotation, createCase, updateAnnotation } from './case-edit';

const dir = mkdtempSync(join(tmpdir(), 'tdcase-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);

function sampleCase(): CaseFile {
  let c = createCase({
    appVersion: '0.1.0',
    title: 'KB4561621 更新安装失败 0x8024200d',
    conclusion:
      'TMS 策略修改了 WpdMtp.dll 的 ACL，SYSTEM 不再拥有完全控制权限。\nThe TMS policy changed the ACL.',
    now: new Date('2024-05-01T08:00:00Z'),
    metadata: {
      ticket: 'CASE-2020-0612',
      customer: '某银行',
      engineer: 'Engineer',
      machines: {
        baseline: { name: 'CLEAN-PC', os: 'Windows 10 1803' },
        problem: { name: 'BRANCH-PC', os: 'Windows 10 1803' },
      },
    },
    inputs: [
      {
        path: 'C:\\cases\\clean.pml',
        size: 10,
        sha256: SHA_A,
        side: 'baseline',
        kind: 'procmon-pml',
        encoding: 'binary',
      },
      {
        path: 'C:\\cases\\managed.pml',
        size: 12,
        sha256: SHA_B,
        side: 'problem',
        kind: 'procmon-pml',
        encoding: 'binary',
      },
    ],
    view: { language: 'zh-CN', paneSizes: [20, 60, 20], selectedFinding: 'f1', custom: { x: 1 } },
  });
  c = addAnnotation(
    c,
    { type: 'event', side: 'problem', seq: 790, inputSha256: SHA_B },
    {
      tags: ['root-cause', '待确认'],
      note: '拒绝访问：TiWorker.exe 无法写入属性 ✓',
    },
  ).case;
  c = addAnnotation(
    c,
    { type: 'finding', findingKey: 'TiWorker.exe|CreateFile|c:\\windows\\x' },
    { tags: ['symptom'] },
  ).case;
  c = addAnnotation(c, { type: 'log', logSha256: SHA_A, line: 1234 }, { note: 'CBS 日志' }).case;
  c = addAnnotation(c, { type: 'aligned', baselineSeq: 812, problemSeq: -1 }, { tags: ['noise'] }).case;
  return c;
}

describe('case file', () => {
  it('round-trips a case with Chinese notes, all target kinds and view state', async () => {
    const path = join(dir, '案例 round.tdcase');
    const c = sampleCase();
    await saveCase(path, c);
    const r = await loadCase(path);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.case).toEqual(c);
    expect(r.case.annotations[0].note).toBe('拒绝访问：TiWorker.exe 无法写入属性 ✓');
    expect(r.case.view.custom).toEqual({ x: 1 });
  });

  it('keeps the previous version as .bak and offers it when the file is broken', async () => {
    const path = join(dir, 'bak.tdcase');
    const first = sampleCase();
    await saveCase(path, first);
    const second = updateAnnotation(first, first.annotations[0].id, { note: 'second' });
    await saveCase(path, second);
    const bak = parseCase(readFileSync(backupPathOf(path), 'utf8'), 'bak');
    expect(bak.ok && bak.case.annotations[0].note).toBe(first.annotations[0].note);
    writeFileSync(path, '{"version": 1, "title": "x",\n  "conclusion": }');
    const r = await loadCase(path);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.kind).toBe('json');
    expect(r.error.line).toBe(2);
    expect(r.error.column).toBe(17);
    expect(r.error.message).toContain('line 2, column 17');
    expect(r.recovery?.path).toBe(backupPathOf(path));
    expect(r.recovery?.case.annotations[0].note).toBe(first.annotations[0].note);
    // A broken file must not replace the good backup on the next save.
    await saveCase(path, second);
    const bak2 = parseCase(readFileSync(backupPathOf(path), 'utf8'), 'bak');
    expect(bak2.ok).toBe(true);
  });

  it('names the field of a schema violation', () => {
    const raw = JSON.parse(serializeCase(sampleCase()));
    raw.annotations[1].target = { type: 'event', side: 'problem', seq: 'seven', inputSha256: SHA_B };
    const r = parseCase(JSON.stringify(raw), 'x.tdcase');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.kind).toBe('schema');
    expect(r.error.field).toBe('annotations[1].target.seq');
    expect(r.error.message).toMatch(/^x\.tdcase: not a valid case file: annotations\[1\]\.target\.seq/);

    const noInputs = JSON.parse(serializeCase(sampleCase()));
    delete noInputs.inputs;
    const r2 = parseCase(JSON.stringify(noInputs), 'y.tdcase');
    expect(!r2.ok && r2.error.field).toBe('inputs');
  });

  it('refuses a case from a newer version with a clear message', async () => {
    const path = join(dir, 'newer.tdcase');
    writeFileSync(path, JSON.stringify({ version: 3, title: 'future', somethingNew: [] }));
    const r = await loadCase(path);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.kind).toBe('newer-version');
    expect(r.error.version).toBe(3);
    expect(r.error.message).toContain(
      'This case was written by a newer TraceDiff (version 3); this build reads version 1',
    );
    expect(r.recovery).toBeNull();
  });

  it('tolerates harmless oddities: BOM, unknown input kind, bad view state', () => {
    const raw = JSON.parse(serializeCase(sampleCase()));
    raw.inputs[0].kind = 'procmon-etl-2030';
    raw.view.paneSizes = 'wide';
    const r = parseCase(`\ufeff${JSON.stringify(raw)}`, 'z.tdcase');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.case.inputs[0].kind).toBe('unknown');
    expect(r.case.view.paneSizes).toBeUndefined();
  });

  it('reports a missing file as not-found', async () => {
    const r = await loadCase(join(dir, 'nope.tdcase'));
    expect(!r.ok && r.error.kind).toBe('not-found');
  });

  it('never leaves a half-written case when the writer is killed mid-save', async () => {
    const path = join(dir, 'crash.tdcase');
    const base = sampleCase();
    // Many annotations make each write take long enough for kills to land mid-write.
    const big: CaseFile = { ...base, annotations: [] };
    for (let i = 0; i < 2000; i++)
      big.annotations.push({ ...base.annotations[0], id: `a${i}`, note: `备注 ${i} `.repeat(8) });
    await saveCase(path, big);
    await saveCase(path, big); // now a .bak exists too, and must stay readable throughout
    const script = join(dir, 'writer.cjs');
    await build({
      stdin: {
        contents: `
          import { saveCase } from './case-file';
          const path = process.argv[2];
          const c = JSON.parse(require('node:fs').readFileSync(path, 'utf8'));
          let i = (Number(String(c.title).split(' ')[1]) || 0) + 1;
          (async () => { for (;;) { c.title = 'write ' + i++; await saveCase(path, c); } })();`,
        resolveDir: resolve('electron/engine/case'),
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: script,
      logLevel: 'silent',
    });
    const inode = (): number => {
      try {
        return statSync(path).ino;
      } catch {
        return -1;
      }
    };
    let writes = 0;
    for (let k = 0; k < 20; k++) {
      const child = spawn(process.execPath, [script, path], { stdio: 'ignore' });
      // Wait until the writer has replaced the file at least once (the machine may be busy), then
      // kill it at a random moment of its next writes: serialising, writing, syncing or renaming.
      const before = inode();
      const deadline = Date.now() + 20_000;
      while (inode() === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      if (inode() !== before) writes++;
      await new Promise((r) => setTimeout(r, Math.random() * 120));
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      const r = await loadCase(path);
      expect(r.ok, `after kill ${k}: ${r.ok ? '' : r.error.message}`).toBe(true);
      const bak = await loadCase(backupPathOf(path));
      expect(bak.ok, `backup after kill ${k}`).toBe(true);
    }
    // The writer did write between kills (otherwise the test proves nothing).
    expect(writes).toBeGreaterThanOrEqual(15);
    // Temp files of dead writers are cleaned up by the next save.
    await saveCase(path, big);
    expect(readdirSync(dir).filter((n) => n.startsWith('.crash.tdcase') && n.endsWith('.tmp'))).toEqual([]);
  }, 60_000);
});

describe('Autosaver', () => {
  it('coalesces quick edits into one atomic write and flushes on demand', async () => {
    const path = join(dir, 'auto.tdcase');
    const saved: string[] = [];
    const a = new Autosaver(path, { delayMs: 100, onSaved: (_p, c) => saved.push(c.title) });
    const c = sampleCase();
    for (let i = 0; i < 10; i++) a.schedule({ ...c, title: `edit ${i}` });
    expect(a.hasPending).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(saved).toEqual(['edit 9']);
    a.schedule({ ...c, title: 'last' });
    await a.dispose();
    expect(saved).toEqual(['edit 9', 'last']);
    const r = await loadCase(path);
    expect(r.ok && r.case.title).toBe('last');
    expect(() => a.schedule(c)).toThrow();
  });

  it('saves at least every maxWait under a steady stream of edits, never two writes at once', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const titles: string[] = [];
    const a = new Autosaver('unused', {
      delayMs: 50,
      maxWaitMs: 120,
      save: async (_p, c) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 40));
        titles.push(c.title);
        inFlight--;
      },
    });
    const c = sampleCase();
    for (let i = 0; i < 20; i++) {
      a.schedule({ ...c, title: `t${i}` });
      await new Promise((r) => setTimeout(r, 20));
    }
    await a.flush();
    expect(titles.length).toBeGreaterThanOrEqual(2);
    expect(titles.length).toBeLessThan(20);
    expect(titles[titles.length - 1]).toBe('t19');
    expect(maxInFlight).toBe(1);
  });
});
