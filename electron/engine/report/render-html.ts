/**
 * Renders the report model as one self-contained HTML document (inline CSS, no script, no external
 * resource, a CSP that forbids both). Every piece of trace, log and user text goes through the
 * escaping `html` template (html-escape.ts); nothing is concatenated raw. Headings are h1/h2/h3 so
 * the PDF outline (bookmarks) follows the sections.
 */
import { FONT_STACK, REPORT_CSS } from './report-css';
import { escapeHtml, escapeMultiline, html, raw, type SafeHtml } from './html-escape';
import { scopeSentence } from './report-model';
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
  return html`<span class="res ${cls}">${result || '—'}</span>`;
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
  const machine = (side: 'baseline' | 'problem') => {
    const x = m.machines[side];
    return html`<div class="machine ${side}">
      <div class="role">${side === 'baseline' ? s.baseline : s.problem}</div>
      <dl>
        <dt>${s.machine}</dt><dd>${x.name || '—'}</dd>
        <dt>${s.os}</dt><dd>${x.os || '—'}</dd>
        <dt>${s.trace}</dt><dd class="path">${x.file}</dd>
        <dt>${s.events}</dt><dd>${fmt(x.events)}</dd>
      </dl>
    </div>`;
  };
  return html`<section class="cover">
    <div class="brand">TraceDiff Workbench · ${s.reportKind}</div>
    <h1>${m.title}</h1>
    <table class="kv">${kv.filter(([, v]) => v !== '').map(([k, v]) => html`<tr><th>${k}</th><td>${v}</td></tr>`)}</table>
    <div class="machines">${machine('baseline')}${machine('problem')}</div>
    <h3>${s.inputs}</h3>
    <table>
      <thead><tr><th>${s.file}</th><th>${s.side}</th><th>${s.kind}</th><th class="num">${s.size}</th></tr></thead>
      <tbody>${m.inputs.map(
        (i) =>
          html`<tr><td class="path">${i.file}</td><td>${sideLabel(i.side, s)}</td><td>${i.kind}</td><td class="num">${fmt(i.size)}</td></tr>`,
      )}</tbody>
    </table>
  </section>`;
}

