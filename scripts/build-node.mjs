// Bundles everything that runs in Node or Electron's main/preload into CommonJS files under dist/.
// esbuild rather than electron-vite: the same bundler serves main, preload, workers, the web host,
// the CLI and the benchmarks, none of which need Vite's dev server, and it builds them in well under
// a second, so `npm run web` and the CLI are always rebuilt from source.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const entries = [
  ['electron/main/main.ts', 'dist/electron/main.cjs'],
  ['electron/preload/preload.ts', 'dist/electron/preload.cjs'],
  ['electron/web/host.ts', 'dist/web/host.cjs'],
  ['electron/cli/tracediff.ts', 'dist/cli/tracediff.cjs'],
  ['electron/engine/workers/ingest-worker.ts', 'dist/workers/ingest-worker.cjs'],
  ['electron/engine/workers/compare-worker.ts', 'dist/workers/compare-worker.cjs'],
  ['electron/engine/ingest/pml/pml-range-worker.ts', 'dist/workers/pml-range-worker.cjs'],
  ['bench/run.ts', 'dist/bench/run.cjs'],
  ['bench/generate-worker.ts', 'dist/bench/generate-worker.cjs'],
].filter(([src]) => existsSync(src));

await Promise.all(
  entries.map(([entryPoint, outfile]) =>
    build({
      entryPoints: [entryPoint],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      sourcemap: true,
      external: ['electron', 'playwright-core', 'playwright', '@playwright/test'],
      logLevel: 'warning',
    }),
  ),
);
console.log(`built ${entries.length} node bundles`);
