/**
 * `tracediff compare --baseline FILE --problem FILE [--log FILE]... [--case FILE.tdcase] [--json OUT]
 * [--pdf OUT] [--html OUT] [--top N] [--all-events]` (CLI contract, ARCHITECTURE.md §4): reads both
 * captures (CSV, XML or PML) and the logs, compares them, prints the top findings as a table and
 * writes the JSON document; `--case/--pdf/--html` are handled by engine/report/cli-report.ts. With
 * `--json/--pdf/--html` the insights (known signatures, environment delta, agents near each failure,
 * ACL and fltmc evidence from icacls/fltmc files given as `--log`) are computed once for both.
 */
import { writeFile } from 'node:fs/promises';
import type { Finding } from '../../../shared/model/finding';
import { compareTraces } from '../../engine/analysis/compare';
import { compareJson } from '../../engine/analysis/compare-json';
import { defaultRules } from '../../engine/analysis/default-rules';
import { ingestLog } from '../../engine/ingest/logs/ingest-log';
import { ingestInWorker } from '../../engine/workers/run-in-worker';
import { compareInsights, withInsightsJson } from '../../engine/report/cli-insights';
import { writeCaseAndReports } from '../../engine/report/cli-report';
import { findChromium, NoBrowserError } from '../../engine/report/pdf-printer';
import { CaseFileError } from '../../engine/case/case-file';
import { CliError, parseArgs, type CliIo } from '../cli-io';

const REPORT_OPTIONS = ['case', 'pdf', 'html'];
const DEFAULT_TABLE_ROWS = 10;

export async function runCompare(args: string[], io: CliIo): Promise<number> {
  const { positional, values, flags } = parseArgs(args, {
    values: ['baseline', 'problem', 'json', 'top', ...REPORT_OPTIONS],
    repeatable: ['log'],
    flags: ['all-events'],
  });
  if (positional.length > 0)
    throw new CliError(
      `unexpected argument '${positional[0]}' (name the files with --baseline and --problem)`,
      2,
    );
  const baselinePath = values.get('baseline')?.[0];
  const problemPath = values.get('problem')?.[0];
  if (!baselinePath || !problemPath) throw new CliError('needs --baseline FILE and --problem FILE', 2);
  let top: number | undefined;
  const topText = values.get('top')?.[0];
  if (topText !== undefined) {
    top = Number(topText);
    if (!Number.isInteger(top) || top < 1)
      throw new CliError(`--top needs a whole number of at least 1, not '${topText}'`, 2);
  }
  const allEvents = flags.has('all-events');
  const [casePath, pdfPath, htmlPath] = REPORT_OPTIONS.map((name) => values.get(name)?.[0]);
  // A PDF needs a browser: say so before the reading and comparing, not after.
  if (pdfPath) {
    try {
      findChromium();
    } catch (e) {
      if (e instanceof NoBrowserError) throw new CliError(e.message, 1);
      throw e;
    }
  }
  const logPaths = values.get('log') ?? [];

  const started = performance.now();
  // Both captures at once, each in a worker thread that also keys it for the comparison (as the app).
  const keyRules = defaultRules();
  const reads = [baselinePath, problemPath].map((file) => ingestInWorker(file, { allEvents, keyRules }));
  const [baseline, problem] = await Promise.all(reads.map((r) => r.promise)).catch((e: unknown) => {
    for (const r of reads) r.cancel();
    throw e;
  });
  const logs = [];
  for (const [i, path] of logPaths.entries()) logs.push(await ingestLog(path, { id: `log-${i + 1}` }));
  const readMs = performance.now() - started;
  const result = compareTraces(baseline, problem, logs);

  const inputs = {
    baseline: { file: baselinePath, kind: baseline.meta.kind, events: baseline.length },
    problem: { file: problemPath, kind: problem.meta.kind, events: problem.length },
    logs: logs.map((l, i) => ({ file: logPaths[i], kind: l.summary.kind, entries: l.entries.length })),
  };
  const jsonPath = values.get('json')?.[0];
  // Known signatures, the environment delta, agents and ACL evidence: for the JSON and the report.
  const insights =
    jsonPath || pdfPath || htmlPath
      ? await compareInsights({ baseline, problem, logs, findings: result.findings, linkTop: top })
      : null;
  if (jsonPath) {
    const doc = compareJson(result, inputs, top);
    await writeFile(
      jsonPath,
      `${JSON.stringify(insights ? withInsightsJson(doc, insights) : doc, null, 2)}\n`,
      'utf8',
    );
  }

  let reportNotes: string[] = [];
  if (casePath || pdfPath || htmlPath) {
    try {
      const outcome = await writeCaseAndReports({
        baselinePath,
        problemPath,
        logPaths,
        baseline,
        problem,
        logs,
        result,
        insights,
        casePath,
        pdfPath,
        htmlPath,
        topN: top,
      });
      reportNotes = [
        ...outcome.warnings.map((w) => `Warning   ${w}`),
        ...(outcome.caseCreated && casePath ? [`Wrote ${casePath}`] : []),
        ...[htmlPath, pdfPath].filter((p): p is string => !!p).map((p) => `Wrote ${p}`),
      ];
    } catch (e) {
      if (e instanceof CaseFileError) throw new CliError(e.message, 1);
      throw e;
    }
  }

  const n = (x: number): string => x.toLocaleString('en-US');
  const s = result.summary;
  const lines: string[] = [];
  lines.push(`Baseline  ${baselinePath}  (${baseline.meta.kind}, ${n(baseline.length)} events)`);
  lines.push(`Problem   ${problemPath}  (${problem.meta.kind}, ${n(problem.length)} events)`);
  for (const l of inputs.logs) lines.push(`Log       ${l.file}  (${l.kind}, ${n(l.entries)} entries)`);
  for (const w of [...baseline.warnings, ...problem.warnings].slice(0, 5))
    lines.push(`Warning   ${w.file} ${w.place}: ${w.message}`);
  lines.push(
    `Aligned   ${n(s.alignedRows)} rows: ${n(s.same)} same, ${n(s.changed)} changed, ${n(s.baselineOnly)} baseline-only, ${n(s.problemOnly)} problem-only` +
      `  (read ${(readMs / 1000).toFixed(1)} s, compared ${(s.elapsedMs / 1000).toFixed(1)} s)`,
  );
  if (s.processesOnlyInProblem.length > 0)
    lines.push(`Only on the problem machine: ${s.processesOnlyInProblem.join(', ')}`);
  if (s.clockNote) for (const note of s.clockNote.split('\n')) lines.push(`Clock     ${note}`);
  for (const w of insights?.warnings.slice(0, 5) ?? []) lines.push(`Warning   ${w}`);
  const sig = insights?.signatures[0];
  if (sig) {
    lines.push(`Signature ${sig.ruleId}: ${sig.title.en}`);
    lines.push(`          Remediation: ${sig.remediation.en}`);
  }
  lines.push('');
  lines.push(...findingsTable(result.findings.slice(0, top ?? DEFAULT_TABLE_ROWS)));
  if (jsonPath) lines.push('', `Wrote ${jsonPath}`);
  if (reportNotes.length > 0) lines.push(...(jsonPath ? [] : ['']), ...reportNotes);
  io.out(`${lines.join('\n')}\n`);
  return 0;
}

