/**
 * Bundles the fuzz child (and anything else the fuzzer runs in a separate process) with esbuild into
 * a temporary folder, so children run plain `node` on CommonJS with source maps: stack traces in
 * findings point at the TypeScript sources.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

export async function bundleEntry(entry: string, outDir?: string): Promise<string> {
  const dir = outDir ?? (await mkdtemp(join(tmpdir(), 'tracediff-fuzz-bundle-')));
  const outfile = join(dir, `${entry.replace(/^.*[\\/]/, '').replace(/\.ts$/, '')}.cjs`);
  await build({
    entryPoints: [resolve(entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['electron', 'playwright-core', 'playwright', '@playwright/test'],
    logLevel: 'error',
  });
  return outfile;
}
