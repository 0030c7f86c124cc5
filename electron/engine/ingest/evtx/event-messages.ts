/**
 * Messages for the events that matter to update and upgrade failures, in English and Chinese.
 * An .evtx holds only the values; the text lives in provider message DLLs on the source machine
 * (winlogs.md §2.6), so the tool words these few itself. Field layouts: winlogs.md §2.7.
 */
import type { LogLevel } from '../../../../shared/model/log';
import type { EventRecord } from './event-record';

export interface RenderedMessage {
  en: string;
  zh: string;
  /** Event data with names filled in (legacy unnamed Application Error values get theirs). */
  data: Record<string, string>;
  codes: string[];
  level?: LogLevel;
}

/** Application Error 1000, in order; the legacy form carries the same values without names. */
export const APP_ERROR_FIELDS = [
  'AppName',
  'AppVersion',
  'AppTimeStamp',
  'ModuleName',
  'ModuleVersion',
  'ModuleTimeStamp',
  'ExceptionCode',
  'FaultingOffset',
  'ProcessId',
  'ProcessCreationTime',
  'AppPath',
  'ModulePath',
  'IntegratorReportId',
  'PackageFullName',
  'PackageRelativeAppId',
] as const;

/** Windows Error Reporting 1001, positional (Data[0]...). */
const WER_FIELDS = [
  'Bucket',
  'BucketType',
  'EventName',
  'Response',
  'CabId',
  'P1',
  'P2',
  'P3',
  'P4',
  'P5',
  'P6',
  'P7',
  'P8',
  'P9',
  'P10',
  'AttachedFiles',
  'StorePath',
  'AnalysisSymbol',
  'Rechecking',
  'ReportId',
  'ReportStatus',
  'HashedBucket',
  'CabGuid',
] as const;

/** Names the unnamed Data[i] values of a legacy event. */
function named(data: Record<string, string>, names: readonly string[]): Record<string, string> {
  if (!('Data[0]' in data)) return { ...data };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) {
    const m = /^Data\[(\d+)\]$/.exec(k);
    const name = m ? names[Number(m[1])] : undefined;
    out[name ?? k] = v;
  }
  return out;
}

/** "c0000005" / "0xc0000005" / "-1073741819" -> "0xC0000005"; '' when not a code. */
function codeOf(v: string | undefined): string {
  if (!v) return '';
  const t = v.trim();
  let n: number | null = null;
  if (/^(0x)?[0-9a-f]{1,8}$/i.test(t)) n = parseInt(t.replace(/^0x/i, ''), 16);
  else if (/^-?\d{1,10}$/.test(t)) n = Number(t) >>> 0;
  if (n === null || n === 0) return '';
  return `0x${n.toString(16).toUpperCase().padStart(8, '0')}`;
}

const fill = (template: string, d: Record<string, string>): string =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => d[k] ?? '');

/** CBS package states in Servicing events: 5000 + CbsInstallState (cbsapi.h). */
const CBS_STATES: Record<number, [string, string]> = {
  0: ['Absent', '不存在'],
  5: ['Uninstall Requested', '已请求卸载'],
  16: ['Resolving', '正在解析'],
  32: ['Resolved', '已解析'],
  48: ['Staging', '正在暂存'],
  64: ['Staged', '已暂存'],
  80: ['Superseded', '已被取代'],
  96: ['Install Requested', '已请求安装'],
  101: ['Partially Installed', '部分安装'],
  112: ['Installed', '已安装'],
  128: ['Permanent', '永久'],
};

function stateName(d: Record<string, string>, key: string, zh: boolean): string {
  const n = Number(d[key]);
  const s = CBS_STATES[n >= 5000 ? n - 5000 : n];
  if (zh) return s ? s[1] : (d[`${key}Textized`] ?? d[key] ?? '');
  return d[`${key}Textized`] ?? (s ? s[0] : (d[key] ?? ''));
}

type Renderer = (r: EventRecord) => RenderedMessage | null;

const appError: Renderer = (r) => {
  const d = named(r.data, APP_ERROR_FIELDS);
  const code = codeOf(d.ExceptionCode);
  const en = fill(
    'Application crash: {AppName} {AppVersion} faulted in module {ModuleName} {ModuleVersion}, exception code 0x{ExceptionCode}, fault offset 0x{FaultingOffset}, process id {ProcessId}. Application path: {AppPath}. Module path: {ModulePath}. Report id: {IntegratorReportId}.',
    d,
  );
  const zh = fill(
    '应用程序崩溃：{AppName} {AppVersion} 在模块 {ModuleName} {ModuleVersion} 中出错，异常代码 0x{ExceptionCode}，错误偏移 0x{FaultingOffset}，进程 ID {ProcessId}。应用程序路径：{AppPath}。模块路径：{ModulePath}。报告 ID：{IntegratorReportId}。',
    d,
  );
  return { en, zh, data: d, codes: code ? [code] : [], level: 'error' };
};

