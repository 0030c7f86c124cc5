/**
 * The `tracediff compare --json` document (ARCHITECTURE.md §4, contract): `baseline` and `problem`
 * ({file, kind, events}) and `findings` sorted by rank with the contract fields first; the extra
 * fields (summary, rules, logs, whyZh, kind, consequence, context, code explanations) are additive.
 */
import type { CompareSummary, Finding, NormalizationRule } from '../../../shared/model/finding';
import type { InputKind } from '../../../shared/model/trace';
import type { CompareResult } from './compare';

export interface CompareJsonInput {
  file: string;
  kind: InputKind | string;
  events: number;
}

export interface CompareJson {
  baseline: CompareJsonInput;
  problem: CompareJsonInput;
  logs: { file: string; kind: string; entries: number }[];
  findings: (Pick<
    Finding,
    | 'rank'
    | 'process'
    | 'operation'
    | 'path'
    | 'baselineResult'
    | 'problemResult'
    | 'score'
    | 'why'
    | 'baselineEvents'
    | 'problemEvents'
    | 'logEvidence'
  > &
    Partial<Finding>)[];
  summary: CompareSummary;
  rules: NormalizationRule[];
}

export function compareJson(
  result: CompareResult,
  inputs: {
    baseline: CompareJsonInput;
    problem: CompareJsonInput;
    logs: { file: string; kind: string; entries: number }[];
  },
  top?: number,
): CompareJson {
  const findings = (top === undefined ? result.findings : result.findings.slice(0, top)).map((f) => {
    // Contract fields first, in the documented order, then the rest of the finding.
    const {
      rank,
      process,
      operation,
      path,
      baselineResult,
      problemResult,
      score,
      why,
      baselineEvents,
      problemEvents,
      logEvidence,
      ...rest
    } = f;
    return {
      rank,
      process,
      operation,
      path,
      baselineResult,
      problemResult,
      score,
      why,
      baselineEvents,
      problemEvents,
      logEvidence,
      ...rest,
    };
  });
  return {
    baseline: inputs.baseline,
    problem: inputs.problem,
    logs: inputs.logs,
    findings,
    summary: result.summary,
    rules: result.rules,
  };
}
