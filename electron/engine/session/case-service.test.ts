import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaseState } from '../../../shared/contract';
import type { Finding } from '../../../shared/model/finding';
import type { PdfPrinter } from '../report/pdf-printer';
import { ContractFailure } from './contract-failure';
import { createEngineDeps } from './engine-wiring';
import { WorkbenchService, type WorkbenchServiceOptions } from './workbench-service';

const root = mkdtempSync(path.join(os.tmpdir(), 'tracediff-case-service-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const DEMO = path.resolve(process.cwd(), 'fixtures', 'demo');
const NOTE = '策略导致 wpdmtp.dll 的 ACL 被修改，SYSTEM 无完全控制权限';
const CONCLUSION =
  '根因：终端管理代理（TMS）的设备策略修改了 WpdMtp.dll 的 ACL。\n处理建议：移出 TMS 管理后重新安装更新。';

let n = 0;
/** A fresh folder with the demo's captures and CBS.log (each test moves or changes its own copies). */
function demoCopy(): { dir: string; baseline: string; problem: string; cbs: string } {
  const dir = path.join(root, `inputs-${++n}`);
  mkdirSync(dir);
  const baseline = path.join(dir, 'baseline-clean-image.CSV');
  const problem = path.join(dir, 'problem-managed-image.CSV');
  const cbs = path.join(dir, 'CBS.log');
  copyFileSync(path.join(DEMO, 'baseline-clean-image.CSV'), baseline);
  copyFileSync(path.join(DEMO, 'problem-managed-image.CSV'), problem);
  copyFileSync(path.join(DEMO, 'logs', 'CBS.log'), cbs);
  return { dir, baseline, problem, cbs };
}

function service(overrides: Partial<WorkbenchServiceOptions> = {}): WorkbenchService {
  return new WorkbenchService({
    host: 'electron',
    appVersion: 'test',
    engine: createEngineDeps(root),
    fixturesDir: path.join(root, 'no-fixtures'),
    pathPolicy: 'any',
    autosaveDelayMs: 10,
    ...overrides,
  });
}

async function loaded(files: ReturnType<typeof demoCopy>, overrides: Partial<WorkbenchServiceOptions> = {}) {
  const s = service(overrides);
  await s.handle('openInputs', {
    inputs: [
      { ref: { path: files.baseline }, role: 'baseline' },
      { ref: { path: files.problem }, role: 'problem' },
      { ref: { path: files.cbs }, role: 'log' },
    ],
  });
  await s.whenIdle();
  const { findings } = await s.handle('getFindings', {});
  return { s, top: findings[0] };
}

/** Marks the top finding's ACCESS DENIED event with a Chinese note, its CBS.log line, and the finding. */
async function annotate(s: WorkbenchService, top: Finding): Promise<void> {
  const logs = (await s.handle('getState', {})).logs;
  const cbs = logs.find((l) => l.fileName === 'CBS.log')!;
  const evidence = top.logEvidence.find((l) => l.file.toLowerCase().endsWith('cbs.log'))!;
  await s.handle('addAnnotation', {
    target: { type: 'event', side: 'problem', seq: top.problemEvents[0] },
    tags: ['root-cause', '权限'],
    note: NOTE,
  });
  await s.handle('addAnnotation', {
    target: { type: 'log', logId: cbs.id, line: evidence.line },
    tags: ['symptom'],
  });
  await s.handle('addAnnotation', { target: { type: 'finding', findingKey: top.id }, tags: ['to-check'] });
  await s.handle('updateCaseMeta', {
    title: 'KB4561621 更新安装失败 0x8024200d',
    conclusion: CONCLUSION,
    metadata: {
      ticket: '120073124000123',
      engineer: 'Support',
      machines: { problem: { name: 'BR-0417-PC' } },
    },
  });
}

function byStatus(state: CaseState): Record<string, string> {
  return Object.fromEntries(state.inputs.map((i) => [i.fileName, i.status]));
}

describe('case through the workbench service', () => {
  it('marks, notes in Chinese, saves, and a new service instance opens the same case', async () => {
    const files = demoCopy();
    const dataDir = path.join(root, 'data-roundtrip');
    const { s, top } = await loaded(files, { dataDir });
    expect(top.problemResult).toBe('ACCESS DENIED');
    await annotate(s, top);
    const custom = {
      id: 'custom-agent-temp',
      label: 'Agent temp folders',
      pattern: '\\\\DSPClient\\\\Temp\\\\[0-9a-f]+',
      replacement: '\\DSPClient\\Temp\\#',
      enabled: true,
      builtin: false,
    };
    const { rules } = await s.handle('getRules', {});
    await s.handle('setRules', { rules: [...rules, custom] });
    await s.whenIdle();

    const before = await s.handle('getCase', {});
    expect(before.annotations.map((a) => a.ref?.type)).toEqual(['event', 'log', 'finding']);
    expect(before.annotations[0].summary).toContain('ACCESS DENIED');
    expect(before.annotations[2].findingRank).toBe(1);
    expect(before.case.metadata.machines.problem.name).toBe('BR-0417-PC');
    expect((await s.handle('getState', {})).caseTitle).toBe('KB4561621 更新安装失败 0x8024200d');

    const casePath = path.join(root, 'KB4561621.tdcase');
    const saved = await s.handle('saveCase', { path: casePath, view: { selectedFinding: top.id } });
    expect(saved.case.path).toBe(casePath);
    expect(saved.case.location).toBe('user');
    expect(saved.case.dirty).toBe(false);
    const onDisk = JSON.parse(readFileSync(casePath, 'utf8'));
    expect(onDisk.annotations[0].note).toBe(NOTE);
    expect(onDisk.inputs.map((i: { side: string }) => i.side).sort()).toEqual(['baseline', 'log', 'problem']);
    await s.shutdown();

    const s2 = service({ dataDir });
    const opened = await s2.handle('openCase', { path: casePath });
    expect(opened.ok).toBe(true);
    await s2.whenIdle();
    const after = await s2.handle('getCase', {});
    expect(after.case.title).toBe('KB4561621 更新安装失败 0x8024200d');
    expect(after.case.conclusion).toBe(CONCLUSION);
    expect(after.case.metadata.ticket).toBe('120073124000123');
    expect(after.case.view.selectedFinding).toBe(top.id);
    expect(after.annotations.map((a) => a.id)).toEqual(before.annotations.map((a) => a.id));
    expect(after.case.annotations.map((a) => [a.note, a.tags])).toEqual(
      before.case.annotations.map((a) => [a.note, a.tags]),
    );
    // Every mark points at the same thing again: the refs resolve to this session's ids.
    const logId = (await s2.handle('getState', {})).logs[0].id;
    expect(after.annotations[0].ref).toEqual({ type: 'event', side: 'problem', seq: top.problemEvents[0] });
    expect(after.annotations[1].ref).toMatchObject({ type: 'log', logId });
    expect(after.annotations[2].ref).toEqual({ type: 'finding', findingKey: top.id });
    expect(Object.values(byStatus(after))).toEqual(['ok', 'ok', 'ok']);
    // The case's rules are the comparison's rules again.
    expect((await s2.handle('getRules', {})).rules.find((r) => r.id === custom.id)).toMatchObject({
      pattern: custom.pattern,
      enabled: true,
    });
    const recent = await s2.handle('listRecentCases', {});
    expect(recent.cases[0]).toMatchObject({ path: casePath, annotations: 3 });
    await s2.shutdown();
  });

  it('reports a moved input as missing, takes it back once located, and warns about a changed one', async () => {
    const files = demoCopy();
    const { s, top } = await loaded(files);
    await annotate(s, top);
    const casePath = path.join(files.dir, 'moved.tdcase');
    await s.handle('saveCase', { path: casePath });
    await s.shutdown();

    const elsewhere = path.join(root, `elsewhere-${n}`);
    mkdirSync(elsewhere);
    const movedTo = path.join(elsewhere, 'renamed-clean.CSV');
    renameSync(files.baseline, movedTo);
    appendFileSync(
      files.cbs,
      '2020-07-31 10:30:00, Info                  CBS    edited after the case was saved\r\n',
    );

    const s2 = service();
    const opened = await s2.handle('openCase', { path: casePath });
    if (!opened.ok) throw new Error(opened.error.message);
    await s2.whenIdle();
    const state = await s2.handle('getCase', {});
    expect(byStatus(state)).toEqual({
      'problem-managed-image.CSV': 'ok',
      'CBS.log': 'changed',
      'baseline-clean-image.CSV': 'missing',
    });
    expect(state.inputs.find((i) => i.status === 'changed')?.message).toMatch(/CBS\.log has changed/);
    // The changed log's mark no longer attaches; the capture's mark still does.
    expect(state.annotations[0].ref?.type).toBe('event');
    expect(state.annotations[1]).toMatchObject({ ref: null, detached: 'input-not-loaded' });

    // A different file is refused; the moved one is taken back and read.
    const missing = state.inputs.find((i) => i.status === 'missing')!;
    await expect(
      s2.handle('locateInput', { sha256: missing.sha256, ref: { path: files.problem } }),
    ).rejects.toThrow(/not the file this case was built from/);
    const located = await s2.handle('locateInput', { sha256: missing.sha256, ref: { path: movedTo } });
    expect(located.inputs.find((i) => i.sha256 === missing.sha256)).toMatchObject({
      status: 'relocated',
      path: movedTo,
    });
    await s2.whenIdle();
    expect((await s2.handle('getState', {})).traces.baseline?.fileName).toBe('renamed-clean.CSV');
    await s2.flushCase();
    const rewritten = JSON.parse(readFileSync(casePath, 'utf8'));
    expect(rewritten.inputs.find((i: { side: string }) => i.side === 'baseline').path).toBe(movedTo);
    await s2.shutdown();
  });

  it('explains a broken or newer case file and offers the previous version (.bak)', async () => {
    const files = demoCopy();
    const { s, top } = await loaded(files);
    await annotate(s, top);
    const casePath = path.join(files.dir, 'broken.tdcase');
    await s.handle('saveCase', { path: casePath });
    await s.handle('updateCaseMeta', { conclusion: 'second version' });
    await s.handle('saveCase', {});
    await s.shutdown();
    expect(existsSync(`${casePath}.bak`)).toBe(true);

    writeFileSync(casePath, '{ "version": 1, "title": "x",\n  "conclusion": oops }');
    const s2 = service();
    const broken = await s2.handle('openCase', { path: casePath });
    expect(broken.ok).toBe(false);
    if (broken.ok) return;
    expect(broken.error.kind).toBe('json');
    expect(broken.error.line).toBe(2);
    expect(broken.error.message).toContain('broken.tdcase');
    expect(broken.recovery).toMatchObject({ path: `${casePath}.bak`, annotations: 3 });

    writeFileSync(casePath, JSON.stringify({ version: 7, title: 'from a later build' }));
    const newer = await s2.handle('openCase', { path: casePath });
    expect(newer.ok).toBe(false);
    if (newer.ok) return;
    expect(newer.error.kind).toBe('newer-version');
    expect(newer.error.message).toMatch(/newer TraceDiff \(version 7\)/);

    const recovered = await s2.handle('openCase', { path: casePath, recover: true });
    if (!recovered.ok) throw new Error(recovered.error.message);
    expect(recovered.case.path).toBe(path.join(files.dir, 'broken-recovered.tdcase'));
    expect(recovered.case.notices[0]).toMatch(/previous version/);
    expect(recovered.case.case.annotations).toHaveLength(3);
    await s2.flushCase();
    // The newer build's file is left alone; the recovered case has a file of its own.
    expect(JSON.parse(readFileSync(casePath, 'utf8')).version).toBe(7);
    expect(existsSync(path.join(files.dir, 'broken-recovered.tdcase'))).toBe(true);
    await s2.shutdown();
  });

  it('autosaves every change into the cases folder and keeps it in the recent list', async () => {
    const files = demoCopy();
    const dataDir = path.join(root, 'data-autosave');
    const { s, top } = await loaded(files, { dataDir });
    expect((await s.handle('getCase', {})).path).toBeNull();
    await s.handle('addAnnotation', {
      target: { type: 'aligned', baselineSeq: top.baselineEvents[0], problemSeq: top.problemEvents[0] },
      note: '对齐行',
    });
    await s.flushCase();
    const state = await s.handle('getCase', {});
    expect(state.location).toBe('auto');
    expect(path.dirname(state.path!)).toBe(path.join(dataDir, 'cases'));
    expect(state.dirty).toBe(false);
    expect(JSON.parse(readFileSync(state.path!, 'utf8')).annotations[0].note).toBe('对齐行');
    const { cases } = await s.handle('listRecentCases', {});
    expect(cases.map((c) => c.path)).toContain(state.path);
    await s.shutdown();
  });

  it('exports reports and tables; PDF goes through the host printer with the notes in it', async () => {
    const files = demoCopy();
    const printed: string[] = [];
    const printer: PdfPrinter = {
      print: async (html) => {
        printed.push(html);
        return new TextEncoder().encode('%PDF-1.7 fake');
      },
    };
    const dataDir = path.join(root, 'data-export');
    const { s, top } = await loaded(files, { host: 'web', dataDir, printer: () => printer });
    await annotate(s, top);

    const pdf = await s.handle('exportReport', {
      format: 'pdf',
      language: 'zh-CN',
      scope: 'marked',
      redact: false,
    });
    expect(pdf.fileName).toBe('KB4561621 更新安装失败 0x8024200d.pdf');
    expect(new TextDecoder().decode(s.download(pdf.downloadId!)!.data)).toBe('%PDF-1.7 fake');
    expect(printed[0]).toContain(CONCLUSION.split('\n')[0]);
    expect(printed[0]).toContain(NOTE);
    expect(printed[0]).toContain('wpdmtp.dll');

    const csv = await s.handle('exportReport', {
      format: 'csv-marked',
      language: 'en',
      scope: 'all',
      redact: true,
    });
    const text = new TextDecoder().decode(s.download(csv.downloadId!)!.data);
    expect(text).toContain(NOTE);
    expect(text).not.toContain('BR-0417-PC');
    const json = await s.handle('exportReport', {
      format: 'json',
      language: 'en',
      scope: 'all',
      redact: false,
    });
    expect(JSON.parse(new TextDecoder().decode(s.download(json.downloadId!)!.data)).findings[0].rank).toBe(1);

    // Browser mode saves into its own folder and offers the file for download.
    const saved = await s.handle('saveCase', {});
    expect(saved.case.location).toBe('auto');
    expect(saved.fileName).toBe('KB4561621 更新安装失败 0x8024200d.tdcase');
    expect(JSON.parse(new TextDecoder().decode(s.download(saved.downloadId!)!.data)).conclusion).toBe(
      CONCLUSION,
    );
    await s.shutdown();
  });

  it('in browser mode refuses paths the page names outside the host’s own folders', async () => {
    const files = demoCopy();
    const s = service({ host: 'web', pathPolicy: 'allowlist', dataDir: path.join(root, 'data-web') });
    const outside = path.join(files.dir, 'x.tdcase');
    await expect(s.handle('saveCase', { path: outside })).rejects.toBeInstanceOf(ContractFailure);
    await expect(s.handle('openCase', { path: outside })).rejects.toThrow(/recent list or by uploading/);
    await expect(
      s.handle('exportReport', {
        format: 'html',
        language: 'en',
        scope: 'all',
        redact: false,
        path: outside,
      }),
    ).rejects.toThrow(/downloaded/);
    // A case whose inputs lie outside what the host was given opens with them missing, unread.
    const local = await loaded(files);
    await local.s.handle('saveCase', { path: outside });
    await local.s.shutdown();
    const up = s.registerUpload(outside, 'x.tdcase');
    const opened = await s.handle('openCase', { uploadId: up });
    if (!opened.ok) throw new Error(opened.error.message);
    expect(opened.case.inputs.every((i) => i.status === 'missing')).toBe(true);
    expect(opened.case.inputs[0].message).toMatch(/upload the file again/);
    expect(path.dirname(opened.case.path!)).toBe(path.join(root, 'data-web', 'cases'));
    await s.shutdown();
  });

  it('refuses marks on what is not loaded and validates requests', async () => {
    const s = service();
    await expect(
      s.handle('addAnnotation', { target: { type: 'event', side: 'problem', seq: 1 } }),
    ).rejects.toThrow(/No problem capture is loaded/);
    await expect(s.handle('addAnnotation', { target: { type: 'row', seq: 1 } })).rejects.toThrow(
      /invalid request/,
    );
    await expect(s.handle('removeAnnotation', { id: 'nope' })).rejects.toThrow(/No annotation/);
    await expect(
      s.handle('exportReport', { format: 'pdf', language: 'en', scope: 'all', redact: false }),
    ).rejects.toThrow(/compare two captures/i);
    await s.shutdown();
  });
});
