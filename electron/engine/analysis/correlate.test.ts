import { describe, expect, it } from 'vitest';
import { LogCorrelator, summarizeHits, termsOf } from './correlate';
import { logClock, parseLogTime } from './log-clock';
import { makeLog, makeTrace } from './test-trace';

const noExplain = () => null;
/** A time-of-day trace from 10:00:00 to 10:02:00 with one failure at 10:01:00. */
const todTrace = () =>
  makeTrace('p.CSV', [
    { process: 'a.exe', path: 'C:\\x', t: 36000 },
    { process: 'a.exe', path: 'C:\\App\\bin\\core.dll', result: 'ACCESS DENIED', t: 36060 },
    { process: 'a.exe', path: 'C:\\y', t: 36120 },
  ]);

describe('termsOf', () => {
  it('looks for the full path, the file name and WinSxS component names', () => {
    const t = termsOf([
      'C:\\Windows\\WinSxS\\amd64_dual_wpdmtp.inf_31bf3856ad364e35_10.0.17134.1550_none_c5eaae106c8c008d\\wpdmtp.dll',
    ]);
    expect(t.map((x) => x.token)).toEqual(['wpdmtp.dll', 'wpdmtp.dll', 'dual_wpdmtp.inf']);
    expect(t[0].full).toBe(true);
  });

  it('drops the hive of registry keys and never looks for a lone value name', () => {
    const t = termsOf(['HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU']);
    expect(t.map((x) => x.text)).toEqual([
      'software\\policies\\microsoft\\windows\\windowsupdate\\au',
      'windowsupdate\\au',
    ]);
  });
});

describe('LogCorrelator', () => {
  it('matches names with boundaries, codes beside them, and skips baseline logs', () => {
    const logs = [
      makeLog('app.log', [
        { line: 1, message: 'opening C:\\App\\bin\\core.dll', level: 'info' },
        { line: 2, message: 'failed: 0x80070005', level: 'info', codes: ['0x80070005'] },
        { line: 3, message: 'loaded mycore.dll and core.dlls', level: 'info' },
        { line: 400, message: 'unrelated: access is denied for printer', level: 'info' },
        { line: 500, message: 'Core.DLL could not be replaced', level: 'warning' },
      ]),
      makeLog('clean.log', [{ line: 1, message: 'C:\\App\\bin\\core.dll installed' }], 'baseline'),
    ];
    const c = new LogCorrelator(logs, todTrace(), noExplain);
    const hits = c.correlate({ paths: ['C:\\App\\bin\\core.dll'], result: 'ACCESS DENIED', time: NaN });
    expect(hits.map((h) => `${h.evidence.file}:${h.evidence.line}:${h.evidence.reason}`)).toEqual([
      'app.log:1:path',
      'app.log:500:file-name',
      'app.log:2:code',
    ]);
    const s = summarizeHits(hits);
    expect(s.strong).toBeCloseTo(1 + 0.7 + 0.5);
    expect(s.weak).toBe(0);
  });

  it('adds failure reports near the failure in time when clocks compare', () => {
    const log = makeLog('svc.log', [
      { line: 1, message: 'service error 42', level: 'error', time: '2021-05-06T10:01:20' },
      { line: 2, message: 'service error 43', level: 'error', time: '2021-05-06T10:09:00' },
      { line: 3, message: 'Installation failed.', level: 'info', time: '2021-05-06T10:01:05' },
      { line: 4, message: 'all good', level: 'info', time: '2021-05-06T10:01:01' },
    ]);
    const c = new LogCorrelator([log], todTrace(), noExplain);
    const hits = c.correlate({ paths: ['C:\\nothing.txt'], result: 'ACCESS DENIED', time: 36060 });
    expect(hits.map((h) => h.evidence.line)).toEqual([1, 3]);
    expect(hits.every((h) => h.evidence.reason === 'time')).toBe(true);
    expect(c.clockNotes[0]).toMatch(/time of day only.*2021-05-06/);
  });
});

describe('logClock', () => {
  it('parses zoned and local log times', () => {
    expect(parseLogTime('2020-07-31T02:21:48.3219037Z')).toEqual({
      sec: Date.UTC(2020, 6, 31, 2, 21, 48) / 1000 + 0.3219037,
      offset: 0,
    });
    expect(parseLogTime('2020-07-31 10:21:48')?.offset).toBeNull();
    expect(parseLogTime('2020-07-31T10:21:48+08:00')?.offset).toBe(480);
    expect(parseLogTime('yesterday')).toBeNull();
  });

  it('infers the capture time zone for UTC event logs against a time-of-day trace', () => {
    const log = makeLog('System.xml', [
      { line: 1, message: 'a', time: '2022-05-10T08:00:30Z' },
      { line: 2, message: 'b', time: '2022-05-10T08:01:10Z' },
    ]);
    const { times, note } = logClock(log, todTrace());
    expect(note).toMatch(/UTC\+02:00/);
    expect(times[1]).toBeCloseTo(36070);
  });

  it('compares local logs with a trace that has local dates directly', () => {
    const trace = makeTrace('p.CSV', [{ process: 'a.exe', t: Date.UTC(2020, 6, 31, 10, 20) / 1000 }], {
      absolute: true,
    });
    const log = makeLog('CBS.log', [{ line: 1, message: 'x', time: '2020-07-31 10:21:00' }]);
    const { times, note } = logClock(log, trace);
    expect(times[0]).toBe(Date.UTC(2020, 6, 31, 10, 21) / 1000);
    expect(note).toMatch(/Date & Time/);
  });

  it('says when times cannot be compared', () => {
    const far = makeLog('old.log', [{ line: 1, message: 'x', time: '2020-01-01 23:00:00' }]);
    expect(logClock(far, todTrace()).note).toMatch(/not compared/);
    expect(logClock(makeLog('none.log', [{ line: 1, message: 'x' }]), todTrace()).note).toMatch(/no times/);
  });
});
