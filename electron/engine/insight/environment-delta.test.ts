import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../shared/model/finding';
import type { LogEntry, LogSummary } from '../../../shared/model/log';
import type { ModuleInfo, StackFrame } from '../../../shared/model/trace';
import { parseFltmcText } from '../ingest/fltmc/fltmc';
import { TraceStoreBuilder, type TraceStore } from '../store/trace-store';
import { linkAgents } from './agent-links';
import { computeEnvironmentDelta, nonMicrosoftProblemOnly } from './environment-delta';
import { attributeStacks } from './filter-attribution';
import { classifyImage, classifyModule, productFolderOf } from './publisher';
import { exeOf } from './trace-scan';

interface Proc {
  name: string;
  pid: number;
  image: string;
  company?: string;
  modules?: Partial<ModuleInfo>[];
}
interface Ev {
  proc: string;
  op?: string;
  path?: string;
  result?: string;
  detail?: string;
  t: number;
  stack?: StackFrame[];
}

/** A PML-like store: a process table with companies and modules, absolute times. */
function store(name: string, procs: Proc[], events: Ev[]): TraceStore {
  const b = new TraceStoreBuilder({
    file: `/t/${name}`,
    fileName: name,
    size: 0,
    kind: 'procmon-pml',
    encoding: 'binary',
    timeIsAbsolute: true,
    columns: [],
    computerName: '',
    osVersion: '',
  });
  const index = new Map<string, number>();
  for (const p of procs) {
    index.set(
      p.name,
      b.addProcess({
        pid: p.pid,
        parentPid: 4,
        name: p.name,
        imagePath: p.image,
        commandLine: p.image,
        user: 'NT AUTHORITY\\SYSTEM',
        integrity: 'System',
        company: p.company ?? '',
        description: '',
        version: '',
        startTime: '',
        endTime: '',
        is64bit: true,
        modules: (p.modules ?? []).map((m) => ({
          path: '',
          base: '0x0',
          size: 0,
          company: '',
          description: '',
          version: '',
          ...m,
        })),
      }),
    );
  }
  for (const e of events) {
    const p = procs.find((x) => x.name === e.proc) as Proc;
    const seq = b.push({
      timeSec: 1596161000 + Math.floor(e.t),
      timeFrac: Math.round((e.t % 1) * 1e7),
      process: e.proc,
      pid: p.pid,
      tid: 1,
      operation: e.op ?? 'CreateFile',
      path: e.path ?? '',
      result: e.result ?? 'SUCCESS',
      detail: e.detail ?? '',
      duration: 0,
      eventClass: 'File System',
      processIndex: index.get(e.proc) ?? -1,
    });
    if (e.stack) b.setStack(seq, e.stack);
  }
  return b.finish();
}

const SYSTEM: Proc = {
  name: 'System',
  pid: 4,
  image: 'System',
  company: 'Microsoft Corporation',
  modules: [
    { path: 'C:\\Windows\\System32\\drivers\\FLTMGR.SYS', company: 'Microsoft Corporation' },
    { path: 'C:\\Windows\\System32\\drivers\\ntfs.sys', company: 'Microsoft Corporation' },
  ],
};
const TI: Proc = {
  name: 'TiWorker.exe',
  pid: 3032,
  image:
    'C:\\Windows\\WinSxS\\amd64_microsoft-windows-servicingstack_31bf3856ad364e35_10.0.17134.1545_none_7e1b8d1f8c0fbc56\\TiWorker.exe',
  company: 'Microsoft Corporation',
};
const AGENT: Proc = {
  name: 'guardsvc.exe',
  pid: 2200,
  image: 'C:\\Program Files\\Contoso Security\\Endpoint\\guardsvc.exe',
  company: 'Contoso Ltd.',
};
const TARGET =
  'C:\\Windows\\SoftwareDistribution\\Download\\0f\\inst\\amd64_dual_wpdmtp.inf_31bf3856ad364e35_10.0.17134.1550_none_c5eaae106c8c008d\\wpdmtp.dll';

