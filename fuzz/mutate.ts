/**
 * Mutations for the fuzzer, in the spirit of the libyal and evtx-crate fuzzing practice: blind byte
 * level changes (bit flips, interesting values, arithmetic, truncation, chunk removal/duplication,
 * splices of two inputs) plus changes that know the shape of the input: huge values written where a
 * length, count or offset probably sits, and for text the quoting, line and nesting structure that
 * CSV and XML readers depend on. Each call stacks one to four mutations; all randomness comes from
 * the given generator so a run is reproducible from its seed.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { buildZip, readZipLoose, type ZipSpec } from './zip-builder';

export type Flavor = 'csv' | 'xml' | 'text' | 'json' | 'binary' | 'zip';

export type Rng = () => number;

export interface MutationInput {
  bytes: Uint8Array;
  flavor: Flavor;
  rng: Rng;
  /** Another input of the same target, for splices. */
  other?: Uint8Array;
  /** Largest output produced (default 8 MiB). */
  maxBytes?: number;
}

export interface Mutated {
  bytes: Uint8Array;
  ops: string[];
}

const INTERESTING_8 = [0x00, 0xff, 0x7f, 0x80, 0x01, 0xfe, 0x20, 0x0a, 0x0d, 0x22, 0x3c, 0x2c];
const INTERESTING_32 = [
  0, 0xffffffff, 0x7fffffff, 0x80000000, 0xfffffffe, 0x10000, 0xffff, 0x8000, 0x100000, 0x40000000, 1,
];
const INTERESTING_TEXT = [
  '',
  '-1',
  '0',
  '4294967296',
  '99999999999999999999999999',
  'NaN',
  '1e308',
  '0x',
  '0xFFFFFFFF',
  '\u202E',
  '\uFFFD',
  '\uD800',
  '12:00:00.0000000 XM',
  '13/45/2020 25:61:61',
  '"',
  '""',
  ',',
  '\t',
  '\r',
  '\n',
  '<',
  '&amp',
  '&#0;',
  '&#xD800;',
  ']]>',
  '\u0000',
  '%s%n',
  '${x}',
  '__proto__',
  'constructor',
];

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
const int = (rng: Rng, n: number): number => Math.floor(rng() * n);
/** Small positions are likelier: headers and first records are where most structure sits. */
const position = (rng: Rng, n: number): number => (rng() < 0.5 ? int(rng, Math.min(n, 1024)) : int(rng, n));

function concat(...parts: Uint8Array[]): Uint8Array {
  return join(parts);
}

