import { describe, expect, it } from 'vitest';
import { escapeHtml, markup, revealInvisible } from './html-escape';
import { buildReportModel } from './report-model';
import { renderPrintTemplates, renderReportHtml } from './render-html';
import { fakeExplain, makeCase, makeLogs, makeResult, makeTraces } from './report-test-fixture';

function render(language: 'en' | 'zh-CN' = 'en', mutate?: (c: ReturnType<typeof makeCase>) => void) {
  const { baseline, problem } = makeTraces();
  const c = makeCase();
  mutate?.(c);
  const model = buildReportModel({
    case: c,
    baseline,
    problem,
    logs: makeLogs(),
    result: makeResult(),
    options: { language, scope: 'top' },
    explainCode: fakeExplain,
    toolVersion: '1.2.3',
  });
  return { model, doc: renderReportHtml(model) };
}

/** The markup with all text content removed: what an attacker would need to change. */
function tagsOf(doc: string): string[] {
  return [...doc.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)\b/g)].map((m) => m[1].toLowerCase());
}

describe('escapeHtml', () => {
  it('escapes the HTML-special characters', () => {
    expect(escapeHtml(`<img src=x onerror=alert(1)> & "q" 'a'`)).toBe(
      '&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot; &#39;a&#39;',
    );
    expect(escapeHtml('</script><script>alert(1)</script>')).not.toMatch(/[<>]/);
  });

  it('shows bidi overrides, controls and lone surrogates instead of letting them act', () => {
    expect(escapeHtml('abc\u202Eexe.txt')).toBe('abc[U+202E]exe.txt');
    expect(escapeHtml('a\u0000b\u0007c\u001Bd\u009Be')).toBe('a[U+0000]b[U+0007]c[U+001B]d[U+009B]e');
    expect(escapeHtml('\u2066x\u2069')).toBe('[U+2066]x[U+2069]');
    expect(escapeHtml('tab\tnew\nline')).toBe('tab\tnew\nline');
    expect(revealInvisible('x\uD800y')).toBe('x\uFFFDy');
    expect(escapeHtml('拒绝访问 😀')).toBe('拒绝访问 😀');
  });

  it('the html template escapes every value unless it is markup built by the template', () => {
    const evil = '<b>x</b>';
    expect(markup`<p>${evil}</p>`.html).toBe('<p>&lt;b&gt;x&lt;/b&gt;</p>');
    expect(markup`<p>${[markup`<i>${evil}</i>`, evil]}</p>`.html).toBe(
      '<p><i>&lt;b&gt;x&lt;/b&gt;</i>&lt;b&gt;x&lt;/b&gt;</p>',
    );
    expect(markup`<p title="${'" onmouseover="x'}"></p>`.html).toBe(
      '<p title="&quot; onmouseover=&quot;x"></p>',
    );
  });
});

describe('renderReportHtml', () => {
  it('escapes trace, log and user text everywhere: no injected element, no raw override', () => {
    const { doc } = render('en', (c) => {
      c.title = 'Case <script>alert(1)</script>';
      c.conclusion = 'Conclusion </script><img src=x onerror=alert(1)> \u202Eevil\u0007';
      c.metadata.customer = '"><svg onload=alert(1)>';
    });
    expect(doc).not.toContain('<img');
    expect(doc).not.toContain('<script');
    expect(new Set(doc.match(/<svg[^>]*>/g))).toEqual(new Set(['<svg class="hatch-bg" aria-hidden="true">']));
    expect(doc).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
    expect(doc).not.toContain('\u202E');
    expect(doc).not.toContain('\u0007');
    expect(doc).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(doc).toContain('[U+202E]exe.txt');
    expect(doc).toContain('&quot;&gt;&lt;svg onload=alert(1)&gt;');
    const allowed = new Set([
      'html',
      'head',
      'meta',
      'title',
      'style',
      'body',
      'section',
      'div',
      'span',
      'h1',
      'h2',
      'h3',
      'p',
      'table',
      'colgroup',
      'col',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
      'dl',
      'dt',
      'dd',
      'br',
      'ul',
      'li',
      'svg',
      'path',
    ]);
    expect(tagsOf(doc).filter((t) => !allowed.has(t))).toEqual([]);
    expect(doc).toMatch(/Content-Security-Policy" content="default-src 'none'/);
  });

  it('is self-contained and has the report structure with headings for the outline', () => {
    const { doc } = render('en');
    expect(doc).not.toMatch(/(?:src|href)=["']?(?:https?:|\/\/)/);
    expect(doc).not.toMatch(/@import|url\(/);
    expect(doc.match(/<h1>/g)).toHaveLength(1);
    expect(doc).toContain('<h2>Summary</h2>');
    expect(doc).toContain('<h2>Finding 1 · TiWorker.exe · CreateFile</h2>');
    expect(doc).toContain('<h2>Appendix</h2>');
    expect(doc).toContain('never happened on the problem machine');
    expect(doc).toContain('class="gap hatch"');
    expect(doc).toContain('ACCESS DENIED');
    expect(doc).toContain('dism.log:88');
    expect(doc).toContain('E_ACCESSDENIED');
    expect(doc).toContain('"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif');
    expect(doc).toContain('size: A4');
  });

  it('writes the Chinese report with the glossary terms', () => {
    const { doc } = render('zh-CN');
    expect(doc).toContain('<html lang="zh-CN">');
    for (const term of [
      '案例号',
      '基线（纯净镜像）',
      '问题机（受管镜像）',
      '结论',
      '可疑根因',
      '首个分歧点',
      '问题机上未发生',
      '日志证据',
      '错误代码',
      '归一化规则',
      '附录',
      '发现项 1',
    ]) {
      expect(doc, term).toContain(term);
    }
  });

  it('escapes the running header and footer templates and keeps Chromium page-number hooks', () => {
    const { model } = render('zh-CN', (c) => {
      c.title = '<img src=x onerror=alert(1)> 案例';
    });
    const t = renderPrintTemplates(model);
    expect(t.headerTemplate).not.toContain('<img');
    expect(t.headerTemplate).toContain('&lt;img');
    expect(t.footerTemplate).toContain(
      '第 <span class="pageNumber"></span> 页，共 <span class="totalPages"></span> 页',
    );
  });
});
