import { describe, expect, it } from 'vitest';
import { rowsToText } from './copy-rows';

describe('copying rows', () => {
  const header = ['Process', 'Path', 'Result'];
  const rows = [
    ['TiWorker.exe', 'C:\\Windows\\WinSxS\\a, b.dll', 'ACCESS DENIED'],
    ['svchost.exe', 'line\tbreak\nhere', '拒绝访问'],
  ];

  it('writes tab-separated text without stray tabs or line breaks inside values', () => {
    const text = rowsToText(header, rows, 'tsv');
    const lines = text.split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('Process\tPath\tResult');
    expect(lines[2]).toBe('svchost.exe\tline break here\t拒绝访问');
  });

  it('writes CSV with quoting where needed', () => {
    const text = rowsToText(header, rows, 'csv');
    expect(text.split('\r\n')[1]).toBe('TiWorker.exe,"C:\\Windows\\WinSxS\\a, b.dll",ACCESS DENIED');
  });
});
