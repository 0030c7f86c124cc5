import { describe, expect, it } from 'vitest';
import { compareTraces } from './compare';
import { makeLog, makeTrace, type TestEvent } from './test-trace';

const OPEN =
  'Desired Access: Write Attributes, Synchronize, Disposition: Open, Options: Non-Directory File, ShareMode: Read';
const comp = (hash: string): string =>
  `C:\\Windows\\SoftwareDistribution\\Download\\${hash}\\inst\\amd64_dual_wpdmtp.inf_31bf3856ad364e35_10.0.17134.1550_none_9744e57515d245dc`;

/** A clean and a managed machine running the same update, the managed one denied on wpdmtp.dll. */
function demoLike(opts: { staging?: number } = {}): { b: TestEvent[]; p: TestEvent[] } {
  const staging = opts.staging ?? 12;
  const b: TestEvent[] = [];
  const p: TestEvent[] = [];
  let t = 36000;
  const both = (e: TestEvent, pe: Partial<TestEvent> = {}): void => {
    t += 0.01;
    b.push({ ...e, t });
    p.push({ ...e, pid: (e.pid ?? 100) + 1000, ...pe, t });
  };
  for (let i = 0; i < 40; i++)
    both({
      process: 'svchost.exe',
      pid: 800,
      op: 'RegQueryValue',
      path: `HKLM\\System\\CurrentControlSet\\Services\\S${i}\\Start`,
    });
  for (let i = 0; i < 30; i++)
    both({
      process: 'TiWorker.exe',
      pid: 3032,
      op: 'ReadFile',
      path: `C:\\Windows\\servicing\\Packages\\P${i}.mum`,
    });
  // Decoy: a probe that differs (context class), nothing follows it.
  both(
    { process: 'explorer.exe', pid: 1200, op: 'RegQueryValue', path: 'HKCU\\Software\\Vendor\\Theme' },
    { result: 'NAME NOT FOUND' },
  );
  // Decoy: the clean machine also gets ACCESS DENIED on this file, just at another moment.
  both(
    {
      process: 'MsMpEng.exe',
      pid: 2100,
      op: 'CreateFile',
      path: 'C:\\Windows\\Logs\\scan.lock',
      detail: OPEN,
    },
    { result: 'ACCESS DENIED' },
  );
  both({
    process: 'MsMpEng.exe',
    pid: 2100,
    op: 'CreateFile',
    path: 'C:\\Windows\\Logs\\scan.lock',
    detail: OPEN,
    result: 'ACCESS DENIED',
  });
  // The agent only the managed image has, touching the same file just before.
  t += 0.01;
  p.push({
    process: 'vUserHci.exe',
    pid: 4444,
    op: 'QueryOpen',
    path: `${comp('bbbb2222bbbb2222bbbb2222bbbb2222')}\\wpdmtp.dll`,
    t,
  });
  // The root cause.
  t += 0.01;
  b.push({
    process: 'TiWorker.exe',
    pid: 3032,
    op: 'CreateFile',
    path: `${comp('aaaa1111aaaa1111aaaa1111aaaa1111')}\\wpdmtp.dll`,
    detail: `${OPEN}, OpenResult: Opened`,
    t,
  });
  p.push({
    process: 'TiWorker.exe',
    pid: 4032,
    op: 'CreateFile',
    path: `${comp('bbbb2222bbbb2222bbbb2222bbbb2222')}\\wpdmtp.dll`,
    detail: OPEN,
    result: 'ACCESS DENIED',
    t,
  });
  for (let i = 0; i < staging; i++) {
    t += 0.001;
    b.push({
      process: 'TiWorker.exe',
      pid: 3032,
      op: 'WriteFile',
      path: `C:\\Windows\\WinSxS\\Temp\\InFlight\\0123456789abcdef0123\\fedcba9876543210fedc\\wpdmtp.dll`,
      detail: `Offset: ${i * 4096}, Length: 4,096`,
      t,
    });
  }
  t += 0.001;
  b.push({
    process: 'TiWorker.exe',
    pid: 3032,
    op: 'SetRenameInformationFile',
    path: 'C:\\Windows\\WinSxS\\Temp\\InFlight\\0123456789abcdef0123\\fedcba9876543210fedc\\wpdmtp.dll',
    t,
  });
  b.push({
    process: 'TiWorker.exe',
    pid: 3032,
    op: 'SetEAFile',
    path: 'C:\\Windows\\WinSxS\\amd64_dual_wpdmtp.inf_31bf3856ad364e35_10.0.17134.1550_none_9744e57515d245dc\\wpdmtp.dll',
    t,
  });
  // Decoy: a real failure only the problem machine has, with no consequence and no log.
  t += 0.5;
  p.push({
    process: 'SearchIndexer.exe',
    pid: 6000,
    op: 'CreateFile',
    path: 'C:\\ProgramData\\Microsoft\\Search\\Data\\tmp.edb',
    detail: OPEN,
    result: 'ACCESS DENIED',
    t,
  });
  b.push({
    process: 'SearchIndexer.exe',
    pid: 600,
    op: 'ReadFile',
    path: 'C:\\ProgramData\\Microsoft\\Search\\Data\\Windows.edb',
    t,
  });
  p.push({
    process: 'SearchIndexer.exe',
    pid: 6000,
    op: 'ReadFile',
    path: 'C:\\ProgramData\\Microsoft\\Search\\Data\\Windows.edb',
    t,
  });
  for (let i = 0; i < 20; i++)
    both({
      process: 'TiWorker.exe',
      pid: 3032,
      op: 'RegSetValue',
      path: `HKLM\\COMPONENTS\\DerivedData\\Components\\C${i}\\f`,
    });
  return { b, p };
}

