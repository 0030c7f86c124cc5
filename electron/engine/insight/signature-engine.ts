/**
 * Matches known failure signatures (signature-schema.ts) against what a case shows: the ranked
 * findings, the log entries, the error codes, the environment delta and the ACL differences.
 * Each match carries the evidence that made it (which finding, which log line), and a score:
 * the rule's confidence, weighed by how high the finding it rests on ranks (1.0 for the top
 * finding, 0.95 for ranks 2-3, 0.85 up to 10, 0.7 beyond) or 0.9 for rules that rest on logs and
 * codes only. Regular expressions are compiled once per rule set.
 */
import type {
  AclDiff,
  EnvironmentDelta,
  EnvironmentItem,
  LocalizedText,
  SignatureEvidence,
  SignatureMatch,
} from '../../../shared/model/insight';
import type { Finding } from '../../../shared/model/finding';
import type { LogEntry } from '../../../shared/model/log';
import { resolvePrincipal } from '../ingest/acl/principals';
import {
  DELETE,
  FILE_ALL_ACCESS,
  FILE_EXECUTE,
  FILE_GENERIC_READ,
  WRITE_BITS,
  WRITE_DAC,
  WRITE_OWNER,
} from '../ingest/acl/access-mask';
import type { AclCond, Condition, EnvCond, FindingCond, LogCond, Rule } from './signature-schema';

export interface LoadedRule extends Rule {
  /** `built-in:<file>.json` or the path of the user's rule file. */
  source: string;
}

export interface SignatureContext {
  findings: readonly Finding[];
  logs: readonly LogEntry[];
  environment: EnvironmentDelta | null;
  /** Extra codes known for the case (typed by the engineer, from the update history, ...). */
  codes: readonly string[];
  aclDiffs?: readonly AclDiff[];
}

/** Evidence kept per condition: enough to show, not every line of a million-line log. */
const MAX_EVIDENCE = 5;

interface Outcome {
  ok: boolean;
  evidence: SignatureEvidence[];
}

/** Canonical forms of a code: 0x%08X, plus the Win32 decimal for HRESULT_FROM_WIN32 and back. */
export function codeForms(code: string): string[] {
  const t = code.trim();
  let v: number;
  if (/^0x[0-9a-f]{1,8}$/i.test(t)) v = parseInt(t.slice(2), 16) >>> 0;
  else if (/^-?\d+$/.test(t)) {
    const n = Number(t);
    if (n >= 0 && n < 0x10000)
      return [String(n), `0x${((0x80070000 | n) >>> 0).toString(16).toUpperCase().padStart(8, '0')}`];
    v = n >>> 0;
  } else return [t.toUpperCase()];
  const hex = `0x${v.toString(16).toUpperCase().padStart(8, '0')}`;
  if ((v & 0xffff0000) >>> 0 === 0x80070000) return [hex, String(v & 0xffff)];
  return [hex];
}

const lower = (xs: readonly string[] | undefined): Set<string> | null =>
  xs ? new Set(xs.map((x) => x.toLowerCase())) : null;
const regexes = (xs: readonly string[] | undefined): RegExp[] | null =>
  xs ? xs.map((x) => new RegExp(x, 'i')) : null;
/** The alternatives as one regular expression: one pass per entry instead of one per pattern. */
function oneOf(xs: readonly string[] | undefined): { test(text: string): boolean } | null {
  if (!xs) return null;
  try {
    return new RegExp(xs.map((x) => `(?:${x})`).join('|'), 'i');
  } catch {
    // Back-references do not survive joining; fall back to trying each pattern.
    const each = xs.map((x) => new RegExp(x, 'i'));
    return { test: (t: string) => each.some((r) => r.test(t)) };
  }
}
const anyRe = (res: RegExp[] | null, s: string): boolean => !res || res.some((r) => r.test(s));
const clip = (s: string, n = 200): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function rankFactor(rank: number | undefined): number {
  if (rank === undefined) return 0.9;
  if (rank <= 1) return 1;
  if (rank <= 3) return 0.95;
  if (rank <= 10) return 0.85;
  return 0.7;
}

/** Lazily built look-ups over the context, shared by every rule. */
class Index {
  private byCode: Map<string, LogEntry[]> | null = null;
  private byEvent: Map<number, LogEntry[]> | null = null;
  private allCodes: Map<string, string> | null = null;
  private readonly compiled = new WeakMap<object, unknown>();

