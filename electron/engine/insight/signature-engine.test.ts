import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AclDiff, EnvironmentItem } from '../../../shared/model/insight';
import type { Finding } from '../../../shared/model/finding';
import type { LogEntry } from '../../../shared/model/log';
import { codeForms, type SignatureContext } from './signature-engine';
import { builtInRules, loadRuleFiles, matchSignatures } from './signature-files';

let n = 0;
function finding(p: Partial<Finding>): Finding {
  n++;
  return {
    rank: 1,
    id: `f${n}`,
    process: 'app.exe',
    operation: 'CreateFile',
    path: 'C:\\data\\file.txt',
    baselineResult: 'SUCCESS',
    problemResult: 'ACCESS DENIED',
    problemResultClass: 'failure',
    score: 0.9,
    why: '',
    whyZh: '',
    baselineEvents: [1],
    problemEvents: [1],
    alignedRow: 0,
    consequence: 0,
    kind: 'result-changed',
    logEvidence: [],
    contextProcesses: [],
    ...p,
  };
}

function entry(p: Partial<LogEntry>): LogEntry {
  n++;
  return {
    index: n,
    logId: 'log',
    source: 'CBS.log',
    line: n,
    time: '',
    level: 'info',
    component: 'CBS',
    message: '',
    codes: [],
    paths: [],
    raw: '',
    ...p,
  };
}

function envItem(p: Partial<EnvironmentItem>): EnvironmentItem {
  return {
    id: `process:${p.name ?? 'agent.exe'}`,
    kind: 'process',
    name: 'agent.exe',
    path: 'C:\\Program Files\\Vendor\\Agent\\agent.exe',
    company: '',
    description: '',
    publisher: 'third-party',
    presence: 'problem-only',
    problemEvents: 100,
    baselineEvents: 0,
    firstTime: '',
    evidence: [],
    ...p,
  };
}

function acl(
  account: string,
  sid: string,
  lost: number,
  path = 'C:\\Windows\\System32\\wpdmtp.dll',
): AclDiff {
  const rights = (allow: number) => ({ allow, deny: 0, effective: allow, text: { en: '', 'zh-CN': '' } });
  return {
    path,
    baselinePath: path,
    problemPath: path,
    principals: [
      {
        account,
        sid,
        baseline: rights(0x1f01ff),
        problem: rights(0x1f01ff & ~lost),
        lost,
        gained: 0,
        lostText: { en: 'Write', 'zh-CN': '写入' },
        servicingAccount: true,
        sentence: { en: `${account}: changed`, 'zh-CN': '' },
      },
    ],
    owner: null,
    same: false,
    summary: { en: '', 'zh-CN': '' },
  };
}

const ctx = (p: Partial<SignatureContext>): SignatureContext => ({
  findings: [],
  logs: [],
  environment: null,
  codes: [],
  ...p,
});
const env = (...items: EnvironmentItem[]) => ({ items, products: [] });

const tiDenied = finding({
  process: 'TiWorker.exe',
  path: 'C:\\Windows\\SoftwareDistribution\\Download\\ab\\inst\\x\\wpdmtp.dll',
});
const agent = envItem({ name: 'vUserHci.exe' });

