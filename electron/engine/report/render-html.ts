/**
 * Renders the report model as one self-contained HTML document (inline CSS, no script, no external
 * resource, a CSP that forbids both). Every piece of trace, log and user text goes through the
 * escaping `markup` template (html-escape.ts); nothing is concatenated raw. Headings are h1/h2/h3 so
 * the PDF outline (bookmarks) follows the sections.
 */
import { FONT_STACK, HATCH_SVG, REPORT_CSS } from './report-css';
import { escapeHtml, escapeMultiline, markup, raw, type SafeHtml } from './html-escape';
import { scopeSentence } from './report-model';
import {
  findingContextHtml,
  findingLeadHtml,
  insightNotes,
  insightSections,
  summaryInsights,
} from './render-insights';
import { fill, reportStrings, type ReportStrings } from './report-strings';
import type {
  ReportAnnotation,
  ReportEvent,
  ReportExcerptRow,
  ReportFinding,
  ReportLogLine,
  ReportModel,
} from './report-types';

const fmt = (n: number): string => n.toLocaleString('en-US');

function resultSpan(result: string, cls: string): SafeHtml {
  return markup`<span class="res ${cls}">${result || '—'}</span>`;
}

/** "SUCCESS → ACCESS DENIED"; nothing for findings without a result (a process-level finding). */
function resultChange(f: ReportFinding): SafeHtml {
  if (!f.baselineResult && !f.problemResult) return markup``;
  const before = resultSpan(f.baselineResult, f.baselineResult === 'SUCCESS' ? 'success' : '');
  return markup`${before}<span class="arrow">→</span>${resultSpan(f.problemResult, f.problemResultClass)}`;
}

function multiline(text: string): SafeHtml {
  return raw(escapeMultiline(text));
}

function sideLabel(side: 'baseline' | 'problem' | 'log', s: ReportStrings): string {
  return side === 'baseline' ? s.baselineShort : side === 'problem' ? s.problemShort : s.logSide;
}

function cover(m: ReportModel, s: ReportStrings): SafeHtml {
  const md = m.metadata;
  const kv: [string, string][] = [
    [s.ticket, md.ticket],
    [s.customer, md.customer],
    [s.engineer, md.engineer],
    [s.reportDate, m.dateText],
  ];
  const machine = (side: 'baseline' | 'problem'): SafeHtml => {
    const x = m.machines[side];
    return markup`<div class="machine ${side}">
      <div class="role">${side === 'baseline' ? s.baseline : s.problem}</div>
      <dl>
        <dt>${s.machine}</dt><dd>${x.name || '—'}</dd>
        <dt>${s.os}</dt><dd>${x.os || '—'}</dd>
        <dt>${s.trace}</dt><dd class="path">${x.file}</dd>
        <dt>${s.events}</dt><dd>${fmt(x.events)}</dd>
      </dl>
    </div>`;
  };
  const inputRows = m.inputs.map(
    (i) =>
      markup`<tr><td class="path">${i.file}</td><td>${sideLabel(i.side, s)}</td><td>${i.kind}</td><td class="num">${fmt(i.size)}</td></tr>`,
  );
  return markup`<section class="cover">
    <div class="brand">TraceDiff Workbench · ${s.reportKind}</div>
    <h1>${m.title}</h1>
    <table class="kv">${kv.filter(([, v]) => v !== '').map(([k, v]) => markup`<tr><th>${k}</th><td>${v}</td></tr>`)}</table>
    <div class="machines">${machine('baseline')}${machine('problem')}</div>
    <h3>${s.inputs}</h3>
    <table>
      <thead><tr><th>${s.file}</th><th>${s.side}</th><th>${s.kind}</th><th class="num">${s.size}</th></tr></thead>
      <tbody>${inputRows}</tbody>
    </table>
  </section>`;
}