function frame(depth: number, module: string, path: string, kernel: boolean): StackFrame {
  return {
    depth,
    address: `0x${(0xfffff80000000000 + depth * 16).toString(16)}`,
    module,
    location: `${module}+0x${(depth * 64).toString(16)}`,
    path,
    kernel,
  };
}

const FILTER_STACK: StackFrame[] = [
  frame(0, 'ntfs.sys', 'C:\\Windows\\System32\\drivers\\ntfs.sys', true),
  frame(1, 'gdfilter.sys', 'C:\\Windows\\System32\\drivers\\gdfilter.sys', true),
  frame(2, 'FLTMGR.SYS', 'C:\\Windows\\System32\\drivers\\FLTMGR.SYS', true),
  frame(3, 'ntoskrnl.exe', 'C:\\Windows\\system32\\ntoskrnl.exe', true),
  frame(4, 'ntdll.dll', 'C:\\Windows\\System32\\ntdll.dll', false),
  frame(5, 'TiWorker.exe', TI.image, false),
];

function machines(): { b: TraceStore; p: TraceStore } {
  const b = store(
    'clean.PML',
    [SYSTEM, TI],
    [
      { proc: 'System', op: 'Load Image', path: 'C:\\Windows\\System32\\drivers\\FLTMGR.SYS', t: 0 },
      { proc: 'TiWorker.exe', path: TARGET, t: 10 },
      {
        proc: 'TiWorker.exe',
        op: 'WriteFile',
        path: 'C:\\Windows\\WinSxS\\Temp\\InFlight\\a\\b\\wpdmtp.dll',
        t: 10.01,
      },
    ],
  );
  const p = store(
    'bank.PML',
    [
      {
        ...SYSTEM,
        modules: [
          ...(SYSTEM.modules ?? []),
          { path: 'C:\\Windows\\System32\\drivers\\gdfilter.sys', company: 'Contoso Ltd.' },
        ],
      },
      TI,
      AGENT,
    ],
    [
      { proc: 'System', op: 'Load Image', path: 'C:\\Windows\\System32\\drivers\\FLTMGR.SYS', t: 0 },
      { proc: 'System', op: 'Load Image', path: 'C:\\Windows\\System32\\drivers\\gdfilter.sys', t: 0.5 },
      {
        proc: 'guardsvc.exe',
        op: 'RegQueryValue',
        path: 'HKLM\\System\\CurrentControlSet\\Services\\guardsvc\\ImagePath',
        detail:
          'Type: REG_EXPAND_SZ, Length: 90, Data: "C:\\Program Files\\Contoso Security\\Endpoint\\guardsvc.exe"',
        t: 1,
      },
      {
        proc: 'guardsvc.exe',
        op: 'ReadFile',
        path: 'C:\\Program Files\\Contoso Security\\Endpoint\\policy.dat',
        t: 2,
      },
      { proc: 'guardsvc.exe', op: 'QueryOpen', path: TARGET, t: 9.9995 },
      { proc: 'TiWorker.exe', path: TARGET, result: 'ACCESS DENIED', t: 10, stack: FILTER_STACK },
      {
        proc: 'guardsvc.exe',
        op: 'WriteFile',
        path: 'C:\\Program Files\\Contoso Security\\Endpoint\\log.txt',
        t: 10.5,
      },
      {
        proc: 'guardsvc.exe',
        op: 'WriteFile',
        path: 'C:\\Program Files\\Contoso Security\\Endpoint\\log.txt',
        t: 30,
      },
    ],
  );
  return { b, p };
}

function log(
  entries: Partial<LogEntry>[],
  side: LogSummary['side'] = 'either',
): { summary: LogSummary; entries: LogEntry[] } {
  const summary: LogSummary = {
    id: 'l',
    file: '/t/x',
    fileName: 'x',
    size: 1,
    kind: 'setupdiag',
    encoding: 'UTF-8',
    entries: entries.length,
    errors: 0,
    warnings: 0,
    firstTime: '',
    lastTime: '',
    side,
    inputWarnings: [],
  };
  return {
    summary,
    entries: entries.map((e, i) => ({
      index: i,
      logId: 'l',
      source: 'SetupDiagResults.log',
      line: i + 1,
      time: '',
      level: 'info',
      component: 'SetupDiag',
      message: '',
      codes: [],
      paths: [],
      raw: '',
      ...e,
    })),
  };
}

