/**
 * The zod schema of a version-1 case file. It follows the types in shared/model/case.ts; the
 * `satisfies` below keeps the two from drifting. Lenient where a hand edit or a later build may
 * leave something harmless (an unknown input kind, odd view state); strict where the data matters
 * (hashes, annotation targets, sequence numbers).
 */
import { z } from 'zod';
import type { CaseFile, CaseView } from '../../../shared/model/case';
import type { InputKind } from '../../../shared/model/trace';

const INPUT_KINDS = [
  'procmon-csv',
  'procmon-csv-excel',
  'procmon-stack-csv',
  'procmon-xml',
  'procmon-pml',
  'evtx',
  'eventviewer-xml',
  'eventviewer-csv',
  'eventviewer-txt',
  'cbs-log',
  'dism-log',
  'panther-log',
  'windowsupdate-log',
  'setupdiag',
  'fltmc',
  'icacls',
  'text-log',
  'zip',
  'unknown',
] as const satisfies readonly InputKind[];

const inputKind = z
  .string()
  .transform((k): InputKind =>
    (INPUT_KINDS as readonly string[]).includes(k) ? (k as InputKind) : 'unknown',
  );

const side = z.enum(['baseline', 'problem']);
const seq = z.number().int().nonnegative();
const sha256 = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, 'expected a SHA-256 as 64 hex digits')
  .transform((s) => s.toLowerCase());

const caseInput = z.object({
  path: z.string().min(1),
  size: z.number().int().nonnegative(),
  sha256,
  side: z.enum(['baseline', 'problem', 'log']),
  kind: inputKind,
  encoding: z.string(),
});

const target = z.discriminatedUnion('type', [
  z.object({ type: z.literal('event'), side, seq, inputSha256: sha256 }),
  z.object({
    type: z.literal('aligned'),
    baselineSeq: z.number().int().min(-1),
    problemSeq: z.number().int().min(-1),
  }),
  z.object({ type: z.literal('log'), logSha256: sha256, line: seq }),
  z.object({ type: z.literal('finding'), findingKey: z.string().min(1) }),
]);

const annotation = z.object({
  id: z.string().min(1),
  target,
  tags: z.array(z.string().min(1)),
  note: z.string(),
  created: z.string(),
  updated: z.string(),
});

const machine = z.object({ name: z.string(), os: z.string() });

const metadata = z.object({
  ticket: z.string(),
  customer: z.string(),
  engineer: z.string(),
  machines: z.object({ baseline: machine, problem: machine }),
});

const rule = z.object({
  id: z.string(),
  label: z.string(),
  pattern: z.string(),
  replacement: z.string(),
  enabled: z.boolean(),
  builtin: z.boolean(),
  touched: z.number().optional(),
});

const filterRule = z.object({
  column: z.string(),
  relation: z.enum([
    'is',
    'is not',
    'contains',
    'excludes',
    'begins with',
    'ends with',
    'less than',
    'more than',
  ]),
  value: z.string(),
  action: z.enum(['include', 'exclude']),
  enabled: z.boolean().optional(),
});

// View state is a convenience: a bad value is dropped rather than making the case unreadable.
const view = z
  .looseObject({
    filters: z.array(filterRule).optional().catch(undefined),
    selectedFinding: z.string().optional().catch(undefined),
    paneSizes: z.array(z.number()).optional().catch(undefined),
    language: z.enum(['zh-CN', 'en']).optional().catch(undefined),
  })
  .transform((v) => v as CaseView);

export const caseFileSchema = z.object({
  version: z.literal(1),
  title: z.string(),
  conclusion: z.string(),
  created: z.string(),
  updated: z.string(),
  appVersion: z.string(),
  metadata,
  inputs: z.array(caseInput),
  annotations: z.array(annotation),
  rules: z.array(rule),
  view,
}) satisfies z.ZodType<CaseFile, unknown>;

/** Names the place of a schema violation as a path like `annotations[2].target.seq`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out === '' ? '(top level)' : out;
}
