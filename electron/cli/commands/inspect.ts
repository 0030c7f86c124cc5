/**
 * `tracediff inspect FILE... [--all-events]`: what each file is (kind, encoding), and for traces the
 * event and process counts, time range and warnings; logs are described by the log readers; the
 * single-event stack export is shown as a stack. Exit 0 when every file was read, 1 when one was not,
 * 2 on bad arguments.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { RESULT_CLASS_CODES } from '../../../shared/model/result-class';
import { notATraceMessage, sniffInput } from '../../engine/ingest/ingest';
import { inspectLog } from '../../engine/ingest/logs/log-cli';
import { readStackCsv } from '../../engine/ingest/procmon-stack-csv';
import { describeKind, isLogKind, TRACE_KINDS } from '../../engine/ingest/sniff';
import type { TraceStore } from '../../engine/store/trace-store';
import { ingestInWorker } from '../../engine/workers/run-in-worker';
import { CliError, parseArgs, type CliIo } from '../cli-io';

const WARNINGS_SHOWN = 5;
const num = (n: number): string => n.toLocaleString('en-US');

/** Seqs of the earliest and latest event (exports are not always in time order). */
function timeRange(store: TraceStore): [number, number] {
  let lo = 0;
  let hi = 0;
  for (let s = 1; s < store.length; s++) {
    const v = store.timeValue(s);
    if (v < store.timeValue(lo)) lo = s;
    if (v > store.timeValue(hi)) hi = s;
  }
  return [lo, hi];
}

export function describeTrace(store: TraceStore): string {
  const m = store.meta;
  const lines = [
    `${m.fileName}`,
    `  kind:       ${m.kind} (${describeKind(m.kind)})`,
    `  encoding:   ${m.encoding}`,
    `  size:       ${num(m.size)} bytes`,
    `  events:     ${num(store.length)}`,
    `  processes:  ${num(store.processes.length)}`,
  ];
  if (store.length > 0) {
    const [lo, hi] = timeRange(store);
    lines.push(
      `  time:       ${store.time(lo)} .. ${store.time(hi)} (${m.timeIsAbsolute ? 'date and time, exporter clock' : 'time of day only'})`,
    );
    let failures = 0;
    for (let s = 0; s < store.length; s++)
      if (store.cols.resultClass[s] === RESULT_CLASS_CODES.failure) failures++;
    lines.push(`  failures:   ${num(failures)}`);
  }
  if (m.columns.length > 0) lines.push(`  columns:    ${m.columns.join(', ')}`);
  if (m.computerName) lines.push(`  computer:   ${m.computerName}${m.osVersion ? ` (${m.osVersion})` : ''}`);
  const count = store.cols.warningCount;
  lines.push(`  warnings:   ${num(count)}`);
  for (const w of store.warnings.slice(0, WARNINGS_SHOWN)) lines.push(`    ${w.place}: ${w.message}`);
  if (count > WARNINGS_SHOWN) lines.push(`    ... and ${num(count - WARNINGS_SHOWN)} more`);
  return lines.join('\n') + '\n';
}

/** Inspects one file; resolves with its exit code (log readers report their own errors). */
async function inspectOne(file: string, allEvents: boolean, io: CliIo): Promise<number> {
  const name = basename(file);
  const sniff = await sniffInput(file, name);
  if (TRACE_KINDS.has(sniff.kind)) {
    const store = await ingestInWorker(file, { allEvents }).promise;
    io.out(describeTrace(store));
    return 0;
  }
  if (sniff.kind === 'procmon-stack-csv') {
    const stack = await readStackCsv(file, sniff);
    const { size } = await stat(file);
    const lines = [
      name,
      `  kind:       procmon-stack-csv (${describeKind('procmon-stack-csv')}; not a trace)`,
      `  encoding:   ${sniff.encoding}`,
      `  size:       ${num(size)} bytes`,
      `  frames:     ${stack.frames.length} (${stack.frames.filter((f) => f.kernel).length} kernel)`,
      ...stack.frames
        .slice(0, 8)
        .map(
          (f) =>
            `    ${String(f.depth).padStart(3)} ${f.kernel ? 'K' : 'U'} ${f.module} ${f.location} ${f.address}`,
        ),
    ];
    if (stack.frames.length > 8) lines.push(`    ... and ${stack.frames.length - 8} more frames`);
    lines.push(`  warnings:   ${stack.warnings.length}`);
    for (const w of stack.warnings.slice(0, WARNINGS_SHOWN)) lines.push(`    ${w.place}: ${w.message}`);
    io.out(lines.join('\n') + '\n');
    return 0;
  }
  if (isLogKind(sniff.kind)) {
    return inspectLog(file, sniff.kind, io);
  }
  throw new Error(notATraceMessage(name, sniff));
}

/** `tracediff inspect`. */
export async function runInspect(args: string[], io: CliIo): Promise<number> {
  const { positional, flags } = parseArgs(args, { flags: ['all-events'] });
  if (positional.length === 0) throw new CliError('inspect needs at least one FILE', 2);
  let code = 0;
  for (const [i, file] of positional.entries()) {
    if (i > 0) io.out('\n');
    try {
      const c = await inspectOne(file, flags.has('all-events'), io);
      if (c !== 0) code = c;
    } catch (e) {
      io.err(`tracediff inspect: ${e instanceof Error ? e.message : String(e)}\n`);
      code = 1;
    }
  }
  return code;
}
