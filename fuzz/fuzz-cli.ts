/**
 * `npm run fuzz [-- --minutes 10 --target evtx,pml --jobs 2 --seed 7 --no-save]`: fuzzes each
 * target for the given time (default 1 minute each, all targets), prints executions and findings
 * per reader, and keeps each new finding, minimised, under fuzz/regressions/<target>/. Started by
 * fuzz/run-fuzz.mjs, which bundles this file and the child. `--replay FILE --target T` reads one
 * file through one target and prints the verdict and finding key.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FuzzChild, findingKey, isFinding, memoryBoundBytes, timeBoundMs } from './child-pool';
import { loadSeeds } from './corpus';
import { fuzzTarget, type Finding, type FuzzStats } from './fuzz-loop';
import { minimize } from './minimize';
import { listRegressions, regressionId, saveRegression } from './regressions';
import { TARGETS, targetNamed } from './targets';

interface Args {
  minutes: number;
  targets: string[];
  jobs: number;
  seed: number;
  save: boolean;
  seedCap: number;
  child: string;
  /** Also write each finding's input as found (before minimising) here. */
  rawDir: string;
  /** Read this one file through the (single) target and print the verdict, instead of fuzzing. */
  replay: string;
}

function parse(argv: string[]): Args {
  const a: Args = {
    minutes: 1,
    targets: TARGETS.map((t) => t.name),
    jobs: 1,
    seed: Date.now() % 1e9,
    save: true,
    seedCap: 256 * 1024,
    child: process.env.TRACEDIFF_FUZZ_CHILD ?? '',
    rawDir: '',
    replay: '',
  };
  for (let i = 0; i < argv.length; i++) {
    const v = (): string => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${argv[i - 1]} needs a value`);
      return x;
    };
    const flag = argv[i];
    if (flag === '--minutes') a.minutes = Number(v());
    else if (flag === '--target')
      a.targets = v()
        .split(',')
        .map((t) => targetNamed(t.trim()).name);
    else if (flag === '--jobs') a.jobs = Math.max(1, Number(v()));
    else if (flag === '--seed') a.seed = Number(v());
    else if (flag === '--seed-cap') a.seedCap = Number(v());
    else if (flag === '--child') a.child = v();
    else if (flag === '--no-save') a.save = false;
    else if (flag === '--raw-dir') a.rawDir = v();
    else if (flag === '--replay') a.replay = v();
    else throw new Error(`unknown option ${flag}`);
  }
  if (!(a.minutes > 0)) throw new Error('--minutes needs a positive number');
  if (!a.child) throw new Error('no child bundle: run through `npm run fuzz`');
  return a;
}

const mib = (n: number): string => `${(n / 1048576).toFixed(1)} MiB`;

async function keep(
  f: Finding,
  child: FuzzChild,
  binary: boolean,
  ext: string,
  inProgress: boolean,
  id: string,
): Promise<string> {
  const m = await minimize(f.bytes, { child, target: f.target, ext, key: f.key, binary });
  const note =
    `${f.kind} in ${f.target}: ${f.message.split('\n')[0]}` +
    (f.stack
      ? ` at ${
          f.stack
            .split('\n')
            .find((l) => /electron[\\/]engine/.test(l))
            ?.trim() ?? '?'
        }`
      : '');
  return saveRegression(
    {
      id,
      target: f.target,
      kind: f.kind,
      key: f.key,
      message: f.message.split('\n')[0].slice(0, 400),
      status: 'open',
      note: `${note}${inProgress ? ' (reader still being finished by its owner)' : ''}; minimised from ${f.bytes.length} to ${m.bytes.length} bytes (${m.residue} bytes not blanked) in ${m.execs} reads; mutations ${f.ops.join(', ')} of ${f.origin} seed`,
      origin: f.origin,
      ops: f.ops,
    },
    m.bytes,
  );
}

function line(s: FuzzStats): string {
  const v = s.verdicts;
  const rate = s.execs / Math.max(1, s.ms / 1000);
  return [
    s.target.padEnd(15),
    String(s.execs).padStart(8),
    rate.toFixed(1).padStart(8),
    String(v.ok ?? 0).padStart(7),
    String(v['clear-error'] ?? 0).padStart(7),
    String(s.findings.length).padStart(5),
    String(Object.values(s.knownHits).reduce((x, y) => x + y, 0)).padStart(6),
    String(s.corpus).padStart(6),
    String(s.flaky).padStart(5),
    `${mib(s.maxGrowth.bytes)} @ ${(s.maxGrowth.size / 1024).toFixed(0)} KiB`.padStart(22),
    `${s.slowest.cpuMs.toFixed(0)} / ${s.slowest.ms.toFixed(0)} ms`.padStart(17),
  ].join(' ');
}

async function replay(a: Args, work: string): Promise<void> {
  const target = targetNamed(a.targets[0]);
  const child = new FuzzChild(a.child, work, 0);
  try {
    const out = await child.run(target.name, await readFile(a.replay), target.ext);
    process.stdout.write(
      `${out.verdict}: ${out.message.slice(0, 500)}\n${(out.cpuMs / 1000).toFixed(2)} s CPU, ${(out.ms / 1000).toFixed(2)} s on the clock, peak RSS growth ${mib(out.growth)}\nkey: ${findingKey(target.name, out, out.file)}\n${out.stack.split('\n').slice(0, 8).join('\n')}\n`,
    );
    process.exitCode = isFinding(out) ? 1 : 0;
  } finally {
    await child.kill();
  }
}

async function main(): Promise<void> {
  const a = parse(process.argv.slice(2));
  const work = await mkdtemp(path.join(tmpdir(), 'tracediff-fuzz-'));
  if (a.replay) {
    try {
      await replay(a, work);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
    return;
  }
  // Only open findings are known: a fixed one that comes back is a finding again. (Hang and memory
  // keys name just the reader, so counting fixed ones as known hid every new hang of that reader.)
  const regressions = await listRegressions();
  const known = new Set(regressions.filter((r) => r.status === 'open').map((r) => r.key));
  const ids = new Set(regressions.map((r) => `${r.target}/${r.id}`));
  process.stdout.write(
    `fuzz: seed ${a.seed}, ${a.minutes} min per target, ${a.jobs} child(ren); bounds: CPU time 5 s + 1 s/MiB (e.g. ${timeBoundMs(1)} ms), peak RSS growth 128 MiB + 16 x input (e.g. ${mib(memoryBoundBytes(1 << 20))} for 1 MiB)\n`,
  );
  const all: FuzzStats[] = [];
  try {
    for (const name of a.targets) {
      const target = targetNamed(name);
      const seeds = await loadSeeds(target);
      const children = Array.from({ length: a.jobs }, (_, i) => new FuzzChild(a.child, work, i));
      process.stdout.write(`\n== ${name}: ${seeds.length} seeds ==\n`);
      const stats = await fuzzTarget({
        target,
        seeds,
        children,
        rngSeed: a.seed,
        durationMs: a.minutes * 60_000,
        seedCap: a.seedCap,
        known,
        onFinding: (f) =>
          process.stdout.write(`  finding ${f.kind}: ${f.message.split('\n')[0].slice(0, 200)}\n`),
      });
      for (const [i, f] of stats.findings.entries()) {
        known.add(f.key);
        if (a.rawDir) {
          await mkdir(a.rawDir, { recursive: true });
          await writeFile(path.join(a.rawDir, `${name}-${i}-${f.kind}${target.ext}`), f.bytes);
        }
        if (!a.save) continue;
        // A fixed finding that came back keeps its own file; the new one gets a numbered id.
        let id = regressionId(f.key);
        for (let n = 2; ids.has(`${name}/${id}`); n++) id = `${regressionId(f.key)}-${n}`;
        ids.add(`${name}/${id}`);
        const file = await keep(
          f,
          children[0],
          target.flavor === 'binary' || target.flavor === 'zip',
          target.ext,
          !!target.inProgress,
          id,
        );
        process.stdout.write(`  kept ${path.relative(process.cwd(), file)}\n`);
      }
      if (a.rawDir && stats.slowest.bytes) {
        await mkdir(a.rawDir, { recursive: true });
        await writeFile(path.join(a.rawDir, `${name}-slowest${target.ext}`), stats.slowest.bytes);
        if (stats.maxGrowth.input)
          await writeFile(path.join(a.rawDir, `${name}-max-growth${target.ext}`), stats.maxGrowth.input);
      }
      for (const c of children) {
        for (const s of c.lateStrays) process.stdout.write(`  late error after a read answered: ${s}\n`);
        await c.kill();
      }
      all.push(stats);
      // Printed as each reader ends too, so a long run stopped early still has its figures.
      process.stdout.write(`  done: ${line(stats)}\n`);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  process.stdout.write(
    `\n${'target'.padEnd(15)} ${'execs'.padStart(8)} ${'exec/s'.padStart(8)} ${'ok'.padStart(7)} ${'clear'.padStart(7)} ${'new'.padStart(5)} ${'known'.padStart(6)} ${'corpus'.padStart(6)} ${'flaky'.padStart(5)} ${'max RSS growth'.padStart(22)} ${'slowest cpu/clock'.padStart(17)}\n`,
  );
  for (const s of all) process.stdout.write(`${line(s)}\n`);
  const found = all.reduce((n, s) => n + s.findings.length, 0);
  process.stdout.write(`\n${found} new finding(s)\n`);
  process.exitCode = found > 0 ? 1 : 0;
}

main().catch((e: unknown) => {
  process.stderr.write(`fuzz: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 2;
});