describe('publisher classification', () => {
  it('uses company, product folder and the Windows name list', () => {
    expect(classifyImage('guardsvc.exe', AGENT.image)).toBe('third-party');
    expect(classifyImage('svchost.exe', 'C:\\Windows\\System32\\svchost.exe')).toBe('microsoft');
    expect(classifyImage('agentx.sys', 'C:\\Windows\\System32\\drivers\\agentx.sys')).toBe('unknown');
    expect(classifyImage('x.exe', 'C:\\Program Files\\Windows Defender\\MsMpEng.exe')).toBe('microsoft');
    expect(classifyImage('x.dll', 'C:\\Windows\\System32\\x.dll', 'Contoso Ltd.')).toBe('third-party');
    expect(classifyImage('tool.exe', 'D:\\Tools\\tool.exe')).toBe('third-party');
    expect(classifyModule('C:\\Windows\\System32\\user32.dll')).toBe('microsoft');
    expect(classifyModule('C:\\Windows\\Temp\\hook.dll')).toBe('unknown');
    expect(productFolderOf('C:\\Program Files (x86)\\DSPClient\\CEMS\\EDSM\\vEdsmFileMon.dll')).toEqual({
      folder: 'C:\\Program Files (x86)\\DSPClient\\CEMS',
      vendor: 'DSPClient',
      microsoft: false,
    });
    expect(productFolderOf('C:\\Program Files\\Common Files\\microsoft shared\\ink\\x.dll')?.microsoft).toBe(
      true,
    );
    expect(productFolderOf('C:\\Program Files\\Common Files\\Contoso\\x.dll')).toMatchObject({
      vendor: 'Contoso',
      microsoft: false,
    });
  });
});

