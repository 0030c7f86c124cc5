import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rawRequest } from './test-client';

// The built host (npm test builds before it runs the unit tests); without a build there is nothing to start.
const bundle = path.resolve(process.cwd(), 'dist', 'web', 'host.cjs');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'tracediff-host-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function startHost(
  signalDir: string,
): Promise<{ line: string; port: number; token: string; stop(sig: NodeJS.Signals): Promise<number | null> }> {
  const child = spawn(process.execPath, [bundle, '--port', '0'], {
    env: { ...process.env, TMPDIR: signalDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no address printed: ${out}`)), 30_000);
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      const m = /^TraceDiff Workbench: http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]+)\n/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        line: out,
        port: Number(m[1]),
        token: m[2],
        stop: (sig) =>
          new Promise((done) => {
            child.once('exit', (code) => done(code));
            child.kill(sig);
          }),
      });
    });
    child.once('exit', (code) => reject(new Error(`host exited with ${code}: ${out}`)));
  });
}

describe.skipIf(!existsSync(bundle))('the browser-mode host process', () => {
  it('prints exactly one line with a 48-hex-digit token, refuses calls without it, and removes its uploads on SIGINT', async () => {
    const dir = mkdtempSync(path.join(tmp, 'run-'));
    const host = await startHost(dir);
    expect(host.line.split('\n').filter(Boolean)).toHaveLength(1);
    expect(host.token).toMatch(/^[0-9a-f]{48}$/);

    const refused = await rawRequest(host.port, { method: 'POST', path: '/api/call/getState', body: '{}' });
    expect(refused.status).toBe(401);
    const upload = await rawRequest(host.port, {
      method: 'POST',
      path: '/api/upload?name=a.csv',
      headers: { 'X-TraceDiff-Token': host.token },
      body: 'x',
    });
    expect(upload.status).toBe(200);
    const uploads = readdirSync(dir).filter((d) => d.startsWith('tracediff-uploads-'));
    expect(uploads).toHaveLength(1);
    expect(readdirSync(path.join(dir, uploads[0]))).toEqual(['1']);
    expect(readdirSync(path.join(dir, uploads[0], '1'))).toEqual(['a.csv']);

    expect(await host.stop('SIGINT')).toBe(0);
    expect(readdirSync(dir).filter((d) => d.startsWith('tracediff-uploads-'))).toEqual([]);
  });
});
