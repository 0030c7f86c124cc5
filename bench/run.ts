/**
 * `npm run bench`: runs every benchmark suite and prints their figures side by side. Speed and
 * memory targets live here, not in timed unit tests. `npm run bench -- ingest pml` runs some suites.
 */
import { runIngestBench } from './ingest-bench';
import { runPmlBench } from './pml-bench';
import { runLogsBench } from './logs-bench';
import { runCompareBench } from './compare-bench';
import { runUiBench } from './ui-bench';
import type { BenchResult } from './bench-result';

const SUITES: Record<string, () => Promise<BenchResult[]>> = {
  ingest: runIngestBench,
  pml: runPmlBench,
  logs: runLogsBench,
  compare: runCompareBench,
  ui: runUiBench,
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = wanted.length > 0 ? wanted : Object.keys(SUITES);
  const all: BenchResult[] = [];
  for (const name of names) {
    const suite = SUITES[name];
    if (!suite) throw new Error(`unknown bench suite '${name}' (have: ${Object.keys(SUITES).join(', ')})`);
    process.stdout.write(`\n== ${name} ==\n`);
    const results = await suite();
    for (const r of results) {
      process.stdout.write(
        `${r.name.padEnd(48)} ${r.value.toFixed(r.digits ?? 2).padStart(14)} ${r.unit}${r.target ? `   (target ${r.target})` : ''}\n`,
      );
    }
    all.push(...results);
  }
  process.stdout.write(`\n${JSON.stringify(all)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
