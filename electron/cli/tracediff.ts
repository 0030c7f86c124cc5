/**
 * The `tracediff` command (CLI contract: ARCHITECTURE.md §4). Exit codes: 0 success, 2 bad
 * arguments, 1 unreadable input. Each subcommand lives in its own module under commands/.
 */
import { runBatch } from './commands/batch';
import { runCompare } from './commands/compare';
import { runConvert } from './commands/convert';
import { runExplain } from './commands/explain';
import { runInspect } from './commands/inspect';
import { CliError, type CliIo } from './cli-io';

const USAGE = `TraceDiff Workbench command line

Usage:
  tracediff inspect FILE... [--all-events]
  tracediff convert FILE --to csv|jsonl --out OUT [--all-events]
  tracediff compare --baseline FILE --problem FILE [--log FILE]... [--case FILE.tdcase]
                    [--json OUT.json] [--pdf OUT.pdf] [--html OUT.html] [--top N] [--all-events]
  tracediff explain CODE...          e.g. 0x8024200d 0x80070005 5 -1073741790 E_ACCESSDENIED
  tracediff batch --baseline FILE --problems DIR [--log-dir DIR] [--csv OUT] [--json OUT]
                  [--html OUT] [--jobs N] [--rules DIR]... [--all-events]
  tracediff --help | --version
`;

const COMMANDS: Record<string, (args: string[], io: CliIo) => Promise<number>> = {
  inspect: runInspect,
  convert: runConvert,
  compare: runCompare,
  explain: runExplain,
  batch: runBatch,
};

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.out(USAGE);
    return command ? 0 : 2;
  }
  if (command === '--version') {
    io.out(`${process.env.TRACEDIFF_VERSION ?? '0.1.0'}\n`);
    return 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    io.err(`tracediff: unknown command '${command}'\n\n${USAGE}`);
    return 2;
  }
  try {
    return await run(rest, io);
  } catch (e) {
    if (e instanceof CliError) {
      io.err(`tracediff ${command}: ${e.message}\n`);
      return e.exitCode;
    }
    io.err(`tracediff ${command}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

/** Runs the CLI on this process's arguments; the package's `bin` calls this. */
export function runCli(): void {
  main(process.argv.slice(2), {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`tracediff: ${String(e)}\n`);
      process.exitCode = 1;
    },
  );
}

// Run when the bundle is executed directly (`node dist/cli/tracediff.cjs`), not when imported.
if (require.main === module) runCli();
