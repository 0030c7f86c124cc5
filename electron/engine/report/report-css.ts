/**
 * Print CSS of the report: A4, margins that leave room for Chromium's running header and footer,
 * a page break before each section, table rows kept whole, and the product's visual language
 * (docs UI.md): red for a real failure, amber for a result that differs, a hatch for work that never
 * happened on the problem machine, blue for problem-only events, a star and a yellow edge for marked
 * evidence. Meaning never rests on colour alone: the result words, markers and gap texts carry it too.
 */
export const PAGE_MARGINS = { top: '20mm', bottom: '18mm', left: '14mm', right: '14mm' } as const;

export const FONT_STACK =
  '"Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif';
export const MONO_STACK =
  'Consolas, "Cascadia Mono", "DejaVu Sans Mono", "Noto Sans Mono CJK SC", "Microsoft YaHei", "PingFang SC", monospace';

/**
 * The hatch as inline vector lines drawn behind the cell text. CSS gradients and background image
 * tiles are rasterised by Chromium's PDF backend into one large bitmap per cell (tens of megabytes
 * for a report); a few dozen path segments per cell stay small and sharp.
 */
export const HATCH_SVG = `<svg class="hatch-bg" aria-hidden="true"><path d="${Array.from(
  { length: 70 },
  (_, i) => `M${i * 12 - 300} 300L${i * 12} 0`,
).join('')}"/></svg>`;