const werReport: Renderer = (r) => {
  const d = named(r.data, WER_FIELDS);
  const sig = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8']
    .map((p) => d[p])
    .filter((v) => v)
    .join(', ');
  return {
    en: `Windows Error Reporting: fault bucket ${d.Bucket ?? ''}, type ${d.BucketType ?? ''}, event ${d.EventName ?? ''}, response ${d.Response ?? ''}; problem signature: ${sig}.`,
    zh: `Windows 错误报告：故障存储段 ${d.Bucket ?? ''}，类型 ${d.BucketType ?? ''}，事件 ${d.EventName ?? ''}，响应 ${d.Response ?? ''}；问题签名：${sig}。`,
    data: d,
    codes: [],
  };
};

function wu(en: string, zh: string, level?: LogLevel): Renderer {
  return (r) => {
    const code = codeOf(r.data.errorCode);
    return {
      en: fill(en, r.data),
      zh: fill(zh, r.data),
      data: { ...r.data },
      codes: code ? [code] : [],
      level,
    };
  };
}

function servicing(kind: 'initiate' | 'changed' | 'reboot'): Renderer {
  return (r) => {
    const d = r.data;
    const pkg = d.PackageIdentifier ?? '';
    const client = d.Client ?? '';
    const code = codeOf(d.ErrorCode);
    const target = stateName(d, 'IntendedPackageState', false);
    const targetZh = stateName(d, 'IntendedPackageState', true);
    if (kind === 'initiate') {
      return {
        en: `Initiating changes for package ${pkg}. Current state is ${stateName(d, 'InitialPackageState', false)}. Target state is ${target}. Client id: ${client}.`,
        zh: `正在为程序包 ${pkg} 启动更改。当前状态为 ${stateName(d, 'InitialPackageState', true)}，目标状态为 ${targetZh}。客户端 ID：${client}。`,
        data: { ...d },
        codes: [],
      };
    }
    if (kind === 'reboot') {
      return {
        en: `A reboot is necessary before package ${pkg} can be changed to the ${target} state.`,
        zh: `必须重新启动后，程序包 ${pkg} 才能更改为 ${targetZh} 状态。`,
        data: { ...d },
        codes: code ? [code] : [],
      };
    }
    if (code) {
      return {
        en: `Package ${pkg} failed to be changed to the ${target} state. Status: ${d.ErrorCode}. Client id: ${client}.`,
        zh: `程序包 ${pkg} 未能更改为 ${targetZh} 状态。状态码：${d.ErrorCode}。客户端 ID：${client}。`,
        data: { ...d },
        codes: [code],
        level: 'error',
      };
    }
    return {
      en: `Package ${pkg} was successfully changed to the ${target} state.`,
      zh: `程序包 ${pkg} 已成功更改为 ${targetZh} 状态。`,
      data: { ...d },
      codes: [],
    };
  };
}

const repairStart: Renderer = (r) => ({
  en: `Component store corruption ${r.data.DetectionOnly === '1' ? 'detection' : 'repair'} started (automatic: ${r.data.AutoTriggered === '1' ? 'yes' : 'no'}).`,
  zh: `组件存储损坏${r.data.DetectionOnly === '1' ? '检测' : '修复'}已开始（自动触发：${r.data.AutoTriggered === '1' ? '是' : '否'}）。`,
  data: { ...r.data },
  codes: [],
});

const repairFinish: Renderer = (r) => {
  const code = codeOf(r.data.ErrorCode);
  return {
    en: `Component store corruption repair finished with status ${r.data.ErrorCode ?? ''}: ${r.data.TotalCorruption ?? '?'} corruptions found, ${r.data.Repaired ?? '?'} repaired.`,
    zh: `组件存储损坏修复已结束，状态 ${r.data.ErrorCode ?? ''}：发现 ${r.data.TotalCorruption ?? '?'} 处损坏，已修复 ${r.data.Repaired ?? '?'} 处。`,
    data: { ...r.data },
    codes: code ? [code] : [],
    level: code ? 'error' : undefined,
  };
};

