import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildZip } from '../../../fuzz/zip-builder';
import { BundleExpander } from './bundle-inputs';
import { sniffAll } from './classify-inputs';
import { createEngineDeps } from './engine-wiring';
import { JobRegistry } from './job-registry';
import { WorkbenchService } from './workbench-service';

const DEMO = path.resolve(process.cwd(), 'fixtures/demo');
const dir = mkdtempSync(path.join(os.tmpdir(), 'tracediff-bundle-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const demo = (rel: string): Buffer => readFileSync(path.join(DEMO, rel));

function writeBundle(name: string, entries: { name: string; data: Uint8Array }[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, buildZip(entries));
  return file;
}

function service(): WorkbenchService {
  return new WorkbenchService({
    host: 'electron',
    appVersion: 'test',
    engine: createEngineDeps(dir),
    fixturesDir: path.join(dir, 'no-fixtures'),
    pathPolicy: 'any',
  });
}

describe('zip bundles opened as inputs', () => {
  it('puts a support bundle’s captures on their sides by name, its logs with the logs, and lists what it skipped', async () => {
    // Named for neither side on purpose: the entries' own names decide.
    const bundle = writeBundle('support-bundle.zip', [
      { name: 'captures/problem-managed-image.CSV', data: demo('problem-managed-image.CSV') },
      { name: 'captures/baseline-clean-image.CSV', data: demo('baseline-clean-image.CSV') },
      { name: 'logs/CBS.log', data: demo('logs/CBS.log') },
      { name: 'logs/dism.log', data: demo('logs/dism.log') },
      {
        name: 'screen.png',
        data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      },
      { name: 'inner.zip', data: buildZip([{ name: 'x.log', data: Buffer.from('x') }]) },
    ]);
    const s = service();
    try {
      const res = await s.handle('openInputs', { inputs: [{ ref: { path: bundle }, role: 'auto' }] });
      const where = Object.fromEntries((res.placements ?? []).map((p) => [p.name, p.placed]));
      expect(where).toMatchObject({
        'baseline-clean-image.CSV': 'baseline',
        'problem-managed-image.CSV': 'problem',
        'CBS.log': 'log',
        'dism.log': 'log',
        'screen.png': 'skipped',
        'inner.zip': 'skipped',
      });
      expect(res.placements?.every((p) => p.bundle === 'support-bundle.zip')).toBe(true);
      expect(res.placements?.find((p) => p.name === 'inner.zip')?.reason).toMatch(/zip inside the bundle/);
      // The bundle's own job and one per readable entry; nothing skipped fails a job.
      expect(res.jobIds).toHaveLength(5);
      await s.whenIdle();
      const state = await s.handle('getState', {});
      expect(state.traces.baseline?.fileName).toBe('baseline-clean-image.CSV');
      expect(state.traces.problem?.fileName).toBe('problem-managed-image.CSV');
      expect(state.logs.map((l) => l.fileName).sort()).toEqual(['CBS.log', 'dism.log']);
      expect(state.jobs.filter((j) => j.state === 'failed')).toEqual([]);
      expect(state.compare).not.toBeNull();
      const { findings } = await s.handle('getFindings', {});
      expect(findings[0].path).toMatch(/wpdmtp\.dll$/i);

      // The same bundle dropped again: its logs are already there and are kept once.
      await s.handle('openInputs', { inputs: [{ ref: { path: bundle }, role: 'auto' }] });
      await s.whenIdle();
      const again = await s.handle('getState', {});
      expect(again.logs.map((l) => l.fileName).sort()).toEqual(['CBS.log', 'dism.log']);
    } finally {
      await s.shutdown();
    }
  });

  it('gives the one capture of a bundle dropped on a side to that side, whatever its name', async () => {
    const bundle = writeBundle('from-customer.zip', [
      { name: 'Logfile.CSV', data: demo('baseline-clean-image.CSV') },
      { name: 'WindowsUpdate.log', data: demo('logs/WindowsUpdate.log') },
    ]);
    const s = service();
    try {
      const res = await s.handle('openInputs', { inputs: [{ ref: { path: bundle }, role: 'problem' }] });
      expect(res.placements?.map((p) => [p.name, p.placed])).toEqual([
        ['Logfile.CSV', 'problem'],
        ['WindowsUpdate.log', 'log'],
      ]);
      await s.whenIdle();
      expect((await s.handle('getState', {})).traces.problem?.fileName).toBe('Logfile.CSV');
    } finally {
      await s.shutdown();
    }
  });

  it('fails the bundle’s job with a message naming it when the archive cannot be read', async () => {
    const broken = path.join(dir, 'broken.zip');
    writeFileSync(broken, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 7)]));
    const s = service();
    try {
      const res = await s.handle('openInputs', { inputs: [{ ref: { path: broken }, role: 'auto' }] });
      expect(res.placements).toHaveLength(1);
      expect(res.placements?.[0]).toMatchObject({ name: 'broken.zip', placed: 'skipped' });
      expect(res.placements?.[0].reason).toContain('broken.zip');
      const job = (await s.handle('getState', {})).jobs.find((j) => j.jobId === res.jobIds[0]);
      expect(job?.state).toBe('failed');
    } finally {
      await s.shutdown();
    }
  });

  it('expands into a root of its own (even for a bundle in that temp folder) and removes it on dispose', async () => {
    const parent = mkdtempSync(path.join(dir, 'parent-'));
    // A bundle sitting in the very folder expansions go under must still open.
    const file = path.join(parent, 'bundle.zip');
    writeFileSync(file, buildZip([{ name: 'CBS.log', data: demo('logs/CBS.log') }]));
    const engine = createEngineDeps(dir);
    const jobs = new JobRegistry(() => undefined);
    const expander = new BundleExpander(parent);
    const given = [{ path: file, name: 'bundle.zip', role: 'auto' as const }];
    const batch = await expander.expandBatch(given, await sniffAll(engine, given), [jobs.start('x', 'x')], {
      sniff: (list) => sniffAll(engine, list),
      startJob: (label, f) => jobs.start(label, f),
      registerEntry: () => undefined,
    });
    expect(batch.items.map((i) => i.input.name)).toEqual(['CBS.log']);
    expect(existsSync(batch.items[0].input.path)).toBe(true);
    expect(readdirSync(parent).filter((n) => n.startsWith('tracediff-bundles-'))).toHaveLength(1);
    await expander.dispose();
    expect(existsSync(batch.items[0].input.path)).toBe(false);
    expect(readdirSync(parent)).toEqual(['bundle.zip']);
  });
});
