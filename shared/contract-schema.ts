/**
 * Runtime schemas for every request of the contract. The host validates each call against these
 * before anything runs, because a request may come from a page the host does not trust (browser
 * mode) or from a renderer that has been tampered with; a bad call is a `bad-request`, never a crash.
 * Bounds (page sizes, string lengths, list lengths) keep one call from asking the host for unbounded work.
 */
import { z } from 'zod';
import type { ContractMethod, ContractRequest } from './contract';
import { TRACE_COLUMNS } from './model/trace';

/** Largest page a query may ask for; the grids ask for a few hundred rows at a time. */
export const MAX_PAGE = 10_000;
const MAX_TEXT = 4096;
const MAX_PATH = 32_767; // the longest Windows extended-length path

const side = z.enum(['baseline', 'problem']);
const offset = z.int().min(0).max(Number.MAX_SAFE_INTEGER);
const limit = z.int().min(0).max(MAX_PAGE);
const seq = z.int().min(0).max(Number.MAX_SAFE_INTEGER);
const empty = z.strictObject({});

const sortSpec = z.strictObject({
  column: z.enum(TRACE_COLUMNS),
  direction: z.enum(['asc', 'desc']),
});

const filterRule = z.strictObject({
  column: z.enum([...TRACE_COLUMNS, 'Result Class']),
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
  value: z.string().max(MAX_TEXT),
  action: z.enum(['include', 'exclude']),
  enabled: z.boolean().optional(),
});
const filters = z.array(filterRule).max(200);

const inputRef = z.union([
  z.strictObject({ path: z.string().min(1).max(MAX_PATH) }),
  z.strictObject({ uploadId: z.string().min(1).max(128) }),
]);

const inputRequest = z.strictObject({
  ref: inputRef,
  role: z.enum(['baseline', 'problem', 'log', 'auto']),
  name: z.string().max(1024).optional(),
});

const normalizationRule = z.strictObject({
  id: z.string().min(1).max(200),
  label: z.string().max(1000),
  pattern: z
    .string()
    .max(MAX_TEXT)
    .refine(
      (source) => {
        try {
          new RegExp(source, 'i');
          return true;
        } catch {
          return false;
        }
      },
      { message: 'not a valid regular expression' },
    ),
  replacement: z.string().max(MAX_TEXT),
  enabled: z.boolean(),
  builtin: z.boolean(),
  touched: z.number().optional(),
});

/** Notes and conclusions are prose (often Chinese); bounded so one call stays small. */
const MAX_NOTE = 100_000;
const shortText = z.string().max(1000);
const tag = z.string().trim().min(1).max(100);
const tags = z.array(tag).max(50);
const sha256 = z.string().regex(/^[0-9a-fA-F]{64}$/, 'expected a SHA-256 as 64 hex digits');

const annotationTargetRef = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('event'), side, seq }),
  z.strictObject({
    type: z.literal('aligned'),
    baselineSeq: z.int().min(-1).max(Number.MAX_SAFE_INTEGER),
    problemSeq: z.int().min(-1).max(Number.MAX_SAFE_INTEGER),
  }),
  z.strictObject({ type: z.literal('log'), logId: z.string().min(1).max(128), line: seq }),
  z.strictObject({ type: z.literal('finding'), findingKey: z.string().min(1).max(200) }),
]);

const machineChange = z.strictObject({ name: shortText.optional(), os: shortText.optional() });

// View state is the renderer's convenience; kept small and loose like the case file's own schema.
const caseView = z
  .looseObject({
    filters: filters.optional(),
    selectedFinding: z.string().max(200).optional(),
    paneSizes: z.array(z.number()).max(20).optional(),
    language: z.enum(['zh-CN', 'en']).optional(),
  })
  .refine((v) => JSON.stringify(v).length <= 64 * 1024, { message: 'view state is too large' });

const caseRef = z.union([
  z.strictObject({
    path: z.string().min(1).max(MAX_PATH),
    recover: z.boolean().optional(),
    name: z.string().max(1024).optional(),
  }),
  z.strictObject({ uploadId: z.string().min(1).max(128), name: z.string().max(1024).optional() }),
]);

type RequestSchemas = { [M in ContractMethod]: z.ZodType<ContractRequest<M>> };

