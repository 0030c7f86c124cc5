import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { buildCaseJson, findingsCsv, markedEventsCsv, type ExportInput } from './exports';
import { makeCase, makeFindings, makeLogs, makeResult, makeTraces, XSS } from './report-test-fixture';

function input(): ExportInput {
  const { baseline, problem } = makeTraces();
  return { case: makeCase(), baseline, problem, logs: makeLogs(), result: makeResult() };
}

function parse(csv: string): string[][] {
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  return Papa.parse<string[]>(csv.slice(1).trimEnd(), { newline: '\r\n' }).data;
}

describe('exports', () => {
  it('JSON has the CLI compare shape plus case metadata and annotations', () => {
    const j = buildCaseJson(input());
    expect(j.baseline).toEqual({
      file: 'C:\\Users\\zhangwei\\Desktop\\clean.CSV',
      kind: 'procmon-csv',
      events: 8,
    });
    expect(j.problem.events).toBe(5);
    expect(j.findings[0]).toMatchObject({
      rank: 1,
      process: 'TiWorker.exe',
      operation: 'CreateFile',
      baselineResult: 'SUCCESS',
      problemResult: 'ACCESS DENIED',
      score: 0.97,
      baselineEvents: [3],
      problemEvents: [3],
    });
    expect(j.findings[0].logEvidence[1]).toMatchObject({ file: 'C:\\logs\\dism.log', line: 88 });
    expect(j.case.metadata.ticket).toBe('120061224000123');
    expect(j.annotations).toHaveLength(4);
    expect(JSON.parse(JSON.stringify(j))).toEqual(j);
    const red = buildCaseJson(input(), { redact: true, topN: 1 });
    expect(red.findings).toHaveLength(1);
    expect(JSON.stringify(red)).not.toMatch(/zhangwei|BRANCH-PC01|10\.20\.30\.40/);
  });

  it('CSV of findings opens in Excel (BOM, CRLF) with CJK text and defused formulas', () => {
    const f = makeFindings();
    f[1].path = '=HYPERLINK("http://x","y")';
    const rows = parse(findingsCsv(f, { language: 'zh-CN' }));
    expect(rows[0].slice(0, 5)).toEqual(['Rank', 'Kind', 'Process Name', 'Operation', 'Path']);
    expect(rows[1][8]).toContain('问题机上拒绝访问');
    expect(rows[1][12]).toBe('CBS.log:1234 C:\\logs\\dism.log:88');
    expect(rows[2][4].startsWith("'=")).toBe(true);
  });

  it('CSV of marked events lists marked events and log lines with their notes', () => {
    const rows = parse(markedEventsCsv(input()));
    expect(rows).toHaveLength(1 + 3);
    expect(rows[1]).toEqual([
      'problem',
      '3',
      '09:16:03.3703701',
      'TiWorker.exe',
      '4188',
      'CreateFile',
      makeFindings()[0].path,
      'ACCESS DENIED',
      'Desired Access: Write Attributes, Synchronize',
      'root-cause',
      `TMS 策略导致 ACL 被修改 ${XSS}`,
    ]);
    expect(rows[2].slice(0, 4)).toEqual(['log', '88', '2020-06-12 09:16:04', 'dism.log']);
    expect(rows[3][10]).toBe('Update failure itself');
  });
});
