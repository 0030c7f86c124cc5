/**
 * A small case modelled on the seed case (CASE-BRIEF.md, case 3) for the report tests: the clean and
 * the managed capture of TiWorker.exe opening wpdmtp.dll, hand-made aligned rows and findings, logs,
 * annotations, and the names and hostile strings that redaction and escaping must handle.
 */
import type { CaseFile } from '../../../shared/model/case';
import type { AlignedRowRef, Finding } from '../../../shared/model/finding';
import type { CodeExplanation, LogEntry, LogSummary } from '../../../shared/model/log';
import type { Side } from '../../../shared/model/trace';
import { addAnnotation, createCase } from '../case/case-edit';
import { TraceStoreBuilder, type TraceStore } from '../store/trace-store';
import type { ReportCompareSource } from './evidence-excerpt';
import type { ReportLogSource } from './report-model';

export const XSS = '<img src=x onerror=alert(1)></script><script>alert(2)</script>';
export const RLO = '\u202Eexe.txt';
export const SHA_BASE = '1'.repeat(64);
export const SHA_PROB = '2'.repeat(64);
export const SHA_CBS = '3'.repeat(64);
export const SHA_DISM = '4'.repeat(64);

const DLL =
  'C:\\Windows\\SoftwareDistribution\\Download\\3f2a9c\\inst\\amd64_dual_wpdmtp.inf_31bf3856ad364e35_10.0.17134.1550_none_9744e57515d245dc\\wpdmtp.dll';
const INFLIGHT = 'C:\\Windows\\WinSxS\\Temp\\InFlight\\{0b7d1c1e-5e4f-4b7e-9d21-3c0f8e7a1b22}\\wpdmtp.dll';
const WINSXS =
  'C:\\Windows\\WinSxS\\amd64_dual_wpdmtp.inf_31bf3856ad364e35_10.0.17134.1550_none_9744e57515d245dc\\wpdmtp.dll';

interface Ev {
  p: string;
  pid: number;
  op: string;
  path: string;
  r?: string;
  d?: string;
}

function trace(fileName: string, computer: string, events: Ev[], user: string): TraceStore {
  const b = new TraceStoreBuilder({
    file: `C:\\Users\\zhangwei\\Desktop\\${fileName}`,
    fileName,
    size: 1000 + events.length,
    kind: 'procmon-csv',
    encoding: 'utf-8',
    timeIsAbsolute: false,
    columns: ['Time of Day', 'Process Name', 'PID', 'Operation', 'Path', 'Result', 'Detail'],
    computerName: computer,
    osVersion: 'Windows 10 1803 (17134)',
  });
  b.addProcess({
    pid: 3032,
    parentPid: 700,
    name: 'TiWorker.exe',
    imagePath: 'C:\\Windows\\WinSxS\\TiWorker.exe',
    commandLine: '',
    user: 'NT AUTHORITY\\SYSTEM',
    integrity: 'System',
    company: '',
    description: '',
    version: '',
    startTime: '',
    endTime: '',
    is64bit: true,
    modules: [],
  });
  b.addProcess({
    pid: 5120,
    parentPid: 1,
    name: 'explorer.exe',
    imagePath: 'C:\\Windows\\explorer.exe',
    commandLine: '',
    user,
    integrity: 'Medium',
    company: '',
    description: '',
    version: '',
    startTime: '',
    endTime: '',
    is64bit: true,
    modules: [],
  });
  events.forEach((e, i) =>
    b.push({
      timeSec: 9 * 3600 + 16 * 60 + 3,
      timeFrac: i * 123_4567,
      process: e.p,
      pid: e.pid,
      tid: 1,
      operation: e.op,
      path: e.path,
      result: e.r ?? 'SUCCESS',
      detail: e.d ?? '',
      duration: 0,
      eventClass: 'File System',
      processIndex: -1,
    }),
  );
  return b.finish();
}

