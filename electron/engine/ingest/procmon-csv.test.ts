import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestTrace } from './ingest';
import { readStackCsv } from './procmon-stack-csv';
import { sniffFile } from './sniff';

const SAMPLES = path.resolve(process.cwd(), '../shared/samples/procmon');
const sample = (name: string): string => path.join(SAMPLES, name);

/** Counts data records with a plain RFC-4180 scan (independent of the reader): breaks outside quotes end a record. */
function countCsvRecords(file: string): number {
  let text = readFileSync(file, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let records = 0;
  let inQuotes = false;
  let lineHasContent = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') inQuotes = !inQuotes; // a doubled quote toggles twice
    if (!inQuotes && (c === '\n' || (c === '\r' && text[i + 1] !== '\n'))) {
      if (lineHasContent) records++;
      lineHasContent = false;
    } else if (c !== '\r') lineHasContent = true;
  }
  if (lineHasContent) records++;
  return records - 1; // header
}

const tmp = mkdtempSync(path.join(tmpdir(), 'procmon-csv-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('Procmon CSV samples', () => {
  const files = [
    'feijing2132-monitorAPIs_Logfile.CSV',
    'ohtorii-test_Logfile.CSV',
    'prsp0007-samples_Logfile.CSV',
    'zingus-crysis_Logfile.CSV',
    'procmon-parser_UTC64Process.CSV',
    'procmon-parser_UTC32Filesystem.CSV',
  ];
  for (const f of files) {
    it(`${f} yields one event per data row`, async () => {
      const store = await ingestTrace(sample(f));
      expect(store.length).toBe(countCsvRecords(sample(f)));
      expect(store.warnings).toEqual([]);
      expect(store.meta.encoding).toBe('UTF-8 with BOM');
      expect(store.processes.length).toBeGreaterThan(0);
      for (let seq = 0; seq < store.length; seq++)
        expect(store.cols.processIndex[seq]).toBeGreaterThanOrEqual(0);
    });
  }

  it('reads en-US 12-hour times (AM/PM)', async () => {
    const store = await ingestTrace(sample('feijing2132-monitorAPIs_Logfile.CSV'));
    // "3:58:46.6882889 PM"
    expect(store.time(0)).toBe('15:58:46.6882889');
    expect(store.meta.timeIsAbsolute).toBe(false);
    expect(store.processName(0)).toBe('calc1.exe');
    expect(store.operation(0)).toBe('CreateFile');
    expect(store.cols.pid[0]).toBe(3952);
    expect(store.str(store.cols.eventClass[0])).toBe('File System');
  });

  it('reads ja-JP 24-hour times with dot decimals', async () => {
    const store = await ingestTrace(sample('ohtorii-test_Logfile.CSV'));
    expect(store.time(0)).toBe('18:40:23.1038915');
  });

  it('reads comma-decimal times and keeps lone CRs inside quoted Environment details', async () => {
    const store = await ingestTrace(sample('prsp0007-samples_Logfile.CSV'));
    expect(store.time(0)).toBe('15:42:22.8459553');
    expect(store.operation(0)).toBe('Process Start');
    const detail = store.detail(0);
    expect(detail).toContain('\r;\tALLUSERSPROFILE=C:\\ProgramData');
    expect(detail).toContain('Command line: "C:\\Users\\pandalabs\\Downloads\\sam_1_r3\\sample_1_r3.exe"');
    const p = store.processes[store.cols.processIndex[0]];
    expect(p.parentPid).toBe(1328);
    expect(p.commandLine).toContain('sample_1_r3.exe');
    const z = await ingestTrace(sample('zingus-crysis_Logfile.CSV'));
    expect(z.time(0)).toBe('18:11:37.4666062');
  });

  it('reads all 27 columns: absolute time, duration, TID, extras and a filled process table', async () => {
    const store = await ingestTrace(sample('procmon-parser_UTC64Process.CSV'));
    expect(store.meta.timeIsAbsolute).toBe(true);
    expect(store.meta.columns).toHaveLength(27);
    // "7:37:18.2093997 AM" on "7/31/2020"
    expect(store.time(0)).toBe('2020-07-31T07:37:18.2093997');
    expect(store.cols.tid[0]).toBeGreaterThan(0);
    expect(store.extra(0, 'Image Path')).toBe('C:\\WINDOWS\\Explorer.EXE');
    expect(store.extra(0, 'Relative Time')).toBe('00:00:00.0000000');
    expect(store.str(store.cols.eventClass[0])).toBe('Process');
    const withDuration = [...Array(store.length).keys()].filter((s) => !Number.isNaN(store.cols.duration[s]));
    expect(withDuration.length).toBeGreaterThan(0);
    const explorer = store.processes.find((p) => p.name === 'Explorer.EXE')!;
    expect(explorer.imagePath).toBe('C:\\WINDOWS\\Explorer.EXE');
    expect(explorer.parentPid).toBeGreaterThan(0);
    expect(explorer.user).not.toBe('');
    expect(explorer.is64bit).toBe(true);
    // Times are monotonic for the 27-column export.
    for (let s = 1; s < store.length; s++)
      expect(store.timeValue(s)).toBeGreaterThanOrEqual(store.timeValue(s - 1) - 1);
  });

  it('pending events (empty Result) have no duration', async () => {
    const store = await ingestTrace(sample('procmon-parser_UTC32Filesystem.CSV'));
    let pending = 0;
    for (let s = 0; s < store.length; s++) {
      if (store.result(s) === '') {
        pending++;
        expect(Number.isNaN(store.cols.duration[s])).toBe(true);
      }
    }
    expect(pending).toBeGreaterThan(0);
  });

  it('accepts the Excel re-saved file with a clear warning', async () => {
    const f = sample('cucsec-first-blood_Logfile_excel-resaved.CSV');
    expect((await sniffFile(f)).kind).toBe('procmon-csv-excel');
    const store = await ingestTrace(f);
    expect(store.length).toBe(countCsvRecords(f));
    expect(store.cols.warningCount).toBe(1);
    expect(store.warnings[0].message).toMatch(/re-saved by Excel/);
    expect(store.processName(0)).toBe('1.exe');
    expect(store.operation(0)).toBe('RegQueryValue');
    expect(store.detail(0)).toBe('Type: REG_DWORD, Length: 4, Data: 0');
    // The rows are not in time order in this file, so no hour is invented: all fall within 47:57-48:04.
    for (let s = 0; s < store.length; s++) {
      expect(store.timeValue(s)).toBeGreaterThanOrEqual(47 * 60 + 57);
      expect(store.timeValue(s)).toBeLessThan(48 * 60 + 5);
    }
  });

  it('reads the stack export as frames, and refuses it as a trace', async () => {
    const f = sample('nikit34-lab_os4_create_child_logs_stack.CSV');
    const sniff = await sniffFile(f);
    expect(sniff.kind).toBe('procmon-stack-csv');
    const stack = await readStackCsv(f, sniff);
    expect(stack.frames.length).toBe(countCsvRecords(f));
    expect(stack.frames[0]).toMatchObject({ depth: 0, module: 'FLTMGR.SYS', kernel: true });
    await expect(ingestTrace(f)).rejects.toThrow(/stack export/);
  });
});