function summary(m: ReportModel, s: ReportStrings): SafeHtml {
  const st = m.stats;
  const stat = (n: number, label: string) => html`<div class="stat"><div class="n">${fmt(n)}</div><div class="l">${label}</div></div>`;
  const rows = m.findings.map(
    (f) => html`<tr>
      <td class="num">${f.rank}</td>
      <td>${f.process}<br><span class="muted">${f.operation}</span></td>
      <td class="path">${f.path}</td>
      <td>${resultSpan(f.baselineResult, f.baselineResult === 'SUCCESS' ? 'success' : '')}<span class="arrow">→</span>${resultSpan(f.problemResult, f.problemResultClass)}</td>
      <td class="num">${f.score.toFixed(2)}</td>
    </tr>`,
  );
  const empty = m.scope.kind === 'marked' ? s.noMarkedFindings : s.noFindings;
  return html`<section class="summary page">
    <h2>${s.summary}</h2>
    <h3>${s.conclusion}</h3>
    ${m.conclusion.trim() ? html`<div class="conclusion">${multiline(m.conclusion)}</div>` : html`<div class="conclusion empty">${s.noConclusion}</div>`}
    <h3>${s.rootCauseCandidates}</h3>
    <p class="muted">${scopeSentence(m)}</p>
    ${
      m.findings.length === 0
        ? html`<p>${empty}</p>`
        : html`<table class="findings-table">
      <colgroup><col style="width:8mm"><col style="width:32mm"><col><col style="width:48mm"><col style="width:12mm"></colgroup>
      <thead><tr><th class="num">${s.rank}</th><th>${s.process}</th><th>${s.path}</th><th>${s.change}</th><th class="num">${s.score}</th></tr></thead>
      <tbody>${rows}</tbody></table>`
    }
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

function eventCell(e: ReportEvent | null, side: 'b' | 'p', row: ReportExcerptRow, s: ReportStrings): SafeHtml {
  if (!e) {
    if (side === 'p' && row.kind === 'baseline-only') return html`<td class="gap hatch">${s.neverHappened}</td>`;
    if (side === 'b' && row.kind === 'problem-only') return html`<td class="gap">${s.problemOnlyRow}</td>`;
    return html`<td class="gap"></td>`;
  }
  const other = side === 'b' ? row.problem : row.baseline;
  const both = e.resultClass === 'failure' && other?.resultClass === 'failure';
  const cls = ['ev', side, e.resultClass === 'failure' ? 'failure' : '', both ? 'both' : ''].filter(Boolean).join(' ');
  return html`<td class="${cls}">
    <div class="l1"><span class="seq">#${e.seq}</span> <span class="t">${e.time}</span> <span class="op">${e.operation}</span></div>
    <span class="path">${e.path}</span>
    <div>${resultSpan(e.result, e.resultClass)}${e.detail ? html` <span class="det">${e.detail}</span>` : ''}</div>
  </td>`;
}

function excerptTable(f: ReportFinding, s: ReportStrings): SafeHtml {
  if (f.excerpt.length === 0) return html`<p class="muted">${s.noExcerpt}</p>`;
  const rows = f.excerpt.map((r) => {
    if (r.kind === 'collapsed') {
      return html`<tr class="collapsed"><td colspan="3">${fill(s.identicalEvents, { n: fmt(r.count ?? 0) })}</td></tr>`;
    }
    const cls = [`k-${r.kind}`, r.focus ? 'focus' : '', r.marked ? 'marked' : ''].filter(Boolean).join(' ');
    const gutter = html`${r.focus ? html`<span title="${s.firstDivergence}">▶</span>` : ''}${r.marked ? html`<span class="star" title="${s.markedEvidence}">★</span>` : ''}`;
    return html`<tr class="${cls}"><td class="gutter">${gutter}</td>${eventCell(r.baseline, 'b', r, s)}${eventCell(r.problem, 'p', r, s)}</tr>`;
  });
  return html`<p class="muted">${fill(s.excerptNote, { process: f.process })}</p>
  <table class="excerpt">
    <colgroup><col class="gutter"><col><col></colgroup>
    <thead><tr><th></th><th class="side">${s.baseline}</th><th class="side">${s.problem}</th></tr></thead>
    <tbody>${rows}</tbody>
  </table>
  <div class="legend">
    <span>▶ ${s.firstDivergence}</span><span><span class="star">★</span> ${s.markedEvidence}</span>
    <span><span class="swatch" style="background:var(--fail-bg);border-left:3px solid var(--fail)"></span>${s.realFailure}</span>
    <span><span class="swatch" style="background:var(--amber-bg)"></span>${s.differs}</span>
    <span><span class="swatch" style="background:repeating-linear-gradient(135deg,#ddd 0 1mm,#f7f7f7 1mm 2mm)"></span>${s.neverHappened}</span>
    <span><span class="swatch" style="background:var(--prob-only)"></span>${s.problemOnlyRow}</span>
  </div>`;
}

function logTable(lines: readonly ReportLogLine[], s: ReportStrings): SafeHtml {
  return html`<table class="logs">
    <colgroup><col style="width:38mm"><col><col style="width:22mm"></colgroup>
    <thead><tr><th>${s.log}</th><th>${s.detail}</th><th>${s.matchedBy}</th></tr></thead>
    <tbody>${lines.map(
      (l) => html`<tr class="${l.marked ? 'marked' : ''}">
        <td class="where">${l.marked ? html`<span class="star">★</span> ` : ''}${l.file}:${l.line}${l.time ? html`<br><span class="muted">${l.time}</span>` : ''}</td>
        <td class="text">${l.text}</td>
        <td>${l.reason ? s.logReasons[l.reason] : ''}${l.codes.length ? html`<br><span class="mono">${l.codes.join(' ')}</span>` : ''}</td>
      </tr>`,
    )}</tbody></table>`;
}

function notesList(list: readonly ReportAnnotation[], s: ReportStrings): SafeHtml {
  return html`<ul class="notes">${list.map(
    (a) => html`<li>
      <div class="on">★ ${s.target}: ${a.targetLabel} ${a.tags.map((t) => html`<span class="badge${a.rootCause && t === s.tagLabels['root-cause'] ? ' rootcause' : ''}">${t}</span>`)}</div>
      ${a.note ? html`<div class="note">${multiline(a.note)}</div>` : ''}
      ${a.event ? html`<div class="ev-line"><span class="op">${a.event.event.process} ${a.event.event.operation}</span> <span class="path">${a.event.event.path}</span> ${resultSpan(a.event.event.result, a.event.event.resultClass)}</div>` : ''}
      ${a.log ? html`<div class="ev-line mono">${a.log.file}:${a.log.line} ${a.log.text}</div>` : ''}
    </li>`,
  )}</ul>`;
}

function findingSection(f: ReportFinding, s: ReportStrings): SafeHtml {
  const heading = `${s.finding} ${f.rank} · ${f.process} · ${f.operation}`;
  return html`<section class="finding page" id="finding-${f.rank}">
    <h2>${heading}</h2>
    <div class="finding-head">
      <div class="line1">${resultSpan(f.baselineResult, f.baselineResult === 'SUCCESS' ? 'success' : '')}<span class="arrow">→</span>${resultSpan(f.problemResult, f.problemResultClass)}
        <span class="badge">${f.kindLabel}</span><span class="badge">${s.score} ${f.score.toFixed(2)}</span>
        ${f.tags.map((t) => html`<span class="badge${t === s.tagLabels['root-cause'] ? ' rootcause' : ''}">${t}</span>`)}</div>
      <div class="path">${f.path}</div>
    </div>
    <h3>${s.whyRanked}</h3>
    <p class="why">${f.why}</p>
    ${f.consequence > 0 ? html`<p>${fill(s.consequence, { n: fmt(f.consequence) })}</p>` : ''}
    ${f.contextProcesses.length ? html`<p><span class="muted">${s.contextProcesses}:</span> ${f.contextProcesses.join(', ')}</p>` : ''}
    <h3>${s.evidenceSideBySide}</h3>
    ${excerptTable(f, s)}
    <h3>${s.logEvidence}</h3>
    ${f.logEvidence.length ? logTable(f.logEvidence, s) : html`<p class="muted">${s.noLogEvidence}</p>`}
    ${
      f.codes.length
        ? html`<h3>${s.errorCodes}</h3><table><colgroup><col style="width:26mm"><col style="width:60mm"><col></colgroup>
          <thead><tr><th>${s.code}</th><th>${s.codeName}</th><th>${s.meaning}</th></tr></thead>
          <tbody>${f.codes.map((c) => html`<tr><td class="mono">${c.value}</td><td class="mono">${c.name}</td><td>${c.meaning}</td></tr>`)}</tbody></table>`
        : ''
    }
    ${f.annotations.length ? html`<h3>${s.annotations}</h3>${notesList(f.annotations, s)}` : ''}
  </section>`;
}

function appendix(m: ReportModel, s: ReportStrings): SafeHtml {
  return html`<section class="appendix page">
    <h2>${s.appendix}</h2>
    <h3>${s.inputs}</h3>
    <table class="appendix">
      <colgroup><col style="width:40mm"><col style="width:14mm"><col style="width:24mm"><col style="width:16mm"><col style="width:20mm"><col></colgroup>
      <thead><tr><th>${s.file}</th><th>${s.side}</th><th>${s.kind}</th><th>${s.encoding}</th><th class="num">${s.size}</th><th>${s.sha256}</th></tr></thead>
      <tbody>${m.inputs.map(
        (i) => html`<tr><td class="path">${i.path}</td><td>${sideLabel(i.side, s)}</td><td>${i.kind}</td><td>${i.encoding}</td><td class="num">${fmt(i.size)}</td><td class="sha">${i.sha256 || '—'}</td></tr>`,
      )}</tbody>
    </table>
    <h3>${s.normalizationRules}</h3>
    ${
      m.rules.length
        ? html`<table class="rules"><colgroup><col style="width:44mm"><col><col style="width:34mm"><col style="width:10mm"></colgroup>
          <thead><tr><th>${s.normalizationRules}</th><th>${s.pattern}</th><th>${s.replacement}</th><th>${s.ruleEnabled}</th></tr></thead>
          <tbody>${m.rules.map((r) => html`<tr><td>${r.label}</td><td class="path">${r.pattern}</td><td class="path">${r.replacement}</td><td>${r.enabled ? s.yes : s.no}</td></tr>`)}</tbody></table>`
        : html`<p class="muted">${s.none}</p>`
    }
    <h3>${s.redaction}</h3>
    <p>${m.redaction.applied ? s.redactionApplied : s.redactionNone}</p>
    <h3>${s.toolVersion}</h3>
    <p>TraceDiff Workbench ${m.toolVersion}</p>
    <p class="footer-note">${fill(s.generatedBy, { version: m.toolVersion })} · ${m.dateText}</p>
  </section>`;
}

export function renderReportHtml(m: ReportModel): string {
  const s = reportStrings(m.language);
  const doc = html`<!DOCTYPE html>
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
${m.findings.map((f) => findingSection(f, s))}
${m.otherEvidence.length ? html`<section class="other page"><h2>${s.otherEvidence}</h2>${notesList(m.otherEvidence, s)}</section>` : ''}
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