function join(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const enc = new TextEncoder();

type Op = (b: Uint8Array, m: MutationInput, max: number) => Uint8Array;

const bitFlip: Op = (b, { rng }) => {
  if (b.length === 0) return b;
  const out = b.slice();
  for (let k = 1 + int(rng, 8); k > 0; k--) out[position(rng, out.length)] ^= 1 << int(rng, 8);
  return out;
};

const interestingByte: Op = (b, { rng }) => {
  if (b.length === 0) return b;
  const out = b.slice();
  out[position(rng, out.length)] = pick(rng, INTERESTING_8);
  return out;
};

const arithmetic: Op = (b, { rng }) => {
  if (b.length < 4) return b;
  const out = b.slice();
  const at = position(rng, out.length - 3);
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const delta = (int(rng, 35) + 1) * (rng() < 0.5 ? -1 : 1);
  if (rng() < 0.5) out[at] = (out[at] + delta) & 0xff;
  else dv.setUint32(at, (dv.getUint32(at, true) + delta) >>> 0, true);
  return out;
};

/**
 * Writes a huge or boundary u16/u32/u64 where a length, count or offset probably is: an aligned
 * little-endian word whose value is small and non-zero, or below the file size (an offset).
 */
const hugeField: Op = (b, { rng }) => {
  if (b.length < 8) return b;
  const out = b.slice();
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  let at = -1;
  for (let tries = 0; tries < 64 && at < 0; tries++) {
    const p = position(rng, out.length - 7) & ~3;
    const v = dv.getUint32(p, true);
    if (v > 0 && v <= out.length * 2) at = p;
  }
  if (at < 0) at = position(rng, out.length - 7) & ~1;
  const width = pick(rng, [2, 4, 4, 4, 8]);
  const value = rng() < 0.2 ? out.length + int(rng, 3) - 1 : pick(rng, INTERESTING_32);
  if (width === 2) dv.setUint16(at, value & 0xffff, true);
  else if (width === 4) dv.setUint32(at, value >>> 0, true);
  else {
    dv.setUint32(at, value >>> 0, true);
    dv.setUint32(at + 4, rng() < 0.5 ? 0xffffffff : 0x7fffffff, true);
  }
  return out;
};

const truncate: Op = (b, { rng }) =>
  b.length === 0 ? b : b.slice(0, rng() < 0.3 ? int(rng, 64) : position(rng, b.length));

const removeChunk: Op = (b, { rng }) => {
  if (b.length < 2) return b;
  const at = position(rng, b.length);
  const len = 1 + int(rng, Math.min(b.length - at, rng() < 0.5 ? 16 : 4096));
  return concat(b.subarray(0, at), b.subarray(at + len));
};

const duplicateChunk: Op = (b, { rng }, max) => {
  if (b.length === 0) return b;
  const from = position(rng, b.length);
  const chunk = b.subarray(from, from + 1 + int(rng, Math.min(b.length - from, 4096)));
  const times =
    rng() < 0.8 ? 1 + int(rng, 4) : Math.max(1, Math.floor(Math.min(max - b.length, 2 << 20) / chunk.length));
  const at = position(rng, b.length + 1);
  const parts: Uint8Array[] = [b.subarray(0, at)];
  for (let i = 0; i < times; i++) parts.push(chunk);
  parts.push(b.subarray(at));
  return join(parts);
};

const insertRun: Op = (b, { rng }, max) => {
  const len = Math.min(max - b.length, rng() < 0.7 ? 1 + int(rng, 300) : 65536 + int(rng, 1 << 20));
  if (len <= 0) return b;
  const run = new Uint8Array(len).fill(pick(rng, INTERESTING_8.concat([0x41])));
  const at = position(rng, b.length + 1);
  return concat(b.subarray(0, at), run, b.subarray(at));
};

const splice: Op = (b, { rng, other }) => {
  if (!other || other.length === 0) return b;
  const cut = position(rng, b.length + 1);
  const from = int(rng, other.length);
  return concat(b.subarray(0, cut), other.subarray(from));
};

// ---- text-aware ----

/** Positions just after a structural character of the flavor (field or tag boundaries). */
function boundary(b: Uint8Array, rng: Rng, chars: readonly number[]): number {
  for (let tries = 0; tries < 32; tries++) {
    const p = position(rng, b.length);
    if (chars.includes(b[p])) return p + 1;
  }
  return position(rng, b.length + 1);
}

const insertText =
  (text: string, chars: readonly number[]): Op =>
  (b, { rng }) => {
    const at = boundary(b, rng, chars);
    return concat(b.subarray(0, at), enc.encode(text), b.subarray(at));
  };

const interestingField: Op = (b, m) =>
  insertText(pick(m.rng, INTERESTING_TEXT), [0x2c, 0x22, 0x3e, 0x0a])(b, m, 0);

const unbalancedQuote: Op = (b, m) => insertText('"', [0x2c, 0x0a, 0x22])(b, m, 0);

const longLine: Op = (b, { rng }, max) => {
  const len = Math.min(
    max - b.length,
    rng() < 0.5 ? 70_000 + int(rng, 100_000) : 1_000_000 + int(rng, 3_000_000),
  );
  if (len <= 0) return b;
  const unit = enc.encode(pick(rng, ['A', 'ab,', '"x",', 'é', '<a>', ' ', '\t']));
  const line = new Uint8Array(len);
  for (let i = 0; i < len; i++) line[i] = unit[i % unit.length];
  const at = boundary(b, rng, [0x0a]);
  return concat(b.subarray(0, at), line, b.subarray(at));
};

const manyColumns: Op = (b, { rng }) => {
  const n = rng() < 0.5 ? 300 + int(rng, 3000) : 100_000;
  return insertText(','.repeat(n), [0x0a])(b, { bytes: b, flavor: 'csv', rng }, 0);
};

const lineEndings: Op = (b, { rng }) => {
  const from = pick(rng, [0x0a, 0x0d]);
  const to = pick(rng, [0x0d, 0x00, 0x20]);
  const out = b.slice();
  const start = position(rng, out.length);
  const end = Math.min(out.length, start + 1 + int(rng, 1 << 16));
  for (let i = start; i < end; i++) if (out[i] === from) out[i] = to;
  return out;
};

const bomSwap: Op = (b, { rng }) => {
  const boms = [[0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff], [0xff, 0xfe, 0x00, 0x00], []];
  let body = b;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) body = b.subarray(3);
  else if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) body = b.subarray(2);
  return concat(Uint8Array.from(pick(rng, boms)), body);
};

