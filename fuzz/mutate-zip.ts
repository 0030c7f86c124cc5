/**
 * Mutations for zip bundles: the central directory sits at the end, so fields there are changed
 * directly; and an archive laid out like buildZip's is read back, one entry changed (hostile name,
 * lying size, CRC, flags, method, new content, a bomb, thousands of entries) and written again.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { buildZip, readZipLoose, type ZipSpec } from './zip-builder';
import { bitFlip, duplicateChunk, hugeField, int, INTERESTING_32, pick, type Op } from './mutate-bytes';

/** Zip keeps its directory at the end: change the central directory and end record fields there. */
export const tailField: Op = (b, m, max) => {
  if (b.length < 64) return b;
  const from = Math.max(0, b.length - 22 - 46 * 4 - 256);
  const tail = b.subarray(from);
  const changed = (m.rng() < 0.5 ? hugeField : bitFlip)(tail, m, max);
  const out = b.slice();
  out.set(changed.subarray(0, tail.length), from);
  return out;
};

const HOSTILE_NAMES = [
  '../../evil.log',
  '/abs/evil.log',
  'C:/Windows/evil.log',
  '..\\evil.log',
  'a/./b/../../../c.log',
  'CON',
  'aux.txt',
  'trailing. ',
  'x'.repeat(1000),
  `${'d/'.repeat(100)}deep.log`,
  'na\u0000me.log',
  '\u202Egol.exe',
  'логи/CBS.log',
  '',
  '/',
];

/** Rewrites one entry of an archive: its name, data, declared size, CRC, flags or method; or adds entries. */
export const rezip: Op = (b, m) => {
  const specs = readZipLoose(b);
  if (!specs || specs.length === 0) return tailField(b, m, 0);
  const { rng } = m;
  const i = int(rng, specs.length);
  const s: ZipSpec = { ...specs[i] };
  const what = int(rng, 9);
  if (what === 0) s.name = pick(rng, HOSTILE_NAMES);
  else if (what === 1) s.declaredSize = pick(rng, INTERESTING_32);
  else if (what === 2) s.crc = int(rng, 0xffffffff);
  else if (what === 3) s.flags = pick(rng, [0, 1, 8, 0x41, 0x800, 0xffff]);
  else if (what === 4) s.method = pick(rng, [0, 8, 9, 12, 14, 99, 0xffff]);
  else if (what === 5) {
    // Change the content and store it again with honest headers, so the entry reaches the readers.
    let data: Uint8Array = s.compressed ?? new Uint8Array(0);
    try {
      if (s.method === 8) data = inflateRawSync(data);
    } catch {
      data = new Uint8Array(0);
    }
    const changed = (rng() < 0.5 ? bitFlip : duplicateChunk)(data, m, 1 << 20);
    return buildZip(specs.map((x, k) => (k === i ? { name: x.name, data: changed } : x)));
  } else if (what === 6) {
    const bomb = deflateRawSync(new Uint8Array(8 << 20));
    return buildZip([
      ...specs,
      { name: 'bomb.log', data: new Uint8Array(0), compressed: bomb, declaredSize: 8 << 20, crc: 0 },
    ]);
  } else if (what === 7) {
    return buildZip([
      ...specs,
      ...Array.from({ length: 100 + int(rng, 2000) }, (_, k) => ({
        name: `many/${k}.log`,
        data: new Uint8Array(1),
      })),
    ]);
  } else return buildZip([...specs, { ...s }]);
  return buildZip(specs.map((x, k) => (k === i ? s : x)));
};
