/**
 * Insights beyond the event-by-event diff, in one call for the host, the report and the CLI:
 *
 *   const insights = await computeInsights({
 *     baseline, problem,            // TraceStore of each machine (ingestTrace)
 *     logs,                          // LogStore[] (ingestLog); icacls/fltmc/Get-Acl files among them are used too
 *     result,                        // CompareResult of compareTraces(baseline, problem, logs)
 *     extraInputs: {                 // optional evidence, as file paths or already parsed
 *       acl:   { baseline: ['acl-clean.txt'], problem: ['acl-bank.txt'] },   // icacls / Get-Acl / SDDL
 *       fltmc: { baseline: 'fltmc-clean.txt', problem: 'fltmc-bank.txt' },
 *       codes: ['0x8024200D'],       // codes the engineer knows from elsewhere (update history)
 *     },
 *     ruleDirs: [userRuleFolder],    // more *.json rule files; same id replaces a built-in rule
 *   });
 *
 * returns `InsightResult` (shared/model/insight.ts):
 *   environment  – software only one machine runs, third-party first (environment-delta.ts)
 *   agentLinks   – by finding id: agent processes active near the failure and what they touched
 *   attributions – by finding id: third-party modules on the failing event's stack (filter-attribution.ts)
 *   signatures   – known failure signatures that match, best first, with their evidence
 *   aclDiffs     – per file present in both ACL captures: who lost or gained which rights
 *   fltmc        – the parsed fltmc output of each machine
 *   warnings     – unreadable extra inputs and rule-file problems, each naming the file
 * Nothing here throws for a bad extra input or rule file: it becomes a warning and the rest is computed.
 */
import type { AclDiff, AclDocument, FltmcReport, InsightResult } from '../../../shared/model/insight';
import type { Finding } from '../../../shared/model/finding';
import type { TraceStore } from '../store/trace-store';
import { diffAcl, pairListings, type SideLabels } from '../ingest/acl/acl-diff';
import { readAclFile, sniffAclText } from '../ingest/acl/read-acl';
import { readToolText } from '../ingest/acl/tool-text';
import { readFltmcFile } from '../ingest/fltmc/fltmc';
import { linkAgents } from './agent-links';
import { computeEnvironmentDelta } from './environment-delta';
import type { LogInput } from './environment-sources';
import { attributeStacks } from './filter-attribution';
import type { LoadedRule } from './signature-engine';
import { matchRules } from './signature-engine';
import { builtInRules, loadRuleFiles } from './signature-files';

export type AclInput = string | AclDocument;
export type FltmcInput = string | FltmcReport;

export interface ExtraInputs {
  acl?: { baseline?: readonly AclInput[]; problem?: readonly AclInput[] };
  fltmc?: { baseline?: FltmcInput; problem?: FltmcInput };
  codes?: readonly string[];
}

export interface InsightInput {
  baseline: TraceStore;
  problem: TraceStore;
  logs: readonly LogInput[];
  result: { findings: readonly Finding[] };
  extraInputs?: ExtraInputs;
  /** Folders of user rule files, merged over the built-in rules. */
  ruleDirs?: readonly string[];
  /** An already loaded rule set (wins over ruleDirs; the batch loads rules once for all machines). */
  rules?: readonly LoadedRule[];
  /** How many of the top findings get agent links (default 10). */
  linkTop?: number;
  labels?: SideLabels;
  signal?: AbortSignal;
}

async function readAcl(input: AclInput, warnings: string[]): Promise<AclDocument | null> {
  if (typeof input !== 'string') return input;
  try {
    const doc = await readAclFile(input);
    for (const w of doc.warnings) warnings.push(`${input}: ${w.place}: ${w.message}`);
    return doc;
  } catch (e) {
    warnings.push(e instanceof Error ? e.message : String(e));
    return null;
  }
}

async function readFltmc(
  input: FltmcInput | undefined,
  warnings: string[],
): Promise<FltmcReport | undefined> {
  if (input === undefined) return undefined;
  if (typeof input !== 'string') return input;
  try {
    const r = await readFltmcFile(input);
    for (const w of r.warnings) warnings.push(`${input}: ${w.place}: ${w.message}`);
    return r;
  } catch (e) {
    warnings.push(e instanceof Error ? e.message : String(e));
    return undefined;
  }
}

