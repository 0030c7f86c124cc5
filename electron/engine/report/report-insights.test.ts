import { describe, expect, it } from 'vitest';
import type { ReportLanguage } from '../../../shared/model/case';
import type { AclDiff, EnvironmentItem, InsightResult, SignatureMatch } from '../../../shared/model/insight';
import { withInsightsJson } from './cli-insights';
import { buildReportModel } from './report-model';
import { renderReportHtml } from './render-html';
import { makeCase, makeLogs, makeResult, makeTraces, XSS } from './report-test-fixture';

const TOP = 'tiworker.exe|createfile|wpdmtp.dll';
const SYS32 = 'C:\\Windows\\System32\\wpdmtp.dll';
const lt = (en: string, zh: string) => ({ en, 'zh-CN': zh });

function item(over: Partial<EnvironmentItem> & Pick<EnvironmentItem, 'name' | 'kind'>): EnvironmentItem {
  return {
    id: `${over.kind}:${over.name.toLowerCase()}`,
    path: '',
    company: '',
    description: '',
    publisher: 'third-party',
    presence: 'problem-only',
    problemEvents: 10,
    baselineEvents: 0,
    firstTime: '2020-07-31T10:20:09.3310826',
    evidence: [],
    ...over,
  };
}

const signature = (id: string, findingIds: string[], title: string): SignatureMatch => ({
  ruleId: id,
  title: lt(title, `${title}（中文）`),
  cause: lt(`Cause of ${id}`, `${id} 的原因`),
  remediation: lt(`Fix ${id} by excluding WinSxS`, `${id} 的处理建议：排除 WinSxS`),
  codes: [],
  confidence: 0.9,
  score: 0.9,
  source: 'built-in:test.json',
  evidence: [{ kind: 'log', text: 'RestoreFileNodeList 拒绝访问。', file: 'C:\\logs\\dism.log', line: 18 }],
  findingIds,
});

function aclDiff(): AclDiff {
  const rights = (en: string, zh: string) => ({ allow: 1, deny: 0, effective: 1, text: lt(en, zh) });
  return {
    path: SYS32,
    baselinePath: SYS32,
    problemPath: SYS32,
    principals: [
      {
        account: 'NT AUTHORITY\\SYSTEM',
        sid: 'S-1-5-18',
        baseline: rights('Full control', '完全控制'),
        problem: rights('Read & execute', '读取和执行'),
        lost: 2,
        gained: 0,
        lostText: lt('Write attributes', '写入属性'),
        servicingAccount: true,
        sentence: lt(
          'SYSTEM: Full control on the baseline machine; Read & execute on the problem machine',
          'SYSTEM：基线上为完全控制；问题机上为读取和执行',
        ),
      },
      {
        account: 'BANKCORP\\wangfang',
        sid: 'S-1-5-21-1004336348-1177238915-682003330-1105',
        baseline: null,
        problem: rights('Full control', '完全控制'),
        lost: 0,
        gained: 1,
        lostText: lt('', ''),
        servicingAccount: false,
        sentence: lt(
          'BANKCORP\\wangfang (S-1-5-21-1004336348-1177238915-682003330-1105): no entry on the baseline; Full control on the problem machine',
          'BANKCORP\\wangfang：基线上无条目；问题机上为完全控制',
        ),
      },
    ],
    owner: null,
    same: false,
    summary: lt(`${SYS32}: 2 principals differ`, `${SYS32}：2 个主体的权限不同`),
  };
}