const T = 'TiWorker.exe';
export function makeTraces(): { baseline: TraceStore; problem: TraceStore } {
  const baseline = trace(
    'clean.CSV',
    'CLEAN-PC07',
    [
      {
        p: T,
        pid: 3032,
        op: 'ReadFile',
        path: 'C:\\Windows\\servicing\\Packages\\Package_for_KB4561621.mum',
      },
      { p: T, pid: 3032, op: 'QueryBasicInformationFile', path: DLL },
      {
        p: 'svchost.exe',
        pid: 900,
        op: 'RegQueryValue',
        path: 'HKLM\\System\\CurrentControlSet\\Services\\wuauserv\\Start',
      },
      { p: T, pid: 3032, op: 'CreateFile', path: DLL, d: 'Desired Access: Write Attributes, Synchronize' },
      { p: T, pid: 3032, op: 'WriteFile', path: INFLIGHT, d: 'Offset: 0, Length: 65,536' },
      {
        p: T,
        pid: 3032,
        op: 'SetRenameInformationFile',
        path: INFLIGHT,
        d: `ReplaceIfExists: True, FileName: ${WINSXS}`,
      },
      { p: T, pid: 3032, op: 'SetEAFile', path: WINSXS },
      { p: T, pid: 3032, op: 'CloseFile', path: WINSXS },
    ],
    'CLEAN-PC07\\tester',
  );
  const problem = trace(
    'managed.CSV',
    'BRANCH-PC01',
    [
      {
        p: T,
        pid: 4188,
        op: 'ReadFile',
        path: 'C:\\Windows\\servicing\\Packages\\Package_for_KB4561621.mum',
      },
      { p: T, pid: 4188, op: 'QueryBasicInformationFile', path: DLL },
      {
        p: 'vUserHci.exe',
        pid: 6060,
        op: 'ReadFile',
        path: `C:\\Users\\zhangwei\\AppData\\Local\\Temp\\${XSS}${RLO}\u0007.log`,
      },
      {
        p: T,
        pid: 4188,
        op: 'CreateFile',
        path: DLL,
        r: 'ACCESS DENIED',
        d: 'Desired Access: Write Attributes, Synchronize',
      },
      {
        p: 'vUserHci.exe',
        pid: 6060,
        op: 'CreateFile',
        path: '\\\\BRANCH-FS01\\policy\\usb.xml',
        d: 'Owner: S-1-5-21-1004336348-1177238915-682003330-1001',
      },
    ],
    'BANKCORP\\zhangwei',
  );
  return { baseline, problem };
}

/** Aligned rows in the expanded view (what compare.ts would produce for the traces above). */
export const ALIGNED: AlignedRowRef[] = [
  { kind: 'same', baseline: 0, problem: 0 },
  { kind: 'same', baseline: 1, problem: 1 },
  { kind: 'baseline-only', baseline: 2, problem: -1 },
  { kind: 'problem-only', baseline: -1, problem: 2 },
  { kind: 'changed', baseline: 3, problem: 3 },
  { kind: 'baseline-only', baseline: 4, problem: -1 },
  { kind: 'baseline-only', baseline: 5, problem: -1 },
  { kind: 'problem-only', baseline: -1, problem: 4 },
  { kind: 'baseline-only', baseline: 6, problem: -1 },
  { kind: 'baseline-only', baseline: 7, problem: -1 },
];