  constructor(readonly ctx: SignatureContext) {}

  entriesWithCodes(codes: readonly string[]): LogEntry[] {
    if (!this.byCode) {
      const m = new Map<string, LogEntry[]>();
      for (const e of this.ctx.logs) {
        for (const c of e.codes) {
          for (const f of codeForms(c)) {
            const list = m.get(f);
            if (!list) m.set(f, [e]);
            else if (list[list.length - 1] !== e) list.push(e);
          }
        }
      }
      this.byCode = m;
    }
    const out = new Set<LogEntry>();
    for (const c of codes) for (const f of codeForms(c)) for (const e of this.byCode.get(f) ?? []) out.add(e);
    return [...out].sort((a, b) => a.logId.localeCompare(b.logId) || a.index - b.index);
  }

  entriesWithEvent(ids: readonly number[]): LogEntry[] {
    if (!this.byEvent) {
      const m = new Map<number, LogEntry[]>();
      for (const e of this.ctx.logs) {
        if (e.eventId === undefined) continue;
        const list = m.get(e.eventId);
        if (list) list.push(e);
        else m.set(e.eventId, [e]);
      }
      this.byEvent = m;
    }
    return ids.flatMap((id) => this.byEvent?.get(id) ?? []);
  }

  /** Every code the case shows -> where it was first seen. */
  codes(): Map<string, string> {
    if (!this.allCodes) {
      const m = new Map<string, string>();
      const add = (c: string, where: string): void => {
        for (const f of codeForms(c)) if (!m.has(f)) m.set(f, where);
      };
      for (const c of this.ctx.codes) add(c, 'given for the case');
      for (const f of this.ctx.findings) for (const x of f.codes ?? []) add(x.value, `finding #${f.rank}`);
      for (const e of this.ctx.logs) for (const c of e.codes) add(c, `${e.source}:${e.line}`);
      this.allCodes = m;
    }
    return this.allCodes;
  }

  memo<T>(key: object, make: () => T): T {
    if (!this.compiled.has(key)) this.compiled.set(key, make());
    return this.compiled.get(key) as T;
  }
}

function findingText(f: Finding): string {
  if (f.kind === 'context-process') return `#${f.rank} ${f.process}: only on the problem machine`;
  if (f.kind === 'baseline-only-work') return `#${f.rank} ${f.process}: only on the baseline`;
  return `#${f.rank} ${f.process} ${f.operation} ${f.path}: ${f.baselineResult || '(none)'} -> ${f.problemResult}`;
}

function evalFinding(c: FindingCond, idx: Index): Outcome {
  const m = idx.memo(c, () => ({
    process: lower(c.process),
    operation: lower(c.operation),
    result: lower(c.result),
    baselineResult: lower(c.baselineResult),
    resultClass: lower(c.resultClass),
    path: regexes(c.pathMatches),
    notPath: regexes(c.pathNotMatches),
  }));
  const hits = idx.ctx.findings.filter((f) => {
    if (c.maxRank !== undefined && f.rank > c.maxRank) return false;
    if (c.kind && !c.kind.includes(f.kind)) return false;
    if (m.process && !m.process.has(f.process.toLowerCase())) return false;
    if (m.operation && !m.operation.has(f.operation.toLowerCase())) return false;
    if (m.result && !m.result.has(f.problemResult.toLowerCase())) return false;
    if (m.baselineResult && !m.baselineResult.has(f.baselineResult.toLowerCase())) return false;
    if (m.resultClass && !m.resultClass.has(f.problemResultClass.toLowerCase())) return false;
    const path = f.path || f.baselinePath || '';
    if (m.path && !anyRe(m.path, path)) return false;
    if (m.notPath && m.notPath.some((r) => r.test(path))) return false;
    if (c.notOnBaseline && f.alsoOnBaseline) return false;
    if (c.withContextProcess && f.contextProcesses.length === 0) return false;
    return true;
  });
  return {
    ok: hits.length > 0,
    evidence: hits
      .slice(0, MAX_EVIDENCE)
      .map((f) => ({ kind: 'finding', text: findingText(f), findingId: f.id, rank: f.rank })),
  };
}

