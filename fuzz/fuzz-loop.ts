/**
 * The fuzzing loop for one target: pick a corpus entry, mutate it, read it in a child, judge the
 * outcome. Feedback is cheap and coverage-free: an input whose outcome signature (kind, encoding,
 * size buckets, error message shape) was not seen before joins the corpus. A finding is replayed
 * once before it counts, so a slow moment on a loaded machine is not reported as a hang.
 */
import { makeRandom } from '../bench/generate-trace';
import { FuzzChild, findingKey, isFinding, type Outcome } from './child-pool';
import { seedView, type Seed } from './corpus';
import { mutate } from './mutate';
import type { TargetSpec } from './targets';

export interface Finding {
  key: string;
  target: string;
  kind: Outcome['verdict'];
  message: string;
  stack: string;
  bytes: Uint8Array;
  ops: string[];
  seed: string;
  origin: Seed['origin'];
}

export interface FuzzOptions {
  target: TargetSpec;
  seeds: Seed[];
  children: FuzzChild[];
  rngSeed: number;
  /** Stop after this many executions or this long, whichever comes first. */
  maxExecs?: number;
  durationMs?: number;
  /** Seeds above this size are mostly used cut down (default 256 KiB). */
  seedCap?: number;
  /** Largest mutated input (default 8 MiB). */
  maxBytes?: number;
  /** Finding keys already known (recorded regressions): counted, not reported again. */
  known?: ReadonlySet<string>;
  onFinding?(f: Finding): void;
}

export interface FuzzStats {
  target: string;
  execs: number;
  ms: number;
  verdicts: Record<string, number>;
  corpus: number;
  findings: Finding[];
  knownHits: Record<string, number>;
  flaky: number;
  /** Largest peak-RSS growth seen, in bytes, and the input size it came with. */
  maxGrowth: { bytes: number; size: number; input?: Uint8Array };
  /** The read that used the most CPU time (its clock time beside it: the machine is shared). */
  slowest: { ms: number; cpuMs: number; size: number; bytes?: Uint8Array };
}

interface Entry {
  bytes: Uint8Array;
  seed: string;
  origin: Seed['origin'];
}

/** A splice may carry bytes of the other input: sample data wins, so it is never kept unminimised. */
const originOf = (a: Entry, b: Entry): Seed['origin'] =>
  a.origin === 'sample' || b.origin === 'sample'
    ? 'sample'
    : a.origin === 'fixture' || b.origin === 'fixture'
      ? 'fixture'
      : 'synthetic';

const MAX_CORPUS = 256;
const MAX_CORPUS_INPUT = 512 * 1024;

export async function fuzzTarget(o: FuzzOptions): Promise<FuzzStats> {
  const rng = makeRandom(o.rngSeed);
  const cap = o.seedCap ?? 256 * 1024;
  const corpus: Entry[] = o.seeds.map((s) => ({ bytes: s.bytes, seed: s.name, origin: s.origin }));
  if (corpus.length === 0) corpus.push({ bytes: new Uint8Array(0), seed: '(empty)', origin: 'synthetic' });
  const seenSigs = new Set<string>();
  const stats: FuzzStats = {
    target: o.target.name,
    execs: 0,
    ms: 0,
    verdicts: {},
    corpus: corpus.length,
    findings: [],
    knownHits: {},
    flaky: 0,
    maxGrowth: { bytes: 0, size: 0 },
    slowest: { ms: 0, cpuMs: 0, size: 0 },
  };
  const keys = new Set<string>();
  const started = Date.now();
  const deadline = o.durationMs !== undefined ? started + o.durationMs : Infinity;
  const maxExecs = o.maxExecs ?? Infinity;
  let issued = 0;

  const worker = async (child: FuzzChild): Promise<void> => {
    while (issued < maxExecs && Date.now() < deadline) {
      issued++;
      const base = corpus[Math.floor(rng() * corpus.length)];
      const other = corpus[Math.floor(rng() * corpus.length)];
      const m = mutate({
        bytes: seedView(base.bytes, cap, rng, o.target.flavor),
        other: seedView(other.bytes, cap, rng, o.target.flavor),
        flavor: o.target.flavor,
        rng,
        maxBytes: o.maxBytes,
      });
      const out = await child.run(o.target.name, m.bytes, o.target.ext);
      stats.execs++;
      stats.verdicts[out.verdict] = (stats.verdicts[out.verdict] ?? 0) + 1;
      if (out.growth > stats.maxGrowth.bytes)
        stats.maxGrowth = { bytes: out.growth, size: m.bytes.length, input: m.bytes };
      if (out.cpuMs > stats.slowest.cpuMs)
        stats.slowest = { ms: out.ms, cpuMs: out.cpuMs, size: m.bytes.length, bytes: m.bytes };
      if (!isFinding(out)) {
        if (out.sig && !seenSigs.has(out.sig)) {
          seenSigs.add(out.sig);
          if (m.bytes.length <= MAX_CORPUS_INPUT) {
            const entry = { bytes: m.bytes.slice(), seed: base.seed, origin: originOf(base, other) };
            if (corpus.length < MAX_CORPUS) corpus.push(entry);
            else corpus[o.seeds.length + Math.floor(rng() * (MAX_CORPUS - o.seeds.length))] = entry;
          }
        }
        continue;
      }
      const key = findingKey(o.target.name, out, out.file);
      if (o.known?.has(key)) {
        stats.knownHits[key] = (stats.knownHits[key] ?? 0) + 1;
        continue;
      }
      if (keys.has(key)) continue;
      const bytes = m.bytes.slice();
      const again = await child.run(o.target.name, bytes, o.target.ext);
      if (findingKey(o.target.name, again, again.file) !== key) {
        stats.flaky++;
        continue;
      }
      keys.add(key);
      const f: Finding = {
        key,
        target: o.target.name,
        kind: out.verdict,
        message: out.message,
        stack: out.stack,
        bytes,
        ops: m.ops,
        seed: base.seed,
        origin: originOf(base, other),
      };
      stats.findings.push(f);
      o.onFinding?.(f);
    }
  };
  await Promise.all(o.children.map((c) => worker(c)));
  stats.ms = Date.now() - started;
  stats.corpus = corpus.length;
  return stats;
}