describe('Procmon CSV from other tools and locales', () => {
  const header = '"Time of Day","Process Name","PID","Operation","Path","Result","Detail"';
  const row = (t: string, p: string, detail = 'Desired Access: Read'): string =>
    `"${t}","app.exe","42","CreateFile","${p}","SUCCESS","${detail}"`;

  it('maps columns by name in any order and keeps unknown columns as extras', async () => {
    const f = path.join(tmp, 'reordered.csv');
    writeFileSync(
      f,
      '"Result","Path","Operation","PID","Process Name","Time of Day","Detail","Custom"\r\n' +
        '"ACCESS DENIED","C:\\x","CreateFile","7","a.exe","10:00:00.0000001","d","c1"\r\n',
    );
    const store = await ingestTrace(f);
    expect(store.row(0)).toMatchObject({
      result: 'ACCESS DENIED',
      resultClass: 'failure',
      path: 'C:\\x',
      pid: 7,
      process: 'a.exe',
      time: '10:00:00.0000001',
    });
    expect(store.extra(0, 'Custom')).toBe('c1');
  });

  it('unwraps times of day across midnight', async () => {
    const f = path.join(tmp, 'midnight.csv');
    writeFileSync(
      f,
      [header, row('23:59:59.9000000', 'a'), row('0:00:00.1000000', 'b'), row('0:00:01.0000000', 'c')].join(
        '\r\n',
      ),
    );
    const store = await ingestTrace(f);
    expect(store.cols.timeSec[1]).toBe(86400);
    expect(store.timeValue(1)).toBeGreaterThan(store.timeValue(0));
    expect(store.time(2)).toBe('+1d 00:00:01.0000000');
  });

  it('reads 12 AM/PM edge cases and comma decimals', async () => {
    const f = path.join(tmp, 'ampm.csv');
    writeFileSync(f, [header, row('12:00:01.5000000 AM', 'a'), row('12:00:01,5000000 PM', 'b')].join('\n'));
    const store = await ingestTrace(f);
    expect(store.time(0)).toBe('00:00:01.5000000');
    expect(store.time(1)).toBe('12:00:01.5000000');
  });

  it('combines a dd/mm Date & Time with the Time of Day fraction', async () => {
    const f = path.join(tmp, 'dates.csv');
    writeFileSync(
      f,
      '"Time of Day","Date & Time","Process Name","PID","Operation","Path","Result","Detail","Duration"\r\n' +
        '"17:48:57,1234567","25/10/2016 17:48:57","a.exe","1","ReadFile","C:\\a","SUCCESS","Length: 1.024","0,0000161"\r\n' +
        '"17:48:58,0000000","25/10/2016 17:48:58","a.exe","1","ReadFile","C:\\a","","",""\r\n',
    );
    const store = await ingestTrace(f);
    expect(store.time(0)).toBe('2016-10-25T17:48:57.1234567');
    expect(store.cols.duration[0]).toBeCloseTo(0.0000161, 9);
    expect(Number.isNaN(store.cols.duration[1])).toBe(true);
    expect(store.resultClass(1)).toBe('pending');
  });

  it('reads UTF-16LE with BOM', async () => {
    const f = path.join(tmp, 'utf16.csv');
    const text = [header, row('10:00:00.0000000', 'C:\\Users\\Åsa\\ファイル.txt')].join('\r\n') + '\r\n';
    writeFileSync(f, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const store = await ingestTrace(f);
    expect(store.meta.encoding).toBe('UTF-16LE with BOM');
    expect(store.path(0)).toBe('C:\\Users\\Åsa\\ファイル.txt');
  });

  it('reads GB18030 without BOM (Simplified Chinese paths)', async () => {
    const f = path.join(tmp, 'gb.csv');
    const rows = [header];
    for (let i = 0; i < 20; i++)
      rows.push(row(`10:00:0${i % 10}.0000000`, `C:\\用户\\测试\\文件${i}.txt`, '桌面 下载 系统设置'));
    writeFileSync(f, encodeWith('gb18030', rows.join('\r\n')));
    const sniff = await sniffFile(f);
    expect(sniff.encoding).toBe('GB18030');
    const store = await ingestTrace(f);
    expect(store.length).toBe(20);
    expect(store.path(0)).toBe('C:\\用户\\测试\\文件0.txt');
    expect(store.detail(0)).toBe('桌面 下载 系统设置');
  });

  it('reads Big5 without BOM (Traditional Chinese paths)', async () => {
    const f = path.join(tmp, 'big5.csv');
    const rows = [header];
    for (let i = 0; i < 5; i++)
      rows.push(row('10:00:00.0000000', `C:\\使用者\\測試\\檔案${i}.txt`, '桌面 下載'));
    writeFileSync(f, encodeWith('big5', rows.join('\r\n')));
    const store = await ingestTrace(f);
    expect(store.meta.encoding).toBe('Big5');
    expect(store.path(4)).toBe('C:\\使用者\\測試\\檔案4.txt');
  });
});

/** Encodes text in a legacy code page by inverting the (built-in) decoder over all double-byte codes. */
function encodeWith(encoding: 'gb18030' | 'big5', text: string): Buffer {
  const dec = new TextDecoder(encoding);
  const map = new Map<string, number[]>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      const ch = dec.decode(Uint8Array.from([lead, trail]));
      if (ch.length === 1 && ch !== '\uFFFD' && !map.has(ch)) map.set(ch, [lead, trail]);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code < 0x80) out.push(code);
    else {
      const bytes = map.get(ch);
      if (!bytes) throw new Error(`cannot encode ${ch} in ${encoding}`);
      out.push(...bytes);
    }
  }
  return Buffer.from(out);
}