function summary(m: ReportModel, s: ReportStrings): SafeHtml {
  const st = m.stats;
  const stat = (n: number, label: string): SafeHtml =>
    markup`<div class="stat"><div class="n">${fmt(n)}</div><div class="l">${label}</div></div>`;
  const rows = m.findings.map(
    (f) => markup`<tr>
      <td class="num">${f.rank}</td>
      <td>${f.process}<br><span class="muted">${f.operation}</span></td>
      <td class="path">${f.path}</td>
      <td>${f.baselineResult || f.problemResult ? resultChange(f) : markup`<span class="muted">${f.kindLabel}</span>`}</td>
      <td class="num">${f.score.toFixed(2)}</td>
    </tr>`,
  );
  const empty = m.scope.kind === 'marked' ? s.noMarkedFindings : s.noFindings;
  const conclusion = m.conclusion.trim()
    ? markup`<div class="conclusion">${multiline(m.conclusion)}</div>`
    : markup`<div class="conclusion empty">${s.noConclusion}</div>`;
  const table =
    m.findings.length === 0
      ? markup`<p>${empty}</p>`
      : markup`<table class="findings-table">
      <colgroup><col style="width:8mm"><col style="width:32mm"><col><col style="width:48mm"><col style="width:12mm"></colgroup>
      <thead><tr><th class="num">${s.rank}</th><th>${s.process}</th><th>${s.path}</th><th>${s.change}</th><th class="num">${s.score}</th></tr></thead>
      <tbody>${rows}</tbody></table>`;
  return markup`<section class="summary page">
    <h2>${s.summary}</h2>
    <h3>${s.conclusion}</h3>
    ${conclusion}
    <h3>${s.rootCauseCandidates}</h3>
    <p class="muted">${scopeSentence(m)}</p>
    ${table}
    ${summaryInsights(m)}
    <h3>${s.comparison}</h3>
    <div class="stats">
      ${stat(m.machines.baseline.events, `${s.events} · ${s.baselineShort}`)}
      ${stat(m.machines.problem.events, `${s.events} · ${s.problemShort}`)}
      ${stat(st.alignedRows, s.alignedRows)}
      ${stat(st.changed, s.changed)}
      ${stat(st.baselineOnly, s.baselineOnly)}
      ${stat(st.problemOnly, s.problemOnly)}
    </div>
  </section>`;
}

function eventCell(
  e: ReportEvent | null,
  side: 'b' | 'p',
  row: ReportExcerptRow,
  s: ReportStrings,
): SafeHtml {
  if (!e) {
    if (side === 'p' && row.kind === 'baseline-only')
      return markup`<td class="gap hatch">${raw(HATCH_SVG)}<span>${s.neverHappened}</span></td>`;
    if (side === 'b' && row.kind === 'problem-only') return markup`<td class="gap">${s.problemOnlyRow}</td>`;
    return markup`<td class="gap"></td>`;
  }
  const other = side === 'b' ? row.problem : row.baseline;
  const both = e.resultClass === 'failure' && other?.resultClass === 'failure';
  const cls = ['ev', side, e.resultClass === 'failure' ? 'failure' : '', both ? 'both' : '']
    .filter(Boolean)
    .join(' ');
  return markup`<td class="${cls}">
    <div class="l1"><span class="seq">#${e.seq}</span> <span class="t">${e.time}</span> <span class="op">${e.operation}</span> ${resultSpan(e.result, e.resultClass)}</div>
    <span class="path">${e.path}</span>
    ${e.detail ? markup`<div class="det">${e.detail}</div>` : ''}
  </td>`;
}

function excerptTable(f: ReportFinding, s: ReportStrings): SafeHtml {
  if (f.excerpt.length === 0) return markup`<p class="muted">${s.noExcerpt}</p>`;
  const rows = f.excerpt.map((r) => {
    if (r.kind === 'collapsed') {
      return markup`<tr class="collapsed"><td colspan="3">${fill(s.identicalEvents, { n: fmt(r.count ?? 0) })}</td></tr>`;
    }
    const cls = [`k-${r.kind}`, r.focus ? 'focus' : '', r.marked ? 'marked' : ''].filter(Boolean).join(' ');
    const focus = r.focus ? markup`<span title="${s.firstDivergence}">▶</span>` : '';
    const star = r.marked ? markup`<span class="star" title="${s.markedEvidence}">★</span>` : '';
    return markup`<tr class="${cls}"><td class="gutter">${focus}${star}</td>${eventCell(r.baseline, 'b', r, s)}${eventCell(r.problem, 'p', r, s)}</tr>`;
  });
  return markup`<p class="muted">${fill(s.excerptNote, { process: f.process })}</p>
  <table class="excerpt">
    <colgroup><col class="gutter"><col><col></colgroup>
    <thead><tr><th></th><th class="side">${s.baseline}</th><th class="side">${s.problem}</th></tr></thead>
    <tbody>${rows}</tbody>
  </table>
  <div class="legend">
    <span>▶ ${s.firstDivergence}</span><span><span class="star">★</span> ${s.markedEvidence}</span>
    <span><span class="swatch" style="background:var(--fail-bg);border-left:3px solid var(--fail)"></span>${s.realFailure}</span>
    <span><span class="swatch" style="background:var(--amber-bg)"></span>${s.differs}</span>
    <span><span class="swatch hatch">${raw(HATCH_SVG)}</span>${s.neverHappened}</span>
    <span><span class="swatch" style="background:var(--prob-only)"></span>${s.problemOnlyRow}</span>
  </div>`;
}

