import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TraceStore } from '../store/trace-store';
import { readProcmonCsv } from './procmon-csv';
import { sniffFile } from './sniff';

// The byte lane (csv-bytes.ts) must store exactly what the papaparse lane stores: same string ids,
// columns, processes and warnings, for real exports and for every irregular form the scanner hands
// back to papaparse.

const SAMPLES = path.resolve(process.cwd(), '../shared/samples/procmon');
const tmp = mkdtempSync(path.join(tmpdir(), 'csv-lanes-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function bothLanes(file: string): Promise<[TraceStore, TraceStore]> {
  const sniff = await sniffFile(file);
  return [await readProcmonCsv(file, sniff), await readProcmonCsv(file, sniff, {}, 'text')];
}

function expectSame(bytes: TraceStore, text: TraceStore): void {
  const a = bytes.cols;
  const b = text.cols;
  expect(a.length).toBe(b.length);
  expect(a.strings).toEqual(b.strings);
  expect(a.warnings).toEqual(b.warnings);
  expect(a.warningCount).toBe(b.warningCount);
  expect(a.processes).toEqual(b.processes);
  expect(a.meta).toEqual(b.meta);
  for (const col of [
    'timeSec',
    'timeFrac',
    'pid',
    'tid',
    'processIndex',
    'process',
    'operation',
    'path',
    'result',
    'detail',
    'eventClass',
    'duration',
    'resultClass',
  ] as const) {
    expect([...a[col]], col).toEqual([...b[col]]);
  }
  expect(Object.keys(a.extra)).toEqual(Object.keys(b.extra));
  for (const k of Object.keys(a.extra)) expect([...a.extra[k]], k).toEqual([...b.extra[k]]);
}

function file(name: string, content: string | Buffer): string {
  const f = path.join(tmp, name);
  writeFileSync(f, content);
  return f;
}

const BOM = '\uFEFF';
const HEADER = '"Time of Day","Process Name","PID","Operation","Path","Result","Detail"';
const row = (i: number, detail = 'Desired Access: Read', p = `C:\\f${i % 7}`): string =>
  `"10:00:${String(i % 60).padStart(2, '0')}.${String(i).padStart(7, '0')} AM","a${i % 3}.exe","${4 + (i % 5)}","CreateFile","${p}","SUCCESS","${detail}"`;

describe('the byte lane reads CSV exactly as the papaparse lane', () => {
  for (const name of [
    'feijing2132-monitorAPIs_Logfile.CSV',
    'ohtorii-test_Logfile.CSV',
    'prsp0007-samples_Logfile.CSV',
    'zingus-crysis_Logfile.CSV',
    'procmon-parser_UTC64Process.CSV',
    'procmon-parser_UTC32Filesystem.CSV',
    'cucsec-first-blood_Logfile_excel-resaved.CSV',
  ]) {
    it(name, async () => {
      const [a, b] = await bothLanes(path.join(SAMPLES, name));
      expect(a.length).toBeGreaterThan(0);
      expectSame(a, b);
    });
  }

  const cases: [string, string | Buffer][] = [
    [
      'quotes, line breaks and non-ASCII inside fields',
      BOM +
        [
          HEADER,
          row(1, 'say ""hi"", then go'),
          row(2, 'two\nlines'),
          row(3, 'lone\rCR'),
          row(4, 'Åsa ファイル', 'C:\\Users\\Åsa\\ファイル.txt'),
          row(5, ''),
          row(6, 'say ""hi"", then go'),
          row(7, 'three\r\nlines\nhere'),
          '"bad time","a.exe","x4","CreateFile","C:\\g","SUCCESS",""',
          row(8),
        ].join('\r\n') +
        '\r\n',
    ],
    [
      'plain (unquoted) fields, a quote inside one, blank lines, LF breaks',
      [
        HEADER,
        '10:00:01.0000000,a.exe,4,ReadFile,C:\\x,SUCCESS,Length: 4',
        '',
        'x,a"b,5,ReadFile,"C:\\y",SUCCESS,',
        row(9),
        '',
      ].join('\n'),
    ],
    [
      'values equal to the event classes the reader adds, and to escaped values',
      [
        HEADER,
        row(1, 'File System', 'Registry'),
        row(2, 'Network'),
        '"10:00:03.0000000","a.exe","4","RegOpenKey","File System","SUCCESS","x ""q"""',
        '"10:00:04.0000000","a.exe","4","TCP Send","Registry","SUCCESS","Network"',
        row(5, 'x "q"'),
        row(6, 'File System', 'Network'),
      ].join('\r\n') + '\r\n',
    ],
    ['lone-CR records', [HEADER, row(1), row(2, 'a\nb'), row(3)].join('\r') + '\r'],
    [
      'too few and too many fields',
      [HEADER, row(1), '"10:00:02.0000000","a.exe","4"', row(3, 'x\ny'), `${row(4)},"extra"`, row(5)].join(
        '\r\n',
      ) + '\r\n',
    ],
    [
      'text after a closing quote (papaparse takes over)',
      [
        HEADER,
        row(1),
        row(2),
        '"10:00:03.0000000" ,"a.exe","4","ReadFile","C:\\z","SUCCESS","x"',
        row(4),
        row(5, 'a\nb'),
      ].join('\r\n') + '\r\n',
    ],
    [
      'a quote followed by a lone CR in a CRLF file',
      [
        HEADER,
        row(1),
        '"10:00:03.0000000","a.exe","4","ReadFile","C:\\z","SUCCESS","x"\r' + row(2),
        row(3),
      ].join('\r\n'),
    ],
    ['truncated inside a quoted field', [HEADER, row(1), row(2), row(3).slice(0, 50)].join('\r\n')],
    ['no line break after the last record', [HEADER, row(1), row(2)].join('\r\n')],
    ['header only', `${BOM}${HEADER}\r\n`],
    ['header without a line break', HEADER],
    [
      'absolute times with dates, durations and extras',
      '"Time of Day","Date & Time","Process Name","PID","TID","Operation","Path","Result","Detail","Duration","Custom"\r\n' +
        '"17:48:57,1234567","25/10/2016 17:48:57","a.exe","1","9","ReadFile","C:\\a","SUCCESS","Length: 1.024","0,0000161","c1"\r\n' +
        '"17:48:57,2234567","25/10/2016 17:48:57","a.exe","1","9","ReadFile","C:\\a","SUCCESS","Length: 1.024","",""\r\n' +
        '"17:48:57,2234567","26/10/2016 17:48:57","a.exe","1","9","ReadFile","C:\\a","SUCCESS","","0.5","c1"\r\n' +
        '"17:48:58,0000000","bad date","a.exe","1","9","ReadFile","C:\\a","","","","c2"\r\n' +
        '"17:48:58,1000000","bad date","a.exe","1","9","ReadFile","C:\\a","","","",""\r\n',
    ],
  ];
  for (const [name, content] of cases) {
    it(name, async () => {
      const [a, b] = await bothLanes(file(`${name.replace(/\W+/g, '-')}.csv`, content));
      expectSame(a, b);
    });
  }

  it('invalid UTF-8 bytes are shown as U+FFFD with one warning', async () => {
    // Past the first 64 KiB, which the sniffer reads to decide the encoding.
    const rows = [HEADER, row(1, 'caf\u00e9')];
    for (let i = 2; i < 2000; i++) rows.push(row(i));
    rows.push(row(2000, 'XX'));
    const text = Buffer.from(rows.join('\r\n') + '\r\n');
    const at = text.lastIndexOf('XX');
    text[at] = 0xc3;
    text[at + 1] = 0x28;
    const [a, b] = await bothLanes(file('invalid-utf8.csv', text));
    expect(a.meta.encoding).toBe('UTF-8');
    expectSame(a, b);
    expect(a.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/not valid UTF-8/)]);
  });

  it('a 2 MB header cell is cut short in the messages of the rows that do not fit it', async () => {
    const header = `"Time of Day","Process Name","PID","Operation","Path${' '.repeat(2 << 20)}","Result","Detail"`;
    const rows = [header, row(1)];
    for (let i = 0; i < 1500; i++) rows.push('"10:00:02.0000000","a.exe","4"');
    const [a, b] = await bothLanes(file('wide-header.csv', rows.join('\r\n') + '\r\n'));
    expectSame(a, b);
    expect(a.cols.warningCount).toBe(1500);
    for (const w of a.warnings) expect(w.message.length).toBeLessThan(600);
  });

  it('records across read boundaries, a 5 MB field and an irregular record deep in the file', async () => {
    const rows = [HEADER];
    for (let i = 0; i < 40_000; i++)
      rows.push(row(i, i % 11 === 0 ? `Offset: ${i * 4096}, Length: 4,096` : 'Desired Access: Read'));
    rows.push(row(40_000, 'y'.repeat(5 * 1024 * 1024)));
    for (let i = 40_001; i < 45_000; i++) rows.push(row(i));
    rows.push('"10:00:03.0000000","a.exe","4","ReadFile","C:\\z"x,"SUCCESS","x"');
    for (let i = 45_001; i < 47_000; i++) rows.push(row(i, 'a\nb'));
    const [a, b] = await bothLanes(file('big.csv', rows.join('\r\n') + '\r\n'));
    expect(a.length).toBe(46_999);
    expectSame(a, b);
  });
});
