import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addAnnotation } from '../case/case-edit';
import { CaseFileError, readCase, saveCase } from '../case/case-file';
import { hashFile } from '../case/hash-file';
import { writeCaseAndReports, type CaseAndReportsInput } from './cli-report';
import type { PdfPrintOptions, PdfPrinter } from './pdf-printer';
import { makeLogs, makeResult, makeTraces } from './report-test-fixture';

const dir = mkdtempSync(join(tmpdir(), 'tdcase-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

class FakePrinter implements PdfPrinter {
  calls: { html: string; opts?: PdfPrintOptions }[] = [];
  async print(html: string, opts?: PdfPrintOptions): Promise<Uint8Array> {
    this.calls.push({ html, opts });
    return new TextEncoder().encode('%PDF-1.7 fake');
  }
}

function files() {
  const baselinePath = join(dir, 'clean.CSV');
  const problemPath = join(dir, 'managed.CSV');
  const logPath = join(dir, 'dism.log');
  writeFileSync(baselinePath, 'baseline bytes');
  writeFileSync(problemPath, 'problem bytes 问题');
  writeFileSync(logPath, '[0x80070005] RestoreFileNodeList:(2188): 拒绝访问。');
  return { baselinePath, problemPath, logPaths: [logPath] };
}

function input(over: Partial<CaseAndReportsInput>): CaseAndReportsInput {
  const { baseline, problem } = makeTraces();
  return {
    ...files(),
    baseline,
    problem,
    logs: makeLogs(),
    result: makeResult(),
    toolVersion: '0.1.0',
    ...over,
  };
}

describe('writeCaseAndReports', () => {
  it('creates a new case with hashed inputs and writes HTML and PDF', async () => {
    const casePath = join(dir, 'new', 'case.tdcase');
    const printer = new FakePrinter();
    const out = await writeCaseAndReports(
      input({
        casePath,
        htmlPath: join(dir, 'r.html'),
        pdfPath: join(dir, 'r.pdf'),
        printer,
        language: 'zh-CN',
      }),
    );
    expect(out.caseCreated).toBe(true);
    const c = await readCase(casePath);
    expect(c.inputs.map((i) => i.side)).toEqual(['baseline', 'problem', 'log']);
    expect(c.inputs[1].sha256).toBe(await hashFile(join(dir, 'managed.CSV')));
    expect(c.inputs[1].size).toBe(statSync(join(dir, 'managed.CSV')).size);
    expect(c.rules).toHaveLength(2);
    expect(c.metadata.machines.problem.name).toBe('BRANCH-PC01');
    expect(c.view.language).toBe('zh-CN');
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).toContain('发现项 1');
    expect(printer.calls).toHaveLength(1);
    expect(printer.calls[0].html).toBe(html);
    expect(printer.calls[0].opts?.footerTemplate).toContain('pageNumber');
    expect(readFileSync(join(dir, 'r.pdf'), 'utf8')).toBe('%PDF-1.7 fake');
  });

  it('reads an existing case for title, conclusion and notes without rewriting it', async () => {
    const casePath = join(dir, 'existing.tdcase');
    await writeCaseAndReports(input({ casePath }));
    let c = await readCase(casePath);
    c = { ...c, title: '现有案例', conclusion: '结论：ACL 被修改' };
    c = addAnnotation(
      c,
      { type: 'event', side: 'problem', seq: 3, inputSha256: c.inputs[1].sha256 },
      { note: '关键证据' },
    ).case;
    await saveCase(casePath, c);
    const before = readFileSync(casePath, 'utf8');
    const htmlPath = join(dir, 'existing.html');
    const out = await writeCaseAndReports(input({ casePath, htmlPath }));
    expect(out.caseCreated).toBe(false);
    expect(out.warnings).toEqual([]);
    expect(readFileSync(casePath, 'utf8')).toBe(before);
    const html = readFileSync(htmlPath, 'utf8');
    expect(html).toContain('<h1>现有案例</h1>');
    expect(html).toContain('结论：ACL 被修改');
    expect(html).toContain('关键证据');

    writeFileSync(join(dir, 'managed.CSV'), 'other capture');
    const { baseline, problem } = makeTraces();
    const warned = await writeCaseAndReports({
      baselinePath: join(dir, 'clean.CSV'),
      problemPath: join(dir, 'managed.CSV'),
      logPaths: [],
      baseline,
      problem,
      logs: [],
      result: makeResult(),
      casePath,
      htmlPath,
    });
    expect(warned.warnings[0]).toMatch(/is not the problem capture the case was built from/);
    expect(readFileSync(htmlPath, 'utf8')).not.toContain('关键证据');
  });

  it('refuses a broken case with the place of the error', async () => {
    const casePath = join(dir, 'broken.tdcase');
    writeFileSync(casePath, '{\n  "version": 1,\n  "title": "x"\n  "conclusion": ""\n}');
    const err = await writeCaseAndReports(input({ casePath, htmlPath: join(dir, 'b.html') })).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CaseFileError);
    expect((err as Error).message).toMatch(/broken\.tdcase: not valid JSON at line 4, column 3/);
  });
});
