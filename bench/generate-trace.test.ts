import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestTrace } from '../electron/engine/ingest/ingest';
import { listFailures } from '../electron/engine/store/query';
import { writeProcmonCsv } from './generate-trace';

const tmp = mkdtempSync(path.join(tmpdir(), 'generate-trace-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('writeProcmonCsv', () => {
  it('writes a deterministic, readable Procmon CSV with a realistic mix and injected events', async () => {
    const a = path.join(tmp, 'a.csv');
    const b = path.join(tmp, 'b.csv');
    const inject = [
      {
        at: 0.5,
        process: 'TiWorker.exe',
        operation: 'CreateFile',
        path: 'C:\\Windows\\x.dll',
        result: 'ACCESS DENIED',
      },
    ];
    const bytes = await writeProcmonCsv(a, { events: 20_000, seed: 3, inject });
    await writeProcmonCsv(b, { events: 20_000, seed: 3, inject });
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    expect(bytes).toBe(readFileSync(a).length);
    const store = await ingestTrace(a);
    expect(store.length).toBe(20_000);
    expect(store.warnings).toEqual([]);
    expect(store.row(10_000)).toMatchObject({
      process: 'TiWorker.exe',
      path: 'C:\\Windows\\x.dll',
      result: 'ACCESS DENIED',
    });
    const names = new Set(store.processes.map((p) => p.name));
    for (const n of ['svchost.exe', 'MsMpEng.exe', 'explorer.exe', 'TiWorker.exe'])
      expect(names.has(n)).toBe(true);
    let success = 0;
    for (let s = 0; s < store.length; s++) if (store.result(s) === 'SUCCESS') success++;
    expect(success / store.length).toBeGreaterThan(0.7);
    expect(listFailures(store, 10).total).toBeGreaterThan(1);
    for (let s = 1; s < store.length; s++) expect(store.timeValue(s)).toBeGreaterThan(store.timeValue(s - 1));
  });
});