const logs = () => [
  makeLog('setupact.log', [
    { line: 10, message: 'SP     Operation starting', time: '2020-06-20T10:00:00' },
    {
      line: 11,
      level: 'error',
      time: '2020-06-20T10:00:01',
      message:
        'SPWIMCallback: Error in apply of C:\\$WINDOWS.~BT\\NewOS\\Windows\\WinSxS\\amd64_dual_wpdmtp.inf_31bf3856ad364e35_10.0.17763.1_none_9744e57515d245dc\\WpdMtp.dll. GLE [5]',
      codes: ['5'],
    },
    {
      line: 12,
      level: 'info',
      message: 'Applying image: wpdmtp_helper.sys done',
      time: '2020-06-20T10:00:02',
    },
  ]),
  makeLog('dism.log', [
    {
      line: 200,
      level: 'info',
      message:
        'Restoring file nodes for component amd64_dual_wpdmtp.inf_31bf3856ad364e35_10.0.17134.1550_none_9744e57515d245dc',
      time: '2020-06-20T10:00:01',
    },
    {
      line: 201,
      level: 'error',
      message: '[0x80070005] RestoreFileNodeList:(2188): 拒绝访问。',
      codes: ['0x80070005'],
      time: '2020-06-20T10:00:01',
    },
    {
      line: 900,
      level: 'error',
      message: 'Failed to load the provider: [0x800f081f]',
      codes: ['0x800F081F'],
      time: '2020-06-20T15:00:00',
    },
  ]),
  makeLog(
    'CBS-clean.log',
    [{ line: 5, message: 'Installed wpdmtp.dll', time: '2020-06-20T10:00:01' }],
    'baseline',
  ),
];

