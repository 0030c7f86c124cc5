/**
 * `tracediff convert FILE --to csv|jsonl --out OUT [--all-events]`: a trace (CSV, XML, PML) to a
 * Procmon-compatible CSV or JSON Lines, streamed; log files go to the log readers' converter.
 * Exit 0 on success, 2 on bad arguments, 1 when the input cannot be read.
 */
import { basename, resolve } from 'node:path';
import { exportTrace, type ExportFormat } from '../../engine/ingest/trace-export';
import { notATraceMessage, sniffInput } from '../../engine/ingest/ingest';
import { convertLog } from '../../engine/ingest/logs/log-cli';
import { isLogKind, TRACE_KINDS } from '../../engine/ingest/sniff';
import { ingestInWorker } from '../../engine/workers/run-in-worker';
import { CliError, parseArgs, type CliIo } from '../cli-io';

const FORMATS: readonly ExportFormat[] = ['csv', 'jsonl'];

/** `tracediff convert`. */
export async function runConvert(args: string[], io: CliIo): Promise<number> {
  const { positional, values, flags } = parseArgs(args, { values: ['to', 'out'], flags: ['all-events'] });
  if (positional.length !== 1) throw new CliError('convert needs exactly one FILE', 2);
  const to = values.get('to')?.[0];
  const out = values.get('out')?.[0];
  if (!to) throw new CliError('convert needs --to csv|jsonl', 2);
  if (!FORMATS.includes(to as ExportFormat)) throw new CliError(`--to must be csv or jsonl, not '${to}'`, 2);
  if (!out) throw new CliError('convert needs --out OUT', 2);
  const file = positional[0];
  if (resolve(file) === resolve(out)) throw new CliError('--out must not be the input file', 2);
  const name = basename(file);
  let sniff;
  try {
    sniff = await sniffInput(file, name);
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message : String(e), 1);
  }
  if (isLogKind(sniff.kind)) {
    return convertLog(file, sniff.kind, { to: to as ExportFormat, out }, io);
  }
  if (!TRACE_KINDS.has(sniff.kind)) throw new CliError(notATraceMessage(name, sniff), 1);
  let store;
  try {
    store = await ingestInWorker(file, { allEvents: flags.has('all-events') }).promise;
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message : String(e), 1);
  }
  const written = await exportTrace(store, to as ExportFormat, out);
  io.out(`${name}: ${written.toLocaleString('en-US')} events written to ${out} (${to})\n`);
  if (store.cols.warningCount > 0) {
    io.err(
      `${name}: ${store.cols.warningCount.toLocaleString('en-US')} warnings while reading (see tracediff inspect)\n`,
    );
  }
  return 0;
}