function logTable(lines: readonly ReportLogLine[], s: ReportStrings): SafeHtml {
  const rows = lines.map(
    (l) => markup`<tr class="${l.marked ? 'marked' : ''}">
      <td class="where">${l.marked ? markup`<span class="star">★</span> ` : ''}${l.file}:${l.line}${l.time ? markup`<br><span class="muted">${l.time}</span>` : ''}</td>
      <td class="text">${l.text}</td>
      <td class="why">${l.reason ? s.logReasons[l.reason] : ''}${l.codes.length ? markup`<br><span class="mono">${l.codes.join(' ')}</span>` : ''}</td>
    </tr>`,
  );
  return markup`<table class="logs">
    <colgroup><col style="width:34mm"><col><col style="width:28mm"></colgroup>
    <thead><tr><th>${s.log}</th><th>${s.detail}</th><th>${s.matchedBy}</th></tr></thead>
    <tbody>${rows}</tbody></table>`;
}

function notesList(list: readonly ReportAnnotation[], s: ReportStrings): SafeHtml {
  const items = list.map((a) => {
    const tags = a.tags.map(
      (t) =>
        markup`<span class="badge${a.rootCause && t === s.tagLabels['root-cause'] ? ' rootcause' : ''}">${t}</span>`,
    );
    const ev = a.event?.event;
    return markup`<li>
      <div class="on"><span class="star">★</span> ${s.target}: ${a.targetLabel} ${tags}</div>
      ${a.note ? markup`<div class="note">${multiline(a.note)}</div>` : ''}
      ${ev ? markup`<div class="ev-line"><span class="op">${ev.process} ${ev.operation}</span> <span class="path">${ev.path}</span> ${resultSpan(ev.result, ev.resultClass)}</div>` : ''}
      ${a.log ? markup`<div class="ev-line mono">${a.log.file}:${a.log.line} ${a.log.text}</div>` : ''}
    </li>`;
  });
  return markup`<ul class="notes">${items}</ul>`;
}

function codesTable(f: ReportFinding, s: ReportStrings): SafeHtml {
  if (f.codes.length === 0) return markup``;
  const rows = f.codes.map(
    (c) =>
      markup`<tr><td class="mono">${c.value}</td><td class="mono">${c.name}</td><td>${c.meaning}</td></tr>`,
  );
  return markup`<h3>${s.errorCodes}</h3>
    <table><colgroup><col style="width:26mm"><col style="width:60mm"><col></colgroup>
    <thead><tr><th>${s.code}</th><th>${s.codeName}</th><th>${s.meaning}</th></tr></thead>
    <tbody>${rows}</tbody></table>`;
}

function findingSection(f: ReportFinding, s: ReportStrings, language: ReportModel['language']): SafeHtml {
  const heading = [`${s.finding} ${f.rank}`, f.process, f.operation].filter((x) => x !== '').join(' · ');
  const tags = f.tags.map(
    (t) => markup`<span class="badge${t === s.tagLabels['root-cause'] ? ' rootcause' : ''}">${t}</span>`,
  );
  const context = f.contextProcesses.length
    ? markup`<p><span class="muted">${s.contextProcesses}:</span> ${f.contextProcesses.join(', ')}</p>`
    : '';
  const logs = f.logEvidence.length
    ? logTable(f.logEvidence, s)
    : markup`<p class="muted">${s.noLogEvidence}</p>`;
  const notes = f.annotations.length ? markup`<h3>${s.annotations}</h3>${notesList(f.annotations, s)}` : '';
  return markup`<section class="finding page" id="finding-${f.rank}">
    <h2>${heading}</h2>
    <div class="finding-head ${f.problemResultClass === 'failure' ? 'failure' : f.problemResultClass === 'context' ? 'context' : 'other'}">
      <div class="line1">${resultChange(f)}
        <span class="badge">${f.kindLabel}</span><span class="badge">${s.score} ${f.score.toFixed(2)}</span>
        ${tags}</div>
      <div class="path">${f.path}</div>
    </div>
    <h3>${s.whyRanked}</h3>
    <p class="why">${f.why}</p>
    ${context}
    ${findingLeadHtml(f, language)}
    <h3>${s.evidenceSideBySide}</h3>
    ${excerptTable(f, s)}
    <h3>${s.logEvidence}</h3>
    ${logs}
    ${codesTable(f, s)}
    ${findingContextHtml(f, language)}
    ${notes}
  </section>`;
}

