/**
 * Every stack of a real capture, as TraceStore.stack resolves it after the reader stored it raw,
 * against the frames computed the slow and obvious way straight from the file's bytes.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProcessInfo, StackFrame } from '../../../../shared/model/trace';
import { readPml } from './read-pml';

function reference(
  addresses: readonly bigint[],
  owner: ProcessInfo | undefined,
  kernelModules: ProcessInfo | undefined,
  maxUser: bigint,
): StackFrame[] {
  return addresses.map((a, depth) => {
    const kernel = a > maxUser;
    const list = (kernel ? kernelModules : owner)?.modules ?? [];
    // Module lists repeat a module at one base (seen with two spellings): the later one counts.
    const m = list.findLast((x) => BigInt(x.base) <= a && a - BigInt(x.base) < BigInt(x.size));
    const address = '0x' + a.toString(16);
    if (!m) return { depth, address, module: '<unknown>', location: address, path: '', kernel };
    const name = m.path.slice(m.path.lastIndexOf('\\') + 1);
    const offset = a - BigInt(m.base);
    return {
      depth,
      address,
      module: name,
      location: `${name} + 0x${offset.toString(16)}`,
      path: m.path,
      kernel,
    };
  });
}

describe('PML stacks', () => {
  for (const [name, is64] of [
    ['procmon-parser_UTC64Process', true],
    ['procmon-parser_UTC32Filesystem', false],
  ] as const) {
    it(`${name}: every stack gives the reference frames`, async () => {
      const file = path.resolve(process.cwd(), `../shared/samples/procmon/${name}.PML`);
      const bytes = await readFile(file);
      const store = await readPml(file, { allEvents: true, parallel: false });
      const n = bytes.readUInt32LE(0x234);
      expect(store.length).toBe(n);
      // Highest user address (header 0x268); 0 in old captures means the platform default.
      let maxUser = bytes.readBigUInt64LE(0x268);
      if (maxUser === 0n) maxUser = is64 ? 0x7fffffffffffn : 0x7fffffffn;
      const system = store.processes.find((p) => p.name === 'System');
      const offsets = Number(bytes.readBigUInt64LE(0x248));
      const ptr = is64 ? 8 : 4;
      let frames = 0;
      for (let i = 0; i < n; i++) {
        const e = bytes.readUInt32LE(offsets + i * 5);
        const depth = bytes.readUInt16LE(e + 0x28);
        const addresses: bigint[] = [];
        for (let k = 0; k < depth; k++)
          addresses.push(
            is64 ? bytes.readBigUInt64LE(e + 0x34 + ptr * k) : BigInt(bytes.readUInt32LE(e + 0x34 + ptr * k)),
          );
        const expected = reference(addresses, store.processes[store.cols.processIndex[i]], system, maxUser);
        const got = store.stack(i);
        frames += got.length;
        if (JSON.stringify(got) !== JSON.stringify(expected))
          expect({ seq: i, got }).toEqual({ seq: i, got: expected });
      }
      expect(frames).toBeGreaterThan(50_000);
    });
  }

  it('reads stacks back from the file, and gives none for a record changed since', async () => {
    const src = path.resolve(process.cwd(), '../shared/samples/procmon/procmon-parser_UTC64Process.PML');
    const dir = await mkdtemp(path.join(tmpdir(), 'pml-stack-'));
    try {
      const file = path.join(dir, 'copy.PML');
      const bytes = await readFile(src);
      await writeFile(file, bytes);
      const store = await readPml(file, { allEvents: true, parallel: false });
      const original = await readPml(src, { allEvents: true, parallel: false });
      expect(original.stack(0).length).toBeGreaterThan(0);
      // Another thread id in event 0's record: that record no longer describes the stored event.
      const offsets = Number(bytes.readBigUInt64LE(0x248));
      const e = bytes.readUInt32LE(offsets);
      bytes.writeUInt32LE(bytes.readUInt32LE(e + 4) ^ 1, e + 4);
      await writeFile(file, bytes);
      expect(store.stack(0)).toEqual([]);
      expect(store.stack(1)).toEqual(original.stack(1));
      expect(store.stack(1).length).toBeGreaterThan(0);
      // A file gone gives no stacks, not an error.
      const unread = await readPml(file, { allEvents: true, parallel: false });
      await rm(file);
      expect(unread.stack(2)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
