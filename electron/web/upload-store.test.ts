import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { safeFileName, UploadStore, UploadTooLarge } from './upload-store';

const parents: string[] = [];
function parentDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'tracediff-upload-test-'));
  parents.push(d);
  return d;
}

afterEach(() => {
  for (const d of parents.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('upload store', () => {
  it('streams an upload into its own folder under the original name', async () => {
    const store = new UploadStore(1024, parentDir());
    const saved = await store.receive(
      Readable.from([Buffer.from('a,b\n'), Buffer.from('1,2\n')]),
      'problem-managed.CSV',
    );
    expect(path.dirname(path.dirname(saved.path))).toBe(store.dir);
    expect(path.basename(saved.path)).toBe('problem-managed.CSV');
    expect(readFileSync(saved.path, 'utf8')).toBe('a,b\n1,2\n');
    expect(saved.size).toBe(8);
  });

  it('refuses a declared length over the limit without writing anything', async () => {
    const store = new UploadStore(10, parentDir());
    await expect(store.receive(Readable.from([Buffer.alloc(5)]), 'big.pml', 11)).rejects.toBeInstanceOf(
      UploadTooLarge,
    );
    expect(readdirSync(store.dir)).toEqual([]);
  });

  it('stops a body that grows past the limit and removes the partial file', async () => {
    const store = new UploadStore(10, parentDir());
    const body = Readable.from([Buffer.alloc(6), Buffer.alloc(6)]);
    await expect(store.receive(body, 'big.pml')).rejects.toBeInstanceOf(UploadTooLarge);
    expect(readdirSync(store.dir)).toEqual([]);
  });

  it('removes its folder and everything in it, once', async () => {
    const store = new UploadStore(1024, parentDir());
    await store.receive(Readable.from([Buffer.from('x')]), 'a.log');
    store.removeAll();
    expect(existsSync(store.dir)).toBe(false);
    expect(() => store.removeAll()).not.toThrow();
    await expect(store.receive(Readable.from([Buffer.from('x')]), 'b.log')).rejects.toThrow(/removed/);
  });

  it('keeps file names readable but harmless', () => {
    expect(safeFileName('..\\..\\Windows\\System32\\evil.dll')).toBe('evil.dll');
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('a<b>:c|d?.csv')).toBe('a_b__c_d_.csv');
    expect(safeFileName('正常机器.CSV')).toBe('正常机器.CSV');
    expect(safeFileName('..')).toBe('upload');
    expect(safeFileName('')).toBe('upload');
  });
});