function appendix(m: ReportModel, s: ReportStrings): SafeHtml {
  const inputs = m.inputs.map(
    (i) =>
      markup`<tr><td class="path">${i.path}</td><td>${sideLabel(i.side, s)}</td><td>${i.kind}</td><td>${i.encoding}</td><td class="num">${fmt(i.size)}</td><td class="sha">${i.sha256 || '—'}</td></tr>`,
  );
  const rules = m.rules.length
    ? markup`<table class="rules"><colgroup><col style="width:44mm"><col><col style="width:34mm"><col style="width:10mm"></colgroup>
      <thead><tr><th>${s.normalizationRules}</th><th>${s.pattern}</th><th>${s.replacement}</th><th>${s.ruleEnabled}</th></tr></thead>
      <tbody>${m.rules.map((r) => markup`<tr><td>${r.label}</td><td class="path">${r.pattern}</td><td class="path">${r.replacement}</td><td>${r.enabled ? s.yes : s.no}</td></tr>`)}</tbody></table>`
    : markup`<p class="muted">${s.none}</p>`;
  return markup`<section class="appendix page">
    <h2>${s.appendix}</h2>
    <h3>${s.inputs}</h3>
    <table class="appendix">
      <colgroup><col style="width:40mm"><col style="width:14mm"><col style="width:24mm"><col style="width:16mm"><col style="width:20mm"><col></colgroup>
      <thead><tr><th>${s.file}</th><th>${s.side}</th><th>${s.kind}</th><th>${s.encoding}</th><th class="num">${s.size}</th><th>${s.sha256}</th></tr></thead>
      <tbody>${inputs}</tbody>
    </table>
    <h3>${s.normalizationRules}</h3>
    ${rules}
    ${insightNotes(m)}
    <h3>${s.redaction}</h3>
    <p>${m.redaction.applied ? s.redactionApplied : s.redactionNone}</p>
    <h3>${s.toolVersion}</h3>
    <p>TraceDiff Workbench ${m.toolVersion}</p>
    <p class="footer-note">${fill(s.generatedBy, { version: m.toolVersion })} · ${m.dateText}</p>
  </section>`;
}

export function renderReportHtml(m: ReportModel): string {
  const s = reportStrings(m.language);
  const other = m.otherEvidence.length
    ? markup`<section class="other page"><h2>${s.otherEvidence}</h2>${notesList(m.otherEvidence, s)}</section>`
    : '';
  const doc = markup`<!DOCTYPE html>
<html lang="${m.language}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="TraceDiff Workbench ${m.toolVersion}">
<title>${m.title}</title>
<style>${raw(REPORT_CSS)}</style>
</head>
<body>
${cover(m, s)}
${summary(m, s)}
${m.findings.map((f) => findingSection(f, s, m.language))}
${insightSections(m)}
${other}
${appendix(m, s)}
</body>
</html>
`;
  return doc.html;
}

/**
 * Chromium's running header and footer (printToPDF headerTemplate/footerTemplate): the case title and
 * ticket at the top, page x of y at the bottom. Templates render in their own tiny document, so they
 * carry their own font settings; the page numbers are Chromium's `pageNumber`/`totalPages` classes.
 */
export function renderPrintTemplates(m: ReportModel): { headerTemplate: string; footerTemplate: string } {
  const s = reportStrings(m.language);
  const style = `font-family:${escapeHtml(FONT_STACK)};font-size:7.5px;color:#57606a;width:100%;padding:0 14mm;display:flex;justify-content:space-between;gap:8mm;`;
  const title = escapeHtml(m.title.length > 90 ? `${m.title.slice(0, 89)}…` : m.title);
  const ticket = escapeHtml(m.metadata.ticket ? `${s.ticket} ${m.metadata.ticket}` : '');
  const pageOf = escapeHtml(s.pageOf)
    .replace('{page}', '<span class="pageNumber"></span>')
    .replace('{pages}', '<span class="totalPages"></span>');
  return {
    headerTemplate: `<div style="${style}"><span style="overflow:hidden;white-space:nowrap;text-overflow:ellipsis">${title}</span><span style="white-space:nowrap">${ticket}</span></div>`,
    footerTemplate: `<div style="${style}"><span>TraceDiff Workbench · ${escapeHtml(s.reportKind)}</span><span style="white-space:nowrap">${pageOf}</span></div>`,
  };
}
