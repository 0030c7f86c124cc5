/**
 * Scores root-cause candidates in 0..1 and says why in plain words (en and zh-CN). The score is a
 * product of how alarming the problem machine's result is against the baseline's, and a mix of the
 * supporting signals:
 *  - severity of the problem result class (procmon.md §5.1: real failure > context-dependent > benign),
 *    weighed by what the baseline got (SUCCESS against a failure is the clearest difference);
 *  - the consequence: how much baseline-only work of the same process follows (the bifurcation point),
 *    and how much of it concerns the same file;
 *  - log corroboration: entries naming the file or key, or carrying the same error;
 *  - a process only the problem machine runs touching the same file nearby.
 * A failure the baseline also gets for the same key is no difference and is ranked down.
 */
import type { ResultClass } from '../../../shared/model/result-class';
import type { Candidate } from './findings';

const PROBLEM_WEIGHT: Record<ResultClass, number> = {
  failure: 1,
  context: 0.55,
  other: 0.45,
  pending: 0.15,
  benign: 0.15,
  success: 0.25,
};

function baselineFactor(c: Candidate): number {
  const b = c.baselineClass;
  if (b === null) return 0.7;
  const loose = c.looseMatch ? 0.9 : 1;
  switch (b) {
    case 'success':
      return 1 * loose;
    case 'benign':
      return 0.95 * loose;
    case 'pending':
      return 0.9 * loose;
    case 'other':
      return 0.8 * loose;
    case 'context':
      return (c.problemClass === 'failure' ? 0.85 : 0.6) * loose;
    case 'failure':
      return (c.problemClass === 'failure' ? 0.5 : 0.35) * loose;
  }
}

/**
 * Score of a trace-level candidate: 0.45 x severity + 0.55 x evidence x sqrt(severity), where
 * severity is the problem result's class weighed by the baseline's result and evidence mixes the
 * consequence, its share on the same file, the log corroboration and an agent on the same file. A
 * real failure with nothing behind it scores about 0.45; a context-dependent result (NAME NOT FOUND)
 * with a large bifurcation and logs naming the file scores above it, as it should.
 */
export function scoreCandidate(c: Candidate): number {
  if (c.kind === 'context-process' || c.kind === 'baseline-only-work') return scoreProcess(c);
  const severity = PROBLEM_WEIGHT[c.problemClass] * baselineFactor(c);
  const consequence = 1 - Math.exp(-c.consequence / 12);
  const related = Math.min(1, c.related / 2);
  const logs = 1 - Math.exp(-(c.logStrong + 0.5 * c.logWeak) / 1.5);
  const ctx = c.context.some((p) => p.sameFile) ? 1 : 0;
  const evidence = 0.45 * consequence + 0.12 * related + 0.33 * logs + 0.1 * ctx;
  let s = 0.45 * severity + 0.55 * evidence * Math.sqrt(severity);
  if (c.alsoOnBaseline) s *= 0.3;
  return round(s);
}

/** Processes one machine ran and the other did not: context, never above a real difference. */
function scoreProcess(c: Candidate): number {
  const events = Math.min(1, Math.log10(1 + (c.processEvents ?? 0)) / 3);
  const logs = 1 - Math.exp(-(c.logStrong + 0.5 * c.logWeak) / 1.5);
  const failures = c.problemClass === 'failure' ? 1 : 0;
  const base = c.kind === 'baseline-only-work' ? 0.2 : 0.15;
  return round(base + 0.08 * events + 0.06 * failures + 0.1 * logs);
}

// Capped below 1: a ranking is a judgement, never a certainty.
const round = (x: number): number => Math.round(Math.max(0, Math.min(0.99, x)) * 1000) / 1000;

