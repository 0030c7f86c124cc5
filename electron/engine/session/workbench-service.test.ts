import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HostEvent } from '../../../shared/contract';
import { ContractFailure } from './contract-failure';
import { createEngineDeps } from './engine-wiring';
import { WorkbenchService, type WorkbenchServiceOptions } from './workbench-service';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tracediff-service-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = '"Time of Day","Process Name","PID","Operation","Path","Result","Detail"';
const DLL = 'C:\\Windows\\SoftwareDistribution\\Download\\ab12\\inst\\amd64_dual_wpdmtp.inf\\wpdmtp.dll';

/** A Procmon CSV export as Procmon writes it (quoted fields, CRLF). */
function writeCsv(name: string, rows: [string, string, string, string][]): string {
  const lines = rows.map(
    ([proc, op, p, result], i) =>
      `"9:16:03.${String(1000000 + i).slice(1)}0 AM","${proc}","3032","${op}","${p}","${result}",""`,
  );
  const file = path.join(dir, name);
  writeFileSync(file, [HEADER, ...lines, ''].join('\r\n'));
  return file;
}

const common: [string, string, string, string][] = Array.from({ length: 30 }, (_, i) => [
  'TiWorker.exe',
  'ReadFile',
  `C:\\Windows\\servicing\\Packages\\pkg${i}.mum`,
  'SUCCESS',
]);
const baselineFile = writeCsv('clean-image.CSV', [
  ...common,
  ['TiWorker.exe', 'CreateFile', DLL, 'SUCCESS'],
  ['TiWorker.exe', 'WriteFile', 'C:\\Windows\\WinSxS\\Temp\\InFlight\\x\\wpdmtp.dll', 'SUCCESS'],
  [
    'TiWorker.exe',
    'SetRenameInformationFile',
    'C:\\Windows\\WinSxS\\amd64_dual_wpdmtp.inf\\wpdmtp.dll',
    'SUCCESS',
  ],
]);
const problemFile = writeCsv('managed-image.CSV', [
  ...common,
  ['TiWorker.exe', 'CreateFile', DLL, 'ACCESS DENIED'],
]);
const notATrace = path.join(dir, 'notes.bin');
writeFileSync(notATrace, Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x13]));

function service(overrides: Partial<WorkbenchServiceOptions> = {}): WorkbenchService {
  return new WorkbenchService({
    host: 'web',
    appVersion: 'test',
    engine: createEngineDeps(dir),
    fixturesDir: path.join(dir, 'no-fixtures'),
    pathPolicy: 'any',
    ...overrides,
  });
}

async function loadedPair(): Promise<WorkbenchService> {
  const s = service();
  // Given in the "wrong" order: the names decide the sides.
  await s.handle('openInputs', {
    inputs: [
      { ref: { path: problemFile }, role: 'auto' },
      { ref: { path: baselineFile }, role: 'auto' },
    ],
  });
  await s.whenIdle();
  return s;
}

