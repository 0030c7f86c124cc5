/**
 * Crashing inputs kept as regression fixtures: `fuzz/regressions/<target>/<id>.bin` with a
 * `<id>.json` beside it saying what the finding was and whether it is fixed. `open` ones belong to
 * readers still being finished by their owners; the regression test expects them to fail until the
 * status is changed to `fixed`.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface RegressionMeta {
  id: string;
  target: string;
  kind: string;
  /** findingKey() of the finding, for de-duplication and for matching open ones in the smoke run. */
  key: string;
  message: string;
  status: 'open' | 'fixed';
  /** Where the bug is and what input triggers it, in words. */
  note: string;
  origin: 'fixture' | 'sample' | 'synthetic' | 'hand-made';
  ops: string[];
  /**
   * For slowness bugs kept small: the read must use at most this many milliseconds of CPU time (the
   * bug made it take seconds at this size; the general bound needs megabytes to trip).
   */
  maxMs?: number;
  /** For memory bugs kept small: the read's peak RSS growth must stay under this many MiB. */
  maxGrowthMiB?: number;
}

export interface Regression extends RegressionMeta {
  file: string;
}

export function regressionsDir(root = process.cwd()): string {
  return path.join(root, 'fuzz', 'regressions');
}

export const regressionId = (key: string): string =>
  createHash('sha256').update(key).digest('hex').slice(0, 12);

export async function listRegressions(root = process.cwd()): Promise<Regression[]> {
  const dir = regressionsDir(root);
  const out: Regression[] = [];
  let targets: string[];
  try {
    targets = (await readdir(dir)).sort();
  } catch {
    return out;
  }
  for (const t of targets) {
    let names: string[];
    try {
      names = (await readdir(path.join(dir, t))).sort();
    } catch {
      continue;
    }
    for (const n of names.filter((x) => x.endsWith('.json'))) {
      const meta = JSON.parse(await readFile(path.join(dir, t, n), 'utf8')) as RegressionMeta;
      out.push({ ...meta, file: path.join(dir, t, n.replace(/\.json$/, '.bin')) });
    }
  }
  return out;
}

export async function saveRegression(
  meta: RegressionMeta,
  bytes: Uint8Array,
  root = process.cwd(),
): Promise<string> {
  const dir = path.join(regressionsDir(root), meta.target);
  await mkdir(dir, { recursive: true });
  const bin = path.join(dir, `${meta.id}.bin`);
  await writeFile(bin, bytes);
  await writeFile(path.join(dir, `${meta.id}.json`), `${JSON.stringify(meta, null, 2)}\n`);
  return bin;
}
