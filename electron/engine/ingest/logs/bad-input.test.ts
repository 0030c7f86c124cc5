import { readFileSync, mkdtempSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestLog } from './ingest-log';

const SAMPLES = resolve(process.cwd(), '../shared/samples/winlogs');
const FIX = resolve(process.cwd(), 'fixtures/logs');
const tmp = mkdtempSync(join(tmpdir(), 'bad-input-'));
const write = (name: string, data: Buffer | string): string => {
  const p = join(tmp, name);
  writeFileSync(p, data);
  return p;
};

describe('bad EVTX input', () => {
  const good = readFileSync(join(SAMPLES, 'evtx/Setup.evtx'));

  it('reads a truncated file up to the cut and says where', async () => {
    const s = await ingestLog(write('trunc.evtx', good.subarray(0, 4096 + 30000)));
    expect(s.summary.inputWarnings.some((w) => /truncated/.test(w.message) && /chunk 0/.test(w.place))).toBe(
      true,
    );
    expect(s.entries.length).toBeGreaterThan(0);
    expect(s.entries.length).toBeLessThanOrEqual(8);
  });

  it('skips a zeroed or overwritten chunk with a warning and reads the others', async () => {
    const two = Buffer.concat([good, good.subarray(4096)]);
    two.fill(0x41, 4096, 4096 + 8); // bad magic in chunk 0
    const s = await ingestLog(write('badmagic.evtx', two));
    expect(
      s.summary.inputWarnings.some(
        (w) => /signature "ElfChnk" missing/.test(w.message) && /chunk 0/.test(w.place),
      ),
    ).toBe(true);
    expect(s.entries.length).toBe(8);
    const zeroed = Buffer.from(good);
    zeroed.fill(0, 4096 + 512, 4096 + 1200);
    const z = await ingestLog(write('zeroed.evtx', zeroed));
    expect(z.summary.inputWarnings.length).toBeGreaterThan(0);
    expect(z.summary.inputWarnings[0].place).toMatch(/offset|chunk/);
  });

  it('survives random bytes inside a record', async () => {
    const damaged = Buffer.from(good);
    let seed = 7;
    // Inside the last record: the records before it (and the templates they define) stay intact.
    const free = good.readUInt32LE(4096 + 48);
    for (let i = 4096 + free - 160; i < 4096 + free - 60; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      damaged[i] = seed & 0xff;
    }
    const s = await ingestLog(write('random.evtx', damaged));
    expect(s.summary.inputWarnings.some((w) => /checksum mismatch/.test(w.message))).toBe(true);
    expect(s.entries.length).toBeGreaterThan(0);
  });

  it('reads a file that is only a header and one that is shorter than a header', async () => {
    const onlyHeader = await ingestLog(write('header.evtx', good.subarray(0, 4096)));
    expect(onlyHeader.entries).toHaveLength(0);
    expect(onlyHeader.summary.inputWarnings.some((w) => /no chunk follows the header/.test(w.message))).toBe(
      true,
    );
    const tiny = await ingestLog(write('tiny.evtx', good.subarray(0, 100)));
    expect(tiny.entries).toHaveLength(0);
  });
});

