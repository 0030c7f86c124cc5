import { describe, expect, it } from 'vitest';
import { buildReportModel, type BuildReportInput } from './report-model';
import {
  CONCLUSION_ZH,
  fakeExplain,
  makeCase,
  makeFindings,
  makeLogs,
  makeResult,
  makeTraces,
  XSS,
} from './report-test-fixture';

function input(over: Partial<BuildReportInput> = {}): BuildReportInput {
  const { baseline, problem } = makeTraces();
  return {
    case: makeCase(),
    baseline,
    problem,
    logs: makeLogs(),
    result: makeResult(),
    options: { language: 'en', scope: 'top', topN: 10 },
    explainCode: fakeExplain,
    toolVersion: '9.9.9',
    now: new Date('2024-05-02T10:30:00Z'),
    ...over,
  };
}

describe('report model', () => {
  it('builds the excerpt of the finding around the first divergence, skipping other processes', () => {
    const m = buildReportModel(input());
    const f = m.findings[0];
    expect(f.rank).toBe(1);
    // svchost (row 2) and vUserHci (rows 3, 7) are other processes: not in TiWorker's excerpt.
    expect(f.excerpt.map((r) => [r.kind, r.baseline?.seq ?? -1, r.problem?.seq ?? -1, r.focus])).toEqual([
      ['same', 0, 0, false],
      ['same', 1, 1, false],
      ['changed', 3, 3, true],
      ['baseline-only', 4, -1, false],
      ['baseline-only', 5, -1, false],
      ['baseline-only', 6, -1, false],
      ['baseline-only', 7, -1, false],
    ]);
    const focus = f.excerpt[2];
    expect(focus.problem?.result).toBe('ACCESS DENIED');
    expect(focus.problem?.resultClass).toBe('failure');
    expect(focus.marked).toBe(true);
    expect(focus.problem?.time).toBe('09:16:03.370');
  });

  it('attaches log evidence, code explanations and notes; a mark on another capture is left out', () => {
    const m = buildReportModel(input());
    const f = m.findings[0];
    expect(f.logEvidence.map((l) => `${l.file}:${l.line}:${l.marked}`)).toEqual([
      'CBS.log:1234:false',
      'dism.log:88:true',
    ]);
    expect(f.codes.map((c) => c.name)).toEqual(['STATUS_ACCESS_DENIED', 'E_ACCESSDENIED']);
    expect(f.annotations.map((a) => a.targetLabel)).toEqual(['Problem #3', 'dism.log:88']);
    expect(f.annotations[0].rootCause).toBe(true);
    expect(f.tags).toEqual(['root cause', 'symptom']);
    // The CBS line 2000 mark is not evidence of a shown finding: it goes to "other marked evidence".
    expect(m.otherEvidence.map((a) => a.targetLabel)).toEqual(['CBS.log:2000']);
    expect(m.otherEvidence[0].log?.text).toContain('0x8024200d');
    expect(m.otherEvidence[0].tags).toEqual(['to check', '客户确认']);
    const all = JSON.stringify(m);
    expect(all).not.toContain('on another capture');
  });

  it('speaks Chinese when asked, independent of anything else', () => {
    const m = buildReportModel(input({ options: { language: 'zh-CN', scope: 'top' } }));
    const f = m.findings[0];
    expect(f.why).toContain('问题机上拒绝访问');
    expect(f.kindLabel).toBe('两侧结果不同');
    expect(f.codes[0].meaning).toContain('进程请求访问');
    expect(f.annotations[0].targetLabel).toBe('问题机 #3');
    expect(f.tags).toEqual(['根因', '症状']);
    expect(m.conclusion).toContain(CONCLUSION_ZH);
  });

  it('limits to marked evidence or to the top N', () => {
    const marked = buildReportModel(input({ options: { language: 'en', scope: 'marked' } }));
    expect(marked.findings.map((f) => f.rank)).toEqual([1]);
    expect(marked.scope).toEqual({ kind: 'marked', shown: 1, total: 2 });
    const top1 = buildReportModel(input({ options: { language: 'en', scope: 'top', topN: 1 } }));
    expect(top1.findings.map((f) => f.rank)).toEqual([1]);
    const top = buildReportModel(input());
    expect(top.findings.map((f) => f.rank)).toEqual([1, 2]);
    expect(top.findings[1].excerpt.some((r) => r.focus && r.problem?.process === 'vUserHci.exe')).toBe(true);
    const none = buildReportModel(
      input({ case: makeCase({ withAnnotations: false }), options: { language: 'en', scope: 'marked' } }),
    );
    expect(none.findings).toEqual([]);
  });

  it('keeps a finding tagged as noise out of a marked-evidence report', async () => {
    const { addAnnotation } = await import('../case/case-edit');
    const c = addAnnotation(
      makeCase(),
      { type: 'finding', findingKey: 'tiworker.exe|createfile|wpdmtp.dll' },
      { tags: ['noise'] },
    ).case;
    const onlyNoise = { ...c, annotations: c.annotations.filter((a) => a.target.type === 'finding') };
    const m = buildReportModel(input({ case: onlyNoise, options: { language: 'en', scope: 'marked' } }));
    expect(m.findings).toEqual([]);
  });

  it('works without alignment data and without case inputs', () => {
    const r = makeResult();
    delete r.alignedIndexOf;
    r.alignedPage = () => [];
    const c = { ...makeCase({ withAnnotations: false }), inputs: [] };
    const m = buildReportModel(input({ result: r, case: c }));
    expect(m.findings[0].excerpt).toHaveLength(1);
    expect(m.findings[0].excerpt[0].kind).toBe('changed');
    expect(m.inputs.map((i) => i.file)).toEqual(['clean.CSV', 'managed.CSV', 'CBS.log', 'dism.log']);
  });

  it('redacts users, hosts, domains, SIDs and IPs consistently everywhere', () => {
    const m = buildReportModel(input({ options: { language: 'en', scope: 'top', redact: true } }));
    const all = JSON.stringify(m);
    for (const secret of [
      'zhangwei',
      'BRANCH-PC01',
      'CLEAN-PC07',
      'BRANCH-FS01',
      'BANKCORP',
      'S-1-5-21-1004336348',
      '10.20.30.40',
      'tester',
    ]) {
      expect(all, secret).not.toContain(secret);
    }
    expect(m.machines.baseline.name).toBe('HOST-1');
    expect(m.machines.problem.name).toBe('HOST-2');
    // The same user is the same placeholder in the input path and in the trace path.
    const user = /^C:\\Users\\(USER-\d)\\Desktop\\clean\.CSV$/.exec(m.inputs[0].path)?.[1];
    expect(user).toBeDefined();
    const vuser = m.findings[1].excerpt.find(
      (r) => r.problem?.process === 'vUserHci.exe' && r.problem.operation === 'ReadFile',
    );
    expect(vuser?.problem?.path.startsWith(`C:\\Users\\${user}\\AppData`)).toBe(true);
    expect(m.rules[1].pattern).toBe(makeResult().rules[1].pattern);
    expect(all).toContain('\\\\\\\\HOST-');
    expect(all).toContain('SID-1');
    expect(m.findings[0].logEvidence[1].text).toContain('peer IP-1');
    // Windows' own names and versions stay.
    expect(all).toContain('10.0.17134.1550');
    expect(all).toContain('TiWorker.exe');
    expect(m.redaction.applied).toBe(true);
    expect(m.redaction.counts.sid).toBe(1);
    expect(m.conclusion).toContain('TMS');
    expect(all).toContain(XSS); // redaction is not escaping: the renderer escapes
  });

  it('leaves the model untouched without redaction', () => {
    const m = buildReportModel(input());
    expect(m.machines.problem.name).toBe('BRANCH-PC01');
    expect(m.redaction.applied).toBe(false);
    expect(makeFindings()[0].path).toBe(m.findings[0].path);
  });
});