describe('compareTraces on a demo-like pair', () => {
  const { b, p } = demoLike();
  const baseline = makeTrace('baseline-clean.CSV', b);
  const problem = makeTrace('problem-managed.CSV', p);
  const result = compareTraces(baseline, problem, logs());
  const top = result.findings[0];

  it('ranks the ACCESS DENIED that the baseline got past first', () => {
    expect(top.process).toBe('TiWorker.exe');
    expect(top.operation).toBe('CreateFile');
    expect(top.path).toContain('bbbb2222bbbb2222bbbb2222bbbb2222');
    expect(top.path.toLowerCase()).toMatch(/wpdmtp\.dll$/);
    expect(top.baselinePath).toContain('aaaa1111');
    expect(top.baselineResult).toBe('SUCCESS');
    expect(top.problemResult).toBe('ACCESS DENIED');
    expect(top.problemResultClass).toBe('failure');
    expect(top.kind).toBe('result-changed');
    expect(top.rank).toBe(1);
  });

  it('measures the consequence: baseline-only work in the same process after the bifurcation point', () => {
    expect(top.consequence).toBe(14);
    expect(top.why).toMatch(
      /afterwards the baseline does 14 more operations in this process that never happen on the problem machine/,
    );
    expect(top.why).toMatch(/under C:\\Windows\\WinSxS/);
    expect(top.whyZh).toContain('此后基线在该进程中还执行了 14 个问题机上未发生的操作');
    expect(top.baselineEvents).toHaveLength(1);
    expect(top.problemEvents).toHaveLength(1);
    expect(problem.path(top.problemEvents[0])).toBe(top.path);
  });

  it('ties the finding to the log lines naming the file and carrying the error, not the baseline log', () => {
    const texts = top.logEvidence.map((e) => `${e.file}:${e.line}:${e.reason}`);
    expect(texts).toContain('setupact.log:11:file-name');
    expect(texts).toContain('dism.log:200:file-name');
    expect(texts).toContain('dism.log:201:code');
    expect(texts.some((t) => t.startsWith('CBS-clean.log'))).toBe(false);
    expect(texts.some((t) => t.startsWith('dism.log:900'))).toBe(false);
    expect(texts.some((t) => t.startsWith('setupact.log:12'))).toBe(false);
    const code = top.logEvidence.find((e) => e.line === 201)!;
    expect(code.explanations?.map((x) => x.value)).toContain('0x80070005');
    expect(top.codes?.length).toBeGreaterThan(0);
    expect(top.why).toMatch(/log lines corroborate/);
  });

  it('names the problem-only process active near the failure as context', () => {
    expect(top.contextProcesses).toEqual(['vUserHci.exe']);
    expect(top.contextDetails?.[0].sameFile).toBe(true);
    expect(result.summary.processesOnlyInProblem).toEqual(['vUserHci.exe']);
    const ctx = result.findings.find((f) => f.kind === 'context-process');
    expect(ctx?.process).toBe('vUserHci.exe');
    expect(ctx!.score).toBeLessThan(0.5);
  });

  it('ranks down a failure the baseline also has, and ranks probes and one-off failures below', () => {
    const scan = result.findings.find((f) => f.path.endsWith('scan.lock'))!;
    expect(scan.alsoOnBaseline).toBe(true);
    expect(scan.why).toMatch(/not a real difference/);
    expect(scan.score).toBeLessThan(top.score / 2);
    const probe = result.findings.find((f) => f.path.endsWith('Theme'))!;
    expect(probe.problemResult).toBe('NAME NOT FOUND');
    const oneOff = result.findings.find((f) => f.process === 'SearchIndexer.exe')!;
    expect(oneOff.kind).toBe('problem-only-failure');
    expect(oneOff.baselineResult).toBe('');
    expect(probe.rank).toBeGreaterThan(1);
    expect(oneOff.rank).toBeGreaterThan(1);
    expect(top.score).toBeGreaterThan(0.8);
  });

  it('returns ranked findings with scores in 0..1', () => {
    result.findings.forEach((f, i) => {
      expect(f.rank).toBe(i + 1);
      expect(f.score).toBeGreaterThanOrEqual(0);
      expect(f.score).toBeLessThanOrEqual(1);
      if (i > 0) expect(f.score).toBeLessThanOrEqual(result.findings[i - 1].score);
      expect(f.why.length).toBeGreaterThan(10);
      expect(f.whyZh.length).toBeGreaterThan(5);
    });
  });

  it('serves the aligned rows: pages, collapse, event lookup, keys', () => {
    const all = result.alignedCount(true);
    expect(all).toBe(result.summary.alignedRows);
    expect(result.alignedCount(false)).toBeLessThan(all);
    const row = result.alignedPage(top.alignedRow, 1, true)[0];
    expect(row.kind).toBe('changed');
    expect(row.findingRank).toBe(1);
    expect(row.problem).toBe(top.problemEvents[0]);
    expect(result.alignedIndexOf('problem', top.problemEvents[0], true)).toBe(top.alignedRow);
    const v = result.alignedIndexOf('problem', top.problemEvents[0]);
    expect(result.alignedPage(v, 1, false)[0].problem).toBe(top.problemEvents[0]);
    expect(result.alignedPage(0, 5, false)[0].kind).toBe('collapsed');
    expect(result.keyOf('problem', top.problemEvents[0])).toBe(
      result.keyOf('baseline', top.baselineEvents[0]),
    );
    expect(result.keyOf('problem', top.problemEvents[0])).toContain('<hex>');
    expect(result.alignedIndexOf('baseline', 10_000)).toBe(-1);
    const s = result.summary;
    expect(s.same + s.changed + s.baselineOnly + s.problemOnly).toBe(s.alignedRows);
    expect(s.baselineOnly).toBe(14);
  });

  it('states how log times were compared', () => {
    expect(result.summary.clockNote).toMatch(/time of day only.*2020-06-20/);
    expect(result.rules.find((r) => r.id === 'long-hex')!.touched).toBeGreaterThan(0);
  });
});

