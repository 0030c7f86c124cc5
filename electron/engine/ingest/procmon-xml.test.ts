import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestTrace } from './ingest';
import { filetimeToIso, isKernelAddress } from './procmon-xml';

const XML = path.resolve(process.cwd(), '../shared/samples/procmon/epicmine901-epic_Logfile.XML');
const tmp = mkdtempSync(path.join(tmpdir(), 'procmon-xml-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('Procmon XML export (ru-RU sample)', () => {
  it('yields one event per <event> element and the whole process list', async () => {
    const raw = readFileSync(XML, 'utf8');
    const events = raw.match(/<event>/g)?.length ?? 0;
    const processes = raw.match(/<process>/g)?.length ?? 0;
    const store = await ingestTrace(XML);
    expect(store.meta.kind).toBe('procmon-xml');
    expect(store.meta.encoding).toBe('UTF-8 with BOM');
    expect(store.length).toBe(events);
    expect(store.processes.length).toBe(processes);
    expect(store.warnings).toEqual([]);
  });

  it('joins events to processes by ProcessIndex and keeps localized fields', async () => {
    const store = await ingestTrace(XML);
    const seq = [...Array(store.length).keys()].find((s) => store.result(s) === 'ACCESS DENIED')!;
    expect(store.processName(seq)).toBe('MsMpEng.exe');
    const p = store.processes[store.cols.processIndex[seq]];
    expect(p.name).toBe('MsMpEng.exe');
    expect(p.pid).toBe(store.cols.pid[seq]);
    const procmon = store.processes.find((x) => x.name === 'Procmon64.exe')!;
    expect(procmon).toMatchObject({
      pid: 2100,
      parentPid: 5072,
      user: 'DESKTOP-0BT2R3R\\Epicmine',
      is64bit: true,
    });
    expect(procmon.integrity).toBe('Обязательная метка\\Высокий обязательный уровень');
    expect(procmon.commandLine).toContain('"C:\\Users\\Epicmine\\AppData\\Local\\Temp\\Procmon64.exe"');
    expect(procmon.startTime).toMatch(/^2026-\d\d-\d\dT/);
    expect(procmon.modules.length).toBeGreaterThan(10);
    expect(procmon.modules[0]).toMatchObject({ base: '0x7ff644bf0000', size: 2232320 });
    // ru-RU comma decimals
    expect(store.time(0)).toMatch(/^19:04:\d\d\.\d{7}$/);
    const nbsp = [...Array(store.length).keys()].some((s) => store.detail(s).includes('1\u00a0024'));
    expect(nbsp).toBe(true);
  });
});

