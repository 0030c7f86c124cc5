// `npm run fuzz`: bundles the fuzz command and its child process with esbuild into a temporary
// folder (they import the engine's TypeScript), then runs the command with the given arguments.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const dir = mkdtempSync(join(tmpdir(), 'tracediff-fuzz-bundle-'));
try {
  const bundle = (entry, out) =>
    build({
      entryPoints: [entry],
      outfile: join(dir, out),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'inline',
      external: ['electron', 'playwright-core', 'esbuild'],
      logLevel: 'error',
    });
  await Promise.all([
    bundle('fuzz/fuzz-cli.ts', 'fuzz-cli.cjs'),
    bundle('fuzz/fuzz-child.ts', 'fuzz-child.cjs'),
  ]);
  const r = spawnSync(
    process.execPath,
    ['--enable-source-maps', join(dir, 'fuzz-cli.cjs'), ...process.argv.slice(2)],
    {
      stdio: 'inherit',
      env: { ...process.env, TRACEDIFF_FUZZ_CHILD: join(dir, 'fuzz-child.cjs') },
    },
  );
  process.exitCode = r.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