describe('ranking signals', () => {
  /** Two processes, each with one SUCCESS -> ACCESS DENIED difference. */
  function twoFailures(consequenceA: number, consequenceB: number): { b: TestEvent[]; p: TestEvent[] } {
    const b: TestEvent[] = [];
    const p: TestEvent[] = [];
    for (const [proc, n] of [
      ['a.exe', consequenceA],
      ['b.exe', consequenceB],
    ] as const) {
      b.push({ process: proc, path: `C:\\${proc}\\start` });
      p.push({ process: proc, path: `C:\\${proc}\\start` });
      b.push({ process: proc, path: `C:\\${proc}\\target.dat`, detail: OPEN });
      p.push({ process: proc, path: `C:\\${proc}\\target.dat`, detail: OPEN, result: 'ACCESS DENIED' });
      for (let i = 0; i < n; i++) b.push({ process: proc, op: 'WriteFile', path: `C:\\${proc}\\out${i}` });
      b.push({ process: proc, path: `C:\\${proc}\\end` });
      p.push({ process: proc, path: `C:\\${proc}\\end` });
    }
    return { b, p };
  }

  it('puts the failure with the larger consequence first, whichever process it is in', () => {
    for (const [x, y, first] of [
      [30, 0, 'a.exe'],
      [0, 30, 'b.exe'],
    ] as const) {
      const { b, p } = twoFailures(x, y);
      const r = compareTraces(makeTrace('b.CSV', b), makeTrace('p.CSV', p), []);
      expect(r.findings[0].process).toBe(first);
      expect(r.findings[0].consequence).toBe(30);
      expect(r.findings[1].consequence).toBe(0);
    }
  });

  it('lets log corroboration decide between otherwise equal failures', () => {
    const { b, p } = twoFailures(0, 0);
    const log = makeLog('app.log', [
      { line: 3, message: 'cannot open C:\\b.exe\\target.dat', level: 'error' },
    ]);
    const r = compareTraces(makeTrace('b.CSV', b), makeTrace('p.CSV', p), [log]);
    expect(r.findings[0].process).toBe('b.exe');
    expect(r.findings[0].logEvidence[0].reason).toBe('path');
    // The same file name under another folder is weaker evidence for a.exe's target.
    expect(r.findings[1].logEvidence.map((e) => e.reason)).toEqual(['file-name']);
    expect(r.findings[1].score).toBeLessThan(r.findings[0].score);
  });

  it('applies edited rules and reports them back', () => {
    const b = [{ process: 'x.exe', path: 'C:\\Users\\alice\\cfg.ini' }];
    const p = [{ process: 'x.exe', path: 'C:\\Users\\bob\\cfg.ini', result: 'ACCESS DENIED' }];
    const on = compareTraces(makeTrace('b.CSV', b), makeTrace('p.CSV', p), []);
    expect(on.summary.changed).toBe(1);
    const rules = on.rules.map((r) => (r.id === 'user-profile' ? { ...r, enabled: false } : r));
    const off = compareTraces(makeTrace('b.CSV', b), makeTrace('p.CSV', p), [], { rules });
    expect(off.summary.changed).toBe(0);
    expect(off.summary.baselineOnly).toBe(1);
    expect(off.rules.find((r) => r.id === 'user-profile')!.touched).toBe(0);
    expect(on.rules.find((r) => r.id === 'user-profile')!.touched).toBe(2);
  });

  it('stops when cancelled', () => {
    const { b, p } = twoFailures(1, 1);
    const ac = new AbortController();
    ac.abort();
    expect(() =>
      compareTraces(makeTrace('b.CSV', b), makeTrace('p.CSV', p), [], { signal: ac.signal }),
    ).toThrow(/cancelled/);
  });

  it('handles empty traces', () => {
    const r = compareTraces(makeTrace('b.CSV', []), makeTrace('p.CSV', []), []);
    expect(r.findings).toEqual([]);
    expect(r.alignedCount(false)).toBe(0);
    expect(r.alignedPage(0, 10, false)).toEqual([]);
  });
});
