import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildZip } from '../../../../fuzz/zip-builder';
import { expandZip, type ExpandedZip } from './read-zip';

const FIXTURE_LOG = path.resolve(process.cwd(), 'fixtures/cases/missing-source/logs/CBS.log');
const FIXTURE_CSV = path.resolve(process.cwd(), 'fixtures/cases/cannot-delete/problem.CSV');

let work: string;
let tempRoot: string;
const opened: ExpandedZip[] = [];

beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'zip-test-in-'));
  tempRoot = await mkdtemp(path.join(tmpdir(), 'zip-test-out-'));
});

afterEach(async () => {
  for (const z of opened.splice(0)) await z.dispose();
  await rm(work, { recursive: true, force: true });
  await rm(tempRoot, { recursive: true, force: true });
});

async function bundle(name: string, bytes: Buffer): Promise<string> {
  const p = path.join(work, name);
  await writeFile(p, bytes);
  return p;
}

async function expand(p: string, limits = {}): Promise<ExpandedZip> {
  const z = await expandZip(p, { tempRoot, limits });
  opened.push(z);
  return z;
}

describe('expandZip', () => {
  it('expands a bundle into a new folder under the temp root, never beside the input', async () => {
    const log = await readFile(FIXTURE_LOG);
    const csv = await readFile(FIXTURE_CSV);
    const p = await bundle(
      'case.zip',
      buildZip([
        { name: 'logs/CBS.log', data: log },
        { name: 'capture/problem.CSV', data: csv, method: 0 },
        { name: 'logs/', data: Buffer.alloc(0), method: 0 },
      ]),
    );
    const z = await expand(p);
    expect(z.warnings).toEqual([]);
    expect(z.entries.map((e) => [e.name, e.size])).toEqual([
      ['logs/CBS.log', log.length],
      ['capture/problem.CSV', csv.length],
    ]);
    expect(path.dirname(z.dir)).toBe(tempRoot);
    for (const e of z.entries) expect(e.path.startsWith(z.dir + path.sep)).toBe(true);
    expect(await readFile(z.entries[0].path)).toEqual(log);
    expect(await readFile(z.entries[1].path)).toEqual(csv);
    expect(await readdir(work)).toEqual(['case.zip']);
    await z.dispose();
    expect(existsSync(z.dir)).toBe(false);
  });

  it('refuses names that leave the folder and rewrites names Windows cannot hold', async () => {
    const data = Buffer.from('x');
    const p = await bundle(
      'evil.zip',
      buildZip([
        { name: '../escape.txt', data },
        { name: 'a/../../escape2.txt', data },
        { name: '/etc/passwd', data },
        { name: 'C:/Windows/win.ini', data },
        { name: '..\\escape3.txt', data },
        { name: Buffer.from('nul\u0000byte.txt', 'latin1'), data },
        { name: 'CON.log', data },
        { name: 'ok/what?.log', data },
      ]),
    );
    const z = await expand(p);
    expect(z.entries.map((e) => path.relative(z.dir, e.path).split(path.sep).join('/'))).toEqual([
      '_CON.log',
      'ok/what_.log',
    ]);
    const refused = z.warnings.filter((w) => w.message.startsWith('refused'));
    expect(refused).toHaveLength(6);
    for (const w of refused) expect(w.file).toBe('evil.zip');
    expect(await readdir(path.dirname(tempRoot))).not.toContain('escape.txt');
    expect(await readdir(work)).toEqual(['evil.zip']);
  });

  it('leaves out entries that expand far more than they weigh (zip bomb)', async () => {
    const zeros = Buffer.alloc(4 * 1024 * 1024);
    const p = await bundle(
      'bomb.zip',
      buildZip([
        { name: 'bomb.log', data: zeros },
        { name: 'fine.log', data: Buffer.from('2024-01-01 10:00:00, Info CBS hello\r\n') },
      ]),
    );
    const z = await expand(p, { ratioFloorBytes: 1024 * 1024, maxRatio: 100 });
    expect(z.entries.map((e) => e.name)).toEqual(['fine.log']);
    expect(z.warnings[0].message).toMatch(/zip bomb/);
    expect(z.warnings[0].place).toMatch(/bomb\.log/);
  });

  it('does not trust declared sizes: more or fewer bytes than declared are left out', async () => {
    const data = Buffer.from('a'.repeat(5000));
    const p = await bundle(
      'lies.zip',
      buildZip([
        { name: 'short.log', data, declaredSize: 100 },
        { name: 'long.log', data, declaredSize: 9000 },
        { name: 'stored-short.log', data, method: 0, declaredSize: 100 },
      ]),
    );
    const z = await expand(p);
    expect(z.entries).toEqual([]);
    expect(z.warnings.map((w) => w.place)).toEqual([
      'entry "short.log"',
      'entry "long.log"',
      'entry "stored-short.log"',
    ]);
    expect((await readdir(z.dir)).length).toBe(0);
  });

  it('streams large entries and still checks their size and CRC', async () => {
    const big = Buffer.alloc(9 * 1024 * 1024, 0x41);
    const p = await bundle(
      'large.zip',
      buildZip([
        { name: 'big.log', data: big, method: 0 },
        { name: 'big-deflated.log', data: big },
        { name: 'big-short.log', data: big, declaredSize: 9 * 1024 * 1024 - 1 },
      ]),
    );
    const z = await expand(p);
    expect(z.entries.map((e) => [e.name, e.size])).toEqual([
      ['big.log', big.length],
      ['big-deflated.log', big.length],
    ]);
    expect((await readFile(z.entries[1].path)).equals(big)).toBe(true);
    expect(z.warnings).toEqual([
      expect.objectContaining({
        place: 'entry "big-short.log"',
        message: expect.stringMatching(/^left out/),
      }),
    ]);
  });

  it('limits the number of entries and the total size', async () => {
    const specs = Array.from({ length: 30 }, (_, i) => ({ name: `f${i}.log`, data: Buffer.alloc(1000, 65) }));
    const z = await expand(await bundle('many.zip', buildZip(specs)), { maxEntries: 10 });
    expect(z.entries).toHaveLength(10);
    expect(z.warnings.some((w) => /only the first 10/.test(w.message))).toBe(true);
    const t = await expand(await bundle('big.zip', buildZip(specs)), { maxTotalBytes: 5500 });
    expect(t.entries).toHaveLength(5);
    expect(t.warnings.filter((w) => /expand past/.test(w.message))).toHaveLength(25);
  });

  it('skips duplicate, encrypted and unsupported entries, keeps a CRC mismatch with a warning', async () => {
    const data = Buffer.from('hello\r\n');
    const p = await bundle(
      'odd.zip',
      buildZip([
        { name: 'a.log', data },
        { name: 'A.LOG', data },
        { name: 'secret.log', data, flags: 1 },
        { name: 'bzip.log', data, method: 12, compressed: data },
        { name: 'bad-crc.log', data, crc: 1234 },
      ]),
    );
    const z = await expand(p);
    expect(z.entries.map((e) => e.name)).toEqual(['a.log', 'bad-crc.log']);
    expect(z.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/same name/),
      expect.stringMatching(/encrypted/),
      expect.stringMatching(/compression method 12/),
      expect.stringMatching(/^kept, but its CRC-32/),
    ]);
  });

  it('throws a message naming the file when it is not a readable zip, and leaves no folder behind', async () => {
    const notZip = await bundle('notes.zip', Buffer.from('just text, no zip here'));
    await expect(expandZip(notZip, { tempRoot })).rejects.toThrow(/^notes\.zip: not a readable zip bundle/);
    const good = buildZip([{ name: 'a.log', data: Buffer.from('x'.repeat(100)) }]);
    const cut = await bundle('cut.zip', good.subarray(0, good.length - 30));
    await expect(expandZip(cut, { tempRoot })).rejects.toThrow(/^cut\.zip: /);
    const badDir = Buffer.from(good);
    badDir.writeUInt32LE(0xdeadbeef, good.length - 22 - 46 - 5);
    await expect(expandZip(await bundle('dir.zip', badDir), { tempRoot })).rejects.toThrow(/^dir\.zip: /);
    expect(await readdir(tempRoot)).toEqual([]);
  });

  it('stops when cancelled and removes what it wrote', async () => {
    const data = deflateRawSync(Buffer.alloc(10));
    const specs = Array.from({ length: 50 }, (_, i) => ({
      name: `f${i}.log`,
      data: Buffer.alloc(10),
      compressed: data,
    }));
    const p = await bundle('cancel.zip', buildZip(specs));
    const abort = new AbortController();
    abort.abort();
    await expect(expandZip(p, { tempRoot, signal: abort.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(await readdir(tempRoot)).toEqual([]);
  });

  it('refuses to expand into the folder the bundle is in', async () => {
    const p = await bundle('here.zip', buildZip([{ name: 'a.log', data: Buffer.from('x') }]));
    await expect(expandZip(p, { tempRoot: work })).rejects.toThrow(/^here\.zip: refusing/);
    expect(await readdir(work)).toEqual(['here.zip']);
  });
});