/** Get-Acl | Format-List output loads as a plain text log; small ones are checked for it. */
const GET_ACL_SNIFF_MAX = 1024 * 1024;

/** icacls/fltmc/Get-Acl files the engineer loaded as logs are used as evidence too (their side from the log). */
async function toolLogs(logs: readonly LogInput[]): Promise<{
  acl: { baseline: string[]; problem: string[] };
  fltmc: { baseline?: string; problem?: string };
}> {
  const out = {
    acl: { baseline: [] as string[], problem: [] as string[] },
    fltmc: {} as { baseline?: string; problem?: string },
  };
  for (const l of logs) {
    const side = l.summary.side === 'baseline' ? 'baseline' : 'problem';
    if (l.summary.kind === 'icacls') out.acl[side].push(l.summary.file);
    else if (l.summary.kind === 'fltmc' && !out.fltmc[side]) out.fltmc[side] = l.summary.file;
    else if (l.summary.kind === 'text-log' && l.summary.size > 0 && l.summary.size <= GET_ACL_SNIFF_MAX) {
      const text = await readToolText(l.summary.file, 'ACL output').catch(() => null);
      if (text && sniffAclText(text.text) === 'get-acl') out.acl[side].push(l.summary.file);
    }
  }
  return out;
}

export async function computeInsights(input: InsightInput): Promise<InsightResult> {
  const started = performance.now();
  const warnings: string[] = [];
  const extra = input.extraInputs ?? {};
  const fromLogs = await toolLogs(input.logs);

  const aclDocs = { baseline: [] as AclDocument[], problem: [] as AclDocument[] };
  for (const side of ['baseline', 'problem'] as const) {
    for (const a of [...(extra.acl?.[side] ?? []), ...fromLogs.acl[side]]) {
      const doc = await readAcl(a, warnings);
      if (doc) aclDocs[side].push(doc);
    }
  }
  const fltmc = {
    baseline: await readFltmc(extra.fltmc?.baseline ?? fromLogs.fltmc.baseline, warnings),
    problem: await readFltmc(extra.fltmc?.problem ?? fromLogs.fltmc.problem, warnings),
  };

  const environment = computeEnvironmentDelta(input.baseline, input.problem, {
    logs: input.logs,
    fltmc,
    signal: input.signal,
  });
  const findings = input.result.findings;
  const attributions = attributeStacks(findings, input.problem, { fltmc: fltmc.problem });

  const agentLinks: InsightResult['agentLinks'] = {};
  for (const f of findings.slice(0, input.linkTop ?? 10)) {
    if (f.kind === 'context-process' || f.kind === 'baseline-only-work' || f.problemEvents.length === 0)
      continue;
    const links = linkAgents(f, input.problem, environment);
    if (links.length > 0) agentLinks[f.id] = links;
  }

  const aclDiffs: AclDiff[] = pairListings(
    aclDocs.baseline.flatMap((d) => d.listings),
    aclDocs.problem.flatMap((d) => d.listings),
  ).map(([b, p]) => diffAcl(b, p, input.labels));
  if (aclDocs.baseline.length > 0 !== aclDocs.problem.length > 0)
    warnings.push(
      `ACL output was given for the ${aclDocs.baseline.length > 0 ? 'baseline' : 'problem'} machine only: nothing to compare it with`,
    );

  let rules = input.rules;
  if (!rules) {
    if (input.ruleDirs && input.ruleDirs.length > 0) {
      const set = await loadRuleFiles(input.ruleDirs);
      warnings.push(...set.warnings, ...set.errors);
      rules = set.rules;
    } else rules = builtInRules();
  }
  const signatures = matchRules(
    {
      findings,
      logs: input.logs.flatMap((l) => l.entries),
      environment,
      codes: extra.codes ?? [],
      aclDiffs,
    },
    rules,
  );

  return {
    environment,
    agentLinks,
    attributions,
    signatures,
    aclDiffs,
    fltmc: {
      ...(fltmc.baseline ? { baseline: fltmc.baseline } : {}),
      ...(fltmc.problem ? { problem: fltmc.problem } : {}),
    },
    warnings,
    elapsedMs: Math.round(performance.now() - started),
  };
}
