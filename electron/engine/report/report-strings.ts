/**
 * The report's words in English and Simplified Chinese. The Chinese follows docs GLOSSARY.md so the
 * report, the UI and the docs name each thing the same way. `{name}` marks a value filled in by `fill`.
 */
import type { BuiltinTag, ReportLanguage } from '../../../shared/model/case';
import type { AlignedKind, Finding, LogEvidence } from '../../../shared/model/finding';

export interface ReportStrings {
  reportKind: string;
  case: string;
  ticket: string;
  customer: string;
  engineer: string;
  reportDate: string;
  baseline: string;
  problem: string;
  baselineShort: string;
  problemShort: string;
  machine: string;
  os: string;
  trace: string;
  events: string;
  inputs: string;
  summary: string;
  conclusion: string;
  noConclusion: string;
  comparison: string;
  alignedRows: string;
  same: string;
  changed: string;
  baselineOnly: string;
  problemOnly: string;
  findingsCount: string;
  rootCauseCandidates: string;
  scopeMarked: string;
  scopeTop: string;
  noFindings: string;
  noMarkedFindings: string;
  finding: string;
  rank: string;
  process: string;
  operation: string;
  path: string;
  result: string;
  detail: string;
  time: string;
  score: string;
  change: string;
  whyRanked: string;
  contextProcesses: string;
  evidenceSideBySide: string;
  excerptNote: string;
  firstDivergence: string;
  neverHappened: string;
  problemOnlyRow: string;
  realFailure: string;
  differs: string;
  identicalEvents: string;
  noExcerpt: string;
  markedEvidence: string;
  logEvidence: string;
  noLogEvidence: string;
  log: string;
  line: string;
  matchedBy: string;
  errorCodes: string;
  code: string;
  codeName: string;
  meaning: string;
  annotations: string;
  tags: string;
  note: string;
  target: string;
  otherEvidence: string;
  appendix: string;
  file: string;
  side: string;
  logSide: string;
  kind: string;
  encoding: string;
  size: string;
  sha256: string;
  normalizationRules: string;
  ruleEnabled: string;
  pattern: string;
  replacement: string;
  yes: string;
  no: string;
  toolVersion: string;
  redaction: string;
  redactionApplied: string;
  redactionNone: string;
  generatedBy: string;
  pageOf: string;
  none: string;
  findingKinds: Record<Finding['kind'], string>;
  tagLabels: Record<BuiltinTag, string>;
  logReasons: Record<NonNullable<LogEvidence['reason']>, string>;
  rowKinds: Record<AlignedKind, string>;
}

const en: ReportStrings = {
  reportKind: 'Trace comparison report',
  case: 'Case',
  ticket: 'Ticket number',
  customer: 'Customer',
  engineer: 'Engineer',
  reportDate: 'Report date',
  baseline: 'Baseline (clean image)',
  problem: 'Problem machine (managed image)',
  baselineShort: 'Baseline',
  problemShort: 'Problem',
  machine: 'Computer',
  os: 'Operating system',
  trace: 'Trace',
  events: 'Events',
  inputs: 'Inputs',
  summary: 'Summary',
  conclusion: 'Conclusion',
  noConclusion: 'No conclusion has been written yet.',
  comparison: 'Comparison',
  alignedRows: 'Aligned rows',
  same: 'Same',
  changed: 'Result differs',
  baselineOnly: 'Never happened on the problem machine',
  problemOnly: 'Only on the problem machine',
  findingsCount: 'Findings',
  rootCauseCandidates: 'Root-cause candidates',
  scopeMarked: 'This report shows the {shown} findings marked as evidence (of {total}).',
  scopeTop: 'This report shows the top {shown} of {total} findings, most likely cause first.',
  noFindings: 'The comparison found no differences that look like a cause.',
  noMarkedFindings: 'No finding has been marked as evidence yet.',
  finding: 'Finding',
  rank: 'Rank',
  process: 'Process name',
  operation: 'Operation',
  path: 'Path',
  result: 'Result',
  detail: 'Detail',
  time: 'Time of day',
  score: 'Score',
  change: 'Result (baseline → problem)',
  whyRanked: 'Why it ranks here',
  contextProcesses: 'Processes active only on the problem machine',
  evidenceSideBySide: 'Evidence, side by side',
  excerptNote:
    'Aligned events of {process} around the first divergence (▶). # is the event sequence number in each trace.',
  firstDivergence: 'first divergence',
  neverHappened: 'never happened on the problem machine',
  problemOnlyRow: 'only on the problem machine',
  realFailure: 'real failure',
  differs: 'differs between sides',
  identicalEvents: '… {n} identical events …',
  noExcerpt: 'No aligned events to show for this finding.',
  markedEvidence: 'marked evidence',
  logEvidence: 'Log evidence',
  noLogEvidence: 'No log entry names this file or code.',
  log: 'Log',
  line: 'Line',
  matchedBy: 'Matched by',
  errorCodes: 'Error codes',
  code: 'Code',
  codeName: 'Name',
  meaning: 'Meaning',
  annotations: 'Engineer’s notes',
  tags: 'Tags',
  note: 'Note',
  target: 'On',
  otherEvidence: 'Other marked evidence',
  appendix: 'Appendix',
  file: 'File',
  side: 'Side',
  logSide: 'Log',
  kind: 'Kind',
  encoding: 'Encoding',
  size: 'Size (bytes)',
  sha256: 'SHA-256',
  normalizationRules: 'Normalization rules',
  ruleEnabled: 'On',
  pattern: 'Pattern',
  replacement: 'Replacement',
  yes: 'yes',
  no: 'no',
  toolVersion: 'Tool version',
  redaction: 'Redaction',
  redactionApplied:
    'User names, computer names, SIDs and IP addresses in this report are replaced by placeholders (USER-1, HOST-1, DOMAIN-1, SID-1, IP-1); the same value always has the same placeholder.',
  redactionNone: 'None: names, SIDs and addresses appear as captured.',
  generatedBy: 'Generated by TraceDiff Workbench {version}',
  pageOf: 'Page {page} of {pages}',
  none: 'None',
  findingKinds: {
    'result-changed': 'Result differs between sides',
    'problem-only-failure': 'Failure only on the problem machine',
    'baseline-only-work': 'Work that never happened on the problem machine',
    'context-process': 'Process only on the problem machine',
  },
  tagLabels: { 'root-cause': 'root cause', symptom: 'symptom', noise: 'noise', 'to-check': 'to check' },
  logReasons: {
    path: 'same path',
    'file-name': 'same file name',
    code: 'same error code',
    time: 'near in time',
  },
  rowKinds: {
    same: 'same',
    changed: 'differs between sides',
    'baseline-only': 'never happened on the problem machine',
    'problem-only': 'only on the problem machine',
    collapsed: 'identical events',
  },
};