/** For every built-in rule: a case it must match and a near miss it must not. */
const CASES: Record<string, { yes: SignatureContext; no: SignatureContext }> = {
  'servicing-blocked-by-endpoint-agent': {
    yes: ctx({ findings: [tiDenied], environment: env(agent) }),
    no: ctx({
      findings: [tiDenied],
      environment: env(envItem({ name: 'WerFault.exe', publisher: 'microsoft' })),
    }),
  },
  'setup-blocked-by-endpoint-agent': {
    yes: ctx({
      logs: [
        entry({
          source: 'setupact.log',
          message: 'SPWIMCallback: Error in apply of C:\\$WINDOWS.~BT\\NewOS\\x.dll. GLE [5]',
          codes: ['5'],
        }),
      ],
      environment: env(agent),
    }),
    no: ctx({
      logs: [
        entry({
          source: 'setupact.log',
          message: 'SPWIMCallback: Error in apply of C:\\$WINDOWS.~BT\\NewOS\\x.dll. GLE [5]',
          codes: ['5'],
        }),
      ],
      environment: env(),
    }),
  },
  'setup-apply-wim-access-denied': {
    yes: ctx({
      logs: [
        entry({
          message: 'CApplyWIM: Failure while applying image. Error 0x80070005',
          codes: ['0x80070005'],
        }),
      ],
    }),
    no: ctx({
      logs: [
        entry({
          message: 'CApplyWIM: Failure while applying image. Error 0x80070570',
          codes: ['0x80070570'],
        }),
      ],
    }),
  },
  'agent-crash-in-own-module': {
    yes: ctx({
      logs: [
        entry({
          eventId: 1000,
          data: {
            AppPath: 'C:\\Program Files (x86)\\DSPClient\\CEMS\\vUserHci.exe',
            ModulePath: 'C:\\Program Files (x86)\\DSPClient\\CEMS\\EDSM\\vEdsmFileMon.dll',
          },
        }),
      ],
    }),
    no: ctx({
      logs: [
        entry({
          eventId: 1000,
          data: {
            AppPath: 'C:\\Program Files (x86)\\Microsoft Office\\root\\WINWORD.EXE',
            ModulePath: 'C:\\Program Files (x86)\\Microsoft Office\\root\\mso.dll',
          },
        }),
      ],
    }),
  },
  'sharing-violation-held-by-agent': {
    yes: ctx({
      findings: [finding({ process: 'msiexec.exe', problemResult: 'SHARING VIOLATION' })],
      environment: env(envItem({ name: 'svbkagent.exe' })),
    }),
    no: ctx({
      findings: [
        finding({ process: 'msiexec.exe', problemResult: 'SHARING VIOLATION', alsoOnBaseline: true }),
      ],
      environment: env(envItem({ name: 'svbkagent.exe' })),
    }),
  },
  'privilege-not-held': {
    yes: ctx({ findings: [finding({ problemResult: 'PRIVILEGE NOT HELD' })] }),
    no: ctx({ findings: [finding({ problemResult: 'PRIVILEGE NOT HELD', alsoOnBaseline: true })] }),
  },
  'policy-key-lockdown': {
    yes: ctx({
      findings: [
        finding({
          process: 'svchost.exe',
          operation: 'RegOpenKey',
          path: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU',
        }),
      ],
    }),
    no: ctx({
      findings: [
        finding({
          process: 'svchost.exe',
          operation: 'RegOpenKey',
          path: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run',
        }),
      ],
    }),
  },
  'system-file-acl-changed': {
    yes: ctx({ aclDiffs: [acl('NT AUTHORITY\\SYSTEM', 'S-1-5-18', 0x116)] }),
    no: ctx({ aclDiffs: [acl('BUILTIN\\Users', 'S-1-5-32-545', 0x116)] }),
  },
  'file-cannot-delete-in-use': {
    yes: ctx({
      findings: [finding({ operation: 'SetDispositionInformationFile', problemResult: 'CANNOT DELETE' })],
    }),
    no: ctx({
      findings: [
        finding({
          operation: 'SetDispositionInformationFile',
          problemResult: 'CANNOT DELETE',
          alsoOnBaseline: true,
        }),
      ],
    }),
  },
  'cbs-source-missing': {
    yes: ctx({
      logs: [
        entry({
          message: 'Failed to resolve source [HRESULT = 0x800f081f - CBS_E_SOURCE_MISSING]',
          codes: ['0x800F081F'],
        }),
      ],
    }),
    no: ctx({
      logs: [
        entry({ message: 'Failed [HRESULT = 0x800f0805 - CBS_E_INVALID_PACKAGE]', codes: ['0x800F0805'] }),
      ],
    }),
  },
  'fod-download-blocked': {
    yes: ctx({ codes: ['0x800f0906'] }),
    no: ctx({ codes: ['0x800f0900'] }),
  },
  'cbs-installers-failed': {
    yes: ctx({ codes: ['0x800F0922'] }),
    no: ctx({ codes: ['0x800F0920'] }),
  },
  'component-store-corrupt': {
    yes: ctx({
      logs: [
        entry({
          message: 'Failed [HRESULT = 0x80073712 - ERROR_SXS_COMPONENT_STORE_CORRUPT]',
          codes: ['0x80073712'],
        }),
      ],
    }),
    no: ctx({ logs: [entry({ message: 'Repair complete', codes: [] })] }),
  },
  'cbs-store-corruption-missing-package': {
    yes: ctx({
      logs: [
        entry({
          message:
            'Store corruption, manifest missing for package: Package_1_for_KB0000000~31bf3856ad364e35~amd64~~10.0.1.0',
        }),
      ],
    }),
    no: ctx({ logs: [entry({ message: 'Manifest found for package: Package_1_for_KB0000000' })] }),
  },
  'cbs-orphaned-package-reference': {
    yes: ctx({
      logs: [
        entry({
          message:
            'Failed to pin deployment while resolving Update: Microsoft-Windows-Example-Package~31bf3856ad364e35~amd64~de-DE~10.0.1.0 from file: (null)',
        }),
      ],
    }),
    no: ctx({
      logs: [
        entry({
          message:
            'Resolving Update: Microsoft-Windows-Example-Package~31bf3856ad364e35~amd64~de-DE~10.0.1.0',
        }),
      ],
    }),
  },
  'psfx-delta-failure': {
    yes: ctx({ codes: ['0x800f0984'] }),
    no: ctx({ codes: ['0x800f0985'] }),
  },
  'new-servicing-stack-required': {
    yes: ctx({ codes: ['0x800F0823'] }),
    no: ctx({ codes: ['0x800F0824'] }),
  },
  'servicing-source-not-found': {
    yes: ctx({
      findings: [
        finding({
          process: 'TiWorker.exe',
          path: 'C:\\Sources\\sxs\\microsoft-windows-netfx3-ondemand-package.cab',
          problemResult: 'NAME NOT FOUND',
        }),
      ],
    }),
    no: ctx({
      findings: [
        finding({
          process: 'TiWorker.exe',
          path: 'C:\\Windows\\WinSxS\\Manifests\\x.manifest',
          problemResult: 'NAME NOT FOUND',
        }),
      ],
    }),
  },
  'wu-need-another-download': {
    yes: ctx({
      logs: [
        entry({ source: 'WindowsUpdate.log', message: 'Install failed 0x8024200D', codes: ['0x8024200D'] }),
      ],
    }),
    no: ctx({
      logs: [entry({ source: 'WindowsUpdate.log', message: 'Install succeeded', codes: ['0x00000000'] })],
    }),
  },
  'wu-proxy-or-wsus-unreachable': {
    yes: ctx({ codes: ['0x8024402c'] }),
    no: ctx({ codes: ['0x8024402d'] }),
  },
  'msi-install-failure': {
    yes: ctx({
      logs: [
        entry({
          source: 'Application.xml',
          component: 'MsiInstaller',
          eventId: 11708,
          message: 'Product: Teller -- Installation failed.',
        }),
      ],
    }),
    no: ctx({
      logs: [
        entry({
          source: 'Application.xml',
          component: 'MsiInstaller',
          eventId: 11707,
          message: 'Product: Teller -- Installation completed successfully.',
        }),
      ],
    }),
  },
  'wu-download-corrupt-or-missing': {
    yes: ctx({
      logs: [
        entry({
          source: 'WindowsUpdate.log',
          level: 'error',
          message: 'Download failed 0x80070002',
          codes: ['0x80070002'],
        }),
      ],
    }),
    no: ctx({
      logs: [
        entry({ source: 'CBS.log', level: 'error', message: 'Probe 0x80070002', codes: ['0x80070002'] }),
      ],
    }),
  },
  'wu-operation-timeout': {
    yes: ctx({ codes: ['1460'] }),
    no: ctx({ codes: ['1461'] }),
  },
  'wu-service-disabled': {
    yes: ctx({ codes: ['0x80070422'] }),
    no: ctx({ codes: ['0x80070423'] }),
  },
  'wu-not-applicable': {
    yes: ctx({ codes: ['0x80240017'] }),
    no: ctx({ codes: ['0x80240016'] }),
  },
  'setup-third-party-security-rollback': {
    yes: ctx({
      codes: ['0xC1900101'],
      environment: env(envItem({ kind: 'filter-driver', name: 'avflt', presence: 'problem' })),
    }),
    no: ctx({
      codes: ['0xC1900101'],
      environment: env(
        envItem({ kind: 'filter-driver', name: 'WdFilter', publisher: 'microsoft', presence: 'problem' }),
      ),
    }),
  },
  'setup-driver-rollback': {
    yes: ctx({
      logs: [entry({ source: 'setuperr.log', message: 'Error 0xC1900101-0x20017', codes: ['0xC1900101'] })],
    }),
    no: ctx({
      logs: [entry({ source: 'setuperr.log', message: 'Error 0xC1900107', codes: ['0xC1900107'] })],
    }),
  },
  'setup-incompatible-app': {
    yes: ctx({
      logs: [
        entry({ component: 'SetupDiag', data: { ProfileName: 'CompatBlockedApplicationAutoUninstall' } }),
      ],
    }),
    no: ctx({ logs: [entry({ component: 'SetupDiag', data: { ProfileName: 'FindSuccessfulUpgrade' } })] }),
  },
  'setup-hardware-requirements': {
    yes: ctx({ codes: ['0xC1900200'] }),
    no: ctx({ codes: ['0xC1900204'] }),
  },
  'disk-full': {
    yes: ctx({ findings: [finding({ operation: 'WriteFile', problemResult: 'DISK FULL' })] }),
    no: ctx({ findings: [finding({ operation: 'WriteFile', problemResult: 'END OF FILE' })] }),
  },
};

