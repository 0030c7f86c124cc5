/**
 * Fleet triage: one clean baseline capture against the captures of many failing machines. Finds
 * each machine's capture and logs in a folder, runs the comparison and the insights for one
 * machine, and groups the machines by the known signature that explains them, so "the same agent
 * breaks the update on 40 branches" is one line, not 40 investigations.
 *
 * Layout of the problems folder (one machine per entry):
 *   DIR/<machine>.CSV|.PML|.XML            the capture; machine name = file name without extension
 *   DIR/<machine>/<capture> + <logs...>    a folder per machine with its capture and logs
 * and, with a separate log folder:
 *   LOGDIR/<machine>/*                     the machine's logs
 *   LOGDIR/<machine>_CBS.log (or -, .)     log files named after the machine
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { LocalizedText } from '../../../shared/model/insight';
import type { TraceStore } from '../store/trace-store';
import { compareTraces } from '../analysis/compare';
import { ingestTrace, sniffInput } from '../ingest/ingest';
import { ingestLog } from '../ingest/logs/ingest-log';
import { isLogKind, TRACE_KINDS } from '../ingest/sniff';
import { computeInsights } from './insight';
import type { LoadedRule } from './signature-engine';

export interface MachineInput {
  machine: string;
  capture: string;
  logs: string[];
}

export interface FleetDiscovery {
  machines: MachineInput[];
  /** Entries that are no capture, or extra captures in a machine folder, with the reason. */
  skipped: { path: string; reason: string }[];
}

export interface MachineResult {
  machine: string;
  capture: string;
  status: 'ok' | 'error';
  error?: string;
  kind: string;
  events: number;
  logs: number;
  findings: number;
  topFinding: {
    rank: number;
    process: string;
    operation: string;
    path: string;
    baselineResult: string;
    problemResult: string;
    score: number;
    why: string;
  } | null;
  /** The best matching signature (null: no known signature). */
  signature: { ruleId: string; title: LocalizedText; score: number; remediation: LocalizedText } | null;
  /** Other matching signatures, best first. */
  otherSignatures: { ruleId: string; score: number }[];
  /** Non-Microsoft software only this machine runs (names, most active first). */
  agents: string[];
  warnings: string[];
  elapsedMs: number;
}

const isDir = async (p: string): Promise<boolean> =>
  (await stat(p).catch(() => null))?.isDirectory() ?? false;

