/**
 * Mutations for the fuzzer, in the spirit of the libyal and evtx-crate fuzzing practice: blind byte
 * level changes (bit flips, interesting values, arithmetic, truncation, chunk removal/duplication,
 * splices of two inputs) plus changes that know the shape of the input: huge values written where a
 * length, count or offset probably sits, and for text the quoting, line and nesting structure that
 * CSV and XML readers depend on. Each call stacks one to four mutations; all randomness comes from
 * the given generator so a run is reproducible from its seed.
 */
import {
  arithmetic,
  bitFlip,
  duplicateChunk,
  hugeField,
  insertRun,
  interestingByte,
  removeChunk,
  splice,
  truncate,
  type Flavor,
  type MutationInput,
  type Mutated,
  type Op,
  type Rng,
} from './mutate-bytes';
import {
  badUtf8,
  bomSwap,
  deepJson,
  deepNesting,
  interestingField,
  jsonValue,
  lineEndings,
  longLine,
  manyColumns,
  repeatLine,
  unbalancedQuote,
  xmlOddity,
} from './mutate-text';
import { rezip, tailField } from './mutate-zip';

export type { Flavor, MutationInput, Mutated, Rng } from './mutate-bytes';

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
