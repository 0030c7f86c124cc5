import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestLog } from './ingest-log';
import { sniffLogBytes, sniffLogText } from './sniff-log';
import { parseServicingHead, parseWindowsUpdateHead } from './text-grammar';

const FIX = resolve(process.cwd(), 'fixtures/logs');
const SAMPLES = resolve(process.cwd(), '../shared/samples/winlogs');
const tmp = mkdtempSync(join(tmpdir(), 'logs-test-'));

describe('seed case lines', () => {
  it('reads the setupact GLE [5] and 0x80070005 lines', async () => {
    const s = await ingestLog(join(FIX, 'setupact-seed.log'));
    expect(s.summary.kind).toBe('panther-log');
    expect(s.summary.encoding).toBe('UTF-8');
    const gle = s.entries.find((e) => e.message.startsWith('SPWIMCallback'));
    expect(gle?.level).toBe('error');
    expect(gle?.component).toBe('SP');
    expect(gle?.codes).toEqual(['5']);
    expect(gle?.paths[0]).toMatch(/\\WpdMtp\.dll$/);
    expect(gle?.time).toBe('2020-06-18T10:24:05');
    const apply = s.entries.find((e) => e.message.startsWith('CApplyWIM'));
    expect(apply?.codes).toContain('0x80070005');
    // Indented continuation lines join their record.
    const host = s.entries.find((e) => e.message.startsWith('Host system information'));
    expect(host?.message).toContain('Firmware type: UEFI');
    expect(host?.raw.split('\n')).toHaveLength(3);
    // An Info line with a failing HRESULT counts as an error.
    expect(s.entries.find((e) => e.message.startsWith('Execution phase'))?.level).toBe('error');
    expect(s.entries.find((e) => e.message.startsWith('Setup Phase'))?.level).toBe('info');
  });

  it('reads the GB18030 dism.log with 拒绝访问 and keeps WIM trace lines as entries', async () => {
    const s = await ingestLog(join(FIX, 'dism-seed-gb18030.log'));
    expect(s.summary.kind).toBe('dism-log');
    expect(s.summary.encoding).toBe('GB18030');
    const denied = s.entries.find((e) => e.message.includes('RestoreFileNodeList'));
    expect(denied?.message).toBe('[0x80070005] RestoreFileNodeList:(2188): 拒绝访问。');
    expect(denied?.codes).toEqual(['0x80070005']);
    expect(denied?.level).toBe('error');
    expect(denied?.component).toBe('WIMGAPI');
    expect(denied?.time).toBe('2020-06-18T11:02:14');
    // The WIMGAPI probe code is normal noise and stays Info.
    expect(s.entries.find((e) => e.message.includes('0xc142011c'))?.level).toBe('info');
    expect(s.entries.some((e) => e.paths.some((p) => /WpdMtp\.dll$/.test(p)))).toBe(true);
  });

  it('reads the Event Viewer XML export of the vUserHci.exe crash', async () => {
    const s = await ingestLog(join(FIX, 'application-event1000.xml'));
    expect(s.summary.kind).toBe('eventviewer-xml');
    const crash = s.entries.find((e) => e.eventId === 1000);
    expect(crash?.data?.AppName).toBe('vUserHci.exe');
    expect(crash?.data?.ModuleName).toBe('vEdsmFileMon.dll');
    expect(crash?.codes).toContain('0xC0000005');
    expect(crash?.level).toBe('error');
    expect(crash?.time).toBe('2020-06-18T02:24:07.4471188Z');
    expect(crash?.paths).toContain('C:\\Program Files (x86)\\DSPClient\\CEMS\\vEdsmFileMon.dll');
    expect(crash?.messageZh).toMatch(/vEdsmFileMon\.dll/);
  });
});

