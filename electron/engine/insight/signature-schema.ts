/**
 * The known-signature rule language, as data. A rule file is
 *
 *   { "version": 1, "rules": [ { "id", "title", "match", "cause", "remediation", "codes", "confidence" } ] }
 *
 * `title`, `cause` and `remediation` are `{ "en": ..., "zh-CN": ... }`. `match` is a condition:
 *
 *   { "all": [cond, ...] }   every one holds          { "any": [cond, ...] }   at least one holds
 *   { "not": cond }          it does not hold
 *   { "finding": {...} }     some finding of the comparison has all the listed properties
 *   { "log": {...} }         some log entry (at least `min`) has all the listed properties
 *   { "code": [...] }        one of the codes appears anywhere (logs, findings, extra codes)
 *   { "environment": {...} } some environment-delta item has all the listed properties
 *   { "acl": {...} }         some ACL difference has all the listed properties
 *
 * String lists match case-insensitively and any one of them suffices; `*Matches` fields are
 * JavaScript regular expressions (case-insensitive). Codes are written 0x%08X or as decimal Win32
 * errors; HRESULT_FROM_WIN32 forms match their Win32 code and back (0x80070005 ~ 5).
 * Validation names the file and the JSON path of every problem.
 */
import { z } from 'zod';

const text = z.string().min(1);
export const localizedSchema = z.strictObject({ en: text, 'zh-CN': text });
const list = z.array(text).min(1);
const regexList = list.superRefine((items, ctx) => {
  items.forEach((src, i) => {
    try {
      new RegExp(src, 'i');
    } catch (e) {
      ctx.addIssue({
        code: 'custom',
        path: [i],
        message: `not a valid regular expression: ${e instanceof Error ? e.message : String(e)}`,
      });
    }
  });
});

export const FINDING_KINDS = [
  'result-changed',
  'problem-only-failure',
  'baseline-only-work',
  'context-process',
] as const;
export const ENV_KINDS = [
  'process',
  'service',
  'driver',
  'filter-driver',
  'module',
  'program-folder',
  'security-product',
] as const;
export const PRESENCES = ['problem-only', 'baseline-only', 'both', 'problem', 'baseline'] as const;
export const PUBLISHERS = ['microsoft', 'third-party', 'unknown'] as const;
export const LEVELS = ['error', 'warning', 'info', 'verbose'] as const;
export const LOST_RIGHTS = [
  'write',
  'delete',
  'full',
  'read',
  'execute',
  'change-permissions',
  'take-ownership',
  'any',
] as const;

export const findingCondSchema = z.strictObject({
  process: list.optional(),
  operation: list.optional(),
  /** The problem machine's result (Procmon words: ACCESS DENIED, SHARING VIOLATION, ...). */
  result: list.optional(),
  baselineResult: list.optional(),
  resultClass: list.optional(),
  kind: z.array(z.enum(FINDING_KINDS)).min(1).optional(),
  pathMatches: regexList.optional(),
  pathNotMatches: regexList.optional(),
  /** Only findings ranked this high or better (1 = top). */
  maxRank: z.number().int().min(1).optional(),
  /** Only differences: the baseline does not get the same result elsewhere. */
  notOnBaseline: z.boolean().optional(),
  /** Problem-only processes were active near the failure. */
  withContextProcess: z.boolean().optional(),
});

export const logCondSchema = z.strictObject({
  /** Log file name (regex). */
  source: regexList.optional(),
  component: regexList.optional(),
  /** Message, Chinese message or raw text (regex). */
  message: regexList.optional(),
  codes: list.optional(),
  eventId: z.array(z.number().int()).min(1).optional(),
  level: z.array(z.enum(LEVELS)).min(1).optional(),
  /** Named data fields (EVTX EventData, SetupDiag keys): field -> regex. */
  data: z.record(z.string().min(1), text).optional(),
  min: z.number().int().min(1).optional(),
});

export const codeCondSchema = list;

export const envCondSchema = z.strictObject({
  /** Shorthand: publisher not Microsoft and presence problem-only (or named by a problem-side source only). */
  nonMicrosoftProblemOnly: z.boolean().optional(),
  kind: z.array(z.enum(ENV_KINDS)).min(1).optional(),
  presence: z.array(z.enum(PRESENCES)).min(1).optional(),
  publisher: z.array(z.enum(PUBLISHERS)).min(1).optional(),
  nameMatches: regexList.optional(),
  pathMatches: regexList.optional(),
  altitudeGroup: list.optional(),
  min: z.number().int().min(1).optional(),
});

export const aclCondSchema = z.strictObject({
  /** Account names (SYSTEM, NT AUTHORITY\SYSTEM, TrustedInstaller) or SIDs. */
  principal: list.optional(),
  /** Rights the principal has on the baseline but not on the problem machine. */
  lost: z.array(z.enum(LOST_RIGHTS)).min(1).optional(),
  /** A deny entry exists on the problem machine only. */
  denyAdded: z.boolean().optional(),
  pathMatches: regexList.optional(),
});