export const REQUEST_SCHEMAS = {
  getState: empty,
  openDemo: empty,
  compareAgain: empty,
  openInputs: z.strictObject({ inputs: z.array(inputRequest).min(1).max(64) }),
  cancelJob: z.strictObject({ jobId: z.string().min(1).max(128) }),
  closeInput: z.strictObject({ id: z.string().min(1).max(128) }),
  swapSides: empty,
  queryEvents: z.strictObject({
    side,
    offset,
    limit,
    sort: sortSpec.optional(),
    filters: filters.optional(),
  }),
  findEventIndex: z.strictObject({ side, seq, sort: sortSpec.optional(), filters: filters.optional() }),
  getEvent: z.strictObject({ side, seq }),
  listFailures: z.strictObject({ side, limit }),
  getFindings: empty,
  queryAligned: z.strictObject({
    offset,
    limit,
    filters: filters.optional(),
    expandAll: z.boolean().optional(),
  }),
  queryLogs: z.strictObject({
    offset,
    limit,
    logIds: z.array(z.string().max(128)).max(256).optional(),
    levels: z
      .array(z.enum(['error', 'warning', 'info', 'verbose']))
      .max(4)
      .optional(),
    text: z.string().max(MAX_TEXT).optional(),
  }),
  explainCodes: z.strictObject({ codes: z.array(z.string().max(200)).max(200) }),
  getRules: empty,
  setRules: z.strictObject({ rules: z.array(normalizationRule).max(500) }),
  listProcesses: z.strictObject({ side }),
  findAlignedIndex: z.strictObject({
    side,
    seq,
    expandAll: z.boolean().optional(),
    filters: filters.optional(),
  }),
  findAlignedIndices: z.strictObject({
    events: z.array(z.strictObject({ side, seq })).max(MAX_PAGE),
    expandAll: z.boolean().optional(),
    filters: filters.optional(),
  }),
  findNextAligned: z.strictObject({
    from: z.int().min(-1).max(Number.MAX_SAFE_INTEGER),
    direction: z.union([z.literal(1), z.literal(-1)]),
    kind: z.enum(['difference', 'failure']),
    expandAll: z.boolean().optional(),
    filters: filters.optional(),
  }),
  getOverview: z.strictObject({
    buckets: z.int().min(1).max(4096),
    expandAll: z.boolean().optional(),
    filters: filters.optional(),
  }),
  findLogIndex: z
    .strictObject({
      logId: z.string().max(128).optional(),
      file: z.string().max(MAX_PATH).optional(),
      line: seq,
      logIds: z.array(z.string().max(128)).max(256).optional(),
      levels: z
        .array(z.enum(['error', 'warning', 'info', 'verbose']))
        .max(4)
        .optional(),
      text: z.string().max(MAX_TEXT).optional(),
    })
    .refine((v) => v.logId !== undefined || v.file !== undefined, {
      message: 'name the log by logId or file',
    }),
  searchEvents: z.strictObject({
    text: z.string().min(1).max(MAX_TEXT),
    side: side.optional(),
    limit: z.int().min(0).max(MAX_PAGE).optional(),
    aligned: z.boolean().optional(),
    expandAll: z.boolean().optional(),
    filters: filters.optional(),
  }),
  getProcessStats: z.strictObject({ side }),
  getInsights: empty,
  getCase: empty,
  updateCaseMeta: z.strictObject({
    title: shortText.optional(),
    conclusion: z.string().max(MAX_NOTE).optional(),
    metadata: z
      .strictObject({
        ticket: shortText.optional(),
        customer: shortText.optional(),
        engineer: shortText.optional(),
        machines: z
          .strictObject({ baseline: machineChange.optional(), problem: machineChange.optional() })
          .optional(),
      })
      .optional(),
    view: caseView.optional(),
  }),
  addAnnotation: z.strictObject({
    target: annotationTargetRef,
    tags: tags.optional(),
    note: z.string().max(MAX_NOTE).optional(),
  }),
  updateAnnotation: z.strictObject({
    id: z.string().min(1).max(128),
    tags: tags.optional(),
    note: z.string().max(MAX_NOTE).optional(),
  }),
  removeAnnotation: z.strictObject({ id: z.string().min(1).max(128) }),
  saveCase: z.strictObject({ path: z.string().min(1).max(MAX_PATH).optional(), view: caseView.optional() }),
  openCase: caseRef,
  listRecentCases: empty,
  locateInput: z.strictObject({ sha256, ref: inputRef }),
  exportReport: z.strictObject({
    format: z.enum(['pdf', 'html', 'json', 'csv-findings', 'csv-marked']),
    language: z.enum(['en', 'zh-CN']),
    scope: z.enum(['marked', 'all']),
    redact: z.boolean(),
    path: z.string().min(1).max(MAX_PATH).optional(),
  }),
} satisfies RequestSchemas;

export type RequestCheck<M extends ContractMethod> =
  { ok: true; value: ContractRequest<M> } | { ok: false; message: string };

export function isContractMethod(name: string): name is ContractMethod {
  return Object.prototype.hasOwnProperty.call(REQUEST_SCHEMAS, name);
}

/** Validates one request; the message names the field and what was expected. */
export function checkRequest<M extends ContractMethod>(method: M, req: unknown): RequestCheck<M> {
  // Indexing by a generic key loses the per-method pairing that `satisfies RequestSchemas` proved above.
  const schema = REQUEST_SCHEMAS[method] as z.ZodType<ContractRequest<M>>;
  const parsed = schema.safeParse(req ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(request)'}: ${i.message}`)
    .join('; ');
  return { ok: false, message: `${method}: invalid request: ${issues}` };
}
