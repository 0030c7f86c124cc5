/**
 * The report's words for what it shows beyond the diff: known signatures, the environment delta,
 * agents near a failure, stack attribution, ACL evidence and fltmc. Chinese terms follow docs
 * GLOSSARY.md (环境差异, 问题机独有, 已知问题特征, 处理建议, 文件系统筛选器驱动程序, 终端管理代理).
 */
import type { ReportLanguage } from '../../../shared/model/case';
import type { EnvironmentKind, EnvironmentSource, Publisher } from '../../../shared/model/insight';

export interface InsightStrings {
  /** Punctuation differs: "Cause: x, y" / "原因：x、y". */
  colon: string;
  listSep: string;
  knownSignature: string;
  cause: string;
  remediation: string;
  match: string;
  matchedOn: string;
  explainsFindings: string;
  otherSignatures: string;
  otherSignaturesNote: string;
  environmentDelta: string;
  environmentIntro: string;
  environmentLine: string;
  problemOnlySoftware: string;
  baselineOnlySoftware: string;
  baselineOnlyNote: string;
  noEnvironmentDelta: string;
  agentProducts: string;
  productLine: string;
  name: string;
  kind: string;
  publisher: string;
  eventsProblem: string;
  eventsBaseline: string;
  firstSeen: string;
  evidence: string;
  moreItems: string;
  productFolder: string;
  stackAttribution: string;
  module: string;
  company: string;
  altitude: string;
  kernel: string;
  failingEvent: string;
  agentsNear: string;
  agentsIntro: string;
  eventsNear: string;
  nearest: string;
  sameFile: string;
  touched: string;
  msAfter: string;
  msBefore: string;
  msAt: string;
  aclEvidence: string;
  aclIntro: string;
  aclOtherIntro: string;
  principal: string;
  rightsBaseline: string;
  rightsProblem: string;
  aclSame: string;
  owner: string;
  noAccess: string;
  collectAcl: string;
  collectAclIntro: string;
  cmdPrompt: string;
  powershell: string;
  fltmcTitle: string;
  fltmcIntro: string;
  filter: string;
  loadOrderGroup: string;
  instances: string;
  notLoaded: string;
  noFltmc: string;
  analysisNotes: string;
  envKinds: Record<EnvironmentKind, string>;
  publishers: Record<Publisher, string>;
  sources: Record<EnvironmentSource, string>;
}

const en: InsightStrings = {
  colon: ': ',
  listSep: ', ',
  knownSignature: 'Known signature',
  cause: 'Cause',
  remediation: 'Remediation',
  match: 'Match',
  matchedOn: 'Matched on',
  explainsFindings: 'Explains finding {ranks}',
  otherSignatures: 'Other known signatures',
  otherSignaturesNote:
    'These match log lines, error codes or software on the problem machine rather than one of the findings above.',
  environmentDelta: 'Environment delta',
  environmentIntro:
    'Software seen on only one of the two machines: from the captures’ process and module lists, Load Image events and paths, the logs, and fltmc output when given. Software not from Microsoft is listed first.',
  environmentLine: '{n} items only on the problem machine, {third} of them not from Microsoft: {names}.',
  problemOnlySoftware: 'Only on the problem machine',
  baselineOnlySoftware: 'Only on the baseline',
  baselineOnlyNote: 'Running on the clean image but not on the problem machine.',
  noEnvironmentDelta: 'As far as the captures show, both machines run the same software.',
  agentProducts: 'Third-party products only on the problem machine',
  productLine: '{events} events',
  name: 'Name',
  kind: 'Kind',
  publisher: 'Publisher',
  eventsProblem: 'Events',
  eventsBaseline: 'Events',
  firstSeen: 'First seen',
  evidence: 'Evidence',
  moreItems: '… and {n} more',
  productFolder: 'Product folder',
  stackAttribution: 'Filter driver on the stack',
  module: 'Module',
  company: 'Company',
  altitude: 'Altitude',
  kernel: 'kernel',
  failingEvent: 'Stack of problem event #{seq} ({result}).',
  agentsNear: 'Agent processes active near the failure',
  agentsIntro:
    'Third-party processes with events on the problem machine within two seconds of the failing event, nearest and same-file first.',
  eventsNear: 'Events near',
  nearest: 'Nearest event',
  sameFile: 'Touched the same file',
  touched: 'What it touched then',
  msAfter: '{ms} ms after the failure',
  msBefore: '{ms} ms before the failure',
  msAt: 'at the failure',
  aclEvidence: 'ACL evidence',
  aclIntro: 'Permissions of the same file on both machines, from the icacls / Get-Acl output in this case.',
  aclOtherIntro: 'Permission differences of files that none of the findings in this report names.',
  principal: 'Principal',
  rightsBaseline: 'Rights on the clean image',
  rightsProblem: 'Rights on the problem machine',
  aclSame: 'The ACL is the same on both machines.',
  owner: 'Owner',
  noAccess: 'no entry',
  collectAcl: 'Collect the ACL evidence',
  collectAclIntro:
    'No ACL output of both machines covers this file. Run these in an elevated Command Prompt (or PowerShell) on the clean image and on the problem machine, put the machine in each output’s name ({clean}, {problem}) and add the files to the case as logs.',
  cmdPrompt: 'Command Prompt',
  powershell: 'PowerShell',
  fltmcTitle: 'File system filter drivers (fltmc)',
  fltmcIntro:
    'Minifilters loaded on each machine (fltmc filters), highest altitude first. A filter only on the problem machine sees every file request before the file system does.',
  filter: 'Filter',
  loadOrderGroup: 'Load order group',
  instances: '{n} instance(s)',
  notLoaded: 'not loaded',
  noFltmc: 'no fltmc output',
  analysisNotes: 'Analysis notes',
  envKinds: {
    process: 'Process',
    service: 'Service',
    driver: 'Driver',
    'filter-driver': 'File system filter driver',
    module: 'Module',
    'program-folder': 'Program folder',
    'security-product': 'Security product',
  },
  publishers: { microsoft: 'Microsoft', 'third-party': 'Third party', unknown: 'Publisher unknown' },
  sources: {
    'process-table': 'process list',
    'module-list': 'module list',
    'load-image': 'Load Image',
    'trace-path': 'trace paths',
    'services-key': 'Services registry key',
    setupdiag: 'SetupDiag',
    'event-log': 'event log',
    fltmc: 'fltmc',
  },
};