export function makeFindings(): Finding[] {
  return [
    {
      rank: 1,
      id: 'tiworker.exe|createfile|wpdmtp.dll',
      process: T,
      operation: 'CreateFile',
      path: DLL,
      baselineResult: 'SUCCESS',
      problemResult: 'ACCESS DENIED',
      problemResultClass: 'failure',
      score: 0.97,
      why: 'ACCESS DENIED on the problem machine where the baseline succeeded; 4 events of the same process never happened afterwards.',
      whyZh: '问题机上拒绝访问，而基线成功；此后同一进程有 4 个事件在问题机上未发生。',
      baselineEvents: [3],
      problemEvents: [3],
      alignedRow: 4,
      consequence: 4,
      kind: 'result-changed',
      logEvidence: [
        {
          file: 'CBS.log',
          line: 1234,
          text: 'Error CSI 00000123 (F) STATUS_ACCESS_DENIED #456# from CCSDirectTransaction::OperateEnding at index 0 of 1 operations, disposition 2 [wpdmtp.dll]',
          codes: ['0xC0000022'],
          reason: 'file-name',
        },
        {
          file: 'C:\\logs\\dism.log',
          line: 88,
          text: `[0x80070005] RestoreFileNodeList:(2188): 拒绝访问。 ${XSS} peer 10.20.30.40`,
          codes: ['0x80070005'],
          reason: 'code',
        },
      ],
      contextProcesses: ['vUserHci.exe'],
    },
    {
      rank: 2,
      id: 'process|vuserhci.exe',
      process: 'vUserHci.exe',
      operation: '',
      path: 'C:\\Program Files (x86)\\DSPClient\\CEMS\\vUserHci.exe',
      baselineResult: '',
      problemResult: '',
      problemResultClass: 'other',
      score: 0.41,
      why: 'Runs only on the problem machine, near the failure.',
      whyZh: '仅在问题机上运行，且靠近失败发生的时间。',
      baselineEvents: [],
      problemEvents: [2, 4],
      alignedRow: 3,
      consequence: 0,
      kind: 'context-process',
      logEvidence: [],
      contextProcesses: [],
    },
  ];
}

export function makeResult(findings = makeFindings(), aligned = ALIGNED): ReportCompareSource {
  const index = (side: Side, seq: number): number => aligned.findIndex((r) => r[side] === seq);
  return {
    summary: {
      baselineId: 'clean.CSV',
      problemId: 'managed.CSV',
      alignedRows: aligned.length,
      same: aligned.filter((r) => r.kind === 'same').length,
      changed: aligned.filter((r) => r.kind === 'changed').length,
      baselineOnly: aligned.filter((r) => r.kind === 'baseline-only').length,
      problemOnly: aligned.filter((r) => r.kind === 'problem-only').length,
      findings: findings.length,
      processesOnlyInProblem: ['vUserHci.exe'],
      processesOnlyInBaseline: [],
      elapsedMs: 1,
    },
    findings,
    rules: [
      {
        id: 'guid',
        label: 'GUIDs',
        pattern: '\\{[0-9a-f-]{36}\\}',
        replacement: '{GUID}',
        enabled: true,
        builtin: true,
      },
      {
        id: 'profile',
        label: 'User profiles',
        pattern: 'c:\\\\users\\\\[^\\\\]+',
        replacement: 'c:\\users\\<user>',
        enabled: true,
        builtin: true,
      },
    ],
    alignedPage: (offset, limit) => aligned.slice(offset, offset + limit).map((r) => ({ ...r })),
    alignedIndexOf: (side, seq) => index(side, seq),
  };
}

function logSummary(id: string, fileName: string, kind: string): LogSummary {
  return {
    id,
    file: `C:\\logs\\${fileName}`,
    fileName,
    size: 100,
    kind,
    encoding: 'utf-8',
    entries: 1,
    errors: 1,
    warnings: 0,
    firstTime: '',
    lastTime: '',
    side: 'problem',
    inputWarnings: [],
  };
}

function entry(logId: string, source: string, line: number, message: string, codes: string[]): LogEntry {
  return {
    index: 0,
    logId,
    source,
    line,
    time: '2020-06-12 09:16:04',
    level: 'error',
    component: 'CSI',
    message,
    codes,
    paths: [],
    raw: message,
  };
}

export function makeLogs(): ReportLogSource[] {
  return [
    {
      summary: logSummary('cbs', 'CBS.log', 'cbs-log'),
      entries: [
        entry('cbs', 'CBS.log', 1234, 'STATUS_ACCESS_DENIED wpdmtp.dll', ['0xC0000022']),
        entry('cbs', 'CBS.log', 2000, 'Failed to install KB4561621 0x8024200d', ['0x8024200D']),
      ],
    },
    {
      summary: logSummary('dism', 'dism.log', 'dism-log'),
      entries: [
        entry('dism', 'dism.log', 88, '[0x80070005] RestoreFileNodeList:(2188): 拒绝访问。', ['0x80070005']),
      ],
    },
  ];
}

