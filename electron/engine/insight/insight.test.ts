import { readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareTraces, type CompareResult } from '../analysis/compare';
import { ingestTrace } from '../ingest/ingest';
import { ingestLog } from '../ingest/logs/ingest-log';
import type { LogStore } from '../ingest/logs/log-store';
import type { TraceStore } from '../store/trace-store';
import { SID_SYSTEM } from '../ingest/acl/principals';
import { computeInsights } from './insight';

const root = process.cwd();
const demo = (...p: string[]): string => path.resolve(root, 'fixtures/demo', ...p);
const fx = (...p: string[]): string => path.resolve(root, 'fixtures', ...p);

let baseline: TraceStore;
let problem: TraceStore;
let logs: LogStore[];
let result: CompareResult;

beforeAll(async () => {
  [baseline, problem] = await Promise.all([
    ingestTrace(demo('baseline-clean-image.CSV')),
    ingestTrace(demo('problem-managed-image.CSV')),
  ]);
  logs = [];
  for (const f of readdirSync(demo('logs')).sort())
    logs.push(await ingestLog(demo('logs', f), { id: `log-${f}`, side: 'problem' }));
  result = compareTraces(baseline, problem, logs);
});

describe('the demo case end to end', () => {
  it('explains the top finding with the endpoint-security signature and names the agent first', async () => {
    const top = result.findings[0];
    expect(top).toMatchObject({
      process: 'TiWorker.exe',
      operation: 'CreateFile',
      problemResult: 'ACCESS DENIED',
    });
    const ins = await computeInsights({ baseline, problem, logs, result });
    expect(ins.warnings).toEqual([]);

    const sig = ins.signatures[0];
    expect(sig.ruleId).toBe('servicing-blocked-by-endpoint-agent');
    expect(sig.findingIds[0]).toBe(top.id);
    expect(sig.score).toBeGreaterThan(ins.signatures[1].score);
    expect(ins.signatures.map((s) => s.ruleId)).toEqual(
      expect.arrayContaining([
        'wu-need-another-download',
        'agent-crash-in-own-module',
        'setup-apply-wim-access-denied',
      ]),
    );

    const first = ins.environment.items[0];
    expect(first).toMatchObject({
      kind: 'process',
      publisher: 'third-party',
      presence: 'problem-only',
      product: 'C:\\Program Files (x86)\\DSPClient\\CEMS',
    });
    expect(['vEdsmService.exe', 'vUserHci.exe']).toContain(first.name);
    const hci = ins.environment.items.find((x) => x.name === 'vUserHci.exe');
    expect(hci?.evidence.map((e) => e.source)).toEqual(['process-table', 'event-log']);
    expect(ins.environment.products[0]).toMatchObject({
      folder: 'C:\\Program Files (x86)\\DSPClient\\CEMS',
      vendor: 'DSPClient',
      processes: ['vEdsmService.exe', 'vUserHci.exe'],
    });
    // Windows' own processes come after the agent; Defender is a baseline-only difference.
    const werfault = ins.environment.items.findIndex((x) => x.name === 'WerFault.exe');
    expect(werfault).toBeGreaterThan(ins.environment.items.findIndex((x) => x.name === 'vUserHci.exe'));
    expect(ins.environment.items.find((x) => x.name === 'MsMpEng.exe')).toMatchObject({
      publisher: 'microsoft',
      presence: 'baseline-only',
    });

    // The agent service looked at the very file TiWorker was refused, within a millisecond.
    const links = ins.agentLinks[top.id];
    expect(links[0]).toMatchObject({ process: 'vEdsmService.exe', sameFile: true });
    expect(Math.abs(links[0].nearestMs)).toBeLessThan(5);
    expect(ins.attributions).toEqual({});
    expect(ins.aclDiffs).toEqual([]);
  });

  it('adds the ACL difference and the filter driver when icacls and fltmc output are given', async () => {
    const ins = await computeInsights({
      baseline,
      problem,
      logs,
      result,
      extraInputs: {
        acl: {
          baseline: [fx('acl/baseline-wpdmtp-icacls.txt')],
          problem: [fx('acl/problem-wpdmtp-icacls.txt')],
        },
        fltmc: {
          baseline: fx('fltmc/baseline-fltmc-filters.txt'),
          problem: fx('fltmc/problem-fltmc-filters-zh.txt'),
        },
      },
    });
    expect(ins.warnings).toEqual([]);
    const sys32 = ins.aclDiffs.find((d) => d.path === 'C:\\Windows\\System32\\wpdmtp.dll');
    const system = sys32?.principals.find((p) => p.sid === SID_SYSTEM);
    expect(system?.baseline?.deny).toBe(0);
    expect(system?.problem?.deny).not.toBe(0);
    expect(ins.aclDiffs).toHaveLength(2);
    expect(ins.signatures.map((s) => s.ruleId).slice(0, 2)).toEqual([
      'servicing-blocked-by-endpoint-agent',
      'system-file-acl-changed',
    ]);
    expect(ins.signatures[0].evidence.some((e) => e.kind === 'acl')).toBe(true);
    const filter = ins.environment.items.find((x) => x.kind === 'filter-driver' && x.name === 'vEdsmFileMon');
    expect(filter).toMatchObject({
      altitude: '368420',
      altitudeGroup: 'FSFilter Activity Monitor',
      presence: 'problem-only',
      product: 'C:\\Program Files (x86)\\DSPClient\\CEMS',
    });
    expect(ins.environment.items.find((x) => x.name === 'WdFilter')).toMatchObject({
      presence: 'baseline-only',
      publisher: 'microsoft',
    });
    expect(ins.fltmc.problem?.encoding).toBe('GB18030');
  });

  it('picks up icacls and Get-Acl files loaded as logs, and warns about one-sided or unreadable extras', async () => {
    const aclLogs = [
      await ingestLog(fx('acl/baseline-wpdmtp-getacl.txt'), { id: 'b-acl', side: 'baseline' }),
      await ingestLog(fx('acl/problem-wpdmtp-icacls-utf16.txt'), { id: 'p-acl', side: 'problem' }),
    ];
    const ins = await computeInsights({
      baseline,
      problem,
      logs: [...logs, ...aclLogs],
      result,
      extraInputs: { fltmc: { problem: fx('fltmc/nope.txt') } },
    });
    expect(ins.aclDiffs.map((d) => d.path)).toEqual(['C:\\Windows\\System32\\wpdmtp.dll']);
    expect(ins.warnings).toEqual([
      expect.stringMatching(/nope\.txt: cannot read fltmc output \(no such file\)/),
    ]);

    const oneSided = await computeInsights({
      baseline,
      problem,
      logs,
      result,
      extraInputs: { acl: { problem: [fx('acl/problem-wpdmtp-icacls.txt')] } },
    });
    expect(oneSided.aclDiffs).toEqual([]);
    expect(oneSided.warnings).toEqual([
      'ACL output was given for the problem machine only: nothing to compare it with',
    ]);
  });
});
