/**
 * The contract boundary (issue 9, item 4): every method has a schema, and WorkbenchService.handle
 * (what IPC and the browser-mode HTTP host both call) checks it before any handler runs. Each
 * method gets hand-made bad calls and seeded random ones; every one must end in a ContractFailure
 * `bad-request` naming the method, no handler may have run, and nothing may have been loaded. A
 * well-formed call of each method does reach its handler, so the handler spies are proven live.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTRACT_METHODS, type ContractMethod } from '../shared/contract';
import { REQUEST_SCHEMAS } from '../shared/contract-schema';
import { ContractFailure } from '../electron/engine/session/contract-failure';
import { createEngineDeps } from '../electron/engine/session/engine-wiring';
import { WorkbenchService } from '../electron/engine/session/workbench-service';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tracediff-boundary-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const secret = path.join(dir, 'secret.tdcase');
writeFileSync(secret, '{"not":"read"}');

/**
 * One well-formed request per method (the handler may still refuse it: nothing is loaded). A method
 * added to the contract later is still fuzzed below; it only lacks this pass-through proof until it
 * gets an example here.
 */
const GOOD: Partial<Record<ContractMethod, unknown>> = {
  getState: {},
  openDemo: {},
  openInputs: { inputs: [{ ref: { path: secret }, role: 'auto' }] },
  cancelJob: { jobId: 'j1' },
  closeInput: { id: 'i1' },
  swapSides: {},
  queryEvents: { side: 'problem', offset: 0, limit: 10 },
  findEventIndex: { side: 'problem', seq: 0 },
  getEvent: { side: 'problem', seq: 0 },
  listFailures: { side: 'problem', limit: 10 },
  getFindings: {},
  queryAligned: { offset: 0, limit: 10 },
  queryLogs: { offset: 0, limit: 10 },
  explainCodes: { codes: ['0x80070005'] },
  getRules: {},
  setRules: { rules: [] },
  listProcesses: { side: 'problem' },
  findAlignedIndex: { side: 'problem', seq: 0 },
  getOverview: { buckets: 10 },
  findLogIndex: { logId: 'l1', line: 1 },
  searchEvents: { text: 'x' },
  getProcessStats: { side: 'problem' },
  getInsights: {},
  getCase: {},
  updateCaseMeta: { title: 't' },
  addAnnotation: { target: { type: 'event', side: 'problem', seq: 0 } },
  updateAnnotation: { id: 'a1' },
  removeAnnotation: { id: 'a1' },
  saveCase: {},
  openCase: { path: secret },
  listRecentCases: {},
  locateInput: { sha256: 'a'.repeat(64), ref: { path: secret } },
  exportReport: { format: 'html', language: 'en', scope: 'all', redact: false },
};

/** A small seeded generator of hostile JSON-like values (mulberry32). */
function randomValues(seed: number, count: number): unknown[] {
  let s = seed >>> 0;
  const rnd = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const keys = ['side', 'seq', 'path', 'offset', 'limit', 'inputs', 'ref', '__proto__', 'constructor', 'x'];
  const value = (depth: number): unknown => {
    switch (Math.floor(rnd() * 9)) {
      case 0:
        return Math.floor(rnd() * 2 ** 53) * (rnd() < 0.5 ? -1 : 1);
      case 1:
        return rnd() < 0.5 ? 1.5 : -0;
      case 2:
        return '../'.repeat(Math.floor(rnd() * 8)) + 'etc/passwd';
      case 3:
        return 'x'.repeat(Math.floor(rnd() * 300_000));
      case 4:
        return rnd() < 0.5;
      case 5:
        return depth > 4 ? [] : Array.from({ length: Math.floor(rnd() * 4) }, () => value(depth + 1));
      case 6:
        return null;
      default: {
        if (depth > 4) return {};
        const o: Record<string, unknown> = {};
        for (let i = Math.floor(rnd() * 4); i >= 0; i--)
          o[keys[Math.floor(rnd() * keys.length)]] = value(depth + 1);
        // A key no schema has: strict objects must refuse it even when the rest is valid.
        o[`k${Math.floor(rnd() * 1000)}`] = 1;
        return o;
      }
    }
  };
  return Array.from({ length: count }, () => value(0));
}