/** Shortens a path in the middle, keeping its start and its file name. */
function clip(text: string, width: number): string {
  if (text.length <= width) return text;
  const keep = width - 3;
  return `${text.slice(0, Math.ceil(keep / 3))}...${text.slice(text.length - Math.floor((keep * 2) / 3))}`;
}

/** Shortens a log line at its end: its start says what it is. */
const head = (text: string, width: number): string =>
  text.length <= width ? text : `${text.slice(0, width - 3)}...`;

const SHOWN_LOG_LINES = 8;

/** Up to `n` evidence lines, strongest first, every log file's best line among them. */
function sampleEvidence(f: Finding, n: number): Finding['logEvidence'] {
  const picked = new Set<Finding['logEvidence'][number]>();
  const files = new Set<string>();
  for (const e of f.logEvidence) {
    if (picked.size < n && !files.has(e.file)) {
      files.add(e.file);
      picked.add(e);
    }
  }
  for (const e of f.logEvidence) if (picked.size < n) picked.add(e);
  return f.logEvidence.filter((e) => picked.has(e));
}

/** The findings as a table, each row followed by its path, why, log lines and codes. */
export function findingsTable(findings: readonly Finding[]): string[] {
  if (findings.length === 0) return ['No differences worth reporting were found.'];
  const titles = ['#', 'Score', 'Process', 'Operation', 'Baseline -> Problem', 'Path'];
  const cells = findings.map((f) => [
    String(f.rank),
    f.score.toFixed(2),
    f.process,
    f.operation || '-',
    f.kind === 'context-process'
      ? 'only on problem'
      : f.kind === 'baseline-only-work'
        ? 'only on baseline'
        : `${f.baselineResult || '(none)'} -> ${f.problemResult}`,
    clip(f.path, 60),
  ]);
  const widths = titles.map((h, c) => Math.max(h.length, ...cells.map((r) => r[c].length)));
  const row = (r: string[]): string =>
    r.map((x, c) => (c === r.length - 1 ? x : x.padEnd(widths[c]))).join('  ');
  const out = [row(titles), widths.map((w) => '-'.repeat(w)).join('  ')];
  findings.forEach((f, i) => {
    out.push(row(cells[i]));
    const pad = ' '.repeat(widths[0] + 2);
    if (f.path && f.path.length > 60) out.push(`${pad}path: ${f.path}`);
    out.push(`${pad}why:  ${f.why}`);
    const shown = sampleEvidence(f, SHOWN_LOG_LINES);
    for (const e of shown) out.push(`${pad}log:  ${e.file}:${e.line}  ${head(e.text, 200)}`);
    if (f.logEvidence.length > shown.length)
      out.push(`${pad}      (${f.logEvidence.length - shown.length} more log lines in the JSON)`);
    for (const c of (f.codes ?? []).slice(0, 4)) out.push(`${pad}code: ${c.value} ${c.name}: ${c.en}`);
    out.push('');
  });
  return out;
}
