/**
 * The demo case with its ACL and fltmc evidence, through the insight engine and the report to PDF:
 * what a customer reads (signature, remediation, the agent, the ACL sentence) must survive into the
 * PDF's text in both languages. Pages are rendered to PNG in the temp folder for a person to look at.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportLanguage } from '../../../shared/model/case';
import type { InsightResult } from '../../../shared/model/insight';
import { compareTraces, type CompareResult } from '../analysis/compare';
import { createCase } from '../case/case-edit';
import { SID_SYSTEM } from '../ingest/acl/principals';
import { ingestTrace } from '../ingest/ingest';
import { ingestLog } from '../ingest/logs/ingest-log';
import type { LogStore } from '../ingest/logs/log-store';
import type { TraceStore } from '../store/trace-store';
import { compareInsights } from './cli-insights';
import { ChromiumPdfPrinter, findChromium } from './pdf-printer';
import { produceReport } from './produce-report';

const root = process.cwd();
const fx = (...p: string[]): string => path.resolve(root, 'fixtures', ...p);
const outDir = path.join(tmpdir(), 'tracediff-report-test');

const hasBrowser = (() => {
  try {
    findChromium();
    return true;
  } catch {
    return false;
  }
})();

let baseline: TraceStore;
let problem: TraceStore;
let logs: LogStore[];
let result: CompareResult;
let insights: InsightResult;

beforeAll(async () => {
  [baseline, problem] = await Promise.all([
    ingestTrace(fx('demo', 'baseline-clean-image.CSV')),
    ingestTrace(fx('demo', 'problem-managed-image.CSV')),
  ]);
  logs = [];
  const files = [
    ...readdirSync(fx('demo', 'logs')).map((f) => fx('demo', 'logs', f)),
    // As given to `tracediff compare --log`: the machine is in the file name.
    fx('acl', 'baseline-wpdmtp-icacls.txt'),
    fx('acl', 'problem-wpdmtp-icacls.txt'),
    fx('fltmc', 'baseline-fltmc-filters.txt'),
    fx('fltmc', 'problem-fltmc-filters-zh.txt'),
  ];
  for (const [i, f] of files.entries()) logs.push(await ingestLog(f, { id: `log-${i}` }));
  result = compareTraces(baseline, problem, logs);
  insights = await compareInsights({ baseline, problem, logs, findings: result.findings });
}, 60_000);

describe('demo case insights', () => {
  it('takes the icacls and fltmc sides from the file names', () => {
    expect(logs.filter((l) => l.summary.kind === 'icacls').map((l) => l.summary.side)).toEqual([
      'baseline',
      'problem',
    ]);
    expect(insights.warnings).toEqual([]);
    expect(insights.aclDiffs.length).toBeGreaterThan(0);
    expect(insights.fltmc.baseline?.file).toMatch(/baseline-fltmc-filters\.txt$/);
    expect(insights.signatures[0].ruleId).toBe('servicing-blocked-by-endpoint-agent');
  });
});

describe.skipIf(!hasBrowser)('demo report with insights, printed', () => {
  const printer = hasBrowser ? new ChromiumPdfPrinter() : null;
  afterAll(async () => {
    await printer?.close();
  });

  async function print(language: ReportLanguage): Promise<string> {
    const report = await produceReport(
      {
        case: createCase({ appVersion: '0.1.0-test', title: 'KB4561621 0x8024200D' }),
        baseline,
        problem,
        logs,
        result,
        insights,
        options: { language, scope: 'top', topN: 5 },
        toolVersion: '0.1.0-test',
      },
      printer!,
    );
    mkdirSync(outDir, { recursive: true });
    const pdfPath = path.join(outDir, `insights-${language}.pdf`);
    writeFileSync(pdfPath, report.pdf!);
    execFileSync('pdftoppm', ['-png', '-r', '60', pdfPath, path.join(outDir, `insights-${language}`)]);
    return execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
  }

  // Table cells and boxes wrap lines anywhere (CJK has no spaces): compare without whitespace.
  const squash = (t: string): string => t.replace(/\s+/g, '');

  it('shows the signature, its remediation, the agent and the SYSTEM ACL sentence in en and zh-CN', async () => {
    const sig = insights.signatures[0];
    const sys32 = insights.aclDiffs.find((d) => d.path === 'C:\\Windows\\System32\\wpdmtp.dll');
    const system = sys32?.principals.find((p) => p.sid === SID_SYSTEM);
    expect(system).toBeDefined();
    for (const language of ['en', 'zh-CN'] as const) {
      const text = squash(await print(language));
      for (const needle of [
        sig.title[language],
        sig.remediation[language],
        system!.sentence[language],
        language === 'en' ? 'Environment delta' : '环境差异',
        language === 'en' ? 'Only on the problem machine' : '问题机独有',
        'vEdsmFileMon',
        '368420',
      ])
        expect(text, `${language}: ${needle}`).toContain(squash(needle));
      expect(text).toMatch(/vEdsmService\.exe|vUserHci\.exe/);
    }
  }, 90_000);
});
