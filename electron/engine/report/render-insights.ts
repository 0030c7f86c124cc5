/**
 * HTML of the insight parts of the report (report-insights.ts): the known signature beside the top
 * finding on the summary, the signature / stack / agent / ACL blocks of a finding, and the environment
 * delta, other signatures and ACL pages. Like render-html.ts, every value goes through `markup`.
 */
import { markup, type SafeHtml } from './html-escape';
import { insightStrings, type InsightStrings } from './report-insight-strings';
import { fill, reportStrings, type ReportStrings } from './report-strings';
import type {
  ReportAclCommand,
  ReportAclDiff,
  ReportEnvItem,
  ReportFinding,
  ReportModel,
  ReportSignature,
} from './report-types';

const fmt = (n: number): string => n.toLocaleString('en-US');

function signatureBox(
  sig: ReportSignature,
  is: InsightStrings,
  opts: { heading: 'h3' | 'h4'; evidence: boolean },
): SafeHtml {
  const ranks = sig.findingRanks.length
    ? markup`<span class="badge">${fill(is.explainsFindings, { ranks: sig.findingRanks.map((r) => `#${r}`).join(is.listSep) })}</span>`
    : '';
  const title = markup`${is.knownSignature}${is.colon}${sig.title}`;
  const evidence =
    opts.evidence && sig.evidence.length
      ? markup`<div class="sig-ev"><span class="muted">${is.matchedOn}${is.colon.trim()}</span><ul>${sig.evidence.map((e) => markup`<li>${e}</li>`)}</ul></div>`
      : '';
  return markup`<div class="signature">
    ${opts.heading === 'h3' ? markup`<h3>${title}</h3>` : markup`<h4>${title}</h4>`}
    <div class="sig-meta"><span class="badge">${is.match} ${sig.score.toFixed(2)}</span>${ranks}<span class="muted mono">${sig.ruleId}</span></div>
    <dl class="sig-body">
      <dt>${is.cause}</dt><dd>${sig.cause}</dd>
      <dt>${is.remediation}</dt><dd class="remedy">${sig.remediation}</dd>
    </dl>
    ${evidence}
  </div>`;
}

/** Summary page: the best signature next to the top finding, and one line on the environment. */
export function summaryInsights(m: ReportModel): SafeHtml {
  const ins = m.insights;
  if (!ins) return markup``;
  const is = insightStrings(m.language);
  const env = ins.environment;
  const third = env.problemOnly.filter((i) => i.thirdParty);
  const names = [
    ...new Set(
      (third.length ? third : env.problemOnly).filter((i) => i.kind !== 'program-folder').map((i) => i.name),
    ),
  ].slice(0, 6);
  const total = env.problemOnly.length + env.moreProblemOnly;
  const envLine =
    total > 0
      ? markup`<p class="env-line"><a href="#environment"><strong>${is.environmentDelta}</strong></a>${is.colon}${fill(
          is.environmentLine,
          {
            n: fmt(total),
            third: fmt(third.length),
            names: names.join(is.listSep),
          },
        )}</p>`
      : '';
  return markup`${ins.top ? signatureBox(ins.top, is, { heading: 'h3', evidence: false }) : ''}${envLine}`;
}

function aclTable(d: ReportAclDiff, is: InsightStrings): SafeHtml {
  const owner = d.owner
    ? markup`<p><span class="muted">${is.owner}${is.colon}</span>${d.owner.baseline} → ${d.owner.problem}</p>`
    : '';
  if (d.same || d.rows.length === 0)
    return markup`<div class="acl-obj"><div class="path">${d.path}</div>${owner}<p class="muted">${is.aclSame}</p></div>`;
  const rows = d.rows.map(
    (r) => markup`<tr class="${r.servicingAccount ? 'servicing' : ''}">
      <td class="principal">${r.principal}</td><td>${r.baseline}</td><td class="prob">${r.problem}</td>
    </tr>
    <tr class="sentence"><td colspan="3">${r.sentence}</td></tr>`,
  );
  return markup`<div class="acl-obj">
    <div class="path">${d.path}</div>
    ${owner}
    <table class="acl">
      <colgroup><col style="width:40mm"><col style="width:40mm"><col></colgroup>
      <thead><tr><th>${is.principal}</th><th>${is.rightsBaseline}</th><th>${is.rightsProblem}</th></tr></thead>
      <tbody>${rows}</tbody>
    </table>
  </div>`;
}