function insights(over: Partial<InsightResult> = {}): InsightResult {
  return {
    environment: {
      items: [
        item({
          kind: 'process',
          name: 'vEdsmService.exe',
          path: 'C:\\Program Files (x86)\\DSPClient\\CEMS\\vEdsmService.exe',
          product: 'C:\\Program Files (x86)\\DSPClient\\CEMS',
          evidence: [
            {
              source: 'process-table',
              side: 'problem',
              file: 'managed.CSV',
              detail: '587 events, PID 2596, policy server 10.20.30.40 on BRANCH-PC01',
              count: 587,
              firstTime: '',
              seq: 254,
            },
          ],
        }),
        item({
          kind: 'module',
          name: `evil${XSS}.dll`,
          path: 'C:\\Users\\lisi\\AppData\\Roaming\\evil.dll',
        }),
        item({ kind: 'process', name: 'WerFault.exe', publisher: 'microsoft' }),
        item({ kind: 'process', name: 'MsMpEng.exe', publisher: 'microsoft', presence: 'baseline-only' }),
      ],
      products: [
        {
          folder: 'C:\\Program Files (x86)\\DSPClient\\CEMS',
          vendor: 'DSPClient',
          presence: 'problem-only',
          items: ['process:vedsmservice.exe'],
          processes: ['vEdsmService.exe'],
          problemEvents: 587,
        },
      ],
    },
    agentLinks: {
      [TOP]: [
        {
          process: 'vEdsmService.exe',
          pid: 2596,
          imagePath: 'C:\\Program Files (x86)\\DSPClient\\CEMS\\vEdsmService.exe',
          product: 'C:\\Program Files (x86)\\DSPClient\\CEMS',
          publisher: 'third-party',
          events: 31,
          firstTime: '',
          lastTime: '',
          nearestMs: 0.824,
          sameFile: true,
          touched: [{ path: SYS32, operations: ['CreateFile'], results: ['SUCCESS'], count: 4 }],
        },
      ],
    },
    attributions: {},
    signatures: [
      signature('servicing-blocked-by-endpoint-agent', [TOP], 'An agent blocks servicing'),
      signature('agent-crash-in-own-module', [], 'An agent crashes'),
      {
        ...signature('system-file-acl-changed', [], 'ACL changed'),
        evidence: [{ kind: 'acl', text: `${SYS32}: SYSTEM: Full control on the baseline machine; …` }],
      },
    ],
    aclDiffs: [aclDiff()],
    fltmc: {},
    warnings: [],
    elapsedMs: 1,
    ...over,
  };
}

function build(language: ReportLanguage, ins: InsightResult | null, redact = false) {
  const { baseline, problem } = makeTraces();
  const model = buildReportModel({
    case: makeCase(),
    baseline,
    problem,
    logs: makeLogs(),
    result: makeResult(),
    insights: ins,
    options: { language, scope: 'top', redact },
    toolVersion: '0.1.0-test',
  });
  return { model, html: renderReportHtml(model) };
}

