/**
 * Corpus selection: every file under fixtures/ and ../shared/samples/ is sniffed by the engine's own
 * sniffer and seeds the targets that read its kind; synthetic seeds fill the formats without files.
 * Samples are read in place, never copied. Large seeds are mostly used cut down (text at a line
 * boundary, binary as a prefix, which is also a truncated file), and now and then whole.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { sniffFile } from '../electron/engine/ingest/sniff';
import { syntheticSeeds, type Seed } from './synthetic-seeds';
import type { Rng } from './mutate';
import type { TargetSpec } from './targets';

export type { Seed } from './synthetic-seeds';

export function repoRoot(): string {
  return process.cwd();
}

export function seedRoots(root = repoRoot()): { dir: string; origin: Seed['origin'] }[] {
  return [
    { dir: path.join(root, 'fixtures'), origin: 'fixture' },
    { dir: path.resolve(root, '../shared/samples'), origin: 'sample' },
  ];
}

async function walk(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile()) out.push(p);
  }
  return out.sort();
}

type SeedFile = { file: string; kind: string; origin: Seed['origin'] };
const sniffed = new Map<string, Promise<SeedFile[]>>();

/** Every seed file on disk with its sniffed kind (sniffed once per process). */
export function seedFiles(root = repoRoot()): Promise<SeedFile[]> {
  let p = sniffed.get(root);
  if (!p) {
    p = sniffAll(root);
    sniffed.set(root, p);
  }
  return p;
}

async function sniffAll(root: string): Promise<SeedFile[]> {
  const out: { file: string; kind: string; origin: Seed['origin'] }[] = [];
  for (const { dir, origin } of seedRoots(root)) {
    for (const file of await walk(dir)) {
      try {
        out.push({ file, kind: (await sniffFile(file)).kind, origin });
      } catch {
        // A seed the sniffer cannot open is no seed; the evidence test covers reading them all.
      }
    }
  }
  return out;
}

export async function loadSeeds(target: TargetSpec, root = repoRoot()): Promise<Seed[]> {
  const seeds: Seed[] = [];
  for (const s of await seedFiles(root)) {
    if (!target.seedKinds.includes(s.kind)) continue;
    seeds.push({
      name: path.relative(path.resolve(root, '..'), s.file),
      origin: s.origin,
      bytes: await readFile(s.file),
    });
  }
  seeds.push(...(await syntheticSeeds(target.name, root)));
  return seeds;
}

/** A seed as used for one execution: cut to `cap` bytes most of the time when larger. */
export function seedView(seed: Uint8Array, cap: number, rng: Rng, flavor: string): Uint8Array {
  if (seed.length <= cap || rng() < 0.05) return seed;
  const len = Math.max(1, Math.floor(cap * (0.25 + 0.75 * rng())));
  if (flavor === 'binary' || flavor === 'zip') return seed.subarray(0, len);
  const nl = seed.lastIndexOf(0x0a, len);
  return seed.subarray(0, nl > 0 ? nl + 1 : len);
}