/** The line of a (multi-line) entry worth showing: the one the rule's message pattern found, else the first. */
function evidenceLine(e: LogEntry, message: RegExp[] | null): string {
  const lines = e.message.split('\n');
  if (message) {
    const hit = lines.find((l) => message.some((r) => r.test(l)));
    if (hit) return hit.trim();
  }
  return (lines.find((l) => l.trim() !== '') ?? e.message).trim();
}

function evalLog(c: LogCond, idx: Index): Outcome {
  const m = idx.memo(c, () => ({
    source: regexes(c.source),
    component: regexes(c.component),
    message: regexes(c.message),
    messageAny: oneOf(c.message),
    level: c.level ? new Set<string>(c.level) : null,
    data: c.data ? Object.entries(c.data).map(([k, v]) => [k, new RegExp(v, 'i')] as const) : null,
  }));
  const min = c.min ?? 1;
  const pool = c.codes
    ? idx.entriesWithCodes(c.codes)
    : c.eventId
      ? idx.entriesWithEvent(c.eventId)
      : idx.ctx.logs;
  const hits: LogEntry[] = [];
  let count = 0;
  for (const e of pool) {
    if (c.eventId && (e.eventId === undefined || !c.eventId.includes(e.eventId))) continue;
    if (m.level && !m.level.has(e.level)) continue;
    if (m.source && !anyRe(m.source, e.source)) continue;
    if (m.component && !anyRe(m.component, e.component)) continue;
    if (
      m.messageAny &&
      // The raw text is searched only when there is no message (it repeats the message otherwise).
      !(
        m.messageAny.test(e.message) ||
        (e.messageZh !== undefined && m.messageAny.test(e.messageZh)) ||
        (!e.message && m.messageAny.test(e.raw))
      )
    )
      continue;
    if (m.data && !m.data.every(([k, r]) => e.data?.[k] !== undefined && r.test(e.data[k]))) continue;
    count++;
    if (hits.length < MAX_EVIDENCE) hits.push(e);
    // Enough to decide and to show: stop scanning a huge log early.
    if (count >= min && hits.length >= MAX_EVIDENCE) break;
  }
  return {
    ok: count >= min,
    evidence:
      count >= min
        ? hits.map((e) => ({
            kind: 'log',
            text: clip(evidenceLine(e, m.message)),
            file: e.source,
            line: e.line,
          }))
        : [],
  };
}

function evalCode(codes: readonly string[], idx: Index): Outcome {
  const all = idx.codes();
  const evidence: SignatureEvidence[] = [];
  for (const c of codes) {
    const forms = codeForms(c);
    const where = forms.map((f) => all.get(f)).find((w) => w !== undefined);
    if (where !== undefined) evidence.push({ kind: 'code', code: forms[0], text: `${forms[0]} (${where})` });
  }
  return { ok: evidence.length > 0, evidence };
}

function envItemText(it: EnvironmentItem): string {
  const n = it.problemEvents + it.baselineEvents;
  return `${it.name} (${it.kind}, ${it.publisher}, ${it.presence}${n ? `, ${n} events` : ''}${it.altitude ? `, altitude ${it.altitude}` : ''})`;
}

function evalEnv(c: EnvCond, idx: Index): Outcome {
  const env = idx.ctx.environment;
  if (!env) return { ok: false, evidence: [] };
  const m = idx.memo(c, () => ({
    name: regexes(c.nameMatches),
    path: regexes(c.pathMatches),
    group: lower(c.altitudeGroup),
  }));
  const hits = env.items.filter((it) => {
    if (
      c.nonMicrosoftProblemOnly &&
      (it.publisher === 'microsoft' || (it.presence !== 'problem-only' && it.presence !== 'problem'))
    )
      return false;
    if (c.kind && !c.kind.includes(it.kind)) return false;
    if (c.presence && !c.presence.includes(it.presence)) return false;
    if (c.publisher && !c.publisher.includes(it.publisher)) return false;
    if (m.name && !anyRe(m.name, it.name)) return false;
    if (m.path && !anyRe(m.path, it.path)) return false;
    if (m.group && !m.group.has((it.altitudeGroup ?? '').toLowerCase())) return false;
    return true;
  });
  const ok = hits.length >= (c.min ?? 1);
  return {
    ok,
    evidence: ok
      ? hits
          .slice(0, MAX_EVIDENCE)
          .map((it) => ({ kind: 'environment', text: envItemText(it), itemId: it.id }))
      : [],
  };
}

