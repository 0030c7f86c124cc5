/**
 * Damaged and unusual PML files: truncated copies, a capture that was never closed, a split
 * (multi-file) capture, cancellation and progress. Copies are written to a temp folder; the samples
 * are only read.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PmlError, readPml, readPmlHeader } from './read-pml';

const SAMPLES = path.resolve(process.cwd(), '../shared/samples/procmon');
const NAMES = [
  'procmon-parser_UTC32Filesystem',
  'procmon-parser_UTC64Process',
  'zingus-crysis_Logfile',
  'prsp0007-samples_Logfile',
  'matefoxer-ron-crash-log_Logfile',
];

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pml-damage-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function u64(b: Buffer, at: number): number {
  return Number(b.readBigUInt64LE(at));
}

describe('readPmlHeader', () => {
  it('reads the header fields inspect shows', async () => {
    const h = await readPmlHeader(path.join(SAMPLES, 'procmon-parser_UTC32Filesystem.PML'));
    expect(h).toMatchObject({
      version: 9,
      computerName: 'FUCKFUCKFUCKFUC',
      systemRoot: 'C:\\Windows',
      eventCount: 8577,
      is64bit: false,
      closedCleanly: true,
    });
    expect(h.osVersion).toBe('Windows 7 Service Pack 1 (build 7601)');
    expect(h.offsets.events).toBe(0x3a8);
    const z = await readPmlHeader(path.join(SAMPLES, 'zingus-crysis_Logfile.PML'));
    expect(z).toMatchObject({
      computerName: 'RESIDUATO',
      eventCount: 15757,
      is64bit: true,
      osVersion: 'Windows 10 (build 16299)',
    });
  });

  it('rejects a file that is not a PML with a message naming it', async () => {
    const file = path.join(dir, 'not-a-log.PML');
    await writeFile(file, Buffer.alloc(2000, 0x41));
    await expect(readPmlHeader(file)).rejects.toThrow(
      /not-a-log\.PML: not a Process Monitor log.*offset 0x0/,
    );
    await expect(readPml(file)).rejects.toBeInstanceOf(PmlError);
  });
});

describe('whole samples', () => {
  it('the matefoxer capture (Procmon 2026) loads every event without warnings', async () => {
    const store = await readPml(path.join(SAMPLES, 'matefoxer-ron-crash-log_Logfile.PML'), {
      allEvents: true,
    });
    expect(store.length).toBe(1250);
    expect(store.warnings).toEqual([]);
    expect(store.meta).toMatchObject({
      kind: 'procmon-pml',
      timeIsAbsolute: true,
      computerName: 'DESKTOP-PC',
    });
    expect(store.processes.length).toBeGreaterThan(0);
  });

  it('pending operations have an empty Result and no duration', async () => {
    const store = await readPml(path.join(SAMPLES, 'procmon-parser_UTC32Filesystem.PML'), {
      allEvents: true,
    });
    let pending = 0;
    for (let i = 0; i < store.length; i++) {
      if (store.result(i) === '') {
        pending++;
        expect(Number.isNaN(store.cols.duration[i])).toBe(true);
      }
    }
    expect(pending).toBeGreaterThan(0);
  });

  it('resolves stack frames to module + offset, kernel frames through the System drivers', async () => {
    const store = await readPml(path.join(SAMPLES, 'procmon-parser_UTC64Process.PML'), { allEvents: true });
    const frames = store.stack(0);
    expect(frames.length).toBeGreaterThan(3);
    const kernel = frames.filter((f) => f.kernel);
    const user = frames.filter((f) => !f.kernel);
    expect(kernel.length).toBeGreaterThan(0);
    expect(user.length).toBeGreaterThan(0);
    for (const f of frames) {
      expect(f.address).toMatch(/^0x[0-9a-f]+$/);
      if (f.module !== '<unknown>')
        expect(f.location).toBe(`${f.module} + 0x${f.location.split(' + 0x')[1]}`);
    }
    expect(kernel.some((f) => /\.sys$/i.test(f.module))).toBe(true);
    expect(frames.map((f) => f.depth)).toEqual(frames.map((_f, i) => i));
  });

  it('stores process details with modules', async () => {
    const store = await readPml(path.join(SAMPLES, 'zingus-crysis_Logfile.PML'));
    const pacman = store.processes.find((p) => p.name === 'pacman.exe');
    expect(pacman).toBeDefined();
    expect(pacman!.imagePath).toMatch(/pacman\.exe$/i);
    expect(pacman!.modules.length).toBeGreaterThan(0);
    expect(pacman!.modules[0].base).toMatch(/^0x[0-9a-f]+$/);
    expect(pacman!.startTime).toMatch(/^2018-02-25T/);
  });
});

describe('truncated copies', () => {
  for (const name of NAMES) {
    it(`${name}: cut inside the events loads the events before the cut, with a message naming file and offset`, async () => {
      const src = await readFile(path.join(SAMPLES, `${name}.PML`));
      const full = await readPml(path.join(SAMPLES, `${name}.PML`), { allEvents: true });
      const eventsEnd = u64(src, 0x248);
      const cut = Math.floor(0x3a8 + (eventsEnd - 0x3a8) * 0.6);
      const file = path.join(dir, `${name}-cut-events.PML`);
      await writeFile(file, src.subarray(0, cut));
      const store = await readPml(file, { allEvents: true });
      // Every event that lies wholly before the cut loads, and none after it.
      const count = src.readUInt32LE(0x234);
      let whole = 0;
      while (
        whole < count &&
        (whole + 1 < count ? src.readUInt32LE(eventsEnd + (whole + 1) * 5) : eventsEnd) <= cut
      )
        whole++;
      expect(store.length).toBe(whole);
      expect(store.length).toBeLessThan(full.length);
      // What was read matches the intact file event for event. (Without the process table the
      // Procmon version is unknown, so the two version-dependent details may differ.)
      for (let i = 0; i < store.length; i += Math.max(1, Math.floor(store.length / 50))) {
        expect(store.operation(i)).toBe(full.operation(i));
        expect(store.path(i)).toBe(full.path(i));
        if (!['CreateFileMapping', 'QueryDirectory'].includes(store.operation(i)))
          expect(store.detail(i)).toBe(full.detail(i));
        expect(store.cols.timeFrac[i]).toBe(full.cols.timeFrac[i]);
      }
      expect(store.warnings.length).toBeGreaterThan(0);
      expect(store.warnings[0].file).toBe(`${name}-cut-events.PML`);
      const text = store.warnings.map((w) => `${w.place}: ${w.message}`).join('\n');
      expect(text).toMatch(/offset 0x[0-9A-F]+/);
      expect(text).toMatch(/truncated|cut short|not closed cleanly/);
      // Process tables are gone with the cut: events still load, under placeholder names.
      expect(store.processName(0)).toMatch(/^<unknown process \d+>$/);
    });

    it(`${name}: cut inside the tables keeps every event`, async () => {
      const src = await readFile(path.join(SAMPLES, `${name}.PML`));
      const full = await readPml(path.join(SAMPLES, `${name}.PML`), { allEvents: true });
      const stringsAt = u64(src, 0x258);
      const file = path.join(dir, `${name}-cut-tables.PML`);
      await writeFile(file, src.subarray(0, stringsAt + 64));
      const store = await readPml(file, { allEvents: true });
      expect(store.length).toBe(full.length);
      expect(store.warnings.some((w) => /strings table/.test(w.message) && /offset 0x/.test(w.place))).toBe(
        true,
      );
    });
  }

  it('a capture that was not closed cleanly loads its events with a warning', async () => {
    const src = Buffer.from(await readFile(path.join(SAMPLES, 'zingus-crysis_Logfile.PML')));
    const eventsEnd = u64(src, 0x248);
    const copy = Buffer.from(src.subarray(0, eventsEnd));
    // Procmon fills in the count and the table offsets only when it closes the file.
    copy.writeUInt32LE(0, 0x234);
    for (const at of [0x248, 0x250, 0x258, 0x260, 0x3a0]) copy.writeBigUInt64LE(0n, at);
    const file = path.join(dir, 'unclosed.PML');
    await writeFile(file, copy);
    const store = await readPml(file, { allEvents: true });
    expect(store.length).toBe(15757);
    expect(store.warnings.map((w) => w.message).join('\n')).toMatch(/not closed cleanly/);
  });

  it('garbage inside event records neither crashes nor hangs the reader', async () => {
    for (const name of ['procmon-parser_UTC32Filesystem', 'zingus-crysis_Logfile']) {
      const src = Buffer.from(await readFile(path.join(SAMPLES, `${name}.PML`)));
      const eventsEnd = u64(src, 0x248);
      let seed = 12345;
      const random = (): number => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        return seed / 4294967296;
      };
      for (let k = 0; k < 400; k++)
        src[0x3a8 + Math.floor(random() * (eventsEnd - 0x3a8))] = Math.floor(random() * 256);
      const file = path.join(dir, `${name}-garbled.PML`);
      await writeFile(file, src);
      const store = await readPml(file, { allEvents: true });
      expect(store.length).toBeGreaterThan(src.readUInt32LE(0x234) * 0.9);
    }
  });

  it('a file shorter than the header is refused with a clear message', async () => {
    const src = await readFile(path.join(SAMPLES, 'zingus-crysis_Logfile.PML'));
    const file = path.join(dir, 'stub.PML');
    await writeFile(file, src.subarray(0, 100));
    await expect(readPml(file)).rejects.toThrow(/stub\.PML: file is too short for a Process Monitor log/);
  });
});

describe('multi-file captures', () => {
  it('Logfile.PML + Logfile-1.PML open as one trace in capture order', async () => {
    const src = Buffer.from(await readFile(path.join(SAMPLES, 'prsp0007-samples_Logfile.PML')));
    const later = Buffer.from(src);
    // The second part: the same events one hour later.
    const n = later.readUInt32LE(0x234);
    const offsets = u64(later, 0x248);
    for (let i = 0; i < n; i++) {
      const at = later.readUInt32LE(offsets + i * 5) + 0x1c;
      later.writeBigUInt64LE(later.readBigUInt64LE(at) + 36000000000n, at);
    }
    const set = path.join(dir, 'set');
    await rm(set, { recursive: true, force: true });
    await mkdir(set);
    await writeFile(path.join(set, 'Logfile.PML'), src);
    await writeFile(path.join(set, 'Logfile-1.PML'), later);
    const single = await readPml(path.join(SAMPLES, 'prsp0007-samples_Logfile.PML'));
    const both = await readPml(path.join(set, 'Logfile-1.PML'));
    expect(both.length).toBe(2 * single.length);
    expect(both.timeValue(single.length) - both.timeValue(0)).toBeGreaterThan(3500);
    expect(both.operation(single.length)).toBe(single.operation(0));
    expect(both.warnings.some((w) => /2 files: Logfile\.PML, Logfile-1\.PML/.test(w.message))).toBe(true);
  });
});

describe('progress and cancellation', () => {
  it('reports progress up to the file size and stops when aborted', async () => {
    const file = path.join(SAMPLES, 'zingus-crysis_Logfile.PML');
    const seen: number[] = [];
    const store = await readPml(file, {
      allEvents: true,
      onProgress: (p) => seen.push(p.bytesRead / p.bytesTotal),
    });
    expect(store.length).toBe(15757);
    expect(seen.at(-1)).toBe(1);
    const ac = new AbortController();
    ac.abort();
    await expect(readPml(file, { signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});
