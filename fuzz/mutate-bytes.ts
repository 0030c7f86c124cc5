/**
 * Byte-level mutations (the blind part of the fuzzer, after libyal's and the evtx crate's practice):
 * bit flips, interesting values, arithmetic, huge values where a length, count or offset probably
 * sits, truncation, chunk removal and duplication, long runs and splices of two inputs. Shared
 * types and helpers for the text and zip mutations live here too.
 */

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

export const INTERESTING_8 = [0x00, 0xff, 0x7f, 0x80, 0x01, 0xfe, 0x20, 0x0a, 0x0d, 0x22, 0x3c, 0x2c];
export const INTERESTING_32 = [
  0, 0xffffffff, 0x7fffffff, 0x80000000, 0xfffffffe, 0x10000, 0xffff, 0x8000, 0x100000, 0x40000000, 1,
];
export const INTERESTING_TEXT = [
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

export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
export const int = (rng: Rng, n: number): number => Math.floor(rng() * n);
/** Small positions are likelier: headers and first records are where most structure sits. */
export const position = (rng: Rng, n: number): number =>
  rng() < 0.5 ? int(rng, Math.min(n, 1024)) : int(rng, n);

export function concat(...parts: Uint8Array[]): Uint8Array {
  return join(parts);
}

export function join(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export const enc = new TextEncoder();

export type Op = (b: Uint8Array, m: MutationInput, max: number) => Uint8Array;

export const bitFlip: Op = (b, { rng }) => {
  if (b.length === 0) return b;
  const out = b.slice();
  for (let k = 1 + int(rng, 8); k > 0; k--) out[position(rng, out.length)] ^= 1 << int(rng, 8);
  return out;
};

export const interestingByte: Op = (b, { rng }) => {
  if (b.length === 0) return b;
  const out = b.slice();
  out[position(rng, out.length)] = pick(rng, INTERESTING_8);
  return out;
};

export const arithmetic: Op = (b, { rng }) => {
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
export const hugeField: Op = (b, { rng }) => {
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

export const truncate: Op = (b, { rng }) =>
  b.length === 0 ? b : b.slice(0, rng() < 0.3 ? int(rng, 64) : position(rng, b.length));

export const removeChunk: Op = (b, { rng }) => {
  if (b.length < 2) return b;
  const at = position(rng, b.length);
  const len = 1 + int(rng, Math.min(b.length - at, rng() < 0.5 ? 16 : 4096));
  return concat(b.subarray(0, at), b.subarray(at + len));
};

export const duplicateChunk: Op = (b, { rng }, max) => {
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

export const insertRun: Op = (b, { rng }, max) => {
  const len = Math.min(max - b.length, rng() < 0.7 ? 1 + int(rng, 300) : 65536 + int(rng, 1 << 20));
  if (len <= 0) return b;
  const run = new Uint8Array(len).fill(pick(rng, INTERESTING_8.concat([0x41])));
  const at = position(rng, b.length + 1);
  return concat(b.subarray(0, at), run, b.subarray(at));
};

export const splice: Op = (b, { rng, other }) => {
  if (!other || other.length === 0) return b;
  const cut = position(rng, b.length + 1);
  const from = int(rng, other.length);
  return concat(b.subarray(0, cut), other.subarray(from));
};