function spiedService(): { service: WorkbenchService; calls: string[] } {
  const service = new WorkbenchService({
    host: 'web',
    appVersion: 'test',
    engine: createEngineDeps(dir),
    fixturesDir: path.join(dir, 'no-fixtures'),
    pathPolicy: 'allowlist',
    dataDir: path.join(dir, 'data'),
  });
  const calls: string[] = [];
  // The handlers are private; the spies replace them so a call that gets past the schema shows.
  const handlers = (service as unknown as { handlers: Record<string, (r: unknown) => Promise<unknown>> })
    .handlers;
  for (const m of CONTRACT_METHODS)
    handlers[m] = (r: unknown) => {
      calls.push(`${m} ${JSON.stringify(r).slice(0, 80)}`);
      return Promise.resolve(null);
    };
  return { service, calls };
}

async function refusal(service: WorkbenchService, method: string, req: unknown): Promise<unknown> {
  return service.handle(method as ContractMethod, req).then(
    () => null,
    (e: unknown) => e,
  );
}

describe('contract boundary', () => {
  it('has a schema for every method and nothing else', () => {
    expect(Object.keys(REQUEST_SCHEMAS).sort()).toEqual([...CONTRACT_METHODS].sort());
    for (const m of Object.keys(GOOD)) expect(CONTRACT_METHODS).toContain(m);
    expect(Object.keys(GOOD).length).toBeGreaterThanOrEqual(33);
  });

  it('refuses bad calls of every method with bad-request before any handler runs', async () => {
    const { service, calls } = spiedService();
    for (const method of CONTRACT_METHODS) {
      const good = (GOOD[method] ?? {}) as Record<string, unknown>;
      const bad: unknown[] = [
        'x',
        42,
        true,
        [good],
        { ...good, unexpected: 1 },
        { ...good, __proto__: { polluted: true }, constructor: 'x' },
        ...randomValues(CONTRACT_METHODS.indexOf(method) + 1, 40).filter((v) => v !== null),
      ];
      for (const req of bad) {
        const e = await refusal(service, method, req);
        const shown = JSON.stringify(req)?.slice(0, 120);
        expect(e, `${method} ${shown}`).toBeInstanceOf(ContractFailure);
        expect((e as ContractFailure).code, `${method} ${shown}`).toBe('bad-request');
        expect((e as Error).message).toContain(method);
        expect((e as Error).message.length).toBeLessThan(2000);
      }
    }
    for (const m of ['noSuchMethod', '__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const e = await refusal(service, m, {});
      expect(e, m).toBeInstanceOf(ContractFailure);
      expect((e as ContractFailure).code).toBe('bad-request');
    }
    expect(calls).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('lets a well-formed call of every method through to its handler', async () => {
    const { service, calls } = spiedService();
    const methods = Object.keys(GOOD) as ContractMethod[];
    for (const method of methods) await service.handle(method, GOOD[method] as never);
    expect(calls.map((c) => c.split(' ')[0])).toEqual(methods);
  });

  it('in browser mode reads no file the host was not given, whatever the call', async () => {
    const service = new WorkbenchService({
      host: 'web',
      appVersion: 'test',
      engine: createEngineDeps(dir),
      fixturesDir: path.join(dir, 'no-fixtures'),
      pathPolicy: 'allowlist',
      dataDir: path.join(dir, 'data2'),
    });
    for (const [method, req] of [
      ['openInputs', GOOD.openInputs],
      ['openCase', GOOD.openCase],
      ['locateInput', GOOD.locateInput],
      ['saveCase', { path: path.join(dir, 'elsewhere.tdcase') }],
      ['exportReport', { ...(GOOD.exportReport as object), path: path.join(dir, 'out.html') }],
    ] as const) {
      const e = await refusal(service, method, req);
      expect(e, method).toBeInstanceOf(ContractFailure);
      expect(['bad-request', 'not-found'], `${method}: ${(e as Error).message}`).toContain(
        (e as ContractFailure).code,
      );
    }
    const state = await service.handle('getState', {});
    expect(state.traces).toEqual({});
    expect(state.logs).toEqual([]);
    await service.shutdown();
  });
});