const zh: InsightStrings = {
  colon: '：',
  listSep: '、',
  knownSignature: '已知问题特征',
  cause: '原因',
  remediation: '处理建议',
  match: '匹配度',
  matchedOn: '匹配依据',
  explainsFindings: '对应发现项 {ranks}',
  otherSignatures: '其他已知问题特征',
  otherSignaturesNote: '以下特征与日志行、错误代码或问题机上的软件匹配，而不是与上面的某个发现项匹配。',
  environmentDelta: '环境差异',
  environmentIntro:
    '仅在其中一台机器上出现的软件：来自跟踪中的进程和模块列表、Load Image 事件和路径、日志，以及提供时的 fltmc 输出。非微软软件列在前面。',
  environmentLine: '问题机独有 {n} 项，其中非微软 {third} 项：{names}。',
  problemOnlySoftware: '问题机独有',
  baselineOnlySoftware: '仅在基线上',
  baselineOnlyNote: '在纯净镜像上运行、但问题机上没有的软件。',
  noEnvironmentDelta: '就跟踪所见，两台机器运行的软件相同。',
  agentProducts: '问题机独有的第三方产品',
  productLine: '{events} 个事件',
  name: '名称',
  kind: '类型',
  publisher: '发布者',
  eventsProblem: '事件数',
  eventsBaseline: '事件数',
  firstSeen: '首次出现',
  evidence: '证据',
  moreItems: '… 另有 {n} 项',
  productFolder: '产品目录',
  stackAttribution: '调用栈上的文件系统筛选器驱动程序',
  module: '模块',
  company: '公司',
  altitude: '高度',
  kernel: '内核',
  failingEvent: '问题机事件 #{seq}（{result}）的调用栈。',
  agentsNear: '失败前后活动的代理进程',
  agentsIntro: '问题机上在失败事件前后两秒内有事件的第三方进程，按时间最近、访问同一文件优先排列。',
  eventsNear: '附近事件数',
  nearest: '最近事件',
  sameFile: '访问了同一文件',
  touched: '当时访问的对象',
  msAfter: '失败后 {ms} 毫秒',
  msBefore: '失败前 {ms} 毫秒',
  msAt: '与失败同时',
  aclEvidence: 'ACL 证据',
  aclIntro: '两台机器上同一文件的权限，来自本案例中的 icacls / Get-Acl 输出。',
  aclOtherIntro: '本报告的发现项未涉及的文件的权限差异。',
  principal: '主体',
  rightsBaseline: '纯净镜像上的权限',
  rightsProblem: '问题机上的权限',
  aclSame: '两台机器上的 ACL 相同。',
  owner: '所有者',
  noAccess: '无条目',
  collectAcl: '收集 ACL 证据',
  collectAclIntro:
    '本案例中没有两台机器上此文件的 ACL 输出。请在纯净镜像和问题机上以管理员身份打开命令提示符（或 PowerShell）运行以下命令，在输出文件名中注明机器（如 {clean}、{problem}），再将这些文件作为日志加入案例。',
  cmdPrompt: '命令提示符',
  powershell: 'PowerShell',
  fltmcTitle: '文件系统筛选器驱动程序（fltmc）',
  fltmcIntro:
    '每台机器上加载的微筛选器（fltmc filters），按高度从高到低排列。仅在问题机上加载的筛选器会先于文件系统看到每个文件请求。',
  filter: '筛选器',
  loadOrderGroup: '加载顺序组',
  instances: '{n} 个实例',
  notLoaded: '未加载',
  noFltmc: '无 fltmc 输出',
  analysisNotes: '分析说明',
  envKinds: {
    process: '进程',
    service: '服务',
    driver: '驱动程序',
    'filter-driver': '文件系统筛选器驱动程序',
    module: '模块',
    'program-folder': '程序目录',
    'security-product': '安全产品',
  },
  publishers: { microsoft: '微软', 'third-party': '第三方', unknown: '发布者未知' },
  sources: {
    'process-table': '进程列表',
    'module-list': '模块列表',
    'load-image': 'Load Image',
    'trace-path': '跟踪路径',
    'services-key': 'Services 注册表项',
    setupdiag: 'SetupDiag',
    'event-log': '事件日志',
    fltmc: 'fltmc',
  },
};

export function insightStrings(language: ReportLanguage): InsightStrings {
  return language === 'zh-CN' ? zh : en;
}
