/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import en from './en.json';
import zhCN from './zh-CN.json';
import { pickLanguage } from './pick-language';

type Tree = { [k: string]: string | Tree };

function keys(tree: Tree, prefix = ''): Set<string> {
  const out = new Set<string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.add(`${prefix}${k}`.replace(/_(one|other)$/, ''));
    else for (const sub of keys(v, `${prefix}${k}.`)) out.add(sub);
  }
  return out;
}

// The renderer's own sources as text (Vite resolves the glob at test time; no file system access).
const SOURCES = import.meta.glob(['../**/*.ts', '../**/*.tsx', '!../**/*.test.ts', '!../api/**'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

describe('languages', () => {
  it('picks zh-CN for any Chinese preference and English otherwise', () => {
    expect(pickLanguage(['zh-CN', 'en'])).toBe('zh-CN');
    expect(pickLanguage(['zh-TW'])).toBe('zh-CN');
    expect(pickLanguage(['en-US', 'zh-CN'])).toBe('en');
    expect(pickLanguage(['de-DE', 'zh'])).toBe('zh-CN');
    expect(pickLanguage(['fr'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
  });

  it('has the same keys in English and Chinese', () => {
    expect([...keys(zhCN as Tree)].sort()).toEqual([...keys(en as Tree)].sort());
  });

  it('has a string for every literal key the renderer asks for', () => {
    const known = keys(en as Tree);
    const missing: string[] = [];
    let checked = 0;
    for (const [file, text] of Object.entries(SOURCES)) {
      const used = [
        ...text.matchAll(/\bt\('([a-zA-Z]+\.[a-zA-Z.]+)'/g),
        ...text.matchAll(/labelKey: '([a-zA-Z.]+)'/g),
      ];
      for (const m of used) {
        checked += 1;
        if (!known.has(m[1])) missing.push(`${file}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });
});