describe('every sample loads', () => {
  const dirs = ['text', 'evtx', 'eventviewer-exports'].map((d) => join(SAMPLES, d));
  for (const d of dirs) {
    for (const f of readdirSync(d)) {
      it(`loads ${f}`, async () => {
        const path = join(d, f);
        if (f.endsWith('.MTA')) {
          await expect(ingestLog(path)).rejects.toThrow(/LocaleMetaData \(\.MTA\).*load the \.evtx/);
          return;
        }
        const s = await ingestLog(path);
        expect(s.entries.length).toBeGreaterThan(0);
        expect(s.summary.kind).not.toBe('unknown');
      });
    }
  }

  it('names each sample kind and encoding', async () => {
    const expectKind: Record<string, [string, string | RegExp]> = {
      'text/CBS_excerpt.log': ['cbs-log', 'UTF-8'],
      'text/dism.log': ['dism-log', 'UTF-8'],
      'text/setupact_excerpt.log': ['panther-log', /^UTF-8 \+ windows-1252 \(\d+ lines?\)$/],
      'text/setupact_rollback.log': ['panther-log', 'UTF-8'],
      'text/WindowsUpdate_excerpt.log': ['windowsupdate-log', 'ASCII'],
      'text/SetupDiagResults.log': ['setupdiag', 'ASCII'],
      'text/legacy_windir_setupact_zh-TW_big5.log': ['text-log', 'Big5'],
      'eventviewer-exports/Setup_EventViewer_SaveAs.csv': ['eventviewer-csv', 'UTF-8'],
    };
    for (const [f, [kind, enc]] of Object.entries(expectKind)) {
      const s = await ingestLog(join(SAMPLES, f));
      expect(s.summary.kind, f).toBe(kind);
      if (typeof enc === 'string') expect(s.summary.encoding, f).toBe(enc);
      else expect(s.summary.encoding, f).toMatch(enc);
    }
  });
});