describe('environment delta', () => {
  it('lists third-party processes, drivers, services and products of the problem machine first, with evidence', () => {
    const { b, p } = machines();
    const delta = computeEnvironmentDelta(b, p);
    expect(delta.items.map((i) => `${i.kind}:${i.name}:${i.publisher}:${i.presence}`)).toEqual([
      'process:guardsvc.exe:third-party:problem-only',
      'driver:gdfilter.sys:third-party:problem-only',
      'service:guardsvc:third-party:problem-only',
      'program-folder:C:\\Program Files\\Contoso Security\\Endpoint:third-party:problem-only',
    ]);
    const agent = delta.items[0];
    expect(agent).toMatchObject({
      company: 'Contoso Ltd.',
      problemEvents: 5,
      pids: [2200],
      product: 'C:\\Program Files\\Contoso Security\\Endpoint',
    });
    expect(agent.evidence[0]).toMatchObject({
      source: 'process-table',
      side: 'problem',
      file: 'bank.PML',
      count: 5,
      seq: 2,
    });
    expect(agent.firstTime).toMatch(/^2020-07-31T02:03:21/);
    expect(delta.items[2]).toMatchObject({
      path: 'C:\\Program Files\\Contoso Security\\Endpoint\\guardsvc.exe',
    });
    expect(delta.products).toEqual([
      expect.objectContaining({
        folder: 'C:\\Program Files\\Contoso Security\\Endpoint',
        vendor: 'Contoso Security',
        processes: ['guardsvc.exe'],
        presence: 'problem-only',
      }),
    ]);
    expect(nonMicrosoftProblemOnly(delta)).toHaveLength(4);
  });

  it('adds security products and filters SetupDiag names, event 1000 crashes and fltmc altitudes', () => {
    const { b, p } = machines();
    const setupDiag = log(
      [
        {
          data: {
            'Machine Name': 'BR-1',
            RegisteredAV: 'Windows Defender, Contoso Endpoint',
            FilterDrivers: 'WdFilter,gdfilter,FileInfo',
          },
        },
      ],
      'problem',
    );
    const crash = log([
      {
        eventId: 1000,
        source: 'Application.evtx',
        data: {
          AppName: 'guardui.exe',
          AppPath: 'C:\\Program Files\\Contoso Security\\Endpoint\\guardui.exe',
          ModuleName: 'gdhook.dll',
          ModulePath: 'C:\\Program Files\\Contoso Security\\Endpoint\\gdhook.dll',
          ExceptionCode: 'c0000005',
        },
      },
    ]);
    const fltmc = parseFltmcText(
      'Filter Name   Num Instances   Altitude   Frame\n----  ----  ----  ----\ngdfilter   3   328650   0\nWdFilter   3   328010   0\n',
      'fltmc.txt',
    );
    const delta = computeEnvironmentDelta(b, p, { logs: [setupDiag, crash], fltmc: { problem: fltmc } });
    const byId = new Map(delta.items.map((i) => [i.id, i]));
    // The loaded driver and the fltmc filter of the same name are one item.
    const filter = byId.get('filter-driver:gdfilter');
    expect(filter).toMatchObject({
      publisher: 'third-party',
      altitude: '328650',
      altitudeGroup: 'FSFilter Anti-Virus',
      presence: 'problem-only',
    });
    expect(filter?.evidence.map((e) => e.source).sort()).toEqual(['fltmc', 'load-image', 'setupdiag']);
    expect(byId.has('driver:gdfilter')).toBe(false);
    expect(byId.get('security-product:contoso endpoint')).toMatchObject({
      publisher: 'third-party',
      presence: 'problem',
    });
    expect(byId.get('security-product:windows defender')).toMatchObject({ publisher: 'microsoft' });
    expect(byId.get('process:guardui.exe')).toMatchObject({
      presence: 'problem',
      product: 'C:\\Program Files\\Contoso Security\\Endpoint',
    });
    expect(byId.get('module:gdhook.dll')?.evidence[0].detail).toBe(
      'faulting module of guardui.exe (event 1000)',
    );
    expect(byId.get('filter-driver:wdfilter')).toMatchObject({ publisher: 'microsoft', presence: 'problem' });
  });

  it('ties a process to its product folder when the capture has no image paths (default columns)', () => {
    const bare = (name: string, events: Ev[]): TraceStore => {
      const b = new TraceStoreBuilder({
        file: name,
        fileName: name,
        size: 0,
        kind: 'procmon-csv',
        encoding: 'UTF-8',
        timeIsAbsolute: false,
        columns: [],
        computerName: '',
        osVersion: '',
      });
      for (const e of events)
        b.push({
          timeSec: 36000 + Math.floor(e.t),
          timeFrac: 0,
          process: e.proc,
          pid: 10,
          tid: 1,
          operation: e.op ?? 'ReadFile',
          path: e.path ?? '',
          result: 'SUCCESS',
          detail: '',
          duration: 0,
          eventClass: 'File System',
          processIndex: -1,
        });
      return b.finish();
    };
    const common: Ev[] = [{ proc: 'svchost.exe', path: 'C:\\Windows\\System32\\config\\SOFTWARE', t: 0 }];
    const own = 'C:\\Program Files (x86)\\Contoso\\Agent';
    const p = bare('p.CSV', [
      ...common,
      { proc: 'ctagent.exe', path: `${own}\\policy.dat`, t: 1 },
      { proc: 'ctagent.exe', path: `${own}\\log.txt`, t: 2 },
      { proc: 'ctagent.exe', op: 'RegOpenKey', path: 'HKLM\\SOFTWARE\\Contoso', t: 3 },
      { proc: 'helper.exe', path: 'C:\\Windows\\Temp\\x.tmp', t: 4 },
      { proc: 'helper.exe', path: `${own}\\log.txt`, t: 5 },
      { proc: 'helper.exe', path: 'C:\\Windows\\Temp\\y.tmp', t: 6 },
    ]);
    const delta = computeEnvironmentDelta(bare('b.CSV', common), p);
    expect(delta.items.find((i) => i.name === 'ctagent.exe')).toMatchObject({
      publisher: 'third-party',
      product: own,
    });
    // One touch in three is no ownership.
    expect(delta.items.find((i) => i.name === 'helper.exe')).toMatchObject({ publisher: 'unknown' });
    expect(delta.items[0].name).toBe('ctagent.exe');
    expect(exeOf('"C:\\Program Files\\Contoso\\a.exe" -k x')).toBe('C:\\Program Files\\Contoso\\a.exe');
    expect(exeOf('C:\\Windows\\system32\\svchost.exe -k netsvcs')).toBe('C:\\Windows\\system32\\svchost.exe');
    expect(exeOf('taskhostw.exe {222A}')).toBe('');
  });

  it('finds no differences between a trace and itself', () => {
    const { p } = machines();
    expect(computeEnvironmentDelta(p, p).items).toEqual([]);
  });
});