describe('built-in signature rules', () => {
  const rules = builtInRules();

  it('has at least 25 valid rules, every one with a test case', () => {
    expect(rules.length).toBeGreaterThanOrEqual(25);
    expect(rules.map((r) => r.id).sort()).toEqual(Object.keys(CASES).sort());
  });

  for (const [id, c] of Object.entries(CASES)) {
    it(`${id}: matches its case and not the near miss`, () => {
      const rule = rules.filter((r) => r.id === id);
      expect(rule).toHaveLength(1);
      const yes = matchSignatures(c.yes, rule);
      expect(yes.map((m) => m.ruleId)).toEqual([id]);
      expect(yes[0].evidence.length).toBeGreaterThan(0);
      expect(yes[0].title['zh-CN']).not.toBe('');
      expect(matchSignatures(c.no, rule)).toEqual([]);
    });
  }

  it('ranks the endpoint-agent rule above the bare 0x8024200D rule and names the finding', () => {
    const logs = [
      entry({ source: 'WindowsUpdate.log', message: 'failed 0x8024200D', codes: ['0x8024200D'] }),
    ];
    const m = matchSignatures(ctx({ findings: [tiDenied], environment: env(agent), logs }));
    expect(m[0].ruleId).toBe('servicing-blocked-by-endpoint-agent');
    expect(m[0].findingIds).toEqual([tiDenied.id]);
    expect(m[0].evidence.map((e) => e.kind)).toEqual(['finding', 'environment']);
    expect(m.map((x) => x.ruleId)).toContain('wu-need-another-download');
    expect(m[0].score).toBeGreaterThan(m.find((x) => x.ruleId === 'wu-need-another-download')?.score ?? 1);
  });

  it('treats HRESULT_FROM_WIN32 and Win32 forms of a code alike', () => {
    expect(codeForms('0x80070005')).toEqual(['0x80070005', '5']);
    expect(codeForms('5')).toEqual(['5', '0x80070005']);
    expect(codeForms('0x8024200d')).toEqual(['0x8024200D']);
    expect(matchSignatures(ctx({ codes: ['1058'] }), builtInRules()).map((m) => m.ruleId)).toContain(
      'wu-service-disabled',
    );
  });
});