export const CONCLUSION_ZH =
  '根因：TMS 终端管理代理的便携设备策略修改了 WpdMtp.dll 的 ACL，SYSTEM 不再拥有完全控制权限，导致 TiWorker.exe 写入属性时拒绝访问。';
export const CONCLUSION_EN = 'Root cause: the TMS portable-device policy changed the ACL of WpdMtp.dll.';

export function makeCase(opts: { withAnnotations?: boolean } = {}): CaseFile {
  let c = createCase({
    appVersion: '0.1.0',
    title: 'KB4561621 更新安装失败 0x8024200d',
    conclusion: `${CONCLUSION_ZH}\n${CONCLUSION_EN}`,
    now: new Date('2024-05-01T08:00:00Z'),
    metadata: {
      ticket: '120061224000123',
      customer: '某银行',
      engineer: 'Li Support',
      machines: {
        baseline: { name: 'CLEAN-PC07', os: 'Windows 10 1803' },
        problem: { name: 'BRANCH-PC01', os: 'Windows 10 1803' },
      },
    },
    inputs: [
      {
        path: 'C:\\Users\\zhangwei\\Desktop\\clean.CSV',
        size: 1008,
        sha256: SHA_BASE,
        side: 'baseline',
        kind: 'procmon-csv',
        encoding: 'utf-8',
      },
      {
        path: 'C:\\Users\\zhangwei\\Desktop\\managed.CSV',
        size: 1005,
        sha256: SHA_PROB,
        side: 'problem',
        kind: 'procmon-csv',
        encoding: 'utf-8',
      },
      {
        path: 'C:\\logs\\CBS.log',
        size: 100,
        sha256: SHA_CBS,
        side: 'log',
        kind: 'cbs-log',
        encoding: 'utf-8',
      },
      {
        path: 'C:\\logs\\dism.log',
        size: 100,
        sha256: SHA_DISM,
        side: 'log',
        kind: 'dism-log',
        encoding: 'gb18030',
      },
    ],
  });
  if (opts.withAnnotations !== false) {
    const now = new Date('2024-05-01T09:00:00Z');
    c = addAnnotation(
      c,
      { type: 'event', side: 'problem', seq: 3, inputSha256: SHA_PROB },
      { tags: ['root-cause'], note: `TMS 策略导致 ACL 被修改 ${XSS}`, now },
    ).case;
    c = addAnnotation(
      c,
      { type: 'log', logSha256: SHA_DISM, line: 88 },
      { tags: ['symptom'], note: 'dism.log 同样报告 拒绝访问', now },
    ).case;
    c = addAnnotation(
      c,
      { type: 'log', logSha256: SHA_CBS, line: 2000 },
      { tags: ['to-check', '客户确认'], note: 'Update failure itself', now },
    ).case;
    c = addAnnotation(
      c,
      { type: 'event', side: 'problem', seq: 3, inputSha256: 'f'.repeat(64) },
      { note: 'on another capture: must not show', now },
    ).case;
  }
  return c;
}

export const fakeExplain = (code: string): CodeExplanation | null => {
  const table: Record<string, [string, string, string, string]> = {
    '0x80070005': ['0x80070005', 'E_ACCESSDENIED', 'General access denied error.', '一般的拒绝访问错误。'],
    '0xC0000022': [
      '0xC0000022',
      'STATUS_ACCESS_DENIED',
      'A process has requested access to an object but has not been granted those access rights.',
      '进程请求访问某个对象，但未被授予这些访问权限。',
    ],
    'ACCESS DENIED': [
      '0xC0000022',
      'STATUS_ACCESS_DENIED',
      'A process has requested access to an object but has not been granted those access rights.',
      '进程请求访问某个对象，但未被授予这些访问权限。',
    ],
  };
  const e = table[code];
  return e
    ? { input: code, value: e[0], name: e[1], family: 'ntstatus', en: e[2], zh: e[3], related: [] }
    : null;
};