describe('workbench service', () => {
  it('reads two captures, sorts them to their sides by name, compares them and ranks the failure first', async () => {
    const s = service();
    const events: HostEvent[] = [];
    s.onEvent((e) => events.push(e));
    const { jobIds } = await s.handle('openInputs', {
      inputs: [
        { ref: { path: problemFile }, role: 'auto' },
        { ref: { path: baselineFile }, role: 'auto' },
      ],
    });
    expect(jobIds).toHaveLength(2);
    await s.whenIdle();
    const state = await s.handle('getState', {});
    expect(state.traces.baseline?.fileName).toBe('clean-image.CSV');
    expect(state.traces.problem?.fileName).toBe('managed-image.CSV');
    expect(state.traces.problem?.events).toBe(31);
    expect(state.traces.problem?.failures).toBe(1);
    expect(state.compare).not.toBeNull();
    expect(state.jobs.every((j) => j.state === 'done')).toBe(true);
    expect(events.some((e) => e.type === 'progress')).toBe(true);
    expect(events.some((e) => e.type === 'state' && e.state.compare !== null)).toBe(true);

    const { findings } = await s.handle('getFindings', {});
    expect(findings[0].path).toBe(DLL);
    expect(findings[0].problemResult).toBe('ACCESS DENIED');
    expect(findings[0].baselineResult).toBe('SUCCESS');
  });

  it('pages events, finds them, and returns an event with its normalized key', async () => {
    const s = await loadedPair();
    const page = await s.handle('queryEvents', {
      side: 'problem',
      offset: 0,
      limit: 5,
      filters: [{ column: 'Result', relation: 'is', value: 'ACCESS DENIED', action: 'include' }],
    });
    expect(page.total).toBe(1);
    expect(page.rows[0]).toMatchObject({ seq: 30, operation: 'CreateFile', resultClass: 'failure' });
    const { index } = await s.handle('findEventIndex', { side: 'problem', seq: 30 });
    expect(index).toBe(30);
    const detail = await s.handle('getEvent', { side: 'problem', seq: 30 });
    expect(detail.row.path).toBe(DLL);
    expect(detail.key).not.toBe('');
    const failures = await s.handle('listFailures', { side: 'problem', limit: 10 });
    expect(failures.total).toBe(1);
    const procs = await s.handle('listProcesses', { side: 'baseline' });
    expect(procs.processes.map((p) => p.name)).toEqual(['TiWorker.exe']);
  });

  it('gives the aligned view with both rows and marks the finding row', async () => {
    const s = await loadedPair();
    const all = await s.handle('queryAligned', { offset: 0, limit: 1000, expandAll: true });
    expect(all.total).toBeGreaterThanOrEqual(33);
    const changed = all.rows.find((r) => r.kind === 'changed');
    expect(changed?.baseline?.result).toBe('SUCCESS');
    expect(changed?.problem?.result).toBe('ACCESS DENIED');
    expect(changed?.findingRank).toBe(1);
    expect(all.rows.filter((r) => r.kind === 'baseline-only').length).toBe(2);
    const filtered = await s.handle('queryAligned', {
      offset: 0,
      limit: 100,
      expandAll: true,
      filters: [{ column: 'Path', relation: 'contains', value: 'wpdmtp', action: 'include' }],
    });
    expect(filtered.total).toBe(3);
    expect(filtered.rows.map((r) => r.kind).sort()).toEqual(['baseline-only', 'baseline-only', 'changed']);
  });

  it('swaps and closes sides, re-running the comparison', async () => {
    const s = await loadedPair();
    const swapped = await s.handle('swapSides', {});
    expect(swapped.traces.baseline?.fileName).toBe('managed-image.CSV');
    await s.whenIdle();
    expect((await s.handle('getState', {})).compare).not.toBeNull();
    const id = swapped.traces.problem!.id;
    const closed = await s.handle('closeInput', { id });
    expect(closed.traces.problem).toBeUndefined();
    await s.whenIdle();
    expect((await s.handle('getState', {})).compare).toBeNull();
    await expect(s.handle('closeInput', { id })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('reports a file that is not a capture as a failed job that names it', async () => {
    const s = service();
    const { jobIds } = await s.handle('openInputs', {
      inputs: [{ ref: { path: notATrace }, role: 'baseline' }],
    });
    await s.whenIdle();
    const job = (await s.handle('getState', {})).jobs.find((j) => j.jobId === jobIds[0]);
    expect(job?.state).toBe('failed');
    expect(job?.error).toContain('notes.bin');
  });

  it('refuses bad requests with bad-request, never a crash', async () => {
    const s = await loadedPair();
    const bad: [string, unknown][] = [
      ['queryEvents', { side: 'neither', offset: 0, limit: 10 }],
      ['queryEvents', { side: 'problem', offset: -1, limit: 10 }],
      ['queryEvents', { side: 'problem', offset: 0, limit: 1e9 }],
      [
        'queryEvents',
        { side: 'problem', offset: 0, limit: 10, sort: { column: 'Password', direction: 'asc' } },
      ],
      ['getEvent', { side: 'problem', seq: 1.5 }],
      ['getEvent', { side: 'problem', seq: 0, extra: true }],
      ['openInputs', { inputs: [] }],
      ['openInputs', { inputs: [{ ref: { url: 'http://x' }, role: 'auto' }] }],
      ['openInputs', { inputs: [{ ref: { path: 'relative.csv' }, role: 'auto' }] }],
      [
        'setRules',
        { rules: [{ id: 'x', label: 'x', pattern: '(', replacement: '', enabled: true, builtin: false }] },
      ],
      ['getState', 'x'],
      ['noSuchMethod', {}],
    ];
    for (const [method, req] of bad) {
      const e = await s.handle(method as 'getState', req).then(
        () => null,
        (err: unknown) => err,
      );
      expect(e, `${method} ${JSON.stringify(req)}`).toBeInstanceOf(ContractFailure);
      expect((e as ContractFailure).code).toBe('bad-request');
    }
    await expect(s.handle('getEvent', { side: 'problem', seq: 999 })).rejects.toMatchObject({
      code: 'not-found',
    });
  });

  it('in browser mode opens only command-line paths and uploads', async () => {
    const s = service({ pathPolicy: 'allowlist' });
    await expect(
      s.handle('openInputs', { inputs: [{ ref: { path: baselineFile }, role: 'auto' }] }),
    ).rejects.toMatchObject({ code: 'bad-request' });
    await expect(
      s.handle('openInputs', { inputs: [{ ref: { uploadId: 'upload-unknown' }, role: 'auto' }] }),
    ).rejects.toMatchObject({ code: 'not-found' });
    const uploadId = s.registerUpload(problemFile, 'managed-image.CSV');
    await s.handle('openInputs', { inputs: [{ ref: { uploadId }, role: 'problem' }] });
    await s.openFromCommandLine([{ path: baselineFile, role: 'baseline' }]);
    await s.whenIdle();
    const state = await s.handle('getState', {});
    expect(state.traces.problem?.fileName).toBe('managed-image.CSV');
    expect(state.traces.baseline?.fileName).toBe('clean-image.CSV');
  });

  it('keeps and validates rules, and explains codes', async () => {
    const s = await loadedPair();
    const { rules } = await s.handle('getRules', {});
    expect(rules.length).toBeGreaterThan(0);
    const changed = rules.map((r) => ({ ...r, enabled: false }));
    await s.handle('setRules', { rules: changed });
    await s.whenIdle();
    expect((await s.handle('getRules', {})).rules.every((r) => !r.enabled)).toBe(true);
    const { explanations } = await s.handle('explainCodes', { codes: ['0x80070005', 'not-a-code'] });
    expect(explanations[0].name).toBe('E_ACCESSDENIED');
    expect(explanations[1].family).toBe('unknown');
  });
});