describe('bad text and export input', () => {
  it('reads a 0-byte file as an empty log with a warning', async () => {
    const s = await ingestLog(write('empty.log', ''));
    expect(s.entries).toHaveLength(0);
    expect(s.summary.inputWarnings[0].message).toMatch(/empty \(0 bytes\)/);
  });

  it('refuses binary junk with the file named', async () => {
    const junk = Buffer.alloc(4096);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 37) & 0xff;
    const p = write('junk.bin', junk);
    await expect(ingestLog(p)).rejects.toThrow(new RegExp(`${p.replace(/[.\\/]/g, '.')}.*not a Windows log`));
  });

  it('cuts a 50 MB line with a warning naming the line and still reads the rest', async () => {
    const p = join(tmp, 'huge-line.log');
    const fd = openSync(p, 'w');
    writeSync(
      fd,
      '2020-06-18 10:24:05, Info                  CBS    before\r\n2020-06-18 10:24:06, Info                  CBS    ',
    );
    const block = Buffer.alloc(1 << 20, 0x61);
    for (let i = 0; i < 50; i++) writeSync(fd, block);
    writeSync(
      fd,
      '\r\n2020-06-18 10:24:07, Error                 CBS    after [HRESULT = 0x800f081f - CBS_E_SOURCE_MISSING]\r\n',
    );
    closeSync(fd);
    const s = await ingestLog(p);
    expect(s.entries).toHaveLength(3);
    expect(s.entries[1].raw.length).toBeLessThanOrEqual(1 << 20);
    expect(
      s.summary.inputWarnings.some((w) => w.place === 'line 2' && /only the first/.test(w.message)),
    ).toBe(true);
    expect(s.entries[2].codes).toEqual(['0x800F081F']);
  });

  it('reports broken XML with line and column and keeps the events before it', async () => {
    const xml = readFileSync(join(FIX, 'application-event1000.xml'), 'utf8');
    const cut = xml.slice(0, xml.indexOf('<Event xmlns', 100) + 60);
    const s = await ingestLog(write('cut.xml', cut));
    expect(s.entries).toHaveLength(1);
    expect(
      s.summary.inputWarnings.some(
        (w) => /incomplete|ended early|unclosed tag/.test(w.message) && /^line \d+/.test(w.place),
      ),
    ).toBe(true);
  });

  it('keeps at most 10,000 elements of one event and 64 attributes of one element', async () => {
    const head =
      '<Events><Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System>' +
      '<Provider Name="P"/><EventID>7</EventID><Level>2</Level><TimeCreated SystemTime="2025-12-09T17:37:32.000Z"/></System>';
    const data = Array.from({ length: 30_000 }, (_, i) => `<Data Name="n${i}">v</Data>`).join('');
    const wide = Array.from({ length: 100 }, (_, i) => `a${i}="x"`).join(' ');
    const next = head
      .replace('<Provider Name="P"/>', `<Provider Name="Q" ${wide}/>`)
      .slice('<Events>'.length);
    const s = await ingestLog(
      write('wide.xml', `${head}<EventData>${data}</EventData></Event>${next}</Event></Events>`),
    );
    expect(s.entries).toHaveLength(2);
    // Event, System and its four children and EventData are 7 of the 10,000 elements kept.
    const names = Object.keys(s.entries[0].data ?? {}).filter((k) => /^n\d+$/.test(k));
    expect(names).toHaveLength(10_000 - 7);
    expect(s.entries[1].component).toBe('Q');
    expect(s.summary.inputWarnings.map((w) => `${w.place}: ${w.message}`)).toEqual([
      'line 1: an event with more than 10,000 elements: the rest of it is left out',
      'line 1: <Provider> has more than 64 attributes; only the first 64 are kept',
    ]);
  });

  it('gives up CSV quoting past 100 stray quotes, naming the line, and still reads the rows', async () => {
    const header = 'Level,Date and Time,Source,Event ID,Task Category\r\n';
    const row = (i: number): string =>
      `Information,3/17/2021 6:31:22 AM,Source${i},${i},None,"a ""quoted"" message"\r\n`;
    const broken = `Warning,3/17/2021 6:31:22 AM,Bad,9,None,"${'x"y '.repeat(150)}"\r\n`;
    const s = await ingestLog(write('stray.csv', header + row(1) + broken + row(2)));
    expect(s.summary.inputWarnings[0]).toMatchObject({
      place: 'line 3',
      message: expect.stringMatching(/^the CSV quoting is broken \(150 quotes .*split at every comma$/),
    });
    expect(s.entries.map((e) => e.component)).toEqual(['Source1', 'Bad', 'Source2']);
    // A well-formed export keeps its quoting: doubled quotes are undone.
    const ok = await ingestLog(write('quoted.csv', header + row(1) + row(2)));
    expect(ok.summary.inputWarnings).toEqual([]);
    expect(ok.entries[0].message).toBe('a "quoted" message');
  });

  it('reads a CSV export with short rows, naming the row', async () => {
    const csv =
      '\ufeffLevel,Date and Time,Source,Event ID,Task Category\r\nError,12/9/2025 5:37:32 PM,Microsoft-Windows-Servicing,3,(1),Package KB1 failed. Status: 0x800f0984.\r\nbroken\r\nInformation,13/9/2025 17:37:33,X,2,(1),ok\r\n';
    const s = await ingestLog(write('ev.csv', csv));
    expect(s.summary.kind).toBe('eventviewer-csv');
    expect(s.entries).toHaveLength(2);
    expect(s.entries[0].codes).toContain('0x800F0984');
    expect(s.entries[0].level).toBe('error');
    expect(s.summary.inputWarnings.some((w) => w.place === 'row 3')).toBe(true);
    // 13/9 can only be day-first, which decides the whole file's order.
    expect(s.entries[0].time).toBe('2025-09-12T17:37:32');
  });

  it('reads a tab-separated TXT export with a message over several lines', async () => {
    const txt =
      'Level\tDate and Time\tSource\tEvent ID\tTask Category\r\nInformation\t4/16/2020 3:47:36 PM\tMicrosoft-Windows-Servicing\t2\t(1)\t"Package KB2 was\r\nsuccessfully changed."\r\n';
    const s = await ingestLog(write('ev.txt', txt));
    expect(s.summary.kind).toBe('eventviewer-txt');
    expect(s.entries[0].message).toBe('Package KB2 was\nsuccessfully changed.');
    expect(s.entries[0].time).toBe('2020-04-16T15:47:36');
    expect(s.entries[0].eventId).toBe(2);
  });

  it('reads a log given as the wrong kind without crashing', async () => {
    const s = await ingestLog(join(FIX, 'setupact-seed.log'), { kind: 'windowsupdate-log' });
    expect(s.entries.length).toBeGreaterThan(0);
    await expect(ingestLog(join(FIX, 'setupact-seed.log'), { kind: 'evtx' })).resolves.toMatchObject({
      entries: [],
    });
  });
});