describe('agent links', () => {
  it('names the agent that touched the refused file within the window', () => {
    const { b, p } = machines();
    const delta = computeEnvironmentDelta(b, p);
    const finding = { id: 'f', rank: 1, path: TARGET, problemEvents: [5] } as unknown as Finding;
    const links = linkAgents(finding, p, delta);
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({
      process: 'guardsvc.exe',
      pid: 2200,
      events: 2,
      sameFile: true,
      nearestMs: -0.5,
      publisher: 'third-party',
    });
    expect(links[0].touched[0]).toMatchObject({ path: TARGET, operations: ['QueryOpen'], count: 1 });
    // Outside the window nothing is linked.
    expect(linkAgents(finding, p, delta, { windowSec: 0.0001 })).toEqual([]);
  });
});

describe('filter-driver attribution', () => {
  it('names the third-party minifilter on the failing stack, with its fltmc altitude', () => {
    const { p } = machines();
    const finding = {
      id: 'f1',
      rank: 1,
      path: TARGET,
      problemResult: 'ACCESS DENIED',
      problemEvents: [5],
    } as unknown as Finding;
    const fltmc = parseFltmcText(
      'Filter Name   Num Instances   Altitude   Frame\n----  ----  ----  ----\ngdfilter   3   328650   0\n',
      'fltmc.txt',
    );
    const a = attributeStacks([finding], p, { fltmc })['f1'];
    expect(a.modules.map((m) => [m.module, m.publisher, m.company])).toEqual([
      ['gdfilter.sys', 'third-party', 'Contoso Ltd.'],
    ]);
    expect(a.underFltMgr).toBe(true);
    expect(a.sentence.en).toBe(
      'ACCESS DENIED returned with gdfilter.sys on the stack (called by FltMgr.sys: a file system minifilter; fltmc: altitude 328650, FSFilter Anti-Virus)',
    );
    expect(a.sentence['zh-CN']).toBe(
      '返回 ACCESS DENIED 时，调用栈上有 gdfilter.sys（由 FltMgr.sys 调用：文件系统微筛选器；fltmc：高度 328650，FSFilter Anti-Virus）',
    );
  });

  it('says nothing when the stack is all Microsoft or there is none', () => {
    const ms = store(
      'ms.PML',
      [SYSTEM, TI],
      [
        {
          proc: 'TiWorker.exe',
          path: TARGET,
          result: 'ACCESS DENIED',
          t: 1,
          stack: FILTER_STACK.filter((f) => f.module !== 'gdfilter.sys'),
        },
      ],
    );
    const finding = {
      id: 'f1',
      rank: 1,
      problemResult: 'ACCESS DENIED',
      problemEvents: [0],
    } as unknown as Finding;
    expect(attributeStacks([finding], ms)).toEqual({});
    const { b } = machines();
    expect(attributeStacks([finding], b)).toEqual({});
  });
});
