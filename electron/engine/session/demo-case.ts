/**
 * The embedded demo case: the seed case rebuilt as small fixtures (fixtures/demo), opened when the
 * workbench starts with no files so a newcomer sees the product working at once.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { InputRequest } from '../../../shared/contract';

export const DEMO_TITLE = 'Demo: KB4561621 fails with 0x8024200D on the managed image';

/**
 * The fixtures folder. Bundles live in dist/<name>/ so the checkout's fixtures/ is two levels up;
 * the packaged app passes its resources folder instead; TRACEDIFF_FIXTURES overrides both.
 */
export function resolveFixturesDir(bundleDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.TRACEDIFF_FIXTURES;
  if (fromEnv) return path.resolve(fromEnv);
  return path.join(bundleDir, '..', '..', 'fixtures');
}

/** The demo inputs with their roles, or an error message naming what is missing. */
export function demoInputs(fixturesDir: string): { inputs: InputRequest[] } | { error: string } {
  const dir = path.join(fixturesDir, 'demo');
  const baseline = path.join(dir, 'baseline-clean-image.CSV');
  const problem = path.join(dir, 'problem-managed-image.CSV');
  for (const f of [baseline, problem]) {
    if (!existsSync(f)) return { error: `The demo case is not installed: ${f} is missing.` };
  }
  const inputs: InputRequest[] = [
    { ref: { path: baseline }, role: 'baseline', name: path.basename(baseline) },
    { ref: { path: problem }, role: 'problem', name: path.basename(problem) },
  ];
  const logDir = path.join(dir, 'logs');
  if (existsSync(logDir)) {
    for (const name of readdirSync(logDir).sort()) {
      const file = path.join(logDir, name);
      if (name.startsWith('.') || /\.md$/i.test(name) || !statSync(file).isFile()) continue;
      inputs.push({ ref: { path: file }, role: 'log', name });
    }
  }
  return { inputs };
}