export type FindingCond = z.infer<typeof findingCondSchema>;
export type LogCond = z.infer<typeof logCondSchema>;
export type EnvCond = z.infer<typeof envCondSchema>;
export type AclCond = z.infer<typeof aclCondSchema>;

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { finding: FindingCond }
  | { log: LogCond }
  | { code: string[] }
  | { environment: EnvCond }
  | { acl: AclCond };

const LEAVES = {
  finding: findingCondSchema,
  log: logCondSchema,
  code: codeCondSchema,
  environment: envCondSchema,
  acl: aclCondSchema,
} as const;
const CONDITION_KEYS = ['all', 'any', 'not', ...Object.keys(LEAVES)];

export const ruleSchema = z.strictObject({
  id: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9.-]*$/,
      'lower-case letters, digits, dots and dashes, e.g. "servicing-blocked-by-agent"',
    ),
  title: localizedSchema,
  match: z.unknown(),
  cause: localizedSchema,
  remediation: localizedSchema,
  codes: z.array(text).optional(),
  confidence: z.number().min(0).max(1),
  /** Public references (titles or URLs) for the engineer; shown, never fetched. */
  references: z.array(text).optional(),
});

export type Rule = Omit<z.infer<typeof ruleSchema>, 'match'> & { match: Condition };

const fileSchema = z.strictObject({
  $schema: z.string().optional(),
  version: z.literal(1),
  description: z.string().optional(),
  rules: z.array(z.unknown()),
});

/** `$.rules[3].match.all[0].finding.result`, from a path of keys and indexes. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    else if (typeof k === 'string' && /^[A-Za-z_$][\w$]*$/.test(k)) out += `.${k}`;
    else out += `[${JSON.stringify(String(k))}]`;
  }
  return out;
}

function issuesOf(error: z.ZodError, base: readonly PropertyKey[]): string[] {
  return error.issues.map((i) => `${jsonPath([...base, ...i.path])}: ${i.message}`);
}

/** Checks a condition tree; returns the problems (empty when valid). */
export function validateCondition(value: unknown, path: readonly PropertyKey[]): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return [`${jsonPath(path)}: expected a condition object with one of ${CONDITION_KEYS.join(', ')}`];
  const keys = Object.keys(value);
  if (keys.length !== 1 || !CONDITION_KEYS.includes(keys[0]))
    return [
      `${jsonPath(path)}: expected exactly one of ${CONDITION_KEYS.join(', ')}; found ${keys.length ? keys.map((k) => `"${k}"`).join(', ') : 'no key'}`,
    ];
  const key = keys[0];
  const inner = (value as Record<string, unknown>)[key];
  if (key === 'all' || key === 'any') {
    if (!Array.isArray(inner) || inner.length === 0)
      return [`${jsonPath([...path, key])}: expected a non-empty array of conditions`];
    return inner.flatMap((c, i) => validateCondition(c, [...path, key, i]));
  }
  if (key === 'not') return validateCondition(inner, [...path, key]);
  const parsed = LEAVES[key as keyof typeof LEAVES].safeParse(inner);
  if (!parsed.success) return issuesOf(parsed.error, [...path, key]);
  if (typeof inner === 'object' && inner !== null && !Array.isArray(inner) && Object.keys(inner).length === 0)
    return [`${jsonPath([...path, key])}: an empty condition matches everything; name at least one property`];
  return [];
}

export interface RuleFileResult {
  rules: Rule[];
  /** "<file>: $.rules[2].title.en: ..." */
  errors: string[];
}

/** Validates a parsed rule file. Valid rules are kept even when others in the file are not. */
export function validateRuleFile(doc: unknown, file: string): RuleFileResult {
  const out: RuleFileResult = { rules: [], errors: [] };
  const head = fileSchema.safeParse(doc);
  if (!head.success) {
    out.errors.push(...issuesOf(head.error, []).map((e) => `${file}: ${e}`));
    return out;
  }
  const ids = new Set<string>();
  head.data.rules.forEach((raw, i) => {
    const base: PropertyKey[] = ['rules', i];
    const parsed = ruleSchema.safeParse(raw);
    const problems = parsed.success ? [] : issuesOf(parsed.error, base);
    const match =
      typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).match : undefined;
    if (match === undefined) {
      if (!problems.some((p) => p.includes('.match')))
        problems.push(`${jsonPath([...base, 'match'])}: a rule needs a "match" condition`);
    } else problems.push(...validateCondition(match, [...base, 'match']));
    if (parsed.success && ids.has(parsed.data.id))
      problems.push(`${jsonPath([...base, 'id'])}: id "${parsed.data.id}" is used twice in this file`);
    if (problems.length > 0 || !parsed.success) {
      out.errors.push(...problems.map((p) => `${file}: ${p}`));
      return;
    }
    ids.add(parsed.data.id);
    out.rules.push({ ...parsed.data, match: parsed.data.match as Condition });
  });
  return out;
}