describe('Procmon XML edge cases', () => {
  const head =
    '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\r\n<procmon><processlist><process>\r\n<ProcessIndex>7</ProcessIndex><ProcessId>4242</ProcessId><ParentProcessId>1</ParentProcessId><CreateTime>0</CreateTime><FinishTime>0</FinishTime><Is64bit>1</Is64bit><ProcessName>app.exe</ProcessName><ImagePath>C:\\app.exe</ImagePath><CommandLine>app.exe /x</CommandLine><modulelist></modulelist></process></processlist><eventlist>\r\n';
  const event = (t: string, extra = ''): string =>
    `<event>\r\n<ProcessIndex>7</ProcessIndex>\r\n<Time_of_Day>${t}</Time_of_Day>\r\n<Process_Name>app.exe</Process_Name>\r\n<PID>4242</PID>\r\n<Operation>CreateFile</Operation>\r\n<Path>C:\\a &amp; b.txt</Path>\r\n<Result>SHARING VIOLATION</Result>\r\n<Detail>Desired Access: Read</Detail>\r\n<TID>88</TID><Duration>0.0000123</Duration>${extra}\r\n</event>\r\n\r\n`;

  it('keeps stacks, optional columns and entities', async () => {
    const f = path.join(tmp, 'stack.xml');
    const stack =
      '<stack><frame><depth>0</depth><address>0xfffff8072567fa8d</address><path>C:\\Windows\\System32\\drivers\\FLTMGR.SYS</path><location>FltDecodeParameters + 0x1cfd</location></frame>' +
      '<frame><depth>1</depth><address>0x7ffb7da20000</address><path>C:\\Windows\\System32\\ntdll.dll</path><location>NtCreateFile + 0x14</location></frame></stack>';
    writeFileSync(
      f,
      head +
        event('1:02:03.4560000 PM', `<User>NT AUTHORITY\\SYSTEM</User>${stack}`) +
        '</eventlist></procmon>\r\n',
    );
    const store = await ingestTrace(f);
    expect(store.length).toBe(1);
    expect(store.row(0)).toMatchObject({
      time: '13:02:03.4560000',
      path: 'C:\\a & b.txt',
      tid: 88,
      resultClass: 'failure',
    });
    expect(store.cols.duration[0]).toBeCloseTo(0.0000123, 9);
    expect(store.extra(0, 'User')).toBe('NT AUTHORITY\\SYSTEM');
    expect(store.stack(0)).toEqual([
      {
        depth: 0,
        address: '0xfffff8072567fa8d',
        module: 'FLTMGR.SYS',
        location: 'FltDecodeParameters + 0x1cfd',
        path: 'C:\\Windows\\System32\\drivers\\FLTMGR.SYS',
        kernel: true,
      },
      {
        depth: 1,
        address: '0x7ffb7da20000',
        module: 'ntdll.dll',
        location: 'NtCreateFile + 0x14',
        path: 'C:\\Windows\\System32\\ntdll.dll',
        kernel: false,
      },
    ]);
    expect(store.processes[store.cols.processIndex[0]]).toMatchObject({
      name: 'app.exe',
      commandLine: 'app.exe /x',
    });
  });

  it('keeps the complete events of a truncated file with a warning', async () => {
    const f = path.join(tmp, 'truncated.xml');
    writeFileSync(f, head + event('10:00:00,0000001') + event('10:00:01,0000001').slice(0, 90));
    const store = await ingestTrace(f);
    expect(store.length).toBe(1);
    expect(store.warnings[0].message).toMatch(/ends inside <procmon><eventlist><event>/);
    expect(store.warnings[0].place).toMatch(/^line \d+$/);
  });

  it('reports malformed XML with a line and keeps the events before it', async () => {
    const f = path.join(tmp, 'bad.xml');
    writeFileSync(
      f,
      head +
        event('10:00:00.0000001') +
        event('10:00:02.0000000').replace('&amp;', '& ') +
        event('10:00:03.0000000') +
        '</eventlist></procmon>',
    );
    const store = await ingestTrace(f);
    expect(store.length).toBeGreaterThanOrEqual(1);
    expect(store.path(0)).toBe('C:\\a & b.txt');
    expect(store.warnings[0].message).toMatch(/XML is not well-formed/);
    expect(store.warnings[0].place).toMatch(/^line \d+$/);
  });

  it('reads past elements nested deeper than an export and names where', async () => {
    const f = path.join(tmp, 'deep.xml');
    const deep = `<x>${'<a>'.repeat(100)}z${'</a>'.repeat(100)}</x>`;
    const inner = event('10:00:01,0000001').replace('</event>', `${deep}</event>`);
    writeFileSync(f, head + event('10:00:00,0000001') + inner + '</eventlist></procmon>');
    const store = await ingestTrace(f);
    expect(store.length).toBe(2);
    expect(store.warnings).toHaveLength(1);
    expect(store.warnings[0].message).toMatch(
      /^elements nested deeper than 64 levels \(inside <procmon><eventlist><event><x> … 59 more … <a>\) are left out$/,
    );
  });

  it('stops at ten thousand levels, keeping the complete events, with a short message', async () => {
    const f = path.join(tmp, 'deeper.xml');
    const open = `<event>${'<a>'.repeat(20_000)}`;
    writeFileSync(f, head + event('10:00:00,0000001') + open + '</a>'.repeat(20_000) + '</event>');
    const store = await ingestTrace(f);
    expect(store.length).toBe(1);
    expect(store.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/^elements nested deeper than 64 levels/),
      'elements nested over 10,000 levels deep at line 16; reading stopped, the 1 complete events are kept',
    ]);
    expect(store.warnings.every((w) => w.file === 'deeper.xml' && /^line \d+$/.test(w.place))).toBe(true);
  });

  it('keeps at most 256 different fields, and always the Procmon columns', async () => {
    const f = path.join(tmp, 'many-fields.xml');
    const junk = Array.from({ length: 3000 }, (_, i) => `<f${i}>v</f${i}>`).join('');
    const first = event('10:00:00,0000001').replace('<ProcessIndex>', `${junk}<ProcessIndex>`);
    writeFileSync(f, head + first + event('10:00:01,0000001', '<TID>9</TID>') + '</eventlist></procmon>');
    const store = await ingestTrace(f);
    expect(store.length).toBe(2);
    // 256 invented fields, then the nine Procmon columns of the export (ProcessIndex is not one).
    expect(store.meta.columns).toHaveLength(256 + 9);
    expect(store.meta.columns).toEqual(expect.arrayContaining(['Time of Day', 'Path', 'Result', 'Detail']));
    expect(store.path(0)).toBe('C:\\a & b.txt');
    expect(store.warnings.map((w) => w.message)).toEqual([
      'events name more than 256 different fields; <f256> and any further new ones are left out',
    ]);
  });

  it('names a deep truncated path without spelling it all out', async () => {
    const f = path.join(tmp, 'deep-truncated.xml');
    writeFileSync(f, head + event('10:00:00,0000001') + `<event>${'<a>'.repeat(40)}`);
    const store = await ingestTrace(f);
    expect(store.length).toBe(1);
    expect(store.warnings[0].message).toBe(
      'the file ends inside <procmon><eventlist><event><a> … 38 more … <a> (truncated?); the 1 complete events are kept',
    );
  });

  it('refuses an XML file whose root is not <procmon>', async () => {
    const f = path.join(tmp, 'other.xml');
    writeFileSync(f, '<?xml version="1.0"?><catalog><book/></catalog>');
    await expect(ingestTrace(f)).rejects.toThrow(
      /other\.xml is not a ProcMon export .*root element <catalog>/,
    );
  });

  it('converts FILETIME and tells kernel addresses', () => {
    expect(filetimeToIso('134174522555902176')).toMatch(/^2026-03-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    expect(filetimeToIso('116444736000000000')).toBe('1970-01-01T00:00:00.0000000Z');
    expect(filetimeToIso('0')).toBe('');
    expect(isKernelAddress('0xfffff8072567fa8d')).toBe(true);
    expect(isKernelAddress('0x80501234')).toBe(true);
    expect(isKernelAddress('0x7ffb7da20000')).toBe(false);
  });
});
