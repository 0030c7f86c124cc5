/**
 * Mutations that know the shape of text input: CSV quoting and columns, line structure and
 * encodings, XML nesting and oddities, and JSON values replaced by other shapes.
 */
import { concat, enc, int, INTERESTING_TEXT, join, pick, position, type Op, type Rng } from './mutate-bytes';

/** Positions just after a structural character of the flavor (field or tag boundaries). */
export function boundary(b: Uint8Array, rng: Rng, chars: readonly number[]): number {
  for (let tries = 0; tries < 32; tries++) {
    const p = position(rng, b.length);
    if (chars.includes(b[p])) return p + 1;
  }
  return position(rng, b.length + 1);
}

export const insertText =
  (text: string, chars: readonly number[]): Op =>
  (b, { rng }) => {
    const at = boundary(b, rng, chars);
    return concat(b.subarray(0, at), enc.encode(text), b.subarray(at));
  };

export const interestingField: Op = (b, m) =>
  insertText(pick(m.rng, INTERESTING_TEXT), [0x2c, 0x22, 0x3e, 0x0a])(b, m, 0);

export const unbalancedQuote: Op = (b, m) => insertText('"', [0x2c, 0x0a, 0x22])(b, m, 0);

export const longLine: Op = (b, { rng }, max) => {
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

export const manyColumns: Op = (b, { rng }) => {
  const n = rng() < 0.5 ? 300 + int(rng, 3000) : 100_000;
  return insertText(','.repeat(n), [0x0a])(b, { bytes: b, flavor: 'csv', rng }, 0);
};

export const lineEndings: Op = (b, { rng }) => {
  const from = pick(rng, [0x0a, 0x0d]);
  const to = pick(rng, [0x0d, 0x00, 0x20]);
  const out = b.slice();
  const start = position(rng, out.length);
  const end = Math.min(out.length, start + 1 + int(rng, 1 << 16));
  for (let i = start; i < end; i++) if (out[i] === from) out[i] = to;
  return out;
};

export const bomSwap: Op = (b, { rng }) => {
  const boms = [[0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff], [0xff, 0xfe, 0x00, 0x00], []];
  let body = b;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) body = b.subarray(3);
  else if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) body = b.subarray(2);
  return concat(Uint8Array.from(pick(rng, boms)), body);
};

export const badUtf8: Op = (b, m) => {
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

export const repeatLine: Op = (b, { rng }, max) => {
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

export const deepNesting: Op = (b, { rng }, max) => {
  const depth = Math.min(rng() < 0.5 ? 1000 + int(rng, 5000) : 200_000, Math.floor((max - b.length) / 8));
  if (depth <= 0) return b;
  const open = rng() < 0.5 ? '<a>' : '<Data Name="x">';
  const closed = rng() < 0.5;
  const text = open.repeat(depth) + (closed ? (open === '<a>' ? '</a>' : '</Data>').repeat(depth) : '');
  return insertText(text, [0x3e])(b, { bytes: b, flavor: 'xml', rng }, 0);
};

export const xmlOddity: Op = (b, m) =>
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

export const deepJson: Op = (b, { rng }) => {
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
export const jsonValue: Op = (b, { rng }) => {
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