function aclCommands(list: readonly ReportAclCommand[], is: InsightStrings): SafeHtml {
  const items = list.map(
    (c) => markup`<div class="cmd-block">
      ${c.cmd ? markup`<div class="cmd-label">${is.cmdPrompt}</div><pre class="cmd">${c.cmd}</pre>` : ''}
      <div class="cmd-label">${is.powershell}</div><pre class="cmd">${c.powershell}</pre>
    </div>`,
  );
  const example = list[0].outputName;
  const intro = fill(is.collectAclIntro, { clean: `clean-${example}`, problem: `problem-${example}` });
  return markup`<div class="keep"><h3>${is.collectAcl}</h3><p class="muted">${intro}</p>${items[0]}</div>${items.slice(1)}`;
}

/** Top of a finding: the known signatures that name it and the third-party code on its stack. */
export function findingLeadHtml(f: ReportFinding, language: ReportModel['language']): SafeHtml {
  const is = insightStrings(language);
  const s: ReportStrings = reportStrings(language);
  const sigs = f.signatures.map((sig) => signatureBox(sig, is, { heading: 'h3', evidence: true }));
  const a = f.attribution;
  const attribution = a
    ? markup`<h3>${is.stackAttribution}</h3>
      <p class="attribution">${a.sentence}</p>
      <p class="muted">${fill(is.failingEvent, { seq: a.seq, result: a.result })}</p>
      <table><colgroup><col style="width:36mm"><col><col style="width:34mm"><col style="width:36mm"></colgroup>
      <thead><tr><th>${is.module}</th><th>${s.path}</th><th>${is.company}</th><th>${is.altitude}</th></tr></thead>
      <tbody>${a.modules.map(
        (mod) =>
          markup`<tr><td>${mod.module}${mod.kernel ? markup` <span class="badge">${is.kernel}</span>` : ''}</td><td class="path">${mod.path}</td><td>${mod.company || '—'}</td><td>${mod.altitude || '—'}</td></tr>`,
      )}</tbody></table>`
    : '';
  return markup`${sigs}${attribution}`;
}

/** After a finding's log evidence: the agents active near it and its ACL evidence (or how to collect it). */
export function findingContextHtml(f: ReportFinding, language: ReportModel['language']): SafeHtml {
  const is = insightStrings(language);
  const s: ReportStrings = reportStrings(language);
  const agents = f.agents.length
    ? markup`<h3>${is.agentsNear}</h3>
      <p class="muted">${is.agentsIntro}</p>
      <table class="agents"><colgroup><col style="width:40mm"><col style="width:16mm"><col style="width:30mm"><col></colgroup>
      <thead><tr><th>${s.process}</th><th class="num">${is.eventsNear}</th><th>${is.nearest}</th><th>${is.touched}</th></tr></thead>
      <tbody>${f.agents.map(
        (g) => markup`<tr class="${g.sameFile ? 'same-file' : ''}">
          <td><strong>${g.process}</strong> <span class="muted">PID ${g.pid}</span>${g.product ? markup`<br><span class="muted small">${g.product}</span>` : ''}${g.sameFile ? markup`<br><span class="badge hot">${is.sameFile}</span>` : ''}</td>
          <td class="num">${fmt(g.events)}</td>
          <td>${g.when}</td>
          <td>${g.touched.map((t) => markup`<div class="touch"><span class="path">${t.path}</span><br><span class="muted">${t.operations} → ${t.results} (${fmt(t.count)})</span></div>`)}</td>
        </tr>`,
      )}</tbody></table>`
    : '';
  const acl = f.acl.length
    ? markup`<div class="keep"><h3>${is.aclEvidence}</h3><p class="muted">${is.aclIntro}</p>${aclTable(f.acl[0], is)}</div>${f.acl.slice(1).map((d) => aclTable(d, is))}`
    : '';
  const cmds = f.aclCommands.length ? aclCommands(f.aclCommands, is) : '';
  return markup`${agents}${acl}${cmds}`;
}

function envTable(
  items: readonly ReportEnvItem[],
  is: InsightStrings,
  events: 'problem' | 'baseline',
): SafeHtml {
  const rows = items.map(
    (i) => markup`<tr class="${i.thirdParty ? 'third' : ''}">
      <td><strong>${i.name}</strong>${i.path ? markup`<br><span class="path muted">${i.path}</span>` : ''}${i.altitude ? markup`<br><span class="muted">${is.altitude} ${i.altitude}</span>` : ''}</td>
      <td>${i.kindLabel}</td>
      <td>${i.publisher}${i.description ? markup`<br><span class="muted">${i.description}</span>` : ''}</td>
      <td class="num">${(events === 'problem' ? i.problemEvents : i.baselineEvents) > 0 ? fmt(events === 'problem' ? i.problemEvents : i.baselineEvents) : '—'}${i.firstTime ? markup`<br><span class="muted">${i.firstTime}</span>` : ''}</td>
      <td class="ev-list">${i.evidence.map((e) => markup`<div>${e}</div>`)}</td>
    </tr>`,
  );
  return markup`<table class="env">
    <colgroup><col style="width:48mm"><col style="width:22mm"><col style="width:26mm"><col style="width:24mm"><col></colgroup>
    <thead><tr><th>${is.name}</th><th>${is.kind}</th><th>${is.publisher}</th><th class="num">${events === 'problem' ? is.eventsProblem : is.eventsBaseline} · ${is.firstSeen}</th><th>${is.evidence}</th></tr></thead>
    <tbody>${rows}</tbody></table>`;
}