export interface Described {
  process: string;
  operation: string;
  /** File or key name as the sentence shows it. */
  target: string;
  baselineResult: string;
  problemResult: string;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

function classWordsEn(cls: ResultClass, result: string): string {
  switch (cls) {
    case 'failure':
      return `${result} is a real failure`;
    case 'context':
      return `${result} is context-dependent (often normal probing), so it matters only because it differs`;
    case 'success':
      return 'the problem machine succeeds where the baseline failed';
    default:
      return `${result} is usually benign`;
  }
}

function classWordsZh(cls: ResultClass, result: string): string {
  switch (cls) {
    case 'failure':
      return `${result} 属于实际失败`;
    case 'context':
      return `${result} 视情况而定（常为正常探测），仅因两侧不同才值得关注`;
    case 'success':
      return '问题机上成功而基线上失败';
    default:
      return `${result} 通常无害`;
  }
}

/** The sentence for a trace-level candidate, in English and Simplified Chinese. */
export function explain(c: Candidate, d: Described): { why: string; whyZh: string } {
  if (c.kind === 'context-process' || c.kind === 'baseline-only-work') return explainProcess(c, d);
  const en: string[] = [];
  const zh: string[] = [];
  const times = c.occurrences > 1 ? ` (${c.occurrences} times)` : '';
  const timesZh = c.occurrences > 1 ? `（共 ${c.occurrences} 次）` : '';
  if (c.baselineClass === null) {
    en.push(
      `${d.process} ${d.operation} on ${d.target}: ${d.problemResult} on the problem machine${times}; the baseline never does this operation`,
    );
    zh.push(
      `${d.process} 对 ${d.target} 执行 ${d.operation}：问题机上为 ${d.problemResult}${timesZh}；基线上未发生此操作`,
    );
  } else if (c.looseMatch) {
    en.push(
      `${d.process} ${d.operation} on ${d.target}: ${d.problemResult} on the problem machine${times}; the baseline does it with a different Detail and gets ${d.baselineResult}`,
    );
    zh.push(
      `${d.process} 对 ${d.target} 执行 ${d.operation}：问题机上为 ${d.problemResult}${timesZh}；基线以不同的详细信息执行，结果为 ${d.baselineResult}`,
    );
  } else {
    en.push(
      `${d.process} ${d.operation} on ${d.target}: ${d.baselineResult} on the baseline, ${d.problemResult} on the problem machine${times}`,
    );
    zh.push(
      `${d.process} 对 ${d.target} 执行 ${d.operation}：基线上为 ${d.baselineResult}，问题机上为 ${d.problemResult}${timesZh}`,
    );
  }
  if (c.consequence > 0) {
    const where = c.consequenceWhere
      ? ` (${c.consequenceShare >= 0.5 ? 'mostly' : 'partly'} under ${c.consequenceWhere})`
      : '';
    const whereZh = c.consequenceWhere
      ? `（${c.consequenceShare >= 0.5 ? '主要' : '部分'}位于 ${c.consequenceWhere}）`
      : '';
    const rel = c.related > 0 ? `, ${c.related} of them on the same file` : '';
    const relZh = c.related > 0 ? `，其中 ${c.related} 个涉及同一文件` : '';
    en.push(
      `afterwards the baseline does ${plural(c.consequence, 'more operation', 'more operations')} in this process that never happen on the problem machine${where}${rel}`,
    );
    zh.push(`此后基线在该进程中还执行了 ${c.consequence} 个问题机上未发生的操作${whereZh}${relZh}`);
  } else {
    en.push('no baseline-only work follows it in this process');
    zh.push('此后该进程中没有仅在基线上发生的操作');
  }
  en.push(classWordsEn(c.problemClass, d.problemResult));
  zh.push(classWordsZh(c.problemClass, d.problemResult));
  if (c.alsoOnBaseline) {
    en.push(
      `the baseline also gets ${d.problemResult} for this operation elsewhere, so it is not a real difference (ranked down)`,
    );
    zh.push(`基线上该操作在别处也得到 ${d.problemResult}，因此不算真正的差异（已降低排名）`);
  }
  appendLogs(c, en, zh);
  // Only an agent that touched the same file says something; one merely running nearby does not.
  const near = c.context.filter((p) => p.sameFile);
  if (near.length > 0) {
    const names = [...new Set(near.map((p) => p.process))].join(', ');
    en.push(`${names} (only on the problem machine) touched the same file nearby`);
    zh.push(`仅在问题机上运行的 ${names} 在附近访问了同一文件`);
  }
  return { why: `${en.join('; ')}.`, whyZh: `${zh.join('；')}。` };
}

function appendLogs(c: Candidate, en: string[], zh: string[]): void {
  const n = c.logEvidence.length;
  if (n === 0) return;
  const files = [...new Set(c.logEvidence.map((e) => e.file))].slice(0, 3).join(', ');
  en.push(`${plural(n, 'log line corroborates', 'log lines corroborate')} (${files})`);
  zh.push(`${n} 条日志佐证（${files}）`);
}

function explainProcess(c: Candidate, d: Described): { why: string; whyZh: string } {
  const en: string[] = [];
  const zh: string[] = [];
  const events = c.processEvents ?? 0;
  if (c.kind === 'context-process') {
    en.push(
      `${d.process} runs only on the problem machine (${plural(events, 'event', 'events')}); it is context, often the agent that changed the machine, not a difference in the same work`,
    );
    zh.push(
      `${d.process} 仅在问题机上运行（${events} 个事件）；属于环境差异，常为改变了机器的代理程序，而非同一工作的差异`,
    );
  } else {
    en.push(
      `${d.process} runs only on the baseline (${plural(events, 'event', 'events')}): work the problem machine never started`,
    );
    zh.push(`${d.process} 仅在基线上运行（${events} 个事件）：问题机上未启动的工作`);
  }
  if (c.problemClass === 'failure') {
    en.push('it has real failures of its own');
    zh.push('其自身存在实际失败');
  }
  appendLogs(c, en, zh);
  return { why: `${en.join('; ')}.`, whyZh: `${zh.join('；')}。` };
}
