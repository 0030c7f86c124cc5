/**
 * `tracediff batch --baseline FILE --problems DIR [--log-dir DIR] [--csv OUT] [--json OUT]
 * [--html OUT] [--jobs N] [--rules DIR]... [--all-events]`: fleet triage. Every capture in DIR (one
 * per machine; see engine/insight/fleet-triage.ts for the layout) is compared with the one
 * baseline; prints machines x top finding grouped by known signature, writes CSV/JSON/HTML.
 * Progress goes to stderr. Machines run in parallel child processes (default: one per core).
 * Exit code 0 when every machine was analysed, 1 when the baseline or any machine could not be
 * read (the outputs are still written), 2 on bad arguments.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { ingestTrace } from '../../engine/ingest/ingest';
import { fleetCsv, fleetHtml, fleetJson, type FleetSummary } from '../../engine/insight/fleet-report';
import { runFleet, serveFleetWorker } from '../../engine/insight/fleet-pool';
import { discoverMachines, groupBySignature, type MachineResult } from '../../engine/insight/fleet-triage';
import { loadRuleFiles } from '../../engine/insight/signature-files';
import { CliError, parseArgs, type CliIo } from '../cli-io';

export interface BatchOptions {
  /** Script forked for parallel workers; default the running CLI bundle, null to run inline. */
  workerScript?: string | null;
}

/** The running CLI bundle (dist/cli/tracediff.cjs), which serves `batch --worker` itself. */
function defaultWorkerScript(): string | null {
  const self = typeof __filename !== 'undefined' ? __filename : '';
  return /\.cjs$/.test(self) && existsSync(self) ? self : null;
}

function clip(text: string, width: number): string {
  if (text.length <= width) return text;
  const keep = width - 3;
  return `${text.slice(0, Math.ceil(keep / 3))}...${text.slice(text.length - Math.floor((keep * 2) / 3))}`;
}

function findingText(r: MachineResult): string {
  if (r.status === 'error') return `ERROR: ${r.error ?? ''}`;
  const f = r.topFinding;
  if (!f) return '(no difference found)';
  if (!f.operation) return `${f.process}: ${f.why}`;
  const file = f.path.slice(f.path.lastIndexOf('\\') + 1) || f.path;
  return `${f.process} ${f.operation} ${file}: ${f.baselineResult || '(none)'} -> ${f.problemResult}`;
}

function table(results: readonly MachineResult[]): string[] {
  const head = ['Machine', 'Events', 'Top finding', 'Signature'];
  const cells = results.map((r) => [
    r.machine,
    r.events.toLocaleString('en-US'),
    clip(findingText(r), 80),
    r.signature
      ? `${r.signature.ruleId} (${r.signature.score.toFixed(2)})`
      : r.status === 'error'
        ? '-'
        : '(none)',
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c].length)));
  const line = (row: string[]): string =>
    row
      .map((x, c) => (c === row.length - 1 ? x : c === 1 ? x.padStart(widths[c]) : x.padEnd(widths[c])))
      .join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)];
}

export async function runBatch(args: string[], io: CliIo, opts: BatchOptions = {}): Promise<number> {
  const { positional, values, flags } = parseArgs(args, {
    values: ['baseline', 'problems', 'log-dir', 'csv', 'json', 'html', 'jobs'],
    repeatable: ['rules'],
    flags: ['all-events', 'worker'],
  });
  if (flags.has('worker')) return serveFleetWorker();
  if (positional.length > 0)
    throw new CliError(
      `unexpected argument '${positional[0]}' (name the inputs with --baseline and --problems)`,
      2,
    );
  const baselinePath = values.get('baseline')?.[0];
  const problemsDir = values.get('problems')?.[0];
  if (!baselinePath || !problemsDir) throw new CliError('needs --baseline FILE and --problems DIR', 2);
  let jobs = availableParallelism();
  const jobsText = values.get('jobs')?.[0];
  if (jobsText !== undefined) {
    jobs = Number(jobsText);
    if (!Number.isInteger(jobs) || jobs < 1)
      throw new CliError(`--jobs needs a whole number of at least 1, not '${jobsText}'`, 2);
  }
  const allEvents = flags.has('all-events');
  const ruleDirs = values.get('rules') ?? [];
  const started = performance.now();

  const [discovery, baseline, ruleSet] = await Promise.all([
    discoverMachines(problemsDir, values.get('log-dir')?.[0]).catch((e: unknown) => {
      throw new CliError(e instanceof Error ? e.message : String(e), 1);
    }),
    ingestTrace(baselinePath, { allEvents }).catch((e: unknown) => {
      throw new CliError(e instanceof Error ? e.message : String(e), 1);
    }),
    loadRuleFiles(ruleDirs),
  ]);
  for (const m of [...ruleSet.warnings, ...ruleSet.errors]) io.err(`rules: ${m}\n`);
  for (const s of discovery.skipped) io.err(`skipped ${s.path}: ${s.reason}\n`);
  if (discovery.machines.length === 0)
    throw new CliError(`${problemsDir}: no captures found (expected one Procmon capture per machine)`, 1);

  const workerScript = opts.workerScript === undefined ? defaultWorkerScript() : opts.workerScript;
  const parallel = workerScript ? Math.min(jobs, discovery.machines.length) : 1;
  io.err(
    `Baseline ${baselinePath}: ${baseline.length.toLocaleString('en-US')} events; ${discovery.machines.length} machine(s), ${parallel} at a time\n`,
  );
  const results = await runFleet(discovery.machines, {
    baselinePath,
    baseline,
    rules: ruleSet.rules,
    ruleDirs,
    allEvents,
    jobs,
    workerScript,
    onResult: (r, done, total) => {
      const what =
        r.status === 'error'
          ? `FAILED: ${r.error ?? ''}`
          : r.signature
            ? r.signature.ruleId
            : 'no known signature';
      io.err(`[${done}/${total}] ${r.machine}: ${what} (${(r.elapsedMs / 1000).toFixed(1)} s)\n`);
    },
  });

  const summary: FleetSummary = {
    baseline: { file: baselinePath, kind: baseline.meta.kind, events: baseline.length },
    problemsDir,
    jobs: parallel,
    elapsedMs: Math.round(performance.now() - started),
    skipped: discovery.skipped,
  };
  const written: string[] = [];
  const out = async (name: string, text: () => string): Promise<void> => {
    const file = values.get(name)?.[0];
    if (!file) return;
    try {
      await writeFile(file, text(), 'utf8');
      written.push(file);
    } catch (e) {
      throw new CliError(`cannot write ${file}: ${e instanceof Error ? e.message : String(e)}`, 1);
    }
  };
  await out('csv', () => fleetCsv(results));
  await out('json', () => fleetJson(results, summary));
  await out('html', () => fleetHtml(results, summary));

  const lines = [
    `Baseline  ${baselinePath}  (${baseline.meta.kind}, ${baseline.length.toLocaleString('en-US')} events)`,
    `Machines  ${results.length} in ${problemsDir}`,
    '',
    ...table(results),
    '',
    'By signature:',
  ];
  for (const g of groupBySignature(results))
    lines.push(
      `  ${g.ruleId ?? g.title.en}: ${g.machines.length} (${g.machines.join(', ')})${g.ruleId ? ` - ${g.title.en}` : ''}`,
    );
  if (written.length > 0) lines.push('', ...written.map((f) => `Wrote ${f}`));
  io.out(`${lines.join('\n')}\n`);
  return results.some((r) => r.status === 'error') ? 1 : 0;
}
