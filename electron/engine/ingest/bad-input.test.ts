import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestTrace } from './ingest';

const tmp = mkdtempSync(path.join(tmpdir(), 'bad-input-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const HEADER = '"Time of Day","Process Name","PID","Operation","Path","Result","Detail"';
const ROW = (i: number): string =>
  `"10:00:0${i}.0000000","a.exe","4","CreateFile","C:\\f${i}","SUCCESS","Desired Access: Read"`;

function file(name: string, content: string | Buffer): string {
  const f = path.join(tmp, name);
  writeFileSync(f, content);
  return f;
}

describe('bad CSV input never crashes or hangs, and says where and what', () => {
  it('empty file', async () => {
    await expect(ingestTrace(file('empty.csv', ''))).rejects.toThrow(
      /empty\.csv is not a ProcMon export .*an empty file/,
    );
  });

  it('header only', async () => {
    const store = await ingestTrace(file('header.csv', `\uFEFF${HEADER}\r\n`));
    expect(store.length).toBe(0);
    expect(store.warnings[0]).toEqual({
      file: 'header.csv',
      place: 'line 2',
      message: 'the file has a header but no events',
    });
  });

  it('truncated inside a quoted field: good rows kept, the cut row named', async () => {
    const text = [HEADER, ROW(1), ROW(2), ROW(3).slice(0, 50)].join('\r\n');
    const store = await ingestTrace(file('truncated.csv', text));
    expect(store.length).toBe(2);
    expect(store.cols.warningCount).toBe(1);
    expect(store.warnings[0].place).toBe('line 4');
    expect(store.warnings[0].message).toMatch(/quoted field is never closed/);
  });

  it('rows with too few or too many fields are skipped with the line and the expected columns', async () => {
    const text =
      [HEADER, ROW(1), '"10:00:02.0000000","a.exe","4"', ROW(3), `${ROW(4)},"extra"`, ROW(5)].join('\r\n') +
      '\r\n';
    const store = await ingestTrace(file('fields.csv', text));
    expect(store.length).toBe(3);
    expect(store.warnings.map((w) => w.place)).toEqual(['line 3', 'line 5']);
    expect(store.warnings[0].message).toMatch(
      /expected 7 fields \("Time of Day", "Process Name", .*\), found 3; row skipped/,
    );
    expect(store.warnings[1].message).toMatch(/found 8/);
  });

  it('a 10 MB field and a 10 MB garbage line', async () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    const text = [
      HEADER,
      ROW(1),
      `"10:00:02.0000000","a.exe","4","ReadFile","C:\\big","SUCCESS","${big}"`,
      big,
      ROW(3),
    ].join('\r\n');
    const t0 = performance.now();
    const store = await ingestTrace(file('big-line.csv', text));
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(store.length).toBe(3);
    expect(store.detail(1).length).toBe(big.length);
    expect(store.warnings[0]).toMatchObject({ place: 'line 4' });
    expect(store.warnings[0].message).toMatch(/expected 7 fields .*found 1/);
  });

  it('a single 10 MB line without any line break', async () => {
    await expect(ingestTrace(file('one-line.txt', 'y'.repeat(10 * 1024 * 1024)))).rejects.toThrow(
      /one-line\.txt is not a ProcMon export .*a text file starting "yyyy/,
    );
  });

  it('an unterminated quote early in a big file costs linear time', async () => {
    const rows = [
      HEADER,
      ROW(1),
      '"10:00:02.0000000","a.exe","4","ReadFile","C:\\q","SUCCESS","open quote never closed',
    ];
    for (let i = 0; i < 200_000; i++) rows.push(`filler line ${i} with, commas and text`);
    const t0 = performance.now();
    const store = await ingestTrace(file('open-quote.csv', rows.join('\r\n')));
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(store.length).toBe(1);
    expect(store.warnings[0]).toMatchObject({ place: 'line 3' });
  });

  it('binary garbage', async () => {
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) & 0xff;
    await expect(ingestTrace(file('garbage.bin', bytes))).rejects.toThrow(
      /garbage\.bin is not a ProcMon export .*binary data/,
    );
  });

  it('a CSV of another tool names its columns', async () => {
    await expect(
      ingestTrace(file('other.csv', 'Name,Size,Modified\r\na.txt,12,2024-01-01\r\n')),
    ).rejects.toThrow(
      /other\.csv is not a ProcMon export \(CSV, XML or PML\); it looks like a CSV file with columns "Name", "Size", "Modified"/,
    );
  });

  it('a bad time or PID keeps the row with a warning', async () => {
    const text = [HEADER, ROW(1), '"noon","a.exe","x4","CreateFile","C:\\g","SUCCESS",""', ROW(3)].join('\n');
    const store = await ingestTrace(file('bad-values.csv', text));
    expect(store.length).toBe(3);
    expect(store.warnings.map((w) => `${w.place}: ${w.message}`)).toEqual([
      'line 3: Time of Day "noon" is not a time (expected h:mm:ss.fffffff); the previous event\'s time is used',
      'line 3: PID "x4" is not a number',
    ]);
    expect(store.cols.pid[1]).toBe(-1);
    expect(store.time(1)).toBe(store.time(0));
  });

  it('a Procmon configuration file, a missing file and a folder', async () => {
    const pmc = Buffer.alloc(64);
    pmc.writeUInt32LE(0x30, 0);
    pmc.writeUInt32LE(0x10, 4);
    pmc.writeUInt32LE(0x10 + 16, 8);
    pmc.writeUInt32LE(4, 12);
    pmc.write('Columns', 16, 'utf16le');
    await expect(ingestTrace(file('ProcmonConfiguration.PMC', pmc))).rejects.toThrow(
      'ProcmonConfiguration.PMC: this is a Procmon configuration (.PMC), not a capture',
    );
    await expect(ingestTrace(path.join(tmp, 'nope.csv'))).rejects.toThrow(
      /nope\.csv: cannot read the file \(no such file\)/,
    );
    await expect(ingestTrace(tmp)).rejects.toThrow(/cannot read the file \(it is a folder, not a file\)/);
  });
});