const badUtf8: Op = (b, m) => {
  const seqs = [
    [0xc3, 0x28],
    [0xe2, 0x82],
    [0xf0, 0x90, 0x80],
    [0xed, 0xa0, 0x80],
    [0xff],
    [0xc0, 0xaf],
    [0x00, 0x00],
  ];
  const at = position(m.rng, b.length + 1);
  return concat(b.subarray(0, at), Uint8Array.from(pick(m.rng, seqs)), b.subarray(at));
};

const repeatLine: Op = (b, { rng }, max) => {
  const start = boundary(b, rng, [0x0a]);
  let end = b.indexOf(0x0a, start);
  if (end < 0) end = b.length;
  const line = b.subarray(start, end + 1);
  if (line.length === 0) return b;
  const times = Math.min(rng() < 0.7 ? 2 + int(rng, 50) : 20_000, Math.floor((max - b.length) / line.length));
  if (times <= 0) return b;
  const parts: Uint8Array[] = [b.subarray(0, end + 1)];
  for (let i = 0; i < times; i++) parts.push(line);
  parts.push(b.subarray(end + 1));
  return join(parts);
};

const deepNesting: Op = (b, { rng }, max) => {
  const depth = Math.min(rng() < 0.5 ? 1000 + int(rng, 5000) : 200_000, Math.floor((max - b.length) / 8));
  if (depth <= 0) return b;
  const open = rng() < 0.5 ? '<a>' : '<Data Name="x">';
  const closed = rng() < 0.5;
  const text = open.repeat(depth) + (closed ? (open === '<a>' ? '</a>' : '</Data>').repeat(depth) : '');
  return insertText(text, [0x3e])(b, { bytes: b, flavor: 'xml', rng }, 0);
};

const xmlOddity: Op = (b, m) =>
  insertText(
    pick(m.rng, [
      '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
      '<![CDATA[',
      '</Event>',
      '</procmon>',
      '<?xml version="1.0" encoding="UTF-16"?>',
      '<a b=c>',
      `<x y="${'z'.repeat(200_000)}"/>`,
      '&undefined;',
      '&#x110000;',
      '<!--',
      '\u0000',
    ]),
    [0x3e, 0x3c],
  )(b, m, 0);

const deepJson: Op = (b, { rng }) => {
  const depth = rng() < 0.5 ? 1000 + int(rng, 10_000) : 100_000;
  const open = rng() < 0.5 ? '[' : '{"a":';
  const close = open === '[' ? ']' : '}';
  return insertText(open.repeat(depth) + (rng() < 0.5 ? '1' + close.repeat(depth) : ''), [0x3a, 0x5b, 0x2c])(
    b,
    { bytes: b, flavor: 'json', rng },
    0,
  );
};

