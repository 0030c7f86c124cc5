/**
 * Starts the browser-mode host (dist/web/host.cjs) as a child process and reads the one line it
 * prints when ready: `TraceDiff Workbench: http://127.0.0.1:PORT/?token=...`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const READY_LINE = /^TraceDiff Workbench: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]+))$/m;

export interface RunningHost {
  url: string;
  port: number;
  token: string;
  child: ChildProcess;
  /** What the host wrote to stderr so far (shown when a test fails to start it). */
  stderr(): string;
  stop(): Promise<void>;
}

export function hostBundle(root = process.cwd()): string {
  return path.join(root, 'dist', 'web', 'host.cjs');
}

export function startWebHost(
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 60_000,
): Promise<RunningHost> {
  const bundle = hostBundle();
  if (!existsSync(bundle)) {
    return Promise.reject(new Error(`${bundle} is missing: run \`npm run build\` before the e2e tests.`));
  }
  const child = spawn(process.execPath, [bundle, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.setEncoding('utf8').on('data', (s: string) => (err += s));
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(
        new Error(
          `The web host printed no address within ${timeoutMs} ms.\nstdout:\n${out}\nstderr:\n${err}`,
        ),
      );
    }, timeoutMs);
    child.stdout?.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      const m = READY_LINE.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({ url: m[1], port: Number(m[2]), token: m[3], child, stderr: () => err, stop });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(`The web host exited (${code}) before it was ready.\nstdout:\n${out}\nstderr:\n${err}`),
      );
    });
  });
}