describe('user rule files', () => {
  it('loads the example rule file and matches it next to the built-ins', async () => {
    const set = await loadRuleFiles([path.resolve(process.cwd(), 'fixtures/signatures')]);
    expect(set.errors).toEqual([]);
    expect(set.warnings).toEqual([]);
    const mine = set.rules.filter((r) => r.id === 'contoso-backup-holds-teller-files');
    expect(mine).toHaveLength(1);
    const f = finding({
      process: 'msiexec.exe',
      path: 'C:\\Program Files\\BranchTeller\\bin\\TellerCore.dll',
      problemResult: 'SHARING VIOLATION',
    });
    const m = matchSignatures(
      ctx({ findings: [f], environment: env(envItem({ name: 'svbkagent.exe' })) }),
      set.rules,
    );
    expect(m.map((x) => x.ruleId).slice(0, 2)).toEqual([
      'contoso-backup-holds-teller-files',
      'sharing-violation-held-by-agent',
    ]);
    expect(
      matchSignatures(ctx({ findings: [f], environment: env(envItem({ name: 'other.exe' })) }), mine),
    ).toEqual([]);
  });

  const dir = mkdtempSync(path.join(tmpdir(), 'tracediff-rules-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const rule = (id: string, extra: Record<string, unknown> = {}) => ({
    id,
    title: { en: 'T', 'zh-CN': '标题' },
    match: { code: ['0x80070005'] },
    cause: { en: 'C', 'zh-CN': '原因' },
    remediation: { en: 'R', 'zh-CN': '处理' },
    confidence: 0.5,
    ...extra,
  });

  it('loads valid rules, overrides built-ins by id with a warning, and reports bad ones by file and JSON path', async () => {
    writeFileSync(
      path.join(dir, 'a-good.json'),
      JSON.stringify({ version: 1, rules: [rule('my-rule'), rule('wu-not-applicable')] }),
    );
    writeFileSync(
      path.join(dir, 'b-bad.json'),
      JSON.stringify({
        version: 1,
        rules: [
          rule('ok-rule'),
          rule('bad-regex', { match: { finding: { pathMatches: ['(unclosed'] } } }),
          rule('bad-key', { match: { all: [{ code: ['1'] }, { findings: {} }] } }),
          rule('Bad Id'),
          { ...rule('no-zh'), title: { en: 'only english' } },
        ],
      }),
    );
    writeFileSync(path.join(dir, 'c-broken.json'), '{\n  "version": 1,\n  "rules": [,]\n}');
    const set = await loadRuleFiles([dir, path.join(dir, 'missing')]);
    const ids = set.rules.map((r) => r.id);
    expect(ids).toContain('my-rule');
    expect(ids).toContain('ok-rule');
    expect(ids).not.toContain('bad-regex');
    expect(set.rules.find((r) => r.id === 'wu-not-applicable')?.source).toBe(path.join(dir, 'a-good.json'));
    expect(
      set.warnings.some((w) =>
        w.includes('rule "wu-not-applicable" replaces the one from built-in:windows-update.json'),
      ),
    ).toBe(true);
    expect(set.warnings.some((w) => w.includes('missing: rule folder not read (no such folder)'))).toBe(true);
    const bad = path.join(dir, 'b-bad.json');
    expect(set.errors).toContain(
      `${bad}: $.rules[1].match.finding.pathMatches[0]: not a valid regular expression: Invalid regular expression: /(unclosed/i: Unterminated group`,
    );
    expect(
      set.errors.some((e) =>
        e.startsWith(
          `${bad}: $.rules[2].match.all[1]: expected exactly one of all, any, not, finding, log, code, environment, acl; found "findings"`,
        ),
      ),
    ).toBe(true);
    expect(set.errors.some((e) => e.startsWith(`${bad}: $.rules[3].id:`))).toBe(true);
    expect(set.errors.some((e) => e.startsWith(`${bad}: $.rules[4].title["zh-CN"]:`))).toBe(true);
    expect(
      set.errors.some((e) => e.startsWith(`${path.join(dir, 'c-broken.json')}: not valid JSON at line 3`)),
    ).toBe(true);
  });
});