/** Replaces one JSON value with another shape: wrong types, huge numbers and strings, nested junk. */
const jsonValue: Op = (b, { rng }) => {
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder().decode(b));
  } catch {
    return b;
  }
  const replacements: unknown[] = [
    null,
    -1,
    1e308,
    2 ** 53 + 1,
    0.5,
    '',
    'x'.repeat(100_000),
    [],
    {},
    [[[[[]]]]],
    true,
    '\u202E<script>alert(1)</script>',
    JSON.parse('{"__proto__":{"polluted":true}}') as unknown,
    Array.from({ length: 5000 }, (_, i) => ({ id: i })),
  ];
  const nodes: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (v: unknown): void => {
    if (nodes.length > 5000 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v))
      v.forEach((x, i) => {
        nodes.push({ parent: v, key: i });
        walk(x);
      });
    else
      for (const [k, x] of Object.entries(v)) {
        nodes.push({ parent: v as Record<string, unknown>, key: k });
        walk(x);
      }
  };
  walk(doc);
  if (nodes.length === 0) return b;
  const n = pick(rng, nodes);
  const r = pick(rng, replacements);
  if (Array.isArray(n.parent)) {
    if (rng() < 0.2) n.parent.splice(n.key as number, 1);
    else n.parent[n.key as number] = r;
  } else if (rng() < 0.2) delete n.parent[n.key as string];
  else n.parent[n.key as string] = r;
  return enc.encode(JSON.stringify(doc));
};

/** Zip keeps its directory at the end: change the central directory and end record fields there. */
const tailField: Op = (b, m, max) => {
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
const rezip: Op = (b, m) => {
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

const GENERIC: [Op, string, number][] = [
  [bitFlip, 'bit-flip', 3],
  [interestingByte, 'interesting-byte', 3],
  [arithmetic, 'arithmetic', 2],
  [hugeField, 'huge-field', 3],
  [truncate, 'truncate', 2],
  [removeChunk, 'remove-chunk', 2],
  [duplicateChunk, 'duplicate-chunk', 2],
  [insertRun, 'insert-run', 1],
  [splice, 'splice', 1],
];

const TEXT: [Op, string, number][] = [
  [interestingField, 'interesting-field', 3],
  [unbalancedQuote, 'unbalanced-quote', 2],
  [longLine, 'long-line', 1],
  [lineEndings, 'line-endings', 1],
  [bomSwap, 'bom-swap', 1],
  [badUtf8, 'bad-utf8', 2],
  [repeatLine, 'repeat-line', 1],
];

const BY_FLAVOR: Record<Flavor, [Op, string, number][]> = {
  binary: GENERIC,
  zip: [...GENERIC, [tailField, 'tail-field', 4], [rezip, 'rezip', 24]],
  text: [...GENERIC, ...TEXT],
  csv: [...GENERIC, ...TEXT, [manyColumns, 'many-columns', 1], [unbalancedQuote, 'unbalanced-quote', 2]],
  xml: [...GENERIC, ...TEXT, [deepNesting, 'deep-nesting', 2], [xmlOddity, 'xml-oddity', 3]],
  json: [
    ...GENERIC,
    [interestingField, 'interesting-field', 1],
    [deepJson, 'deep-json', 1],
    [jsonValue, 'json-value', 6],
  ],
};

function choose(rng: Rng, ops: [Op, string, number][]): [Op, string] {
  const total = ops.reduce((s, [, , w]) => s + w, 0);
  let r = rng() * total;
  for (const [op, name, w] of ops) {
    r -= w;
    if (r < 0) return [op, name];
  }
  return [ops[0][0], ops[0][1]];
}

export function mutate(m: MutationInput): Mutated {
  const max = m.maxBytes ?? 8 * 1024 * 1024;
  const ops: string[] = [];
  let bytes = m.bytes;
  const rounds = 1 + Math.floor(m.rng() * m.rng() * 4);
  for (let i = 0; i < rounds; i++) {
    const [op, name] = choose(m.rng, BY_FLAVOR[m.flavor]);
    bytes = op(bytes, m, max);
    if (bytes.length > max) bytes = bytes.subarray(0, max);
    ops.push(name);
  }
  return { bytes, ops };
}
