import { describe, expect, it } from 'vitest';
import type { AgentLink, FltmcFilter, FltmcReport, SignatureMatch } from '../../../shared/model/insight';
import {
  aclCollectCommands,
  aclPathsFor,
  describeNearness,
  localized,
  mergeFltmc,
  signaturesForFinding,
  windowsPath,
} from './insight-view';

function signature(ruleId: string, score: number, findingIds: string[], evidenceFinding?: string) {
  const text = { en: ruleId, 'zh-CN': `${ruleId}（中文）` };
  const match: SignatureMatch = {
    ruleId,
    title: text,
    cause: text,
    remediation: text,
    codes: [],
    confidence: score,
    score,
    source: 'built-in:test.json',
    evidence: evidenceFinding ? [{ kind: 'finding', text: 'x', findingId: evidenceFinding }] : [],
    findingIds,
  };
  return match;
}

function filter(name: string, altitude: string): FltmcFilter {
  return {
    name,
    instances: 1,
    altitude,
    frame: '0',
    legacy: false,
    group: 'FSFilter Activity Monitor',
    publisher: 'unknown',
    line: 1,
  };
}

function report(filters: FltmcFilter[]): FltmcReport {
  return { file: 'fltmc.txt', encoding: 'utf-8', filters, instances: [], warnings: [] };
}

describe('insight view helpers', () => {
  it('picks the text of the UI language, English otherwise', () => {
    const text = { en: 'Known signature', 'zh-CN': '已知问题特征' };
    expect(localized(text, 'zh-CN')).toBe('已知问题特征');
    expect(localized(text, 'en')).toBe('Known signature');
    expect(localized(text, 'de')).toBe('Known signature');
    expect(localized({ en: 'only English', 'zh-CN': '' }, 'zh-CN')).toBe('only English');
  });

  it('lists the signatures of one finding, best score first, by id or by evidence', () => {
    const all = [
      signature('weak', 0.3, ['f1']),
      signature('other', 0.9, ['f2']),
      signature('strong', 0.8, ['f1']),
      signature('evidence-only', 0.5, [], 'f1'),
    ];
    expect(signaturesForFinding(all, 'f1').map((s) => s.ruleId)).toEqual(['strong', 'evidence-only', 'weak']);
    expect(signaturesForFinding(all, 'f3')).toEqual([]);
  });

  it('says how near in time an agent was, and on which side of the failure', () => {
    expect(describeNearness(0.824)).toEqual({ amount: '0.8 ms', when: 'after' });
    expect(describeNearness(-780.625)).toEqual({ amount: '781 ms', when: 'before' });
    expect(describeNearness(-2500)).toEqual({ amount: '2.50 s', when: 'before' });
    expect(describeNearness(95_000)).toEqual({ amount: '95 s', when: 'after' });
    expect(describeNearness(0.01)).toEqual({ amount: '0 ms', when: 'same' });
  });

  it('builds icacls commands per machine, appending further paths, named so a drop finds the side', () => {
    const cmds = aclCollectCommands([
      '\\??\\C:\\Windows\\System32\\wpdmtp.dll',
      'C:\\windows\\system32\\WPDMTP.dll',
      '\\SystemRoot\\System32\\DriverStore\\wpdmtp.dll',
    ]);
    expect(cmds).toEqual([
      {
        side: 'baseline',
        shell: 'cmd',
        command:
          'icacls "C:\\Windows\\System32\\wpdmtp.dll" > "%USERPROFILE%\\Desktop\\baseline-acl-wpdmtp.txt"',
      },
      {
        side: 'baseline',
        shell: 'cmd',
        command:
          'icacls "C:\\Windows\\System32\\DriverStore\\wpdmtp.dll" >> "%USERPROFILE%\\Desktop\\baseline-acl-wpdmtp.txt"',
      },
      {
        side: 'problem',
        shell: 'cmd',
        command:
          'icacls "C:\\Windows\\System32\\wpdmtp.dll" > "%USERPROFILE%\\Desktop\\problem-acl-wpdmtp.txt"',
      },
      {
        side: 'problem',
        shell: 'cmd',
        command:
          'icacls "C:\\Windows\\System32\\DriverStore\\wpdmtp.dll" >> "%USERPROFILE%\\Desktop\\problem-acl-wpdmtp.txt"',
      },
    ]);
    expect(windowsPath('\\SystemRoot\\System32\\drivers\\x.sys')).toBe(
      'C:\\Windows\\System32\\drivers\\x.sys',
    );
  });

  it('uses Get-Acl for registry keys and nothing for what is not a path', () => {
    const reg = aclCollectCommands(["HKLM\\SOFTWARE\\Vendor's\\Key"]);
    expect(reg.map((c) => c.shell)).toEqual(['powershell', 'powershell']);
    expect(reg[0].command).toContain("Get-Acl -Path 'HKLM:\\SOFTWARE\\Vendor''s\\Key'");
    expect(reg[1].command).toContain('problem-acl-Key-getacl.txt');
    expect(aclCollectCommands([''])).toEqual([]);
    expect(aclCollectCommands(['TiWorker.exe'])).toEqual([]);
    expect(aclCollectCommands(['HKXX\\Software'])).toEqual([]);
  });

  it('adds the copies of the same file an agent touched near the failure', () => {
    const touched = (p: string) => ({ path: p, operations: ['CreateFile'], results: ['SUCCESS'], count: 1 });
    const agent: AgentLink = {
      process: 'vEdsmService.exe',
      pid: 2596,
      imagePath: '',
      product: '',
      publisher: 'third-party',
      events: 3,
      firstTime: '',
      lastTime: '',
      nearestMs: 1,
      sameFile: true,
      touched: [
        touched('C:\\Windows\\System32\\wpdmtp.dll'),
        touched('C:\\Program Files\\Vendor\\policy.dat'),
        touched('C:\\Windows\\System32\\DriverStore\\WPDMTP.DLL'),
      ],
    };
    expect(aclPathsFor('C:\\Windows\\SoftwareDistribution\\Download\\wpdmtp.dll', [agent])).toEqual([
      'C:\\Windows\\SoftwareDistribution\\Download\\wpdmtp.dll',
      'C:\\Windows\\System32\\wpdmtp.dll',
      'C:\\Windows\\System32\\DriverStore\\WPDMTP.DLL',
    ]);
    expect(aclPathsFor('C:\\x\\other.dll', [agent])).toEqual(['C:\\x\\other.dll']);
  });

  it('merges the fltmc lists, problem-only filters first, then highest altitude', () => {
    const merged = mergeFltmc(
      report([filter('WdFilter', '328010'), filter('luafv', '135000')]),
      report([filter('luafv', '135000'), filter('vEdsmFlt', '320500'), filter('WdFilter', '328010')]),
    );
    expect(merged.map((f) => [f.name, f.baseline, f.problem])).toEqual([
      ['vEdsmFlt', null, '320500'],
      ['WdFilter', '328010', '328010'],
      ['luafv', '135000', '135000'],
    ]);
    // With one machine's output only, nothing is "only on the problem machine": just altitude order.
    expect(mergeFltmc(undefined, report([filter('a', '1'), filter('b', '2')])).map((f) => f.name)).toEqual([
      'b',
      'a',
    ]);
    expect(mergeFltmc()).toEqual([]);
  });
});