export const REPORT_CSS = `
@page { size: A4; margin: ${PAGE_MARGINS.top} ${PAGE_MARGINS.right} ${PAGE_MARGINS.bottom} ${PAGE_MARGINS.left}; }
:root {
  --ink: #1b1f24; --muted: #57606a; --rule: #d0d7de; --accent: #1f4e79; --soft: #f3f6f9;
  --fail: #b3261e; --fail-bg: #fdecea; --both-fail: #8c5a5a; --amber: #7a4f00; --amber-bg: #fff4d6;
  --base-only: #e6f4ea; --prob-only: #e3f0fb; --marked: #e0b000;
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: var(--ink); font-family: ${FONT_STACK}; font-size: 9.5pt; line-height: 1.45; }
:lang(zh-CN) body, body:lang(zh-CN) { line-height: 1.55; }
/* Opened in a browser (the HTML export), the page gets the margins print gives it. */
@media screen { body { max-width: 210mm; margin: 0 auto; padding: 14mm 12mm; box-sizing: border-box; } }
h1 { font-size: 22pt; line-height: 1.25; margin: 0 0 6mm; color: var(--accent); font-weight: 700; }
h2 { font-size: 15pt; margin: 0 0 4mm; padding-bottom: 1.5mm; border-bottom: 2px solid var(--accent); color: var(--accent); break-after: avoid; }
h3 { font-size: 11pt; margin: 6mm 0 2mm; color: var(--ink); break-after: avoid; }
p { margin: 0 0 2mm; }
.page { break-before: page; }
.muted { color: var(--muted); }
.mono, .path { font-family: ${MONO_STACK}; font-size: 8pt; }
.path { overflow-wrap: anywhere; word-break: break-all; }
table { width: 100%; border-collapse: collapse; margin: 1mm 0 3mm; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th { text-align: left; font-weight: 600; color: var(--muted); font-size: 8pt; border-bottom: 1px solid var(--rule); padding: 1.2mm 1.5mm; }
td { vertical-align: top; border-bottom: 1px solid #eaeef2; padding: 1.2mm 1.5mm; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }

/* cover */
.cover .brand { font-size: 9pt; letter-spacing: .08em; text-transform: uppercase; color: var(--muted); margin: 18mm 0 4mm; }
.cover .kv { width: auto; min-width: 60%; margin-bottom: 8mm; }
.cover .kv th { width: 32mm; border: 0; font-size: 9pt; padding: 1mm 4mm 1mm 0; }
.cover .kv td { border: 0; font-size: 10.5pt; padding: 1mm 0; }
.machines { display: flex; gap: 5mm; margin: 4mm 0 8mm; }
.machine { flex: 1; border: 1px solid var(--rule); border-radius: 2mm; padding: 3mm 4mm; break-inside: avoid; }
.machine.baseline { border-top: 4px solid #2e7d32; }
.machine.problem { border-top: 4px solid var(--fail); }
.machine .role { font-weight: 700; margin-bottom: 1.5mm; }
.machine dl { display: grid; grid-template-columns: auto 1fr; gap: .8mm 3mm; margin: 0; font-size: 8.5pt; }
.machine dt { color: var(--muted); }
.machine dd { margin: 0; overflow-wrap: anywhere; }

/* summary */
.conclusion { border-left: 4px solid var(--accent); background: var(--soft); padding: 3mm 4mm; font-size: 10.5pt; white-space: normal; break-inside: avoid; }
.conclusion.empty { color: var(--muted); font-style: italic; }
.stats { display: grid; grid-template-columns: repeat(3, 1fr); gap: 2mm; margin: 1mm 0 3mm; }
.stat { border: 1px solid var(--rule); border-radius: 1.5mm; padding: 2mm 3mm; break-inside: avoid; }
.stat .n { font-size: 13pt; font-weight: 700; font-variant-numeric: tabular-nums; }
.stat .l { font-size: 8pt; color: var(--muted); }
.findings-table td.path { font-size: 7.5pt; }

/* results and badges */
.res { font-weight: 600; white-space: nowrap; }
.res.failure { color: var(--fail); }
.res.context { color: var(--amber); }
.res.success { color: #1e6b34; }
.arrow { color: var(--muted); padding: 0 1mm; }
.badge { display: inline-block; font-size: 7.5pt; border: 1px solid var(--rule); border-radius: 1mm; padding: 0 1.5mm; margin-right: 1mm; color: var(--muted); white-space: nowrap; }
.badge.rootcause { border-color: var(--fail); color: var(--fail); font-weight: 600; }

/* finding */
.finding-head { border: 1px solid var(--rule); border-left: 4px solid var(--fail); border-radius: 1.5mm; padding: 2.5mm 4mm; margin-bottom: 3mm; break-inside: avoid; }
.finding-head.context { border-left-color: var(--amber); }
.finding-head.other { border-left-color: var(--accent); }
.finding-head .line1 { font-size: 10.5pt; font-weight: 600; }
.finding-head .path { font-size: 8.5pt; margin: 1mm 0; }
.why { margin: 0 0 2mm; }
.legend { font-size: 7.5pt; color: var(--muted); margin: 1mm 0 2mm; }
.legend span { margin-right: 3mm; white-space: nowrap; }
.legend .star, .notes .on .star, table.logs .star { color: var(--marked); }
.swatch { display: inline-block; width: 3mm; height: 3mm; vertical-align: -0.4mm; margin-right: 1mm; border: 1px solid var(--rule); }

/* side-by-side excerpt */
table.excerpt { table-layout: fixed; font-size: 8pt; }
table.excerpt col.gutter { width: 6mm; }
table.excerpt th.side { font-size: 8.5pt; color: var(--ink); }
table.excerpt td { padding: 1mm 1.5mm; border-bottom: 1px solid #e5e9ee; }
table.excerpt td.gutter { text-align: center; color: var(--accent); font-weight: 700; padding: 1mm 0; }
table.excerpt td.gutter .star { color: var(--marked); }
.ev .l1 .res { margin-left: 1mm; }
.ev .seq { color: var(--muted); font-variant-numeric: tabular-nums; }
.ev .t { color: var(--muted); font-family: ${MONO_STACK}; font-size: 7.5pt; }
.ev .op { font-weight: 600; }
.ev .path { font-size: 7.5pt; display: block; margin: .3mm 0; }
.ev .det { font-size: 7pt; color: var(--muted); overflow-wrap: anywhere; }
.ev.failure { border-left: 3px solid var(--fail); }
.ev.failure.both { border-left-color: var(--both-fail); }
.ev.both .res.failure { color: var(--both-fail); }
tr.k-changed td.ev { background: var(--amber-bg); }
tr.k-changed td.ev.failure { background: var(--fail-bg); }
tr.k-baseline-only td.ev.b { background: var(--base-only); }
tr.k-problem-only td.ev.p { background: var(--prob-only); }
td.gap { color: #444; font-style: italic; font-size: 7.5pt; vertical-align: middle; }
td.gap.hatch, .swatch.hatch { position: relative; overflow: hidden; background: #f6f6f6; }
.hatch-bg { position: absolute; left: 0; top: 0; width: 100%; height: 100%; }
.hatch-bg path { stroke: #e0e0e0; stroke-width: 2; fill: none; }
td.gap.hatch span { position: relative; }
tr.focus td { border-top: 1.5px solid var(--accent); border-bottom: 1.5px solid var(--accent); }
tr.focus td.gutter { border-left: 1.5px solid var(--accent); }
tr.focus td:last-child { border-right: 1.5px solid var(--accent); }
tr.marked td.gutter { box-shadow: inset 3px 0 0 var(--marked); }
tr.collapsed td { text-align: center; color: var(--muted); font-style: italic; background: var(--soft); }

/* logs, codes, notes */
table.logs td.text { font-family: ${MONO_STACK}; font-size: 7.5pt; overflow-wrap: anywhere; word-break: break-all; }
table.logs td.where, table.logs td.why { font-size: 8pt; }
table.logs td.where { white-space: nowrap; }
table.logs tr.marked td.where { box-shadow: inset 3px 0 0 var(--marked); }
.notes { list-style: none; padding: 0; margin: 0; }
.notes li { border: 1px solid var(--rule); border-left: 4px solid var(--marked); border-radius: 1.5mm; padding: 2mm 3mm; margin-bottom: 2mm; break-inside: avoid; }
.notes .on { font-size: 8pt; color: var(--muted); margin-bottom: 1mm; }
.notes .note { font-size: 9.5pt; }
.notes .ev-line { font-size: 8pt; margin-top: 1mm; }
table.appendix td.sha { font-family: ${MONO_STACK}; font-size: 7pt; word-break: break-all; }
table.rules td { font-size: 8pt; }
.footer-note { margin-top: 8mm; font-size: 8pt; color: var(--muted); }

/* insights: known signatures, agents, ACL evidence, environment delta */
.signature { border: 1px solid var(--rule); border-left: 4px solid var(--accent); border-radius: 1.5mm; padding: 2.5mm 4mm; margin: 3mm 0; break-inside: avoid; background: var(--soft); }
.signature h3, .signature h4 { margin: 0 0 1mm; font-size: 10.5pt; color: var(--accent); }
.signature .sig-meta { margin-bottom: 1.5mm; }
.signature .sig-meta .mono { margin-left: 1mm; }
.sig-body { display: grid; grid-template-columns: auto 1fr; gap: 1mm 3mm; margin: 0; }
.sig-body dt { font-weight: 600; color: var(--muted); }
.sig-body dd { margin: 0; }
.sig-body dd.remedy { font-weight: 600; }
.sig-ev { font-size: 8pt; margin-top: 1.5mm; }
.sig-ev ul { margin: .5mm 0 0; padding-left: 5mm; }
.sig-ev li { overflow-wrap: anywhere; word-break: break-all; }
.env-line { margin-top: 2mm; }
.env-line a { color: var(--accent); text-decoration: none; }
.attribution { font-weight: 600; }
.badge.hot { border-color: var(--fail); color: var(--fail); }
table.agents td { font-size: 8pt; }
table.agents tr.same-file td:first-child { box-shadow: inset 3px 0 0 var(--fail); }
table.agents .touch { margin-bottom: .8mm; }
table.agents .touch .path { font-size: 7pt; }
.keep { break-inside: avoid; }
.small { font-size: 7.5pt; }
.acl-obj { margin: 2mm 0 3mm; break-inside: avoid; }
.acl-obj > .path { font-weight: 600; margin-bottom: 1mm; }
table.acl { font-size: 8pt; margin-top: 0; }
table.acl td.principal { font-weight: 600; }
table.acl td.prob { color: var(--fail); }
table.acl tr.sentence td { color: var(--muted); font-size: 7.5pt; border-bottom: 1px solid var(--rule); padding-top: 0; }
table.acl tr.servicing td.principal { box-shadow: inset 3px 0 0 var(--fail); }
.cmd-block { break-inside: avoid; margin-bottom: 2mm; }
.cmd-label { font-size: 7.5pt; color: var(--muted); margin-top: 1mm; }
pre.cmd { font-family: ${MONO_STACK}; font-size: 7.5pt; background: var(--soft); border: 1px solid var(--rule); border-radius: 1mm; padding: 1.5mm 2mm; margin: .5mm 0; white-space: pre-wrap; overflow-wrap: anywhere; word-break: break-all; }
table.env, table.fltmc { font-size: 8pt; }
table.env td.ev-list { font-size: 7.5pt; color: var(--muted); overflow-wrap: anywhere; }
table.env tr.third td:first-child { box-shadow: inset 3px 0 0 var(--amber); }
table.fltmc tr.problem-only td { background: var(--prob-only); }
.products { padding-left: 5mm; margin: 0 0 2mm; }
.products li { margin-bottom: 1mm; }
.analysis-notes { font-size: 8pt; padding-left: 5mm; }
`;
