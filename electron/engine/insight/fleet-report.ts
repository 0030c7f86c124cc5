/**
 * Fleet triage output: the machines x top finding table as CSV (UTF-8 with BOM, so Excel on a
 * Chinese desktop opens the Chinese titles correctly), as JSON, and as one self-contained HTML page
 * grouped by signature. Every machine-supplied string in the HTML is escaped (report/html-escape.ts).
 */
import Papa from 'papaparse';
import { escapeHtml } from '../report/html-escape';
import { groupBySignature, type MachineResult, type SignatureGroup } from './fleet-triage';

export interface FleetSummary {
  baseline: { file: string; kind: string; events: number };
  problemsDir: string;
  jobs: number;
  elapsedMs: number;
  skipped: { path: string; reason: string }[];
}

const CSV_COLUMNS = [
  'machine',
  'status',
  'events',
  'logs',
  'findings',
  'top_process',
  'top_operation',
  'top_path',
  'baseline_result',
  'problem_result',
  'top_score',
  'signature',
  'signature_title',
  'signature_title_zh',
  'signature_score',
  'other_signatures',
  'agents',
  'error',
  'capture',
] as const;

export function fleetCsv(results: readonly MachineResult[]): string {
  const rows = results.map((r) => ({
    machine: r.machine,
    status: r.status,
    events: r.events,
    logs: r.logs,
    findings: r.findings,
    top_process: r.topFinding?.process ?? '',
    top_operation: r.topFinding?.operation ?? '',
    top_path: r.topFinding?.path ?? '',
    baseline_result: r.topFinding?.baselineResult ?? '',
    problem_result: r.topFinding?.problemResult ?? '',
    top_score: r.topFinding ? r.topFinding.score.toFixed(3) : '',
    signature: r.signature?.ruleId ?? '',
    signature_title: r.signature?.title.en ?? '',
    signature_title_zh: r.signature?.title['zh-CN'] ?? '',
    signature_score: r.signature ? r.signature.score.toFixed(3) : '',
    other_signatures: r.otherSignatures.map((s) => s.ruleId).join(' '),
    agents: r.agents.join(' '),
    error: r.error ?? '',
    capture: r.capture,
  }));
  // Values starting with = + - @ would run as formulas in Excel: papaparse's escapeFormulae prefixes them.
  return `\uFEFF${Papa.unparse({ fields: [...CSV_COLUMNS], data: rows.map((r) => CSV_COLUMNS.map((c) => r[c])) }, { newline: '\r\n', escapeFormulae: true })}\r\n`;
}

export function fleetJson(results: readonly MachineResult[], summary: FleetSummary): string {
  return `${JSON.stringify({ ...summary, groups: groupBySignature(results), machines: results }, null, 2)}\n`;
}

function findingCell(r: MachineResult): string {
  if (r.status === 'error') return `<span class="err">${escapeHtml(r.error ?? 'error')}</span>`;
  const f = r.topFinding;
  if (!f) return '<span class="muted">no difference found</span>';
  if (!f.operation) return `${escapeHtml(f.process)} <span class="muted">(${escapeHtml(f.why)})</span>`;
  return `<b>${escapeHtml(f.process)}</b> ${escapeHtml(f.operation)} <code>${escapeHtml(f.path)}</code><br>${escapeHtml(f.baselineResult || '(none)')} &rarr; <b>${escapeHtml(f.problemResult)}</b>`;
}

function groupSection(g: SignatureGroup, byMachine: Map<string, MachineResult>): string {
  const rows = g.machines
    .map((m) => byMachine.get(m))
    .filter((r): r is MachineResult => r !== undefined)
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.machine)}</td><td class="num">${escapeHtml(r.events.toLocaleString('en-US'))}</td><td>${findingCell(r)}</td><td>${escapeHtml(r.agents.join(', '))}</td><td class="num">${r.signature ? escapeHtml(r.signature.score.toFixed(2)) : ''}</td></tr>`,
    )
    .join('\n');
  const first = g.ruleId ? byMachine.get(g.machines[0])?.signature : null;
  const remedy = first
    ? `<p class="fix"><b>Remediation:</b> ${escapeHtml(first.remediation.en)}<br><b>处理：</b>${escapeHtml(first.remediation['zh-CN'])}</p>`
    : '';
  return `<section>
<h2>${escapeHtml(g.title.en)} <span class="zh">${escapeHtml(g.title['zh-CN'])}</span> <span class="count">${g.machines.length} machine(s)</span></h2>
${g.ruleId ? `<p class="rule">${escapeHtml(g.ruleId)}</p>` : ''}${remedy}
<table><thead><tr><th>Machine</th><th>Events</th><th>Top finding</th><th>Agents (problem only)</th><th>Score</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</section>`;
}

export function fleetHtml(results: readonly MachineResult[], summary: FleetSummary): string {
  const groups = groupBySignature(results);
  const byMachine = new Map(results.map((r) => [r.machine, r]));
  const skipped = summary.skipped.length
    ? `<section><h2>Skipped</h2><ul>${summary.skipped.map((s) => `<li><code>${escapeHtml(s.path)}</code>: ${escapeHtml(s.reason)}</li>`).join('')}</ul></section>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Fleet triage - ${escapeHtml(summary.baseline.file)}</title>
<style>
body{font:14px/1.45 "Segoe UI","Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:24px;color:#1b1b1b}
table{border-collapse:collapse;width:100%;margin:8px 0 20px}th,td{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left}
th{background:#f0f0f0}.num{text-align:right;white-space:nowrap}code{font-size:12px;word-break:break-all}
.muted{color:#666}.err{color:#a00}.zh{font-weight:normal;color:#444}.count{font-size:13px;font-weight:normal;color:#555}
.rule{font-family:monospace;color:#555;margin:0}.fix{background:#f7f7ef;padding:6px 10px}
</style></head><body>
<h1>Fleet triage</h1>
<p>Baseline <code>${escapeHtml(summary.baseline.file)}</code> (${escapeHtml(summary.baseline.kind)}, ${escapeHtml(summary.baseline.events.toLocaleString('en-US'))} events) against ${results.length} machine(s) in <code>${escapeHtml(summary.problemsDir)}</code>.</p>
<ul>${groups.map((g) => `<li>${escapeHtml(g.title.en)}: ${g.machines.length} (${escapeHtml(g.machines.join(', '))})</li>`).join('')}</ul>
${groups.map((g) => groupSection(g, byMachine)).join('\n')}
${skipped}
</body></html>
`;
}