const SCM: Record<number, [string, string, LogLevel?]> = {
  7000: [
    'The {param1} service failed to start due to the following error: {param2}',
    '由于下列错误，{param1} 服务启动失败：{param2}',
    'error',
  ],
  7001: [
    'The {param1} service depends on the {param2} service which failed to start because of the following error: {param3}',
    '{param1} 服务依赖于 {param2} 服务，而后者因下列错误启动失败：{param3}',
    'error',
  ],
  7009: [
    'A timeout was reached ({param1} milliseconds) while waiting for the {param2} service to connect.',
    '等待 {param2} 服务连接超时（{param1} 毫秒）。',
    'error',
  ],
  7011: [
    'A timeout ({param1} milliseconds) was reached while waiting for a transaction response from the {param2} service.',
    '等待 {param2} 服务的事务响应超时（{param1} 毫秒）。',
    'error',
  ],
  7023: [
    'The {param1} service terminated with the following error: {param2}',
    '{param1} 服务因下列错误而终止：{param2}',
    'error',
  ],
  7024: [
    'The {param1} service terminated with the following service-specific error: {param2}',
    '{param1} 服务因下列服务特定错误而终止：{param2}',
    'error',
  ],
  7026: [
    'The following boot-start or system-start driver(s) did not load: {param1}',
    '下列引导或系统启动驱动程序无法加载：{param1}',
    'error',
  ],
  7031: [
    'The {param1} service terminated unexpectedly. It has done this {param2} time(s).',
    '{param1} 服务意外终止，这是第 {param2} 次。',
    'error',
  ],
  7034: [
    'The {param1} service terminated unexpectedly. It has done this {param2} time(s).',
    '{param1} 服务意外终止，这是第 {param2} 次。',
    'error',
  ],
  7036: ['The {param1} service entered the {param2} state.', '{param1} 服务处于 {param2} 状态。'],
  7040: [
    'The start type of the {param1} service was changed from {param2} to {param3}.',
    '{param1} 服务的启动类型从 {param2} 更改为 {param3}。',
  ],
  7042: [
    'The {param1} service was successfully sent a {param2} control. Reason: {param3}',
    '已成功向 {param1} 服务发送 {param2} 控制。原因：{param3}',
  ],
  7043: [
    'The {param1} service did not shut down properly after receiving a preshutdown control.',
    '{param1} 服务在收到预关机控制后未能正常关闭。',
    'error',
  ],
  7045: [
    'A service was installed in the system. Service name: {ServiceName}. Service file name: {ImagePath}. Service type: {ServiceType}. Start type: {StartType}. Account: {AccountName}.',
    '系统中安装了服务。服务名称：{ServiceName}。服务文件名：{ImagePath}。服务类型：{ServiceType}。启动类型：{StartType}。帐户：{AccountName}。',
  ],
};

const scm: Renderer = (r) => {
  const t = SCM[r.eventId];
  if (!t) return null;
  const d = { ...r.data };
  // Legacy SCM events carry unnamed strings; name them param1.. as the manifest does.
  for (const [k, v] of Object.entries(r.data)) {
    const m = /^Data\[(\d+)\]$/.exec(k);
    if (m) d[`param${Number(m[1]) + 1}`] = v;
  }
  const codes: string[] = [];
  for (const k of ['param2', 'param3']) {
    const c = /%%(\d+)/.exec(d[k] ?? '');
    if (c) codes.push(c[1]);
  }
  return { en: fill(t[0], d), zh: fill(t[1], d), data: d, codes, level: t[2] };
};

const BY_PROVIDER: Record<string, Record<number, Renderer>> = {
  'application error': { 1000: appError, 1001: werReport },
  'windows error reporting': { 1001: werReport },
  'microsoft-windows-windowsupdateclient': {
    19: wu(
      'Installation Successful: Windows successfully installed the following update: {updateTitle}',
      '安装成功：Windows 已成功安装以下更新：{updateTitle}',
    ),
    20: wu(
      'Installation Failure: Windows failed to install the following update with error {errorCode}: {updateTitle}.',
      '安装失败：Windows 未能安装以下更新，错误 {errorCode}：{updateTitle}。',
      'error',
    ),
    25: wu(
      'Windows Update failed to check for updates with error {errorCode}.',
      'Windows 更新检查更新失败，错误 {errorCode}。',
      'error',
    ),
    26: wu(
      'Windows Update successfully found {updateCount} updates.',
      'Windows 更新已成功找到 {updateCount} 个更新。',
    ),
    31: wu(
      'Windows Update failed to download an update with error {errorCode}: {updateTitle}.',
      'Windows 更新下载更新失败，错误 {errorCode}：{updateTitle}。',
      'error',
    ),
    41: wu('An update was downloaded: {updateTitle}.', '已下载更新：{updateTitle}。'),
    43: wu(
      'Installation Started: Windows has started installing the following update: {updateTitle}',
      '安装已开始：Windows 已开始安装以下更新：{updateTitle}',
    ),
    44: wu(
      'Windows Update started downloading an update: {updateTitle}.',
      'Windows 更新已开始下载更新：{updateTitle}。',
    ),
  },
  'microsoft-windows-servicing': {
    1: servicing('initiate'),
    2: servicing('changed'),
    3: servicing('changed'),
    4: servicing('reboot'),
    1013: repairStart,
    1014: repairFinish,
  },
  'service control manager': Object.fromEntries(Object.keys(SCM).map((k) => [Number(k), scm])),
};

/** The tool's own message for a known event, or null (then the event's data fields are shown). */
export function renderEventMessage(r: EventRecord): RenderedMessage | null {
  const byId = BY_PROVIDER[r.providerName.toLowerCase()];
  const render = byId?.[r.eventId];
  return render ? render(r) : null;
}