/** The environment delta, the signatures that name no finding, unlinked ACL differences and fltmc. */
export function insightSections(m: ReportModel): SafeHtml {
  const ins = m.insights;
  if (!ins) return markup``;
  const is = insightStrings(m.language);
  const s = reportStrings(m.language);
  const env = ins.environment;
  const more = (n: number): SafeHtml | '' =>
    n > 0 ? markup`<p class="muted">${fill(is.moreItems, { n: fmt(n) })}</p>` : '';
  const products = env.products.length
    ? markup`<h3>${is.agentProducts}</h3><ul class="products">${env.products.map(
        (p) =>
          markup`<li><strong>${p.vendor}</strong> <span class="path">${p.folder}</span><br>${p.processes.join(', ')}${p.processes.length ? ' · ' : ''}<span class="muted">${fill(is.productLine, { events: fmt(p.problemEvents) })}</span></li>`,
      )}</ul>`
    : '';
  const empty = env.problemOnly.length === 0 && env.baselineOnly.length === 0;
  const fltmc = ins.fltmc
    ? markup`<h3>${is.fltmcTitle}</h3><p class="muted">${is.fltmcIntro}</p>
      <table class="fltmc"><colgroup><col style="width:34mm"><col style="width:20mm"><col style="width:44mm"><col style="width:24mm"><col><col></colgroup>
      <thead><tr><th>${is.filter}</th><th class="num">${is.altitude}</th><th>${is.loadOrderGroup}</th><th>${is.publisher}</th><th>${s.baselineShort}${ins.fltmc.baselineFile ? markup`<br><span class="muted">${ins.fltmc.baselineFile}</span>` : ''}</th><th>${s.problemShort}${ins.fltmc.problemFile ? markup`<br><span class="muted">${ins.fltmc.problemFile}</span>` : ''}</th></tr></thead>
      <tbody>${ins.fltmc.rows.map(
        (r) =>
          markup`<tr class="${r.problemOnly ? 'problem-only' : ''}"><td><strong>${r.name}</strong></td><td class="num">${r.altitude}</td><td>${r.group}</td><td>${r.publisher}</td><td>${r.baseline}</td><td>${r.problem}</td></tr>`,
      )}</tbody></table>`
    : '';
  const environment = markup`<section class="environment page" id="environment">
    <h2>${is.environmentDelta}</h2>
    <p class="muted">${is.environmentIntro}</p>
    ${empty ? markup`<p>${is.noEnvironmentDelta}</p>` : ''}
    ${products}
    ${env.problemOnly.length ? markup`<h3>${is.problemOnlySoftware}</h3>${envTable(env.problemOnly, is, 'problem')}${more(env.moreProblemOnly)}` : ''}
    ${env.baselineOnly.length ? markup`<h3>${is.baselineOnlySoftware}</h3><p class="muted">${is.baselineOnlyNote}</p>${envTable(env.baselineOnly, is, 'baseline')}${more(env.moreBaselineOnly)}` : ''}
    ${fltmc}
  </section>`;
  const others = ins.otherSignatures.length
    ? markup`<section class="signatures page" id="signatures">
      <h2>${is.otherSignatures}</h2>
      <p class="muted">${is.otherSignaturesNote}</p>
      ${ins.otherSignatures.map((sig) => signatureBox(sig, is, { heading: 'h3', evidence: true }))}
    </section>`
    : '';
  const acl = ins.acl.length
    ? markup`<section class="acl-section page" id="acl">
      <h2>${is.aclEvidence}</h2>
      <p class="muted">${is.aclOtherIntro}</p>
      ${ins.acl.map((d) => aclTable(d, is))}
    </section>`
    : '';
  return markup`${environment}${others}${acl}`;
}

/** Unreadable extra inputs and rule-file problems, for the appendix. */
export function insightNotes(m: ReportModel): SafeHtml {
  const w = m.insights?.warnings ?? [];
  if (w.length === 0) return markup``;
  const is = insightStrings(m.language);
  return markup`<h3>${is.analysisNotes}</h3><ul class="analysis-notes">${w.map((x) => markup`<li>${x}</li>`)}</ul>`;
}
