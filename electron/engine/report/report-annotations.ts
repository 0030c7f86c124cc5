/**
 * Marked evidence in the report: which annotations belong to which finding, row or log line, and
 * the ones that belong to none of the findings shown ("other marked evidence"). Also the small text
 * helpers the report model shares.
 */
import type { Annotation, CaseFile } from '../../../shared/model/case';
import { isBuiltinTag } from '../../../shared/model/case';
import type { Finding } from '../../../shared/model/finding';
import type { LogEntry, LogSummary } from '../../../shared/model/log';
import type { Side } from '../../../shared/model/trace';
import type { TraceStore } from '../store/trace-store';
import type { ReportStrings } from './report-strings';
import type { ReportAnnotation, ReportEvent } from './report-types';

/** What "other marked evidence" needs to look targets up. */
export interface EvidenceSources {
  case: CaseFile;
  baseline: TraceStore;
  problem: TraceStore;
  logs: readonly { summary: LogSummary; entries: readonly LogEntry[] }[];
  result: { findings: readonly Finding[] };
}

export const baseName = (p: string): string => p.replace(/\\/g, '/').split('/').pop() ?? p;
export const clip = (s: string, n = 600): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Procmon-style time cut to milliseconds: the excerpt needs order, not 100-ns ticks. */
function shortTime(t: string): string {
  const tod = t.includes('T') ? t.slice(t.indexOf('T') + 1).replace(/Z$/, '') : t;
  const m = /^(.*\d\d:\d\d:\d\d)(\.\d{1,3})?/.exec(tod);
  return m ? `${m[1]}${m[2] ?? ''}` : tod;
}

export function eventOf(store: TraceStore, seq: number): ReportEvent | null {
  if (seq < 0 || seq >= store.length) return null;
  return {
    seq,
    time: shortTime(store.time(seq)),
    process: store.processName(seq),
    pid: store.cols.pid[seq],
    operation: store.operation(seq),
    path: store.path(seq),
    result: store.result(seq),
    resultClass: store.resultClass(seq),
    detail: clip(store.detail(seq), 300),
  };
}

/** Finds annotations by what they are attached to. */
export class AnnotationIndex {
  readonly used = new Set<string>();
  private readonly sha: Record<Side, string | undefined>;
  private readonly logNameBySha = new Map<string, string>();

  constructor(private readonly c: CaseFile) {
    this.sha = {
      baseline: c.inputs.find((i) => i.side === 'baseline')?.sha256,
      problem: c.inputs.find((i) => i.side === 'problem')?.sha256,
    };
    for (const i of c.inputs)
      if (i.side === 'log') this.logNameBySha.set(i.sha256, baseName(i.path).toLowerCase());
  }

  matchesInput(side: Side, sha: string): boolean {
    return this.sha[side] === undefined || this.sha[side] === sha;
  }

  logName(sha: string): string | undefined {
    return this.logNameBySha.get(sha);
  }

  private take(list: Annotation[]): Annotation[] {
    for (const a of list) this.used.add(a.id);
    return list;
  }

  onFinding(id: string, take = true): Annotation[] {
    const list = this.c.annotations.filter((a) => a.target.type === 'finding' && a.target.findingKey === id);
    return take ? this.take(list) : list;
  }

  onEvent(side: Side, seq: number, take = true): Annotation[] {
    const list = this.c.annotations.filter(
      (a) =>
        a.target.type === 'event' &&
        a.target.side === side &&
        a.target.seq === seq &&
        this.matchesInput(side, a.target.inputSha256),
    );
    return take ? this.take(list) : list;
  }

  onAligned(b: number, p: number, take = true): Annotation[] {
    const list = this.c.annotations.filter(
      (a) => a.target.type === 'aligned' && a.target.baselineSeq === b && a.target.problemSeq === p,
    );
    return take ? this.take(list) : list;
  }

  onLog(file: string, line: number, take = true): Annotation[] {
    const name = baseName(file).toLowerCase();
    const list = this.c.annotations.filter(
      (a) =>
        a.target.type === 'log' &&
        a.target.line === line &&
        this.logNameBySha.get(a.target.logSha256) === name,
    );
    return take ? this.take(list) : list;
  }

  /** Marked directly: the finding itself, one of its events, or one of its log lines. */
  linked(f: Finding): Annotation[] {
    return [
      ...this.onFinding(f.id, false),
      ...f.baselineEvents.flatMap((s) => this.onEvent('baseline', s, false)),
      ...f.problemEvents.flatMap((s) => this.onEvent('problem', s, false)),
      ...f.logEvidence.flatMap((l) => this.onLog(l.file, l.line, false)),
    ];
  }
}

export function alignedLabel(b: number, p: number, s: ReportStrings): string {
  return [b >= 0 ? `${s.baselineShort} #${b}` : '', p >= 0 ? `${s.problemShort} #${p}` : '']
    .filter(Boolean)
    .join(' / ');
}

function tagLabels(tags: readonly string[], s: ReportStrings): string[] {
  return tags.map((t) => (isBuiltinTag(t) ? s.tagLabels[t] : t));
}

export function toReportAnnotation(a: Annotation, targetLabel: string, s: ReportStrings): ReportAnnotation {
  return {
    targetLabel,
    tags: tagLabels(a.tags, s),
    rootCause: a.tags.includes('root-cause'),
    note: a.note,
    updated: a.updated,
  };
}

export function otherEvidence(
  input: EvidenceSources,
  index: AnnotationIndex,
  s: ReportStrings,
): ReportAnnotation[] {
  const out: ReportAnnotation[] = [];
  const byId = new Map(input.result.findings.map((f) => [f.id, f]));
  for (const a of input.case.annotations) {
    if (index.used.has(a.id)) continue;
    const t = a.target;
    if (t.type === 'event') {
      // A mark made on another capture would point at an unrelated event here.
      if (!index.matchesInput(t.side, t.inputSha256)) continue;
      const store = t.side === 'baseline' ? input.baseline : input.problem;
      const ev = eventOf(store, t.seq);
      const label = `${t.side === 'baseline' ? s.baselineShort : s.problemShort} #${t.seq}`;
      out.push({ ...toReportAnnotation(a, label, s), event: ev ? { side: t.side, event: ev } : undefined });
    } else if (t.type === 'aligned') {
      const label = alignedLabel(t.baselineSeq, t.problemSeq, s);
      const ev = eventOf(input.problem, t.problemSeq) ?? eventOf(input.baseline, t.baselineSeq);
      const side: Side = t.problemSeq >= 0 ? 'problem' : 'baseline';
      out.push({ ...toReportAnnotation(a, label, s), event: ev ? { side, event: ev } : undefined });
    } else if (t.type === 'log') {
      const name = index.logName(t.logSha256) ?? '';
      const log = input.logs.find(
        (l) => l.summary.fileName.toLowerCase() === name || baseName(l.summary.file).toLowerCase() === name,
      );
      const entry = log?.entries.find((e) => e.line === t.line);
      const file = log?.summary.fileName ?? (name || '?');
      out.push({
        ...toReportAnnotation(a, `${file}:${t.line}`, s),
        log: entry
          ? {
              file,
              line: t.line,
              time: entry.time,
              text: clip(entry.message || entry.raw),
              codes: entry.codes,
              marked: true,
            }
          : undefined,
      });
    } else {
      const f = byId.get(t.findingKey);
      const label = f
        ? `${s.finding} ${f.rank}: ${f.process} ${f.operation} ${f.path}`
        : `${s.finding} ${t.findingKey}`;
      out.push(toReportAnnotation(a, label, s));
    }
  }
  return out;
}