describe('report model on the real comparison', () => {
  it('finds the excerpt and log evidence through compareTraces', async () => {
    const { compareTraces } = await import('../analysis/compare');
    const { baseline, problem } = makeTraces();
    const logs = makeLogs().map((l) => ({ summary: l.summary, entries: [...l.entries] }));
    const result = compareTraces(baseline, problem, logs);
    const m = buildReportModel({
      case: makeCase(),
      baseline,
      problem,
      logs,
      result,
      options: { language: 'zh-CN', scope: 'top' },
    });
    const top = m.findings[0];
    expect(top.process).toBe('TiWorker.exe');
    expect(top.problemResult).toBe('ACCESS DENIED');
    const focus = top.excerpt.find((r) => r.focus);
    expect(focus?.baseline?.seq).toBe(3);
    expect(focus?.problem?.seq).toBe(3);
    expect(focus?.marked).toBe(true);
    expect(top.excerpt.filter((r) => r.kind === 'baseline-only')).toHaveLength(4);
    expect(top.logEvidence.some((l) => l.file === 'dism.log' && l.line === 88)).toBe(true);
    expect(top.codes.map((c) => c.name)).toContain('E_ACCESSDENIED');
    expect(top.codes.find((c) => c.name === 'E_ACCESSDENIED')?.meaning).toMatch(/[\u4e00-\u9fff]/);
  });
});
