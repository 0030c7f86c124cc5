import { describe, expect, it } from 'vitest';
import { visibleText } from './visible-text';

describe('visibleText', () => {
  it('shows bidi overrides and controls as code points, keeps tab, line breaks and CJK', () => {
    expect(visibleText('invoice\u202Egpj.exe')).toBe('invoice[U+202E]gpj.exe');
    expect(visibleText('a\u0000b\u001Fc\u007Fd\u0085e')).toBe('a[U+0000]b[U+001F]c[U+007F]d[U+0085]e');
    expect(visibleText('\u2066x\u2069\u200E\u061C')).toBe('[U+2066]x[U+2069][U+200E][U+061C]');
    expect(visibleText('列\t行\r\n补丁 😀')).toBe('列\t行\r\n补丁 😀');
  });

  it('replaces lone surrogates and leaves HTML-looking text as it is (React escapes it)', () => {
    expect(visibleText('x\uD800y\uDC00')).toBe('x\uFFFDy\uFFFD');
    const html = '<img src=x onerror="window.__xss=1">';
    expect(visibleText(html)).toBe(html);
  });

  it('turns every C0 control but tab, LF and CR into a label', () => {
    const all = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('');
    const out = visibleText(all);
    // eslint-disable-next-line no-control-regex -- checking that none is left
    expect(out.replace(/[\t\n\r]/g, '')).not.toMatch(/[\u0000-\u001F]/);
    expect(out.match(/\[U\+00[01][0-9A-F]\]/g)).toHaveLength(29);
  });
});