const LOST_MASKS: Record<NonNullable<AclCond['lost']>[number], number> = {
  write: WRITE_BITS & ~(WRITE_DAC | WRITE_OWNER | DELETE),
  delete: DELETE,
  full: FILE_ALL_ACCESS,
  read: FILE_GENERIC_READ & ~0x100000,
  execute: FILE_EXECUTE,
  'change-permissions': WRITE_DAC,
  'take-ownership': WRITE_OWNER,
  any: 0xffffffff,
};

function evalAcl(c: AclCond, idx: Index): Outcome {
  const m = idx.memo(c, () => ({
    principals: c.principal?.map((p) => {
      const r = resolvePrincipal(p);
      return { sid: r.sid, name: p.toLowerCase() };
    }),
    path: regexes(c.pathMatches),
  }));
  const evidence: SignatureEvidence[] = [];
  for (const d of idx.ctx.aclDiffs ?? []) {
    if (m.path && !anyRe(m.path, d.path)) continue;
    for (const p of d.principals) {
      if (
        m.principals &&
        !m.principals.some(
          (x) =>
            (x.sid && x.sid === p.sid) ||
            p.account.toLowerCase() === x.name ||
            p.account.toLowerCase().endsWith(`\\${x.name}`),
        )
      )
        continue;
      if (
        c.lost &&
        !c.lost.some((l) =>
          l === 'full'
            ? (p.baseline?.effective ?? 0) === FILE_ALL_ACCESS && p.lost !== 0
            : (p.lost & LOST_MASKS[l]) !== 0,
        )
      )
        continue;
      if (c.denyAdded && !((p.problem?.deny ?? 0) & ~(p.baseline?.deny ?? 0))) continue;
      evidence.push({ kind: 'acl', text: `${d.path}: ${p.sentence.en}` });
    }
  }
  return { ok: evidence.length > 0, evidence: evidence.slice(0, MAX_EVIDENCE) };
}

function evaluate(cond: Condition, idx: Index): Outcome {
  if ('all' in cond) {
    const evidence: SignatureEvidence[] = [];
    for (const c of cond.all) {
      const r = evaluate(c, idx);
      if (!r.ok) return { ok: false, evidence: [] };
      evidence.push(...r.evidence);
    }
    return { ok: true, evidence };
  }
  if ('any' in cond) {
    const evidence: SignatureEvidence[] = [];
    let ok = false;
    for (const c of cond.any) {
      const r = evaluate(c, idx);
      if (r.ok) {
        ok = true;
        evidence.push(...r.evidence);
      }
    }
    return { ok, evidence };
  }
  if ('not' in cond) return { ok: !evaluate(cond.not, idx).ok, evidence: [] };
  if ('finding' in cond) return evalFinding(cond.finding, idx);
  if ('log' in cond) return evalLog(cond.log, idx);
  if ('code' in cond) return evalCode(cond.code, idx);
  if ('environment' in cond) return evalEnv(cond.environment, idx);
  return evalAcl(cond.acl, idx);
}

/** Matches the rules against a case; the best match first. */
export function matchRules(ctx: SignatureContext, rules: readonly LoadedRule[]): SignatureMatch[] {
  const idx = new Index(ctx);
  const out: SignatureMatch[] = [];
  for (const rule of rules) {
    const r = evaluate(rule.match, idx);
    if (!r.ok) continue;
    const seen = new Set<string>();
    const evidence = r.evidence.filter((e) => {
      const k = `${e.kind}\n${e.findingId ?? ''}\n${e.file ?? ''}\n${e.line ?? ''}\n${e.text}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    const ranked = evidence
      .filter((e) => e.kind === 'finding' && e.rank !== undefined)
      .sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0));
    const best = ranked[0]?.rank;
    out.push({
      ruleId: rule.id,
      title: rule.title as LocalizedText,
      cause: rule.cause as LocalizedText,
      remediation: rule.remediation as LocalizedText,
      codes: rule.codes ?? [],
      confidence: rule.confidence,
      score: Math.round(rule.confidence * rankFactor(best) * 1000) / 1000,
      source: rule.source,
      evidence,
      findingIds: [...new Set(ranked.map((e) => e.findingId as string))],
    });
  }
  return out.sort((a, b) => b.score - a.score || a.ruleId.localeCompare(b.ruleId));
}