describe('insights in the report', () => {
  it('puts the signature, the agents and the ACL evidence on the finding it names', () => {
    const { model, html } = build('zh-CN', insights());
    const top = model.findings[0];
    // The ACL signature names no finding, but cites the ACL of this finding's file.
    expect(top.signatures.map((s) => s.title)).toEqual([
      'An agent blocks servicing（中文）',
      'ACL changed（中文）',
    ]);
    expect(top.signatures[0].remediation).toContain('处理建议');
    expect(top.signatures[0].evidence[0]).toBe('dism.log:18 RestoreFileNodeList 拒绝访问。');
    expect(top.agents[0]).toMatchObject({
      process: 'vEdsmService.exe',
      sameFile: true,
      when: '失败后 0.8 毫秒',
    });
    // Same file name as the finding's wpdmtp.dll, so the ACL table sits with it.
    expect(top.acl[0].rows.map((r) => r.principal)).toEqual(['NT AUTHORITY\\SYSTEM', 'BANKCORP\\wangfang']);
    expect(top.aclCommands).toEqual([]);
    expect(model.findings[1].signatures).toEqual([]);

    const ins = model.insights!;
    expect(ins.top?.findingRanks).toEqual([1]);
    expect(ins.otherSignatures.map((s) => s.ruleId)).toEqual(['agent-crash-in-own-module']);
    expect(ins.acl).toEqual([]);
    expect(ins.environment.problemOnly.map((i) => i.name)).toEqual([
      'vEdsmService.exe',
      `evil${XSS}.dll`,
      'WerFault.exe',
    ]);
    expect(ins.environment.baselineOnly.map((i) => i.name)).toEqual(['MsMpEng.exe']);

    for (const term of ['环境差异', '问题机独有', '已知问题特征', '处理建议', 'ACL 证据', '纯净镜像上的权限'])
      expect(html, term).toContain(term);
    expect(html).toContain('SYSTEM：基线上为完全控制；问题机上为读取和执行');
    // The summary names the top signature next to the findings table.
    const summary = html.slice(html.indexOf('class="summary'), html.indexOf('id="finding-1"'));
    expect(summary).toContain('servicing-blocked-by-endpoint-agent 的处理建议');
  });

  it('escapes an environment item name carrying markup', () => {
    const { html } = build('en', insights());
    expect(html).not.toContain('<script>alert(2)</script>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain(
      'evil&lt;img src=x onerror=alert(1)&gt;&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;.dll',
    );
  });

  it('redacts names, SIDs and addresses in the insight sections too', () => {
    const { html, model } = build('en', insights(), true);
    const env = html.slice(html.indexOf('id="environment"'));
    for (const secret of [
      'lisi',
      'wangfang',
      '10.20.30.40',
      'BRANCH-PC01',
      'S-1-5-21-1004336348',
      'BANKCORP',
    ])
      expect(html, secret).not.toContain(secret);
    expect(env).toMatch(/policy server IP-\d+ on HOST-\d+/);
    expect(env).toMatch(/C:\\Users\\USER-\d+\\AppData/);
    const row = model.findings[0].acl[0].rows[1];
    expect(row.principal).toMatch(/^DOMAIN-\d+\\USER-\d+$/);
    expect(row.sentence).toMatch(/\(SID-\d+\)/);
    // Windows' own accounts and the agent stay readable.
    expect(html).toContain('NT AUTHORITY\\SYSTEM');
    expect(html).toContain('vEdsmService.exe');
  });

  it('gives the icacls commands for an access-denied finding when no ACL output covers it', () => {
    const { model, html } = build('en', insights({ aclDiffs: [] }));
    const cmds = model.findings[0].aclCommands;
    expect(cmds.map((c) => c.path)).toEqual([model.findings[0].path, SYS32]);
    expect(cmds[0].cmd).toMatch(
      /^icacls "C:\\Windows\\SoftwareDistribution\\.*\\wpdmtp\.dll" > "%USERPROFILE%\\Desktop\\acl-wpdmtp\.txt"$/,
    );
    expect(cmds[1].cmd).toContain('icacls "C:\\Windows\\System32\\wpdmtp.dll"');
    expect(model.insights!.aclCompared).toBe(false);
    expect(html).toContain('Collect the ACL evidence');
    expect(html).toContain('clean-acl-wpdmtp.txt');
    expect(model.findings[1].aclCommands).toEqual([]);
  });

  it('lists fltmc filters by altitude and marks the problem-only one', () => {
    const filter = (name: string, altitude: string, publisher: 'microsoft' | 'unknown', line: number) => ({
      name,
      instances: 4,
      altitude,
      frame: '0',
      legacy: false,
      group: 'FSFilter Activity Monitor',
      publisher,
      line,
    });
    const report = (file: string, filters: ReturnType<typeof filter>[]) => ({
      file,
      encoding: 'utf-8',
      filters,
      instances: [],
      warnings: [],
    });
    const { model, html } = build(
      'en',
      insights({
        fltmc: {
          baseline: report('clean-fltmc.txt', [filter('WdFilter', '328010', 'microsoft', 4)]),
          problem: report('problem-fltmc.txt', [filter('vEdsmFileMon', '368420', 'unknown', 5)]),
        },
      }),
    );
    expect(model.insights!.fltmc!.rows).toEqual([
      expect.objectContaining({
        name: 'vEdsmFileMon',
        baseline: 'not loaded',
        problem: '4 instance(s)',
        problemOnly: true,
      }),
      expect.objectContaining({
        name: 'WdFilter',
        baseline: '4 instance(s)',
        problem: 'not loaded',
        problemOnly: false,
      }),
    ]);
    expect(html).toContain('File system filter drivers (fltmc)');
  });

  it('leaves the sections out without insights', () => {
    const { model, html } = build('en', null);
    expect(model.insights).toBeNull();
    expect(model.findings[0].signatures).toEqual([]);
    expect(html).not.toContain('id="environment"');
    expect(html).not.toContain('Known signature');
  });
});

describe('withInsightsJson', () => {
  it('adds signatures per finding and the environment block, keeping every field', () => {
    const doc = {
      baseline: { file: 'a', kind: 'procmon-csv', events: 1 },
      findings: [
        { rank: 1, id: TOP, process: 'TiWorker.exe', why: 'x' },
        { rank: 2, id: 'other', process: 'svchost.exe', why: 'y' },
      ],
    };
    const out = withInsightsJson(doc, insights());
    expect(out.baseline).toBe(doc.baseline);
    expect(out.findings[0]).toMatchObject({ rank: 1, process: 'TiWorker.exe', why: 'x' });
    expect(out.findings[0].signatures.map((s) => s.ruleId)).toEqual(['servicing-blocked-by-endpoint-agent']);
    expect(out.findings[0].signatures[0].remediation.en).toContain('excluding WinSxS');
    expect(out.findings[1].signatures).toEqual([]);
    expect(out.environment.items[0].name).toBe('vEdsmService.exe');
    expect(out.signatures).toHaveLength(3);
  });
});