describe('text log grammar', () => {
  it('keeps the column severity and joins CBS bare-LF continuation lines', async () => {
    const s = await ingestLog(join(SAMPLES, 'text/CBS_excerpt.log'));
    const hashes = s.entries.find((e) => e.message.includes('do not match'));
    expect(hashes?.message).toMatch(/Expected: \{/);
    expect(hashes?.message).toMatch(/Actual: \{/);
    const info = s.entries.find((e) => e.component === 'CBS' && e.message.startsWith('Starting TiWorker'));
    expect(info?.level).toBe('info');
  });

  it('marks Win7 Info lines with CBS_E_ codes as errors and finds the symbolic code', async () => {
    const s = await ingestLog(join(SAMPLES, 'text/loghub_Windows_2k_CBS.log'));
    const e = s.entries.find((x) => x.message.includes('CBS_E_MANIFEST_INVALID_ITEM'));
    expect(e?.codes).toContain('0x800F080D');
    expect(e?.level).toBe('error');
  });

  it('parses the narrow Panther form and the exe tag', () => {
    const narrow = parseServicingHead(
      '2023-05-23 00:28:33, Info       [0x0803ac] MIG            Initializing online WinNT platform',
    );
    expect(narrow?.component).toBe('MIG');
    expect(narrow?.data?.messageId).toBe('0x0803ac');
    expect(narrow?.message).toBe('Initializing online WinNT platform');
    const exe = parseServicingHead(
      '2023-05-23 00:21:39, Error                        [SetupHost.exe] IOCTL_STORAGE_QUERY_PROPERTY failed: 0x1',
    );
    expect(exe?.component).toBe('SetupHost.exe');
    const blank = parseServicingHead(
      '2023-05-23 00:21:30, Info                         Host OS version: 10.0.19045.0',
    );
    expect(blank?.component).toBe('');
    expect(blank?.message).toBe('Host OS version: 10.0.19045.0');
    const loose = parseServicingHead('2016-09-08 09:23:50, Warning MIG Could not replace object');
    expect(loose?.component).toBe('MIG');
    expect(loose?.level).toBe('warning');
  });

  it('reads WindowsUpdate.log with any date separator and the legacy tab form', () => {
    for (const sep of ['/', '-', '.']) {
      const h = parseWindowsUpdateHead(
        `2021${sep}11${sep}24 10:20:30.1234567 1234  5678  Agent           * END * Exit code = 0x8024000B`,
      );
      expect(h?.time).toBe('2021-11-24T10:20:30.1234567');
      expect(h?.component).toBe('Agent');
    }
    const legacy = parseWindowsUpdateHead(
      '2017-03-18\t19:07:31:612\t 952\t5b4\tAU\t###########  AU: Initializing Automatic Updates  ###########',
    );
    expect(legacy?.component).toBe('AU');
    expect(legacy?.data?.tid).toBe(String(0x5b4));
  });

  it('derives WindowsUpdate.log severity and warns about undecoded ETL', async () => {
    const p = join(tmp, 'wu.log');
    writeFileSync(
      p,
      [
        '2018-11-05 08:00:00.0000001 1000  2000  Agent           *FAILED* [8024200D] Install',
        '2018-11-05 08:00:01.0000001 1000  2000  Handler         Update handler returned 0x8024200D',
        '1600/12/31 19:00:00.0000000 2024  4948  Unknown( 15): GUID=1f9e54c8-0000-0000-0000-000000000000 (No Format Information found).',
      ].join('\r\n'),
    );
    const s = await ingestLog(p);
    expect(s.summary.kind).toBe('windowsupdate-log');
    expect(s.entries[0].level).toBe('error');
    expect(s.entries[0].codes).toEqual(['0x8024200D']);
    expect(s.summary.inputWarnings.some((w) => /without symbols/.test(w.message))).toBe(true);
  });

  it('decodes UTF-16LE logs and mixed UTF-8/ANSI lines', async () => {
    const text =
      '2020-06-18 10:24:05, Error                 SP     Fehler bei C:\\Prüfung\\x.dll GLE [5]\r\n';
    const p16 = join(tmp, 'u16.log');
    writeFileSync(p16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const s16 = await ingestLog(p16);
    expect(s16.summary.encoding).toBe('UTF-16LE');
    expect(s16.entries[0].message).toContain('Prüfung');

    const mixed = join(tmp, 'mixed.log');
    writeFileSync(
      mixed,
      Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from('2020-06-18 10:24:05, Info                  SP     Pfad C:\\Użytkownicy\\a\r\n', 'utf8'),
        Buffer.from(
          '2020-06-18 10:24:06, Info                  SP     Microsoft\xae Windows\xae Operating System\r\n',
          'latin1',
        ),
      ]),
    );
    const sm = await ingestLog(mixed);
    expect(sm.summary.encoding).toBe('UTF-8 + windows-1252 (1 line)');
    expect(sm.entries[0].message).toContain('Użytkownicy');
    expect(sm.entries[1].message).toContain('Microsoft® Windows®');
  });

  it('reads SetupDiag text results with the error and extend code', async () => {
    const s = await ingestLog(join(SAMPLES, 'text/SetupDiagResults.log'));
    const profile = s.entries.find((e) => e.data?.ProfileName === 'FindRollbackFailure');
    expect(profile?.data?.ProfileGuid).toBe('3A43C9B5-05B3-4F7C-A955-88F991BB5A48');
    const err = s.entries.find((e) => e.data?.ExtendCode === '0x2000C');
    expect(err?.codes).toContain('0x8007000D');
    const logEntry = s.entries.find((e) => e.message.startsWith('LogEntry:'));
    expect(logEntry?.time).toBe('2023-05-23T00:32:46');
  });

  it('reads SetupDiag XML and JSON output', async () => {
    const xml = join(tmp, 'SetupDiagResults.xml');
    writeFileSync(
      xml,
      '<?xml version="1.0" encoding="utf-8"?><SetupDiag xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Version>1.7.0.0</Version><ProfileName>DiskSpaceBlockInDownLevel</ProfileName><ProfileGuid>6080AFAC-892E-4903-94EA-7A17E69E549E</ProfileGuid><SystemInfo><MachineName>WS-TEST-02</MachineName></SystemInfo><FailureDetails>DiskSpace = 20003, ErrorCode = 0xC190020E, ExCode = 0x4001E</FailureDetails><Remediation>Free up at least 20003 MB.</Remediation></SetupDiag>',
    );
    const sx = await ingestLog(xml);
    expect(sx.summary.kind).toBe('setupdiag');
    expect(sx.entries[0].data?.ProfileName).toBe('DiskSpaceBlockInDownLevel');
    expect(sx.entries.find((e) => e.message.startsWith('FailureDetails'))?.codes).toContain('0xC190020E');
    const json = join(tmp, 'SetupDiagResults.json');
    writeFileSync(
      json,
      JSON.stringify({
        Version: '1.7.0.0',
        ProfileName: 'FindSPFatalError',
        ProfileGuid: 'A4ADBEEB-0000-0000-0000-000000000000',
        FailureData: ['Error: 0x80070005'],
      }),
    );
    const sj = await ingestLog(json);
    expect(sj.summary.kind).toBe('setupdiag');
    expect(sj.entries.some((e) => e.codes.includes('0x80070005'))).toBe(true);
  });

  it('reads fltmc and icacls output', async () => {
    const f = join(tmp, 'fltmc.txt');
    writeFileSync(
      f,
      '\r\nFilter Name                     Num Instances    Altitude    Frame\r\n------------------------------  -------------  ------------  -----\r\nvEdsmFilter                             4       385210         0\r\nWdFilter                               10       328010         0\r\n',
    );
    const sf = await ingestLog(f);
    expect(sf.summary.kind).toBe('fltmc');
    expect(sf.entries.map((e) => e.component)).toEqual(['vEdsmFilter', 'WdFilter']);
    expect(sf.entries[0].data?.Altitude).toBe('385210');
    const i = join(tmp, 'icacls.txt');
    writeFileSync(
      i,
      'C:\\Windows\\System32\\drivers\\UMDF\\WpdMtp.dll NT SERVICE\\TrustedInstaller:(F)\r\n                                                   NT AUTHORITY\\SYSTEM:(DENY)(W)\r\n                                                   BUILTIN\\Users:(RX)\r\n\r\nSuccessfully processed 1 files; Failed processing 0 files\r\n',
    );
    const si = await ingestLog(i);
    expect(si.summary.kind).toBe('icacls');
    expect(si.entries[0].paths[0]).toBe('C:\\Windows\\System32\\drivers\\UMDF\\WpdMtp.dll');
    expect(si.entries[0].data?.['NT AUTHORITY\\SYSTEM']).toBe('(DENY)(W)');
    expect(si.entries[0].level).toBe('warning');
  });
});

describe('sniffing', () => {
  it('names log kinds from content and leaves Procmon files alone', () => {
    expect(
      sniffLogText('2023-05-17 08:24:08, Info                  CBS    Starting TiWorker initialization.'),
    ).toBe('cbs-log');
    expect(
      sniffLogText('"Time of Day","Process Name","PID","Operation","Path","Result","Detail"'),
    ).toBeNull();
    expect(sniffLogText('<?xml version="1.0"?><procmon><processlist>')).toBeNull();
    expect(
      sniffLogText(
        'Level,Date and Time,Source,Event ID,Task Category\r\nInformation,12/9/2025 9:11:19 AM,X,1,(1),msg',
      ),
    ).toBe('eventviewer-csv');
    expect(sniffLogText('Level\tDate and Time\tSource\tEvent ID\tTask Category\r\n')).toBe('eventviewer-txt');
    expect(sniffLogText('级别,日期和时间,来源,事件 ID,任务类别\r\n')).toBe('eventviewer-csv');
    expect(sniffLogText('hello world')).toBeNull();
    expect(sniffLogBytes(new Uint8Array([0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0]))).toBe('evtx');
    expect(sniffLogBytes(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 1, 2, 0, 0, 0, 9, 0]))).toBeNull();
    expect(
      sniffLogBytes(
        Buffer.from(
          '[4312.4320] [0x80070005] RestoreFileNodeList:(2188)\n2020-06-18 11:02:15, Error                 DISM   x',
          'utf8',
        ),
      ),
    ).toBe('dism-log');
  });
});