async function classify(file: string): Promise<'trace' | 'log' | string> {
  try {
    const s = await sniffInput(file);
    if (TRACE_KINDS.has(s.kind)) return 'trace';
    if (isLogKind(s.kind)) return 'log';
    return s.looksLike ?? s.kind;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

const stemOf = (name: string): string => name.replace(/\.[^.]+$/, '');

async function logsIn(dir: string, skipped: FleetDiscovery['skipped']): Promise<string[]> {
  const out: string[] = [];
  for (const d of (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    if (!d.isFile()) continue;
    const p = path.join(dir, d.name);
    const kind = await classify(p);
    if (kind === 'log') out.push(p);
    else if (kind !== 'trace') skipped.push({ path: p, reason: `not a log: ${kind}` });
  }
  return out;
}

/** Finds the machines' captures (and logs) in the problems folder and the optional log folder. */
export async function discoverMachines(problemsDir: string, logDir?: string): Promise<FleetDiscovery> {
  const skipped: FleetDiscovery['skipped'] = [];
  const machines: MachineInput[] = [];
  let entries;
  try {
    entries = await readdir(problemsDir, { withFileTypes: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(
      `${problemsDir}: cannot read the problems folder (${code === 'ENOENT' ? 'no such folder' : code === 'ENOTDIR' ? 'not a folder' : e instanceof Error ? e.message : String(e)})`,
      { cause: e },
    );
  }
  for (const d of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(problemsDir, d.name);
    if (d.isFile()) {
      const kind = await classify(p);
      if (kind === 'trace') machines.push({ machine: stemOf(d.name), capture: p, logs: [] });
      else
        skipped.push({
          path: p,
          reason:
            kind === 'log'
              ? 'a log outside a machine folder (put it in <DIR>/<machine>/)'
              : `not a capture: ${kind}`,
        });
    } else if (d.isDirectory()) {
      const files = (await readdir(p, { withFileTypes: true }))
        .filter((f) => f.isFile())
        .sort((a, b) => a.name.localeCompare(b.name));
      const traces: string[] = [];
      const logs: string[] = [];
      for (const f of files) {
        const fp = path.join(p, f.name);
        const kind = await classify(fp);
        if (kind === 'trace') traces.push(fp);
        else if (kind === 'log') logs.push(fp);
        else skipped.push({ path: fp, reason: `neither a capture nor a log: ${kind}` });
      }
      if (traces.length === 0) {
        skipped.push({ path: p, reason: 'machine folder without a capture' });
        continue;
      }
      for (const extra of traces.slice(1))
        skipped.push({
          path: extra,
          reason: `a second capture for machine ${d.name}; only ${path.basename(traces[0])} is used`,
        });
      machines.push({ machine: d.name, capture: traces[0], logs });
    }
  }
  if (logDir) {
    if (!(await isDir(logDir)))
      throw new Error(`${logDir}: the log folder does not exist or is not a folder`);
    const top = (await readdir(logDir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    for (const m of machines) {
      const lower = m.machine.toLowerCase();
      for (const d of top) {
        const p = path.join(logDir, d.name);
        if (d.isDirectory() && d.name.toLowerCase() === lower) m.logs.push(...(await logsIn(p, skipped)));
        else if (
          d.isFile() &&
          d.name.toLowerCase().startsWith(lower) &&
          /[_.-]/.test(d.name.charAt(m.machine.length))
        ) {
          const kind = await classify(p);
          if (kind === 'log') m.logs.push(p);
          else skipped.push({ path: p, reason: `not a log: ${kind}` });
        }
      }
    }
  }
  return { machines, skipped };
}

export interface AnalyseOptions {
  rules?: readonly LoadedRule[];
  allEvents?: boolean;
}

/** Reads, compares and explains one machine. Never throws: a failure becomes an 'error' result. */
export async function analyseMachine(
  baseline: TraceStore,
  input: MachineInput,
  opts: AnalyseOptions = {},
): Promise<MachineResult> {
  const started = performance.now();
  const base: MachineResult = {
    machine: input.machine,
    capture: input.capture,
    status: 'ok',
    kind: '',
    events: 0,
    logs: 0,
    findings: 0,
    topFinding: null,
    signature: null,
    otherSignatures: [],
    agents: [],
    warnings: [],
    elapsedMs: 0,
  };
  try {
    const problem = await ingestTrace(input.capture, { allEvents: opts.allEvents });
    base.kind = problem.meta.kind;
    base.events = problem.length;
    for (const w of problem.warnings.slice(0, 3)) base.warnings.push(`${w.file} ${w.place}: ${w.message}`);
    const logs = [];
    for (const [i, file] of input.logs.entries()) {
      try {
        logs.push(await ingestLog(file, { id: `log-${i + 1}`, side: 'problem' }));
      } catch (e) {
        base.warnings.push(e instanceof Error ? e.message : String(e));
      }
    }
    base.logs = logs.length;
    const result = compareTraces(baseline, problem, logs, { problemId: input.machine });
    const insights = await computeInsights({
      baseline,
      problem,
      logs,
      result,
      rules: opts.rules,
      linkTop: 3,
    });
    base.warnings.push(...insights.warnings);
    base.findings = result.findings.length;
    const f = result.findings[0];
    if (f)
      base.topFinding = {
        rank: f.rank,
        process: f.process,
        operation: f.operation,
        path: f.path,
        baselineResult: f.baselineResult,
        problemResult: f.problemResult,
        score: f.score,
        why: f.why,
      };
    const [best, ...rest] = insights.signatures;
    if (best)
      base.signature = {
        ruleId: best.ruleId,
        title: best.title,
        score: best.score,
        remediation: best.remediation,
      };
    base.otherSignatures = rest.slice(0, 4).map((s) => ({ ruleId: s.ruleId, score: s.score }));
    base.agents = insights.environment.items
      .filter(
        (x) =>
          x.publisher !== 'microsoft' &&
          (x.presence === 'problem-only' || x.presence === 'problem') &&
          (x.kind === 'process' || x.kind === 'filter-driver' || x.kind === 'driver'),
      )
      .slice(0, 5)
      .map((x) => x.name);
  } catch (e) {
    base.status = 'error';
    base.error = e instanceof Error ? e.message : String(e);
  }
  base.elapsedMs = Math.round(performance.now() - started);
  return base;
}

export interface SignatureGroup {
  /** null: machines no known signature explains. */
  ruleId: string | null;
  title: LocalizedText;
  machines: string[];
}

/** Machines grouped by their best signature: biggest group first, unexplained and failed last. */
export function groupBySignature(results: readonly MachineResult[]): SignatureGroup[] {
  const groups = new Map<string, SignatureGroup>();
  for (const r of results) {
    const key = r.status === 'error' ? '\u0000error' : (r.signature?.ruleId ?? '\u0000none');
    let g = groups.get(key);
    if (!g) {
      g =
        r.status === 'error'
          ? { ruleId: null, title: { en: '(could not be analysed)', 'zh-CN': '（无法分析）' }, machines: [] }
          : r.signature
            ? { ruleId: r.signature.ruleId, title: r.signature.title, machines: [] }
            : {
                ruleId: null,
                title: { en: '(no known signature)', 'zh-CN': '（无已知特征）' },
                machines: [],
              };
      groups.set(key, g);
    }
    g.machines.push(r.machine);
  }
  const rank = (g: SignatureGroup): number => (g.ruleId ? 0 : g.title.en.startsWith('(no') ? 1 : 2);
  return [...groups.values()].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      b.machines.length - a.machines.length ||
      (a.ruleId ?? '').localeCompare(b.ruleId ?? ''),
  );
}
