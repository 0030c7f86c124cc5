import { describe, expect, it } from 'vitest';
import { locateJsonError } from './json-locate';

describe('locateJsonError', () => {
  it('accepts what JSON.parse accepts', () => {
    for (const ok of [
      '{}',
      '[]',
      '{"a":[1,-2.5e3,true,false,null,"x\\u00e9\\n"]}',
      ' \n"s" ',
      '\ufeff{"a":1}',
    ]) {
      expect(locateJsonError(ok), ok).toBeNull();
    }
  });

  it('names line and column of the first problem', () => {
    const cases: [string, number, number, RegExp][] = [
      ['{\n  "a": 1,\n}', 3, 1, /property name/],
      ['{\n  "a": 1\n  "b": 2\n}', 3, 3, /',' or '}'/],
      ['[1, 2', 1, 6, /end of the file/],
      ['{"a": "unterminated', 1, 20, /closing quote/],
      ['{"a": tru}', 1, 7, /a value/],
      ['{"a": 1} x', 1, 10, /end of the file/],
      ['{"备注": "中文", "b": \'x\'}', 1, 19, /a value/],
      ['{"a": "tab\there"}', 1, 11, /control character/],
    ];
    for (const [text, line, column, msg] of cases) {
      const p = locateJsonError(text);
      expect(p, text).not.toBeNull();
      expect([p!.line, p!.column], text).toEqual([line, column]);
      expect(p!.message, text).toMatch(msg);
      expect(() => JSON.parse(text)).toThrow();
    }
  });
});