const zh: ReportStrings = {
  reportKind: '跟踪对比分析报告',
  case: '案例',
  ticket: '案例号',
  customer: '客户',
  engineer: '工程师',
  reportDate: '报告日期',
  baseline: '基线（纯净镜像）',
  problem: '问题机（受管镜像）',
  baselineShort: '基线',
  problemShort: '问题机',
  machine: '计算机名',
  os: '操作系统',
  trace: '跟踪',
  events: '事件数',
  inputs: '输入文件',
  summary: '摘要',
  conclusion: '结论',
  noConclusion: '尚未填写结论。',
  comparison: '对比概况',
  alignedRows: '对齐行数',
  same: '相同',
  changed: '两侧结果不同',
  baselineOnly: '问题机上未发生',
  problemOnly: '仅在问题机上发生',
  findingsCount: '发现项',
  rootCauseCandidates: '可疑根因',
  scopeMarked: '本报告列出已标记为证据的 {shown} 个发现项（共 {total} 个）。',
  scopeTop: '本报告按可能性从高到低列出全部 {total} 个发现项中的前 {shown} 个。',
  noFindings: '对比未发现可能导致问题的差异。',
  noMarkedFindings: '尚未将任何发现项标记为证据。',
  finding: '发现项',
  rank: '排名',
  process: '进程名称',
  operation: '操作',
  path: '路径',
  result: '结果',
  detail: '详细信息',
  time: '时间',
  score: '评分',
  change: '结果（基线 → 问题机）',
  whyRanked: '排序依据',
  contextProcesses: '仅在问题机上运行的进程',
  evidenceSideBySide: '证据（并排）',
  excerptNote: '{process} 在首个分歧点（▶）前后的对齐事件。# 为各跟踪中的事件序号。',
  firstDivergence: '首个分歧点',
  neverHappened: '问题机上未发生',
  problemOnlyRow: '仅在问题机上发生',
  realFailure: '实际失败',
  differs: '两侧不同',
  identicalEvents: '… {n} 个相同事件 …',
  noExcerpt: '此发现项没有可显示的对齐事件。',
  markedEvidence: '已标记为证据',
  logEvidence: '日志证据',
  noLogEvidence: '没有日志条目提到此文件或错误代码。',
  log: '日志',
  line: '行',
  matchedBy: '关联依据',
  errorCodes: '错误代码',
  code: '代码',
  codeName: '名称',
  meaning: '含义',
  annotations: '工程师备注',
  tags: '标签',
  note: '备注',
  target: '对象',
  otherEvidence: '其他已标记证据',
  appendix: '附录',
  file: '文件',
  side: '所属',
  logSide: '日志',
  kind: '类型',
  encoding: '编码',
  size: '大小（字节）',
  sha256: 'SHA-256',
  normalizationRules: '归一化规则',
  ruleEnabled: '启用',
  pattern: '模式',
  replacement: '替换为',
  yes: '是',
  no: '否',
  toolVersion: '工具版本',
  redaction: '脱敏',
  redactionApplied:
    '本报告中的用户名、计算机名、SID 和 IP 地址已替换为占位符（USER-1、HOST-1、DOMAIN-1、SID-1、IP-1），同一值始终对应同一占位符。',
  redactionNone: '未脱敏：名称、SID 和地址均按捕获时原样显示。',
  generatedBy: '由 TraceDiff Workbench {version} 生成',
  pageOf: '第 {page} 页，共 {pages} 页',
  none: '无',
  findingKinds: {
    'result-changed': '两侧结果不同',
    'problem-only-failure': '仅在问题机上失败',
    'baseline-only-work': '问题机上未发生的操作',
    'context-process': '仅在问题机上运行的进程',
  },
  tagLabels: { 'root-cause': '根因', symptom: '症状', noise: '噪声', 'to-check': '待确认' },
  logReasons: { path: '相同路径', 'file-name': '相同文件名', code: '相同错误代码', time: '时间相近' },
  rowKinds: {
    same: '相同',
    changed: '两侧不同',
    'baseline-only': '问题机上未发生',
    'problem-only': '仅在问题机上发生',
    collapsed: '相同事件',
  },
};

export function reportStrings(language: ReportLanguage): ReportStrings {
  return language === 'zh-CN' ? zh : en;
}

/** Fills `{name}` placeholders. Values are plain text; the HTML renderer escapes the result. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}
