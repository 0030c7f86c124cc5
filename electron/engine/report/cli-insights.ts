/**
 * Insights for `tracediff compare`: icacls, fltmc and Get-Acl files given with `--log` are evidence
 * of one machine, and the CLI has no other way to say which; their file names tell
 * (`clean-acl-wpdmtp.txt`, `problem-fltmc.txt`, `正常-icacls.txt`). Then the insight engine runs once
 * for the report and the JSON, which gains `signatures` per finding and an `environment` block.
 */
import path from 'node:path';
import type { InsightResult, SignatureMatch } from '../../../shared/model/insight';
import type { Finding } from '../../../shared/model/finding';
import type { LogSummary } from '../../../shared/model/log';
import { readToolText } from '../ingest/acl/tool-text';
import { sniffAclText } from '../ingest/acl/read-acl';
import type { LogStore } from '../ingest/logs/log-store';
import { computeInsights } from '../insight/insight';
import { sideHintFromName } from '../session/input-roles';
import type { TraceStore } from '../store/trace-store';

/** Get-Acl output loads as a plain text log; only small ones are read again to check (as insight.ts does). */
const GET_ACL_SNIFF_MAX = 1024 * 1024;

async function isToolOutput(log: { summary: LogSummary }): Promise<boolean> {
  const { kind, size, file } = log.summary;
  if (kind === 'icacls' || kind === 'fltmc') return true;
  if (kind !== 'text-log' || size === 0 || size > GET_ACL_SNIFF_MAX) return false;
  const text = await readToolText(file, 'ACL output').catch(() => null);
  return !!text && sniffAclText(text.text) === 'get-acl';
}

/**
 * Gives each ACL / fltmc output the side its file name points to. Other logs keep theirs: a
 * "clean" CBS.log would otherwise drop out of the problem's log evidence.
 */
export async function assignToolSides(logs: readonly { summary: LogSummary }[]): Promise<void> {
  for (const log of logs) {
    if (log.summary.side !== 'either') continue;
    const hint = sideHintFromName(path.basename(log.summary.file));
    if (hint && (await isToolOutput(log))) log.summary = { ...log.summary, side: hint };
  }
}

export async function compareInsights(input: {
  baseline: TraceStore;
  problem: TraceStore;
  logs: LogStore[];
  findings: readonly Finding[];
  linkTop?: number;
}): Promise<InsightResult> {
  await assignToolSides(input.logs);
  return computeInsights({
    baseline: input.baseline,
    problem: input.problem,
    logs: input.logs,
    result: { findings: input.findings },
    linkTop: input.linkTop,
  });
}

/** A signature as a finding of the JSON lists it: what it is and what to do, in both languages. */
export interface FindingSignatureJson {
  ruleId: string;
  title: SignatureMatch['title'];
  cause: SignatureMatch['cause'];
  remediation: SignatureMatch['remediation'];
  score: number;
}

/**
 * The compare JSON with the insights added (the contract allows extra fields; none is removed):
 * `signatures` on every finding (best first, [] when none names it), and `environment`,
 * `signatures` (all matches with their evidence) and `aclDiffs` at the top.
 */
export function withInsightsJson<J extends { findings: { id?: string; rank: number }[] }>(
  json: J,
  insights: InsightResult,
): Omit<J, 'findings'> & {
  findings: (J['findings'][number] & { signatures: FindingSignatureJson[] })[];
  environment: InsightResult['environment'];
  signatures: SignatureMatch[];
  aclDiffs: InsightResult['aclDiffs'];
  insightWarnings: string[];
} {
  const named = (f: { id?: string }, s: SignatureMatch): boolean =>
    f.id !== undefined && (s.findingIds.includes(f.id) || s.evidence.some((e) => e.findingId === f.id));
  return {
    ...json,
    findings: json.findings.map((f) => ({
      ...f,
      signatures: insights.signatures
        .filter((s) => named(f, s))
        .map((s): FindingSignatureJson => ({
          ruleId: s.ruleId,
          title: s.title,
          cause: s.cause,
          remediation: s.remediation,
          score: s.score,
        })),
    })),
    environment: insights.environment,
    signatures: insights.signatures,
    aclDiffs: insights.aclDiffs,
    insightWarnings: insights.warnings,
  };
}
